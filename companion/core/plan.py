"""The treatment plan: infusion days, cycles and delays.

Times in a plan are wall-clock times in the plan's zone. Wall-clock arithmetic is plain
`datetime` arithmetic on datetimes that share the plan's ZoneInfo; `localtime.normalize`
turns a wall time into a real instant at the end.
"""

import dataclasses
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from companion.core.errors import InputError
from companion.core.i18n import N_
from companion.core.localtime import normalize, utc

# The label gives 21 days (data/schedule.toml, label 2.1). Other intervals are allowed so that a
# care team can enter what it prescribed, within bounds that catch typos: nothing shorter than a
# weekly schedule, nothing longer than twice the label's interval (a longer wait is a delay).
CYCLE_DAYS_RANGE = (7, 42)
MAX_CYCLES = 100  # a sanity bound; treatment "until progression" is an open-ended plan (null)
YEARS = (2000, 2100)
TIMES_EXAMPLE = '["08:00", "20:00"]'


class Contraception(StrEnum):
    CAN_BECOME_PREGNANT = "can_become_pregnant"
    PARTNER_CAN_BECOME_PREGNANT = "partner_can_become_pregnant"
    NONE = "none"


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    OFF = "off"


@dataclass(frozen=True)
class Infusion:
    cycle: int
    at: datetime


@dataclass(frozen=True)
class Delay:
    """Cycle `cycle` happens at `to`; every later infusion moves by the same shift."""

    cycle: int
    to: datetime


@dataclass(frozen=True)
class Plan:
    first_infusion: datetime  # aware; its ZoneInfo is the plan's zone
    cycle_days: int = 21  # label 2.1 (data/schedule.toml)
    cycles: int | None = None  # None: open-ended
    with_capecitabine: bool = False
    capecitabine_times: tuple[time, ...] = (time(8), time(20))  # twice daily: label 2.1
    prior_reaction: bool = False
    contraception: Contraception = Contraception.NONE
    contraception_time: time = time(9)
    contraception_frequency: Frequency = Frequency.DAILY
    delays: tuple[Delay, ...] = ()

    def __post_init__(self):
        if not isinstance(self.first_infusion.tzinfo, ZoneInfo):
            raise ValueError("first_infusion needs a ZoneInfo time zone")
        _check_range("cycle_days", self.cycle_days, *CYCLE_DAYS_RANGE)
        if self.cycles is not None:
            _check_range("cycles", self.cycles, 1, MAX_CYCLES)
        if not self.capecitabine_times:
            raise InputError(N_("list at least one time, like {example}."), field="capecitabine_times",
                             example=TIMES_EXAMPLE)
        if len(set(self.capecitabine_times)) != len(self.capecitabine_times):
            raise InputError(N_("each time may appear only once."), field="capecitabine_times")
        _check_delays(self)

    @property
    def zone(self) -> ZoneInfo:
        return self.first_infusion.tzinfo

    @property
    def timezone(self) -> str:
        return self.zone.key

    def infusions(self, limit_end: datetime | None = None) -> list[Infusion]:
        """Infusions before `limit_end` (all of them when None; an open-ended plan needs a bound)."""
        if limit_end is None and self.cycles is None:
            raise ValueError("an open-ended plan needs limit_end")
        found = []
        for infusion in _schedule(self):
            if limit_end is not None and utc(infusion.at) >= utc(limit_end):
                break
            found.append(infusion)
        return found

    def infusion(self, cycle: int) -> Infusion:
        """The infusion of one cycle, delays applied."""
        if cycle < 1 or (self.cycles is not None and cycle > self.cycles):
            raise ValueError(f"no cycle {cycle} in this plan")
        return next(i for i in _schedule(self) if i.cycle == cycle)

    @property
    def last_infusion(self) -> Infusion | None:
        """None for an open-ended plan."""
        return None if self.cycles is None else self.infusion(self.cycles)


def _schedule(plan: Plan) -> Iterator[Infusion]:
    moved = {d.cycle: d.to for d in plan.delays}
    shift = timedelta(0)
    cycle = 1
    while plan.cycles is None or cycle <= plan.cycles:
        wall = plan.first_infusion + timedelta(days=plan.cycle_days * (cycle - 1)) + shift
        if cycle in moved:
            shift += moved[cycle] - wall  # same tzinfo: a wall-clock difference
            wall = moved[cycle]
        yield Infusion(cycle, normalize(wall))
        cycle += 1


def _check_range(key: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise InputError(N_("{value} is outside the accepted range {low} to {high}."), field=key, value=value, low=low,
                         high=high)


def _check_delays(plan: Plan) -> None:
    cycles = [d.cycle for d in plan.delays]
    if cycles != sorted(set(cycles)):
        raise InputError(N_("give each cycle at most once, in cycle order."), field="delays")
    for d in plan.delays:
        if d.to.tzinfo is not plan.zone:
            raise ValueError("a delay must be in the plan's time zone")
        if d.cycle < 1 or (plan.cycles is not None and d.cycle > plan.cycles):
            raise InputError(N_("there is no cycle {cycle} in this plan."), field="delays", cycle=d.cycle)
    if not plan.delays:
        return
    previous = None
    for infusion in _schedule(plan):
        if infusion.cycle in cycles and previous and infusion.at.date() <= previous.at.date():
            raise InputError(N_("cycle {cycle} on {at} must come on a later day than cycle {previous} on "
                                "{previous_at}."), field="delays", cycle=infusion.cycle, at=_text(infusion.at),
                             previous=previous.cycle, previous_at=_text(previous.at))
        if infusion.cycle == cycles[-1]:
            return
        previous = infusion


def move_infusion(plan: Plan, cycle: int, new_local_datetime: datetime) -> Plan:
    """The plan with cycle `cycle` moved to `new_local_datetime` (a delay added or replaced)."""
    if new_local_datetime.tzinfo is None:
        raise ValueError("new_local_datetime must be timezone-aware")
    to = new_local_datetime.astimezone(plan.zone).replace(second=0, microsecond=0)
    delays = sorted([d for d in plan.delays if d.cycle != cycle] + [Delay(cycle, to)], key=lambda d: d.cycle)
    return dataclasses.replace(plan, delays=tuple(delays))


# --- JSON <-> Plan ---------------------------------------------------------------------------

_LOCAL = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})")
_CLOCK = re.compile(r"(\d{2}):(\d{2})")


