"""Reminders -> an iCalendar file (RFC 5545) that any calendar app can import."""

import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone

from icalendar import Alarm, Calendar, Event

from companion import __version__
from companion.core.reminders import Occurrence

UID_DOMAIN = "ixempra-companion.app"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, UID_DOMAIN)


def event_uid(calendar_name: str, key: str) -> str:
    """Stable per calendar and occurrence: re-exporting updates events instead of duplicating them."""
    return f"{uuid.uuid5(_NAMESPACE, calendar_name + chr(10) + key)}@{UID_DOMAIN}"


def to_ics(occurrences: Sequence[Occurrence], calendar_name: str, stamp: datetime | None = None,
           words: Callable[[Occurrence], tuple[str, str]] | None = None) -> bytes:
    """One VEVENT with a DISPLAY alarm at its start per occurrence; times keep their TZID.

    Summaries and descriptions are the words as read at each event's own time (`words(occurrence)`: (title,
    body), the patient's language; by default `occurrence.title`, `.body`, in English): a calendar shows
    "Tomorrow at 09:00: infusion" on the evening before, where it is true."""
    stamp = (stamp or datetime.now(timezone.utc)).astimezone(timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", f"-//Ixempra Companion//{__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", calendar_name)
    words = words or (lambda occurrence: (occurrence.title, occurrence.body))
    for occurrence in occurrences:
        title, body = words(occurrence)
        event = Event()
        event.add("uid", event_uid(calendar_name, occurrence.key))
        event.add("dtstamp", stamp)
        event.add("dtstart", occurrence.at)
        event.add("summary", title)
        event.add("description", body)
        event.add("categories", [occurrence.kind])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        calendar.add_component(event)
    if occurrences:
        years = [o.at.year for o in occurrences]
        calendar.add_missing_timezones(date(min(years) - 1, 1, 1), date(max(years) + 2, 1, 1))
    return calendar.to_ical()
