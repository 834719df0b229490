"""The packaged Android / iOS app's system scheduler: the flet-notifications extension (pinned in
pyproject.toml for the mobile builds only), behind the port of services/system_reminders.py.

Only `for_page` imports the extension, and only the composition root calls it, in a packaged mobile
build: `make run`, the desktop and the web builds never load it (their client has no Dart half for it).
`PhoneScheduler` takes the extension's service as an argument, so tests hand it a fake of that service
(tests/support/fake_notifications.py) and run everything else exactly as on a phone.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from companion.core.system_schedule import SNOOZE_MINUTES, Notice, Pending, Permissions

log = logging.getLogger(__name__)
CHANNEL = "reminders"  # Android: one channel, high importance, so reminders make a sound and show at once
DONE, SNOOZE = "done", "snooze"


class PhoneScheduler:
    kind = "phone"
    keeps_when_closed = True

    def __init__(self, service, types, platform: str):
        """`service`: a flet_notifications.LocalNotifications (or its fake); `types`: the module that holds
        NotificationAction and AndroidScheduleMode; `platform`: "android" or "ios"."""
        self.service = service
        self.types = types
        self.platform = platform

    async def pending(self) -> list[Pending]:
        return [Pending(p.id, p.title, p.body, p.payload) for p in await self.service.get_pending_notifications()]

    async def schedule(self, notice: Notice) -> None:
        types = self.types
        actions = [
            # Done needs no screen: recorded when the app next runs (the extension replays it), and the
            # app never lists as missed what was done from the lock screen.
            types.NotificationAction(id=DONE, title="Done", foreground=False),
            # Snooze opens the app, which must run to schedule the reminder again in 10 minutes.
            types.NotificationAction(id=SNOOZE, title=f"Snooze {SNOOZE_MINUTES} min", foreground=True),
        ] if notice.actions else []
        mode = (types.AndroidScheduleMode.EXACT_ALLOW_WHILE_IDLE if notice.exact
                else types.AndroidScheduleMode.INEXACT_ALLOW_WHILE_IDLE)
        await self.service.schedule(id=notice.id, when=notice.at, title=notice.title, body=notice.body,
                                    payload=notice.payload, actions=actions, schedule_mode=mode,
                                    channel_id=CHANNEL)

    async def cancel(self, notice_id: int) -> None:
        await self.service.cancel(notice_id)

    async def permissions(self) -> Permissions:
        allowed = await self.service.are_notifications_enabled()
        exact = await self.service.can_schedule_exact_notifications() if self.platform == "android" else None
        return Permissions(allowed, exact)

    async def ask_notifications(self) -> bool:
        return await self.service.request_permissions()

    async def ask_exact_alarms(self) -> bool:
        return await self.service.request_exact_alarm_permission()

    async def open_settings(self) -> None:
        await self.service.open_app_notification_settings()

    def on_response(self, handler: Callable[[str, str], Awaitable[None]]) -> None:
        """`handler(action_id, payload)` for every tap ("") and action, including those the extension
        replays at start because they were taken while the app was closed."""
        async def respond(e) -> None:
            await handler(e.action_id or "", e.payload or "")

        self.service.on_tap = respond
        self.service.on_action = respond

    async def prepare(self) -> None:
        """Android: the reminders channel, at high importance (made once; changing it needs a new id)."""
        if self.platform == "android":
            await self.service.create_notification_channel(self.types.NotificationChannel(
                id=CHANNEL, name="Reminders", description="Premedication, infusions, tablets and other reminders",
                importance=self.types.Importance.HIGH))


def for_page(platform: str) -> PhoneScheduler:
    """The real extension; call inside the page's session (a Flet service registers itself with it)."""
    import flet_notifications

    return PhoneScheduler(flet_notifications.LocalNotifications(), flet_notifications, platform)