def parse_local_datetime(value, key: str, zone: ZoneInfo) -> datetime:
    """'2026-03-10T09:00' (wall clock in `zone`, no offset) -> aware datetime."""
    match = _LOCAL.fullmatch(value) if isinstance(value, str) else None
    if not match:
        raise InputError(N_("expected a local date and time like {example}, got {value}."), field=key,
                         example='"2026-03-10T09:00"', value=_show(value))
    try:
        moment = datetime(*map(int, match.groups()), tzinfo=zone)
    except ValueError:
        raise InputError(N_("{value} is not a real date and time."), field=key, value=value) from None
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise InputError(N_("the year must be between {first} and {last}, got {year}."), field=key, first=YEARS[0],
                         last=YEARS[1], year=moment.year)
    return moment


def _clock(value, key: str) -> time:
    match = _CLOCK.fullmatch(value) if isinstance(value, str) else None
    try:
        return time(*map(int, match.groups()))
    except (AttributeError, ValueError):
        raise InputError(N_("expected a time like {example} (24-hour clock), got {value}."), field=key,
                         example='"08:00"', value=_show(value)) from None


def _clocks(value, key: str) -> tuple[time, ...]:
    if not isinstance(value, list):
        raise InputError(N_("expected a list of times like {example}, got {value}."), field=key,
                         example=TIMES_EXAMPLE, value=_show(value))
    return tuple(_clock(v, f"{key}[{i}]") for i, v in enumerate(value))


def _int(value, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(N_("expected a whole number, got {value}."), field=key, value=_show(value))
    return value


def _optional_int(value, key: str) -> int | None:
    return None if value is None else _int(value, key)


def _bool(value, key: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(N_("expected true or false, got {value}."), field=key, value=_show(value))
    return value


def _choice(kind: type[StrEnum]):
    def convert(value, key: str):
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(m.value for m in kind)
            raise InputError(N_("expected one of {allowed}, got {value}."), field=key, allowed=allowed,
                             value=_show(value)) from None

    return convert


def _zone(value) -> ZoneInfo:
    try:
        return ZoneInfo(value)
    except (TypeError, ValueError, KeyError, OSError):  # not found is a KeyError; a tzdata folder an OSError
        raise InputError(N_("{value} is not a known time zone (use a name like {example})."), field="timezone",
                         value=_show(value), example='"Europe/London"') from None


def _delays(value, zone: ZoneInfo) -> tuple[Delay, ...]:
    if not isinstance(value, list):
        raise InputError(N_("expected a list like {example}."), field="delays",
                         example='[{"cycle": 3, "to": "2026-05-01T10:00"}]')
    found = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or set(item) != {"cycle", "to"}:
            raise InputError(N_('expected exactly the keys "cycle" and "to", got {value}.'), field=f"delays[{i}]",
                             value=_show(item))
        found.append(Delay(_int(item["cycle"], f"delays[{i}].cycle"),
                           parse_local_datetime(item["to"], f"delays[{i}].to", zone)))
    return tuple(sorted(found, key=lambda d: d.cycle))


_CONVERTERS = {
    "cycle_days": _int,
    "cycles": _optional_int,
    "with_capecitabine": _bool,
    "capecitabine_times": _clocks,
    "prior_reaction": _bool,
    "contraception": _choice(Contraception),
    "contraception_time": _clock,
    "contraception_frequency": _choice(Frequency),
}
KEYS = ("timezone", "first_infusion", *_CONVERTERS, "delays")


def parse_plan(d: dict) -> Plan:
    """PLAN.json contents -> Plan; InputError names the first bad key."""
    if not isinstance(d, dict):
        raise InputError(N_('The plan must be a JSON object with "timezone" and "first_infusion".'))
    for key in d:
        if key not in KEYS:
            raise InputError(N_("Unknown key {key} in the plan; known keys: {known}."), key=f'"{key}"',
                             known=", ".join(KEYS))
    for key in ("timezone", "first_infusion"):
        if key not in d:
            raise InputError(N_("The plan needs {key}."), key=f'"{key}"')
    zone = _zone(d["timezone"])
    fields = {key: convert(d[key], key) for key, convert in _CONVERTERS.items() if key in d}
    return Plan(
        first_infusion=parse_local_datetime(d["first_infusion"], "first_infusion", zone),
        delays=_delays(d.get("delays", []), zone),
        **fields,
    )


def plan_to_dict(plan: Plan) -> dict:
    """Plan -> PLAN.json contents, every key written out."""
    return {
        "timezone": plan.timezone,
        "first_infusion": _text(plan.first_infusion),
        "cycle_days": plan.cycle_days,
        "cycles": plan.cycles,
        "with_capecitabine": plan.with_capecitabine,
        "capecitabine_times": [f"{t:%H:%M}" for t in plan.capecitabine_times],
        "prior_reaction": plan.prior_reaction,
        "contraception": plan.contraception.value,
        "contraception_time": f"{plan.contraception_time:%H:%M}",
        "contraception_frequency": plan.contraception_frequency.value,
        "delays": [{"cycle": d.cycle, "to": _text(d.to)} for d in plan.delays],
    }


def _text(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M}"


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."
