"""Trends: numbness/tingling compared across cycles, and the series charts draw."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from companion.core.diary import Temperature, new_entry
from companion.core.errors import InputError
from companion.core.trends import neuropathy_trend, series, temperature_series, worst_by_cycle

LONDON = ZoneInfo("Europe/London")
CYCLE_1 = datetime(2025, 3, 10, 9, 0, tzinfo=LONDON)
INFUSIONS = [CYCLE_1 + timedelta(days=21 * i) for i in range(3)]  # crosses the March clock change


def day(n, hour=20):
    return CYCLE_1.replace(hour=hour) + timedelta(days=n)


def numb(n, severity, **more):
    return new_entry(day(n), f"d{n}", symptoms={"numbness_tingling": severity, **more})


def test_worse_this_cycle_than_the_first_says_whom_to_tell():
    trend = neuropathy_trend([numb(3, 1), numb(24, 2)], INFUSIONS[:2])
    assert (trend.cycle, trend.worst, trend.earlier_cycle, trend.earlier_worst) == (2, 2, 1, 1)
    assert trend.message == ("Numbness or tingling is worse this cycle (moderate) than in cycle 1 (mild). "
                             "Tell your care team at your next visit, or sooner if it affects buttons, writing "
                             "or walking.")


def test_the_worst_of_each_cycle_is_compared():
    entries = [numb(2, 1), numb(5, 2), numb(23, 2), numb(30, 1)]
    assert worst_by_cycle(entries, INFUSIONS, "numbness_tingling") == {1: 2, 2: 2}
    assert neuropathy_trend(entries, INFUSIONS[:2]) is None  # moderate both times: not worse


def test_better_or_a_single_cycle_is_no_trend():
    assert neuropathy_trend([numb(3, 3), numb(24, 1)], INFUSIONS[:2]) is None
    assert neuropathy_trend([numb(3, 1), numb(9, 4)], INFUSIONS[:1]) is None
    assert neuropathy_trend([], INFUSIONS) is None


def test_a_cycle_without_numbness_counts_as_none():
    entries = [new_entry(day(4), "f", symptoms={"fatigue": 2}), numb(25, 1), numb(44, 1)]
    trend = neuropathy_trend(entries, INFUSIONS)
    assert (trend.cycle, trend.earlier_cycle) == (3, 1)
    assert trend.message.startswith("Numbness or tingling is worse this cycle (mild) than in cycle 1 (none).")


def test_entries_before_the_first_infusion_are_left_out():
    before = new_entry(CYCLE_1 - timedelta(days=2), "b", symptoms={"numbness_tingling": 0})
    assert worst_by_cycle([before, numb(3, 2)], INFUSIONS, "numbness_tingling") == {1: 2}
    assert neuropathy_trend([before, numb(3, 2)], INFUSIONS) is None


def test_an_earlier_cycle_is_named_when_the_latest_has_no_entries_yet():
    trend = neuropathy_trend([numb(3, 1), numb(24, 3)], INFUSIONS)  # nothing recorded in cycle 3 yet
    assert trend.message.startswith("Numbness or tingling is worse in cycle 2 (severe) than in cycle 1 (mild).")


def test_the_message_never_speaks_of_changing_treatment():
    trend = neuropathy_trend([numb(3, 0), numb(24, 4)], INFUSIONS[:2])
    assert "care team" in trend.message
    for word in ("stop", "skip", "dose", "change"):
        assert word not in trend.message.lower()


def test_naive_infusion_times_are_refused():
    with pytest.raises(InputError, match="time zone"):
        worst_by_cycle([numb(3, 1)], [datetime(2025, 3, 10, 9, 0)], "numbness_tingling")


def test_series_are_in_time_order_with_none_as_zero():
    entries = [numb(5, 2), new_entry(day(1), "x", Temperature(100.4, "F")), numb(3, 1, nausea=1)]
    assert series(entries, "numbness_tingling") == [(day(1), 0), (day(3), 1), (day(5), 2)]
    assert series(entries, "nausea") == [(day(1), 0), (day(3), 1), (day(5), 0)]
    (point,) = temperature_series(entries)
    assert point[0] == day(1) and point[1] == pytest.approx(38.0)
