"""The app frame: bottom navigation on phones, a navigation rail and two panes on tablets.

A view is an object with `name`, `label`, `icon` and `build(wide) -> Control`; it may also have
`on_start()` (called once per session, after the first unlock) and `on_profile_change()` (after
switching patient).

The PIN lock holds for a connection, not for the server's session: Flet keeps a session for a while
after its page goes away, and a reload, a lost and regained connection, or another tab that carries the
same session id (a duplicated tab copies it) reattach to that session and are sent what it shows,
without calling main() again. So while a PIN is set the shell locks itself the moment its connection
goes (the page's disconnect event, handled at once, before any reconnection can be served) and again
when one comes back, and after the clinic's auto_lock_minutes without use. While locked nothing of the
patient's is drawn: no view, no dialog, no snackbar.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import flet as ft

from companion.core.errors import StorageError, told
from companion.services import Services, records
from companion.services.language import language_of
from companion.services.system_reminders import SystemReminders
from companion.ui import activity
from companion.ui.layout import is_wide
from companion.ui.problem import device_languages

log = logging.getLogger(__name__)


class Shell:
    def __init__(self, page: ft.Page, services: Services, system: SystemReminders):
        self.page = page
        self.services = services
        # reminders handed to the phone's system (in the app only on the desktop and in the browser)
        self.system = system  # app.scheduler_for picked the platform's scheduler
        self.system.listen(self.open_today)
        self.wide = is_wide(page.width)
        self.index = 0
        self.locked = False
        self.lock_screen = None  # the LockScreen on show while locked
        self._started = False  # the views' on_start ran (after the first unlock)
        self._last_use = 0.0  # the event loop's monotonic time of the last tap or keystroke
        self.damage: list[str] = []  # what the store found damaged, said above the screen until read
        self._notices_seen = 0  # of the store's notices (shared by every session), how many this one took
        # A first patient is named in the clinic's first language: the device's is read later.
        self.profile = records.ensure_profile(services.store, services.now(),
                                              services.translator(services.clinic.languages[0]))
        self.record = services.record(self.profile["id"])
        self.device_languages: list[str] = []  # the device's, in its order of preference (read at start)
        self.language, self.t = "en", services.translator("en")  # t: the translator (gettext, ngettext)
        self.tr = self.t.gettext
        self._set_language()
        self.reminder_loop = services.reminder_loop()  # started after the first unlock; Today subscribes
        self.views = self._make_views()

    def _make_views(self) -> list:
        from companion.ui.diary import DiaryView
        from companion.ui.learn import LearnView
        from companion.ui.more import MoreView
        from companion.ui.overview import OverviewView
        from companion.ui.plan import PlanView
        from companion.ui.today import TodayView

        # A tablet gets the caregiver's overview of every patient; a phone keeps five destinations
        # and shows the same cards in More > Patients.
        patients = [OverviewView(self)] if self.wide else []
        return [TodayView(self), *patients, DiaryView(self), PlanView(self), LearnView(self), MoreView(self)]

    # -- lifecycle -----------------------------------------------------------------------------------
    def start(self) -> None:
        clinic = self.services.clinic
        page = self.page
        page.title = clinic.name
        from companion.services.display import display
        from companion.ui import theme
        theme.apply(page, clinic.seed_color, display(self.services.store), redraw=self.render)
        page.padding = 0
        page.on_resize = self._on_resize
        page.on_disconnect = self._on_disconnect
        page.on_connect = self._on_connect
        activity.watch(page, self._used)
        page.run_task(self._read_device_languages)
        if not self.lock():  # nothing of the patient's is drawn before the right PIN
            self._open()
        page.run_task(self._auto_lock)

    def _open(self) -> None:
        """Shows the app (first start, or after the right PIN)."""
        self.locked, self.lock_screen = False, None
        self._used()
        self.render()
        if self._started:
            return
        self._started = True
        self.page.on_close = lambda e: self.reminder_loop.stop()
        self.page.run_task(self.reminder_loop.run, lambda: self.profile["id"], self._alive)
        self.page.run_task(self.system.run, self._alive)
        for view in self.views:
            if hasattr(view, "on_start"):
                view.on_start()

    def lock(self, reason: str | None = None) -> bool:
        """Hides everything behind the PIN screen when a PIN is set (a fresh screen each time: no digit typed
        before is kept); False when there is no PIN, and nothing changes."""
        if not self.services.pin_lock.enabled():
            return False
        from companion.ui.lock import LockScreen

        self.locked = True
        while self.page.pop_dialog() is not None:  # dialogs and snackbars can show a patient's data
            pass
        self.lock_screen = LockScreen(self, self.services.pin_lock, on_unlock=self._open, reason=reason)
        self.lock_screen.show()
        return True

    def _on_disconnect(self, e) -> None:
        # A plain function on purpose: Flet runs it at once on the event loop, before a reload's new
        # connection can be attached to this session and sent what it shows.
        self.lock()

    def _on_connect(self, e) -> None:
        if not self.locked:  # the disconnect should have locked it already; if it did not, lock now
            self.lock()

    def _used(self) -> None:
        try:
            self._last_use = asyncio.get_running_loop().time()
        except RuntimeError:  # no loop in this thread: the timer's own clock cannot be read here
            pass

    async def _auto_lock(self) -> None:
        """Locks the app after the clinic's auto_lock_minutes without use, while a PIN is set."""
        from companion.core.pin import idle_left

        loop = asyncio.get_running_loop()
        self._last_use = loop.time()
        while self._alive():
            limit = self.services.pin_lock.auto_lock_after(self.services.clinic.auto_lock_minutes)
            left = idle_left(self._last_use, loop.time(), limit)
            if self.locked or left > 0:
                await asyncio.sleep(min(limit, max(left, 0.5)) if not self.locked else min(limit, 5.0))
                continue
            minutes = self.services.clinic.auto_lock_minutes
            try:
                reason = self.t.ngettext("The app locked itself after {minutes} minute without use.",
                                         "The app locked itself after {minutes} minutes without use.", minutes)
                if not self.lock(reason.format(minutes=minutes)):
                    self._last_use = loop.time()  # no PIN: nothing to lock; look again later
            except Exception:  # noqa: BLE001 - the timer must outlive one failed redraw
                if not self._alive():
                    return
                log.exception("Auto-lock failed")
                await asyncio.sleep(1)

    def _alive(self) -> bool:
        try:
            self.page.session  # noqa: B018 - raises once the session is gone
        except RuntimeError:
            return False
        return True

    def _on_resize(self, e) -> None:
        wide = is_wide(e.width)
        if wide != self.wide:
            self.wide = wide
            if not self.locked:
                self.render()

    # -- profiles ------------------------------------------------------------------------------------
    def profiles(self) -> list[dict]:
        return self.services.profiles()

    def switch_profile(self, profile_id: str) -> None:
        self.profile = next(p for p in self.profiles() if p["id"] == profile_id)
        self.record = self.services.record(self.profile["id"])
        self._set_language()
        for view in self.views:
            if hasattr(view, "on_profile_change"):
                view.on_profile_change()
        self.render()

    def open_today(self, profile_id: str) -> None:
        """A tapped notification: that patient's Today (shown after the PIN when one is set)."""
        if any(p["id"] == profile_id for p in self.profiles()):
            self.index = 0
            self.switch_profile(profile_id)

    # -- language ------------------------------------------------------------------------------------
    def _set_language(self) -> bool:
        """The patient's language (their choice, the device's, the clinic's default); `tr` words the screens in
        it. True when it changed."""
        language = language_of(self.record, self.services.clinic, self.device_languages)
        changed, self.language = language != self.language, language
        self.t = self.services.translator(language)
        self.tr = self.t.gettext
        return changed

    def language_changed(self) -> None:
        """After the patient chose a language in Settings: every screen in it."""
        if self._set_language():
            self.render()

    async def _read_device_languages(self) -> None:
        self.device_languages = await device_languages(self.page)
        if not self.device_languages:
            return
        self.services.use_device_languages(self.device_languages)
        if self._set_language():
            if not self.locked:
                self.render()
            elif self.lock_screen is not None:  # the PIN screen, in the patient's language
                self.lock(self.lock_screen.reason)

    # -- navigation ----------------------------------------------------------------------------------
    def go(self, name: str) -> None:
        self.index = next(i for i, v in enumerate(self.views) if v.name == name)
        self.render()

    def view(self, name: str):
        return next(v for v in self.views if v.name == name)

    def _on_nav(self, e) -> None:
        self.index = int(e.control.selected_index)
        self.render()

    def _app_bar(self) -> ft.AppBar:
        clinic, tr = self.services.clinic, self.tr
        title: list[ft.Control] = []
        if clinic.logo and self.index == 0:
            title.append(ft.Image(src=clinic.logo, height=32, semantics_label=tr("{clinic} logo").format(
                clinic=clinic.name)))
        title.append(ft.Text(clinic.short_name))
        others = self.profiles()
        actions = []
        if len(others) > 1:
            actions.append(ft.PopupMenuButton(
                content=ft.Container(
                    ft.Row([ft.Icon(ft.Icons.PERSON), ft.Text(self.profile["name"]), ft.Icon(ft.Icons.ARROW_DROP_DOWN)],
                           spacing=4, tight=True),
                    padding=ft.Padding.only(left=8, right=16, top=12, bottom=12)),
                tooltip=tr("Switch patient"),
                items=[ft.PopupMenuItem(content=ft.Text(p["name"]), checked=p["id"] == self.profile["id"],
                                        on_click=lambda e, pid=p["id"]: self.switch_profile(pid))
                       for p in others],
            ))
        return ft.AppBar(title=ft.Row(title, spacing=8), center_title=False, actions=actions)

    def render(self) -> None:
        if self.locked:  # a view's timer or a late reply must not draw the app over the PIN screen
            return
        page = self.page
        body = self.views[self.index].build(self.wide)  # reads files: what it found damaged is said above it
        card = self._damage_card()
        if card is not None:
            body = ft.Column([card, body], spacing=0, expand=True)
        page.appbar = self._app_bar()
        if self.wide:
            rail = ft.NavigationRail(
                selected_index=self.index,
                label_type=ft.NavigationRailLabelType.ALL,
                destinations=[ft.NavigationRailDestination(icon=v.icon, label=self.tr(v.label))
                              for v in self.views],
                on_change=self._on_nav,
            )
            page.navigation_bar = None
            page.controls = [ft.Row([rail, ft.VerticalDivider(width=1), body], expand=True, spacing=0)]
        else:
            page.navigation_bar = ft.NavigationBar(
                selected_index=self.index,
                destinations=[ft.NavigationBarDestination(icon=v.icon, label=self.tr(v.label))
                              for v in self.views],
                on_change=self._on_nav,
            )
            page.controls = [body]
        page.update()

    async def flushed(self) -> bool:
        """Waits until the last save is kept on the device (IndexedDB in the browser); says so if not."""
        try:
            await self.services.store.flush()
            return True
        except StorageError as error:
            self.toast(error.told(self.t))
            return False

    def toast(self, message: str, action: tuple[str, Callable[[], None]] | None = None) -> None:
        """A short message at the bottom; `action` (label, what it does) adds a button to it."""
        if self.locked:  # a reminder's snackbar names the patient: not over the PIN screen
            return
        button = ft.SnackBarAction(action[0], on_click=lambda e: action[1]()) if action else None
        self.page.show_dialog(ft.SnackBar(ft.Text(message), action=button,
                                          duration=ft.Duration(seconds=10 if action else 6)))

    def _damage_card(self) -> ft.Control | None:
        """What the store found damaged since this session last looked (a month file restored from a backup,
        entries kept aside, a file left alone), named by patient and month, above the screen until the person
        says they will check. Part of the page, not an overlay: a screen reader reads it like the rest
        (a Material banner's text did not always reach the accessibility tree)."""
        notices = self.services.store.notices
        self.damage += notices[self._notices_seen:]
        self._notices_seen = len(notices)
        if not self.damage:
            return None
        from companion.ui import palette, theme
        colors, tr = theme.pick(palette.ATTENTION, self.page), self.tr
        return ft.Container(
            ft.Column([ft.Row([ft.Icon(ft.Icons.WARNING_AMBER, color=colors.fg, semantics_label=tr("Warning")),
                               ft.Text(tr("Some of your saved data needed repair"), weight=ft.FontWeight.W_600,
                                       color=colors.fg, expand=True)], spacing=8),
                       *[ft.Text(told(n, self.t), size=13, color=colors.fg) for n in self.damage],
                       ft.Row([ft.TextButton(tr("OK, I will check"), on_click=self._damage_read)],
                              alignment=ft.MainAxisAlignment.END, wrap=True)], spacing=4, tight=True),
            bgcolor=colors.bg, padding=ft.Padding.only(left=16, right=16, top=12, bottom=4),
            border=ft.Border.only(bottom=ft.BorderSide(1, theme.pick(palette.ATTENTION_BORDER, self.page).fg)))

    def _damage_read(self, e) -> None:
        self.damage = []
        self.render()
