"""Plan: the treatment plan form (checked by core.plan.parse_plan) and the infusions, each movable."""

from __future__ import annotations

import functools
from datetime import timedelta

import flet as ft

from companion.core.errors import InputError
from companion.core.i18n import ENGLISH, N_, Translator, short_date
from companion.core.plan import Contraception, Frequency, Plan, move_infusion, parse_local_datetime, parse_plan
from companion.ui.layout import guarded, heading, muted, saves, scroll_column, two_panes
from companion.ui.widgets import labelled

OPEN_ENDED_SHOWN_DAYS = 365
MOVE_FIELD = "New date and time"  # the move dialog's field, as core names it in an error
# Plan keys as the form calls them, so an error names the field the person sees.
FIELD_NAMES = {
    "first_infusion": N_("First infusion"), "timezone": N_("Time zone"), "cycle_days": N_("Days per cycle"),
    "cycles": N_("Number of cycles"), "capecitabine_times[0]": N_("Morning dose time"),
    "capecitabine_times[1]": N_("Evening dose time"), "capecitabine_times": N_("Capecitabine times"),
    "contraception_time": N_("Contraception reminder time"), "delays": N_("Moved infusions"),
    MOVE_FIELD: N_("New date and time"),
}
FREQUENCIES = {Frequency.DAILY: N_("Daily"), Frequency.WEEKLY: N_("Weekly"), Frequency.OFF: N_("Off")}


def _form_message(error: InputError, t: Translator = ENGLISH) -> str:
    """The field as the form names it and the reason core gives, both in t's language."""
    name = FIELD_NAMES.get(error.field)
    return t.gettext("{field}: {reason}").format(field=t.gettext(name), reason=error.told_reason(t)) if name \
        else error.told(t)


def _number(text: str | None):
    """A whole number when the text is one; else the text, for parse_plan to name the problem."""
    text = (text or "").strip()
    return int(text) if text.isdigit() else text


def _when(moment, t: Translator = ENGLISH) -> str:
    """"Tue 03 Mar 2026 at 10:00", in the language of `t`."""
    return t.gettext("{date} at {time}").format(date=f"{short_date(moment.date(), t)} {moment.year}",
                                                time=f"{moment:%H:%M}")


