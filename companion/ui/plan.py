"""Plan: the treatment plan form (checked by core.plan.parse_plan) and the infusions, each movable."""

from __future__ import annotations

import functools
from datetime import timedelta

import flet as ft

from companion.core.errors import InputError
from companion.core.plan import Contraception, Frequency, Plan, move_infusion, parse_local_datetime, parse_plan
from companion.ui.layout import guarded, heading, muted, saves, scroll_column, two_panes

OPEN_ENDED_SHOWN_DAYS = 365
# Plan keys as the form calls them, so an error names the field the person sees.
FIELD_NAMES = {
    "first_infusion": "First infusion", "timezone": "Time zone", "cycle_days": "Days per cycle",
    "cycles": "Number of cycles", "capecitabine_times[0]": "Morning dose time",
    "capecitabine_times[1]": "Evening dose time", "capecitabine_times": "Capecitabine times",
    "contraception_time": "Contraception reminder time", "delays": "Moved infusions",
}


def _form_message(error: InputError) -> str:
    name = FIELD_NAMES.get(error.field)
    return f"{name}: {error.reason}" if name else str(error)


def _number(text: str | None):
    """A whole number when the text is one; else the text, for parse_plan to name the problem."""
    text = (text or "").strip()
    return int(text) if text.isdigit() else text


def _when(moment) -> str:
    return f"{moment:%a %d %b %Y} at {moment:%H:%M}"


