"""The only place that reads the clock or guesses the device's time zone."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def local_zone_name(environ=os.environ) -> str:
    """The device's IANA zone name (e.g. "Europe/London"), or "UTC" when it cannot be told."""
    candidates = [environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text().strip())
    except OSError:
        pass
    try:
        link = os.readlink("/etc/localtime")
        candidates.append(link.split("zoneinfo/", 1)[-1])
    except OSError:
        pass
    known = available_timezones()
    return next((name for name in candidates if name in known), "UTC")


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