class PlanView:
    name = "plan"
    label = N_("Plan")
    icon = ft.Icons.EVENT

    def __init__(self, shell):
        self.shell = shell
        self.service = shell.services.reminders
        # each control's English label (and hint), worded in the patient's language when the form is built
        self._words: list[tuple[ft.Control, str, str | None]] = []

        def worded(control, label: str, hint: str | None = None):
            self._words.append((control, label, hint))
            return control

        # one field a line: at 200 % text two side by side leave their floating labels no room
        field = lambda label, hint: worded(ft.TextField(dense=True), label, hint)  # noqa: E731
        # a checkbox or radio button beside its words, which wrap (companion.ui.widgets)
        choice = lambda control, label: labelled(control, worded(ft.Text(), label))  # noqa: E731
        self.date = field(N_("First infusion date"), N_("YYYY-MM-DD"))
        self.time = field(N_("Infusion time"), "HH:MM")
        self.zone = field(N_("Time zone"), N_("e.g. Europe/London"))
        self.cycle_days = field(N_("Days per cycle"), "21")
        self.cycles = field(N_("Number of cycles"), N_("e.g. 6"))
        self.open_ended = ft.Checkbox(on_change=self._toggle)
        self.capecitabine = ft.Checkbox(on_change=self._toggle)
        self.reaction = ft.Checkbox()
        self.open_ended_row = choice(self.open_ended, N_("No set number (until my care team stops it)"))
        self.capecitabine_row = choice(self.capecitabine, N_("I also take capecitabine (Xeloda) tablets"))
        self.reaction_row = choice(self.reaction, N_("I had an allergic reaction to an earlier infusion"))
        self.morning = field(N_("Morning dose time"), "HH:MM")
        self.evening = field(N_("Evening dose time"), "HH:MM")
        self.cape_days = shell.services.reminder_settings.capecitabine_days
        self.cape_note = muted("", 13)
        self.cape_times = ft.Column([self.cape_note, self.morning, self.evening],
                                    horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.contraception = ft.RadioGroup(ft.Column([
            choice(ft.Radio(value=Contraception.CAN_BECOME_PREGNANT.value), N_("I can become pregnant")),
            choice(ft.Radio(value=Contraception.PARTNER_CAN_BECOME_PREGNANT.value),
                   N_("My partner can become pregnant")),
            choice(ft.Radio(value=Contraception.NONE.value), N_("Not needed")),
        ], spacing=0), on_change=self._toggle)
        self.contraception_time = field(N_("Contraception reminder time"), "HH:MM")
        self.frequency = ft.RadioGroup(ft.Column([choice(ft.Radio(value=f.value), FREQUENCIES[f]) for f in Frequency],
                                                 spacing=0))
        self.how_often = muted("", 13)
        self.contraception_details = ft.Column([self.contraception_time, self.how_often, self.frequency], spacing=4,
                                               horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.error = ft.Text(color=ft.Colors.ERROR, weight=ft.FontWeight.W_600)
        # What a save did, under the button and part of the page (a snackbar's words did not always reach the
        # accessibility tree, and this one may carry the reminders check).
        self.saved_text = ft.Text(expand=True)
        self.check_now = ft.TextButton(shell.tr("Check now"), icon=ft.Icons.NOTIFICATIONS_ACTIVE_OUTLINED,
                                       on_click=lambda e: self._check_reminders())
        self.saved = ft.Column([ft.Row([ft.Icon(ft.Icons.CHECK_CIRCLE_OUTLINE, color=ft.Colors.PRIMARY),
                                        self.saved_text], vertical_alignment=ft.CrossAxisAlignment.START),
                                self.check_now], spacing=4, visible=False)
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
        self.saved.visible = False
        self._show_parts()

    def _show_parts(self) -> None:
        self.cycles.disabled = bool(self.open_ended.value)
        self.cape_times.visible = bool(self.capecitabine.value)
        self.contraception_details.visible = self.contraception.value != Contraception.NONE.value

    def _word(self) -> None:
        """Every label of the form in the patient's language (the fields keep what was typed)."""
        tr = self.shell.tr
        for control, label, hint in self._words:
            if isinstance(control, ft.Text):
                control.value = tr(label)
            else:
                control.label = tr(label)
            if hint is not None:
                control.hint_text = tr(hint)
        self.cape_note.value = tr("Reminders twice a day, on days 1 to {days} of each cycle (day 1 is the "
                                  "infusion day).").format(days=self.cape_days)
        self.how_often.value = tr("How often:")

    def _form(self) -> ft.Control:
        self._word()
        tr = self.shell.tr
        return ft.Column([
            heading(tr("Your treatment plan")),
            muted(tr("Dates and times as your care team gave them, in 24-hour time."), 13),
            self.date,
            self.time,
            self.zone,
            self.cycle_days,
            self.cycles,
            muted(tr("The prescribing information gives 21 days per cycle; enter what your care team told you."), 13),
            self.open_ended_row,
            self.capecitabine_row,
            self.cape_times,
            self.reaction_row,
            ft.Text(tr("Contraception reminders"), weight=ft.FontWeight.W_600),
            muted(tr("Ixabepilone can harm an unborn baby. Who needs reminders?"), 13),
            self.contraception,
            self.contraception_details,
            self.error,
            ft.Row([ft.FilledButton(tr("Save plan"), icon=ft.Icons.SAVE, on_click=self._save)]),
            self.saved,
        ], spacing=10, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)  # each field the pane's width

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
        plan, tr = self.shell.record.plan(), self.shell.tr
        if plan is None:
            self.infusions.controls = [muted(tr("Your infusions appear here once the plan is saved."), 14)]
            return
        now = self.shell.services.now()
        end = None if plan.cycles else now + timedelta(days=OPEN_ENDED_SHOWN_DAYS)
        moved = {d.cycle for d in plan.delays}
        rows: list[ft.Control] = []
        if plan.cycles is None:
            rows.append(muted(tr("Open-ended plan: the infusions of the next 12 months."), 13))
        for infusion in plan.infusions(limit_end=end):
            past = infusion.at <= now
            notes = [_when(infusion.at, self.shell.t), *([tr("moved")] if infusion.cycle in moved else []),
                     *([tr("past")] if past else [])]
            rows.append(ft.Row([
                ft.Icon(ft.Icons.EVENT_AVAILABLE if past else ft.Icons.EVENT, color=ft.Colors.PRIMARY,
                        semantics_label=tr("past infusion") if past else tr("planned infusion")),
                ft.Column([ft.Text(tr("Cycle {cycle}").format(cycle=infusion.cycle), weight=ft.FontWeight.W_600),
                           ft.Text(" · ".join(notes), size=14)],
                          spacing=0, expand=True),
                ft.TextButton(tr("Move"), tooltip=tr("Move cycle {cycle}").format(cycle=infusion.cycle),
                              on_click=lambda e, n=infusion.cycle: self._ask_move(n)),
            ], spacing=12))
        self.infusions.controls = rows

    def _infusions_panel(self) -> ft.Control:
        self._fill_infusions()
        tr = self.shell.tr
        return ft.Column([
            heading(tr("Infusions")),
            muted(tr("An infusion delayed (after a low blood count, for example)? Move it: the later ones "
                     "and their reminders move with it."), 13),
            self.infusions,
        ], spacing=8)

    # -- building ------------------------------------------------------------------------------------
    def build(self, wide: bool) -> ft.Control:
        self.form = self._form()  # worded in the patient's language now
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
        record, tr = self.shell.record, self.shell.tr
        old = record.plan()
        raw = self._typed()
        moves_dropped = False
        if old and old.delays:
            kept = {k: v for k, v in raw.items() if k in ("timezone", "first_infusion", "cycle_days")}
            if kept == {"timezone": old.timezone, "first_infusion": f"{old.first_infusion:%Y-%m-%dT%H:%M}",
                        "cycle_days": old.cycle_days}:
                raw["delays"] = [{"cycle": d.cycle, "to": f"{d.to:%Y-%m-%dT%H:%M}"} for d in old.delays]
            else:
                moves_dropped = True
        try:
            plan = parse_plan(raw)
        except InputError as error:
            self.error.value = _form_message(error, self.shell.t)
            self.saved.visible = False
            self.form.update()
            return
        self.service.save_plan(record, plan, self.shell.services.now())
        if not await self.shell.flushed():
            return
        self.error.value = ""
        if old is None:  # the first plan: make sure its reminders can reach the patient
            self.saved_text.value = tr("Plan saved. Will its reminders reach you when the app is closed?")
        elif moves_dropped:
            self.saved_text.value = tr("Plan saved. Your reminders follow it. Infusions you had moved follow the "
                                       "new first date now: move them again if needed.")
        else:
            self.saved_text.value = tr("Plan saved. Your reminders follow it.")
        self.check_now.content = tr("Check now")
        self.check_now.visible = old is None
        self.saved.visible = True
        self.form.update()
        self._update_infusions()

    def _check_reminders(self) -> None:
        self.shell.view("more").open("reminders")
        self.shell.go("more")

    def _update_infusions(self) -> None:
        self._fill_infusions()
        self.infusions.update()

    def _ask_move(self, cycle: int) -> None:
        plan, tr = self.shell.record.plan(), self.shell.tr
        current = plan.infusion(cycle).at
        date = ft.TextField(label=tr("New date"), hint_text=tr("YYYY-MM-DD"), value=f"{current:%Y-%m-%d}", dense=True)
        clock = ft.TextField(label=tr("New time"), hint_text="HH:MM", value=f"{current:%H:%M}", dense=True)
        error = ft.Text(color=ft.Colors.ERROR)

        @functools.partial(guarded, self.shell.toast, t=self.shell.t)
        async def move(e) -> None:
            try:
                when = parse_local_datetime(f"{(date.value or '').strip()}T{(clock.value or '').strip()}",
                                            MOVE_FIELD, plan.zone)
                moved = move_infusion(self.shell.record.plan(), cycle, when)
            except InputError as problem:
                error.value = _form_message(problem, self.shell.t)
                error.update()
                return
            self.shell.record.save_plan(moved)
            if not await self.shell.flushed():
                return
            self.shell.page.pop_dialog()
            self.shell.toast(tr("Cycle {cycle} moved to {when}; later infusions and reminders moved with it.").format(
                cycle=cycle, when=_when(moved.infusion(cycle).at, self.shell.t)))
            self._update_infusions()

        self.shell.page.show_dialog(ft.AlertDialog(
            title=ft.Text(tr("Move cycle {cycle}").format(cycle=cycle)),
            content=ft.Column([
                ft.Text(tr("Planned for {when}. This infusion and every later one move by the same amount; their "
                           "reminders move too.").format(when=_when(current, self.shell.t))),
                date, clock, error], tight=True, spacing=12, width=360),
            actions=[ft.TextButton(tr("Cancel"), on_click=lambda e: self.shell.page.pop_dialog()),
                     ft.FilledButton(tr("Move infusion"), on_click=move)],
        ))
