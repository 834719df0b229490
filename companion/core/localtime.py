"""Wall-clock times across daylight-saving changes.

A reminder set for 01:30 is a wall-clock time. On the night the clocks go forward,
01:30 may not exist: it moves to the first valid time after the gap. On the night
they go back, 01:30 happens twice: the reminder fires once, at the first one.
"""

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo


def utc(moment: datetime) -> datetime:
    """The same instant in UTC: compare and sort with this, never with wall fields."""
    return moment.astimezone(timezone.utc)


def normalize(wall: datetime) -> datetime:
    """A real instant for an aware wall-clock time: fold=0 if ambiguous, end of the gap if nonexistent."""
    wall = wall.replace(fold=0)
    zone = wall.tzinfo
    first = utc(wall)
    if first.astimezone(zone) == wall:  # same tzinfo: compares the wall fields
        return wall
    # In a gap, fold=0 reads the wall time with the offset from before the change and fold=1
    # with the offset from after it; the change happened between those two instants.
    lo, hi = int(utc(wall.replace(fold=1)).timestamp()), int(first.timestamp())
    after = first.astimezone(zone).utcoffset()
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, zone).utcoffset() == after:
            hi = mid
        else:
            lo = mid
    return datetime.fromtimestamp(hi, zone)


def wall_time(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """`clock` on `day` in `zone`, as a real instant (see `normalize`)."""
    return normalize(datetime.combine(day, clock, tzinfo=zone))
