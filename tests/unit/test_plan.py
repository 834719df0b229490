"""Treatment plan: parsing, round trip, infusion days, delays."""

from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from companion.core.errors import InputError
from companion.core.plan import move_infusion, parse_plan, plan_to_dict

LONDON = ZoneInfo("Europe/London")
EXAMPLE = {
    "timezone": "Europe/London", "first_infusion": "2026-03-10T09:00", "cycle_days": 21, "cycles": 4,
    "with_capecitabine": False, "capecitabine_times": ["08:00", "20:00"], "prior_reaction": False,
    "contraception": "can_become_pregnant", "contraception_time": "09:00", "contraception_frequency": "daily",
    "delays": [{"cycle": 3, "to": "2026-05-01T10:00"}],
}


def local(text, zone=LONDON):
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def test_defaults_fill_in_the_optional_keys():
    plan = parse_plan({"timezone": "Europe/London", "first_infusion": "2026-03-10T09:00"})
    assert plan_to_dict(plan) == {
        "timezone": "Europe/London", "first_infusion": "2026-03-10T09:00", "cycle_days": 21, "cycles": None,
        "with_capecitabine": False, "capecitabine_times": ["08:00", "20:00"], "prior_reaction": False,
        "contraception": "none", "contraception_time": "09:00", "contraception_frequency": "daily", "delays": [],
    }


def test_full_plan_round_trips_unchanged():
    assert plan_to_dict(parse_plan(EXAMPLE)) == EXAMPLE
    assert parse_plan(plan_to_dict(parse_plan(EXAMPLE))) == parse_plan(EXAMPLE)


def test_infusions_every_cycle_days_at_the_same_wall_clock_time_across_dst():
    plan = parse_plan({"timezone": "Europe/London", "first_infusion": "2026-03-10T09:00", "cycles": 3})
    assert [(i.cycle, i.at.isoformat()) for i in plan.infusions()] == [
        (1, "2026-03-10T09:00:00+00:00"), (2, "2026-03-31T09:00:00+01:00"), (3, "2026-04-21T09:00:00+01:00")]


def test_a_delay_moves_its_cycle_and_every_later_one_by_the_same_shift():
    plan = parse_plan(EXAMPLE)
    assert [i.at for i in plan.infusions()] == [
        local("2026-03-10T09:00"), local("2026-03-31T09:00"), local("2026-05-01T10:00"), local("2026-05-22T10:00")]
    assert plan.last_infusion.at == local("2026-05-22T10:00")


def test_several_delays_compose_in_cycle_order_whatever_order_they_are_written():
    delays = [{"cycle": 4, "to": "2026-06-01T09:00"}, {"cycle": 2, "to": "2026-04-07T09:00"}]
    plan = parse_plan({**EXAMPLE, "cycles": 5, "delays": delays})
    # cycle 2 one week late -> cycle 3 on 28 April; cycle 4 moved to 1 June -> cycle 5 three weeks later
    assert [f"{i.at:%Y-%m-%d}" for i in plan.infusions()] == [
        "2026-03-10", "2026-04-07", "2026-04-28", "2026-06-01", "2026-06-22"]
    assert [d["cycle"] for d in plan_to_dict(plan)["delays"]] == [2, 4]


def test_open_ended_plan_needs_an_end_bound_and_has_no_last_infusion():
    plan = parse_plan({**EXAMPLE, "cycles": None, "delays": []})
    with pytest.raises(ValueError):
        plan.infusions()
    assert plan.last_infusion is None
    found = plan.infusions(limit_end=local("2027-03-10T09:00"))
    assert len(found) == 18 and found[-1].at == local("2027-03-02T09:00")


def test_move_infusion_adds_then_replaces_a_delay():
    plan = parse_plan({**EXAMPLE, "delays": []})
    moved = move_infusion(plan, 2, local("2026-04-02T11:00"))
    assert moved.infusion(2).at == local("2026-04-02T11:00")
    assert moved.infusion(3).at == local("2026-04-23T11:00")
    again = move_infusion(moved, 2, local("2026-04-03T09:00"))
    assert [d["to"] for d in plan_to_dict(again)["delays"]] == ["2026-04-03T09:00"]
    assert plan.infusion(2).at == local("2026-03-31T09:00")  # the original is untouched
    with pytest.raises(InputError, match="cycle 2 .* later day than cycle 1"):
        move_infusion(plan, 2, local("2026-03-10T15:00"))