class PlanView:
    name = "plan"
    label = "Plan"
    icon = ft.Icons.EVENT

    def __init__(self, shell):
        self.shell = shell
        self.service = shell.services.reminders
        field = lambda label, hint, grow=1: ft.TextField(  # noqa: E731
            label=label, hint_text=hint, dense=True, expand=grow)
        self.date = field("First infusion date", "YYYY-MM-DD", 3)
        self.time = field("Infusion time", "HH:MM", 2)
        self.zone = field("Time zone", "e.g. Europe/London")
        self.cycle_days = field("Days per cycle", "21")
        self.cycles = field("Number of cycles", "e.g. 6")
        self.open_ended = ft.Checkbox(label="No set number (until my care team stops it)", on_change=self._toggle)
        self.capecitabine = ft.Checkbox(label="I also take capecitabine (Xeloda) tablets", on_change=self._toggle)
        self.morning = field("Morning dose time", "HH:MM")
        self.evening = field("Evening dose time", "HH:MM")
        days = shell.services.reminder_settings.capecitabine_days
        self.cape_times = ft.Column([
            muted(f"Reminders twice a day, on days 1 to {days} of each cycle (day 1 is the infusion day).", 13),
            ft.Row([self.morning, self.evening])])
        self.reaction = ft.Checkbox(label="I had an allergic reaction to an earlier infusion")
        self.contraception = ft.RadioGroup(ft.Column([
            ft.Radio(value=Contraception.CAN_BECOME_PREGNANT.value, label="I can become pregnant"),
            ft.Radio(value=Contraception.PARTNER_CAN_BECOME_PREGNANT.value, label="My partner can become pregnant"),
            ft.Radio(value=Contraception.NONE.value, label="Not needed"),
        ], spacing=0), on_change=self._toggle)
        self.contraception_time = field("Contraception reminder time", "HH:MM")
        self.frequency = ft.RadioGroup(ft.Row([
            ft.Radio(value=f.value, label=f.value.capitalize()) for f in Frequency]))
        self.contraception_details = ft.Column([ft.Row([self.contraception_time]), muted("How often:", 13),
                                                self.frequency], spacing=4)
        self.error = ft.Text(color=ft.Colors.ERROR, weight=ft.FontWeight.W_600)
        self.form = self._form()
        self.infusions = ft.Column(spacing=0)
        self._fill(shell.record.plan())

    # -- the form ------------------------------------------------------------------------------------
    def _fill(self, plan: Plan | None) -> None:
        clinic_times = self.shell.services.clinic.reminder_times
        self.date.value = f"{plan.first_infusion:%Y-%m-%d}" if plan else ""
        self.time.value = f"{plan.first_infusion:%H:%M}" if plan else ""
        self.zone.value = plan.timezone if plan else self.shell.services.zone_name()
        self.cycle_days.value = str(plan.cycle_days if plan else Plan.__dataclass_fields__["cycle_days"].default)
        self.cycles.value = str(plan.cycles) if plan and plan.cycles else ""
        self.open_ended.value = bool(plan and plan.cycles is None)
        self.capecitabine.value = bool(plan and plan.with_capecitabine)
        times = plan.capecitabine_times if plan and plan.with_capecitabine else clinic_times.capecitabine
        self.morning.value, self.evening.value = (f"{t:%H:%M}" for t in (times[0], times[-1]))
        self.reaction.value = bool(plan and plan.prior_reaction)
        self.contraception.value = (plan.contraception if plan else Contraception.NONE).value
        clock = plan.contraception_time if plan and plan.contraception is not Contraception.NONE \
            else clinic_times.contraception
        self.contraception_time.value = f"{clock:%H:%M}"
        self.frequency.value = (plan.contraception_frequency if plan else Frequency.DAILY).value
        self.error.value = ""
        self._show_parts()

    def _show_parts(self) -> None:
        self.cycles.disabled = bool(self.open_ended.value)
        self.cape_times.visible = bool(self.capecitabine.value)
        self.contraception_details.visible = self.contraception.value != Contraception.NONE.value

    def _form(self) -> ft.Control:
        return ft.Column([
            heading("Your treatment plan"),
            muted("Dates and times as your care team gave them, in 24-hour time.", 13),
            ft.Row([self.date, self.time]),
            ft.Row([self.zone]),
            ft.Row([self.cycle_days, self.cycles]),
            muted("The prescribing information gives 21 days per cycle; enter what your care team told you.", 13),
            self.open_ended,
            self.capecitabine,
            self.cape_times,
            self.reaction,
            ft.Text("Contraception reminders", weight=ft.FontWeight.W_600),
            muted("Ixabepilone can harm an unborn baby. Who needs reminders?", 13),
            self.contraception,
            self.contraception_details,
            self.error,
            ft.Row([ft.FilledButton("Save plan", icon=ft.Icons.SAVE, on_click=self._save)]),
        ], spacing=10)

    def _typed(self) -> dict:
        """The form as PLAN.json; parts that are switched off are left to their defaults."""
        raw = {
            "timezone": (self.zone.value or "").strip(),
            "first_infusion": f"{(self.date.value or '').strip()}T{(self.time.value or '').strip()}",
            "cycle_days": _number(self.cycle_days.value),
            "cycles": None if self.open_ended.value else _number(self.cycles.value),
            "with_capecitabine": bool(self.capecitabine.value),
            "prior_reaction": bool(self.reaction.value),
            "contraception": self.contraception.value,
        }
        if raw["with_capecitabine"]:
            raw["capecitabine_times"] = [(f.value or "").strip() for f in (self.morning, self.evening)]
        if raw["contraception"] != Contraception.NONE.value:
            raw["contraception_time"] = (self.contraception_time.value or "").strip()
            raw["contraception_frequency"] = self.frequency.value
        return raw

    # -- infusions -----------------------------------------------------------------------------------
    def _fill_infusions(self) -> None:
        plan = self.shell.record.plan()
        if plan is None:
            self.infusions.controls = [muted("Your infusions appear here once the plan is saved.", 14)]
            return
        now = self.shell.services.now()
        end = None if plan.cycles else now + timedelta(days=OPEN_ENDED_SHOWN_DAYS)
        moved = {d.cycle for d in plan.delays}
        rows: list[ft.Control] = []
        if plan.cycles is None:
            rows.append(muted("Open-ended plan: the infusions of the next 12 months.", 13))
        for infusion in plan.infusions(limit_end=end):
            past = infusion.at <= now
            note = " · moved" if infusion.cycle in moved else ""
            rows.append(ft.Row([
                ft.Icon(ft.Icons.EVENT_AVAILABLE if past else ft.Icons.EVENT, color=ft.Colors.PRIMARY,
                        semantics_label="past infusion" if past else "planned infusion"),
                ft.Column([ft.Text(f"Cycle {infusion.cycle}", weight=ft.FontWeight.W_600),
                           ft.Text(_when(infusion.at) + note + (" · past" if past else ""), size=14)],
                          spacing=0, expand=True),
                ft.TextButton("Move", tooltip=f"Move cycle {infusion.cycle}",
                              on_click=lambda e, n=infusion.cycle: self._ask_move(n)),
            ], spacing=12))
        self.infusions.controls = rows

    def _infusions_panel(self) -> ft.Control:
        self._fill_infusions()
        return ft.Column([
            heading("Infusions"),
            muted("An infusion delayed (after a low blood count, for example)? Move it: the later ones "
                  "and their reminders move with it.", 13),
            self.infusions,
        ], spacing=8)

    # -- building ------------------------------------------------------------------------------------
    def build(self, wide: bool) -> ft.Control:
        if wide:
            return two_panes(scroll_column([self.form]), scroll_column([self._infusions_panel()]),
                             master_width=460)
        return scroll_column([self.form, ft.Divider(), self._infusions_panel()])

    def on_profile_change(self) -> None:
        self._fill(self.shell.record.plan())

    # -- gestures ------------------------------------------------------------------------------------
    def _toggle(self, e) -> None:
        self._show_parts()
        self.form.update()

    @saves
    async def _save(self, e) -> None:
        record = self.shell.record
        old = record.plan()
        raw = self._typed()
        note = ""
        if old and old.delays:
            kept = {k: v for k, v in raw.items() if k in ("timezone", "first_infusion", "cycle_days")}
            if kept == {"timezone": old.timezone, "first_infusion": f"{old.first_infusion:%Y-%m-%dT%H:%M}",
                        "cycle_days": old.cycle_days}:
                raw["delays"] = [{"cycle": d.cycle, "to": f"{d.to:%Y-%m-%dT%H:%M}"} for d in old.delays]
            else:
                note = " Infusions you had moved follow the new first date now: move them again if needed."
        try:
            plan = parse_plan(raw)
        except InputError as error:
            self.error.value = _form_message(error)
            self.error.update()
            return
        self.service.save_plan(record, plan, self.shell.services.now())
        if not await self.shell.flushed():
            return
        self.error.value = ""
        self.error.update()
        self._update_infusions()
        if old is None:  # the first plan: make sure its reminders can reach the patient
            self.shell.toast("Plan saved. Will its reminders reach you when the app is closed?",
                             ("Check now", self._check_reminders))
        else:
            self.shell.toast("Plan saved. Your reminders follow it." + note)

    def _check_reminders(self) -> None:
        self.shell.view("more").open("reminders")
        self.shell.go("more")

    def _update_infusions(self) -> None:
        self._fill_infusions()
        self.infusions.update()

    def _ask_move(self, cycle: int) -> None:
        plan = self.shell.record.plan()
        current = plan.infusion(cycle).at
        date = ft.TextField(label="New date", hint_text="YYYY-MM-DD", value=f"{current:%Y-%m-%d}", dense=True)
        clock = ft.TextField(label="New time", hint_text="HH:MM", value=f"{current:%H:%M}", dense=True)
        error = ft.Text(color=ft.Colors.ERROR)

        @functools.partial(guarded, self.shell.toast)
        async def move(e) -> None:
            try:
                when = parse_local_datetime(f"{(date.value or '').strip()}T{(clock.value or '').strip()}",
                                            "New date and time", plan.zone)
                moved = move_infusion(self.shell.record.plan(), cycle, when)
            except InputError as problem:
                error.value = _form_message(problem)
                error.update()
                return
            self.shell.record.save_plan(moved)
            if not await self.shell.flushed():
                return
            self.shell.page.pop_dialog()
            self.shell.toast(f"Cycle {cycle} moved to {_when(moved.infusion(cycle).at)}; later infusions and "
                             "reminders moved with it.")
            self._update_infusions()

        self.shell.page.show_dialog(ft.AlertDialog(
            title=ft.Text(f"Move cycle {cycle}"),
            content=ft.Column([
                ft.Text(f"Planned for {_when(current)}. This infusion and every later one move by the same "
                        "amount; their reminders move too."),
                date, clock, error], tight=True, spacing=12, width=360),
            actions=[ft.TextButton("Cancel", on_click=lambda e: self.shell.page.pop_dialog()),
                     ft.FilledButton("Move infusion", on_click=move)],
        ))
