"""A fake of the flet-notifications service: the real `LocalNotifications` Python class (its argument
building, its result parsing, its errors) with the Dart side replaced by what the phone's system does
with it, read from the extension's notifications_service.dart (0.1.4):

- `schedule` keeps one pending notification per id (a new one with the same id replaces it) and refuses a
  time that is not in the future (flutter_local_notifications' zonedSchedule does);
- `get_pending` lists id, title, body, payload (no time: the app's payload carries it);
- iOS keeps only the soonest 64 pending ones (`ios_cap`);
- a tap or an action taken while the app was closed is queued and replayed, in order, to `on_tap` /
  `on_action` when the service next starts (`replay`).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from flet_notifications import LocalNotifications, NotificationEvent

IOS_CAP = 64


class FakeNotifications(LocalNotifications):
    def __init__(self, now, *, enabled: bool = True, exact: bool = True, ios_cap: bool = True):
        super().__init__()
        self.clock = now  # () -> aware datetime: the phone's clock
        self.enabled = enabled
        self.exact = exact
        self.ios_cap = ios_cap
        self.pending: dict[int, dict] = {}
        self.calls: list[tuple[str, dict]] = []
        self.shown: list[dict] = []  # what the system showed (fire_due)
        self.queue: list[dict] = []  # taps and actions taken while the app was closed
        self.channels: list[dict] = []
        self.asked: list[str] = []

    async def _invoke_method(self, method_name, arguments=None, timeout=None):
        args = dict(arguments or {})
        self.calls.append((method_name, args))
        if method_name == "schedule":
            when = args["when"]
            at = datetime.fromisoformat(when["iso"]) if "iso" in when else self.clock() + timedelta(
                seconds=when["delay_seconds"])
            if at.tzinfo is None:
                return "error:invalid_schedule:naive time without a zone"
            if at <= self.clock():
                return "error:schedule_failed:Invalid argument (scheduledDate): Must be a date in the future"
            self.pending[args["id"]] = {**args, "at": at.astimezone(timezone.utc)}
            if self.ios_cap and len(self.pending) > IOS_CAP:  # iOS drops the latest ones
                for late in sorted(self.pending, key=lambda i: self.pending[i]["at"])[IOS_CAP:]:
                    del self.pending[late]
            return "ok"
        if method_name == "cancel":
            self.pending.pop(args["id"], None)
            return "ok"
        if method_name == "get_pending":
            return json.dumps([{"id": i, "title": p["title"], "body": p["body"], "payload": p["payload"]}
                               for i, p in self.pending.items()])
        if method_name == "are_notifications_enabled":
            return "true" if self.enabled else "false"
        if method_name == "can_schedule_exact_notifications":
            return "true" if self.exact else "false"
        if method_name in ("request_permissions", "request_exact_alarm_permission", "open_app_settings"):
            self.asked.append(method_name)  # the user says yes
            self.enabled = self.enabled or method_name == "request_permissions"
            self.exact = self.exact or method_name == "request_exact_alarm_permission"
            return "true"
        if method_name == "create_notification_channel":
            self.channels.append(args)
            return "ok"
        return f"error:unknown_method:{method_name}"

    # -- what the phone does on its own -----------------------------------------------------------------
    def fire_due(self) -> list[dict]:
        """The system shows (and drops from pending) every notification whose time has come."""
        now = self.clock()
        shown = [p for p in self.pending.values() if p["at"] <= now]
        for p in shown:
            del self.pending[p["id"]]
        self.shown += shown
        return shown

    def take(self, notification: dict, action_id: str = "") -> None:
        """The patient taps a notification (action "") or one of its buttons with the app closed."""
        self.queue.append({"id": notification["id"], "action_id": action_id, "payload": notification["payload"]})

    async def replay(self) -> None:
        """What the extension does when it starts: queued responses go to the handlers, in order."""
        queue, self.queue = self.queue, []
        for item in queue:
            kind = "action" if item["action_id"] else "tap"
            handler = self.on_action if kind == "action" else self.on_tap
            await handler(NotificationEvent(name=kind, control=self, data=None, response_type=kind, **item))

    def times(self) -> list[datetime]:
        return sorted(p["at"] for p in self.pending.values())