@pytest.mark.parametrize("change, key", [
    ({"colour": "blue"}, "colour"),
    ({"first_infusion": "2026-02-30T09:00"}, "first_infusion"),
    ({"first_infusion": "2026-03-10 09:00"}, "first_infusion"),
    ({"first_infusion": "2026-03-10T09:00+01:00"}, "first_infusion"),
    ({"timezone": "Europe/Londn"}, "timezone"),
    ({"timezone": 1}, "timezone"),
    ({"cycles": 0}, "cycles"),
    ({"cycles": "4"}, "cycles"),
    ({"cycle_days": 6}, "cycle_days"),
    ({"cycle_days": 43}, "cycle_days"),
    ({"cycle_days": True}, "cycle_days"),
    ({"cycle_days": 21.0}, "cycle_days"),
    ({"with_capecitabine": "yes"}, "with_capecitabine"),
    ({"capecitabine_times": ["8:00"]}, "capecitabine_times[0]"),
    ({"capecitabine_times": ["08:00", "24:00"]}, "capecitabine_times[1]"),
    ({"capecitabine_times": ["08:00", "08:00"]}, "capecitabine_times"),
    ({"capecitabine_times": []}, "capecitabine_times"),
    ({"capecitabine_times": "08:00"}, "capecitabine_times"),
    ({"contraception_time": "9am"}, "contraception_time"),
    ({"contraception": "maybe"}, "contraception"),
    ({"contraception_frequency": "monthly"}, "contraception_frequency"),
    ({"delays": [{"cycle": 5, "to": "2026-07-01T09:00"}]}, "delays"),
    ({"delays": [{"cycle": 0, "to": "2026-03-01T09:00"}]}, "delays"),
    ({"delays": [{"cycle": 3, "to": "2026-03-30T09:00"}]}, "delays"),
    ({"delays": [{"cycle": 3, "to": "2026-05-01T10:00"}, {"cycle": 3, "to": "2026-05-02T10:00"}]}, "delays"),
    ({"delays": [{"cycle": 3}]}, "delays[0]"),
    ({"delays": [{"cycle": "3", "to": "2026-05-01T10:00"}]}, "delays[0].cycle"),
    ({"delays": [{"cycle": 3, "to": "2026-05-32T10:00"}]}, "delays[0].to"),
    ({"delays": {"cycle": 3}}, "delays"),
])
def test_bad_plans_are_rejected_with_one_line_naming_the_key(change, key):
    with pytest.raises(InputError) as caught:
        parse_plan({**EXAMPLE, **change})
    message = str(caught.value)
    assert key in message and "\n" not in message


@pytest.mark.parametrize("missing", ["timezone", "first_infusion"])
def test_required_keys(missing):
    data = dict(EXAMPLE)
    del data[missing]
    with pytest.raises(InputError, match=missing):
        parse_plan(data)


def test_a_plan_must_be_an_object():
    with pytest.raises(InputError, match="JSON object"):
        parse_plan([EXAMPLE])


clocks = st.times().map(lambda t: f"{t:%H:%M}")
local_times = st.datetimes(datetime(2025, 1, 1), datetime(2030, 12, 31)).map(lambda d: f"{d:%Y-%m-%dT%H:%M}")


@st.composite
def plans(draw):
    cycles = draw(st.none() | st.integers(1, 12))
    delays = []
    if cycles and draw(st.booleans()):
        cycle = draw(st.integers(2, cycles)) if cycles > 1 else 1
        delays = [{"cycle": cycle, "to": f"2031-{draw(st.integers(1, 12)):02}-15T10:30"}]
    return {
        "timezone": draw(st.sampled_from(["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata"])),
        "first_infusion": draw(local_times), "cycle_days": draw(st.integers(7, 42)), "cycles": cycles,
        "with_capecitabine": draw(st.booleans()),
        "capecitabine_times": draw(st.lists(clocks, min_size=1, max_size=3, unique=True)),
        "prior_reaction": draw(st.booleans()),
        "contraception": draw(st.sampled_from(["can_become_pregnant", "partner_can_become_pregnant", "none"])),
        "contraception_time": draw(clocks),
        "contraception_frequency": draw(st.sampled_from(["daily", "weekly", "off"])),
        "delays": delays,
    }


@settings(max_examples=60, deadline=None)
@given(plans())
def test_any_valid_plan_round_trips_losslessly(data):
    try:
        plan = parse_plan(data)
    except InputError:  # a generated delay may land before the previous cycle: rejection is the rule
        return
    assert plan_to_dict(plan) == data
    assert parse_plan(plan_to_dict(plan)) == plan


def test_infusion_in_a_spring_forward_gap_moves_to_the_end_of_the_gap():
    plan = parse_plan({"timezone": "Europe/London", "first_infusion": "2026-03-08T01:30", "cycle_days": 21,
                       "cycles": 2})
    assert plan.infusions()[1].at.astimezone(timezone.utc) == datetime(2026, 3, 29, 1, 0, tzinfo=timezone.utc)
    assert plan.infusions()[1].at.time() == time(2, 0)


@pytest.mark.parametrize("zone", ["Europe", "a" * 300, "zone1970.tab", "../../etc/passwd", "", 3])
def test_a_time_zone_that_is_a_folder_a_file_or_too_long_is_refused_in_one_line(zone):
    with pytest.raises(InputError) as caught:  # "Europe" is a folder of tzdata: ZoneInfo raises an OSError
        parse_plan({**EXAMPLE, "timezone": zone})
    message = str(caught.value)
    assert message.startswith("timezone:") and "not a known time zone" in message and "\n" not in message
