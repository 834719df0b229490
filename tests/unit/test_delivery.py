"""Reminder delivery: shown once, snoozed ones once more, nothing silently lost, across restarts."""

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.core.delivery import (
    due,
    empty_state,
    mark_delivered,
    mark_done,
    missed,
    parse_state,
    prune,
    snooze,
)
from companion.core.errors import InputError

PARIS = ZoneInfo("Europe/Paris")
UTC = timezone.utc


@dataclass(frozen=True)
class Occ:
    key: str
    kind: str
    at: datetime
    title: str
    body: str
    cycle: int | None


def occ(key, hour, minute=0, day=3):
    return Occ(key, "premedication", datetime(2025, 3, day, hour, minute, tzinfo=PARIS), key, "", 1)


def at(hour, minute=0, day=3):
    return datetime(2025, 3, day, hour, minute, tzinfo=PARIS)


def restart(state):
    return parse_state(json.loads(json.dumps(state)))


def keys(occurrences):
    return [o.key for o in occurrences]


def deliver_all(occurrences, state, now):
    for o in due(occurrences, state, now):
        state = mark_delivered(state, o, now)
    return state


PREMED, INFUSION, EVENING = occ("premed", 9), occ("infusion", 10), occ("evening", 19)
DAY = [EVENING, INFUSION, PREMED]


def test_due_lists_reached_occurrences_in_time_order_and_not_future_ones():
    assert keys(due(DAY, empty_state(), at(10))) == ["premed", "infusion"]
    assert due(DAY, empty_state(), at(8, 59)) == []


def test_a_delivered_occurrence_is_not_due_again_even_after_a_restart():
    state = mark_delivered(empty_state(), PREMED, at(9))
    state = restart(state)
    assert keys(due(DAY, state, at(9, 30))) == []
    assert keys(due(DAY, state, at(10))) == ["infusion"]


def test_functions_return_new_state_and_leave_the_old_one_untouched():
    before = mark_delivered(empty_state(), PREMED, at(9))
    frozen = json.dumps(before)
    mark_delivered(before, INFUSION, at(10))
    mark_done(before, PREMED, at(9, 5))
    snooze(before, PREMED, at(9, 5), 10)
    prune(before, at(12))
    assert json.dumps(before) == frozen


def test_marking_an_occurrence_that_is_not_due_changes_nothing():
    state = mark_delivered(empty_state(), EVENING, at(10))
    assert keys(due(DAY, state, at(19))) == ["premed", "infusion", "evening"]


def test_a_snoozed_occurrence_comes_back_once_at_the_snoozed_time():
    state = mark_delivered(empty_state(), PREMED, at(9))
    state = restart(snooze(state, PREMED, at(9, 2), 10))
    assert due([PREMED], state, at(9, 11)) == []
    assert due([PREMED], state, at(9, 12)) == [PREMED]
    state = restart(mark_delivered(state, PREMED, at(9, 12)))
    assert due([PREMED], state, at(23)) == []
    state = snooze(state, PREMED, at(9, 15), 30)
    assert due([PREMED], state, at(9, 45)) == [PREMED]


def test_snooze_counts_real_minutes_across_the_autumn_clock_change():
    # 02:55 summer time, then clocks go back at 03:00: ten minutes later the wall clock shows 02:05.
    now = datetime(2025, 10, 26, 2, 55, tzinfo=PARIS)
    o = Occ("capecitabine", "capecitabine", now, "Capecitabine", "", 2)
    state = snooze(mark_delivered(empty_state(), o, now), o, now, 10)
    real = now.astimezone(UTC)
    assert due([o], state, (real + timedelta(minutes=9)).astimezone(PARIS)) == []
    assert due([o], state, (real + timedelta(minutes=10)).astimezone(PARIS)) == [o]


@pytest.mark.parametrize("minutes", [0, 5, 15, 45, 120, -10, True, "10", 10.0])
def test_snooze_accepts_only_10_30_or_60_minutes(minutes):
    with pytest.raises(InputError, match="10, 30 or 60 minutes"):
        snooze(empty_state(), PREMED, at(9), minutes)


def test_done_is_never_shown_again_and_snoozing_it_changes_nothing():
    state = mark_done(empty_state(), PREMED, at(8, 50))  # done before its time
    assert due(DAY, state, at(9)) == []
    assert snooze(state, PREMED, at(9), 10) == state
    delivered = mark_delivered(empty_state(), INFUSION, at(10))
    state = mark_done(snooze(delivered, INFUSION, at(10), 10), INFUSION, at(10, 5))
    assert due(DAY, state, at(11)) == [PREMED]


def test_missed_lists_past_undone_occurrences_when_the_phone_was_off():
    # Nothing was delivered: the phone was off from 08:00 to 10:20.
    late = occ("late", 10)
    state = mark_done(empty_state(), INFUSION, at(10, 15))
    assert keys(missed(DAY + [late], state, at(10, 20))) == ["premed"]
    assert keys(missed(DAY + [late], state, at(10, 30))) == ["premed", "late"]
    assert keys(missed(DAY, state, at(10, 20), grace=timedelta(0))) == ["premed"]


def test_a_pending_snooze_is_not_missed_until_its_own_time_passes():
    state = snooze(mark_delivered(empty_state(), PREMED, at(9)), PREMED, at(9, 50), 60)
    assert missed([PREMED], state, at(10, 30)) == []
    assert missed([PREMED], state, at(11, 20)) == [PREMED]


def test_prune_drops_old_records_and_never_redelivers_them():
    yesterday = [occ("premed", 9, day=2), occ("infusion", 10, day=2)]
    today = [occ("premed-3", 9), occ("premed-3-late", 9, 30)]
    state = deliver_all(yesterday, empty_state(), at(11, day=2))
    state = deliver_all(yesterday + today, state, at(9, 30))
    state = snooze(state, today[0], at(9, 30), 60)
    pruned = restart(prune(state, at(9, 15)))  # premed-3 is older but its snooze is not
    assert set(pruned["items"]) == {"premed-3", "premed-3-late"}
    assert due(yesterday + today, pruned, at(10)) == []
    assert due(yesterday + today, pruned, at(10, 30)) == [today[0]]
    assert missed(yesterday, pruned, at(12)) == []


def test_parse_state_starts_empty_and_round_trips():
    assert parse_state(None) == parse_state({}) == empty_state()
    state = snooze(mark_delivered(empty_state(), PREMED, at(9)), PREMED, at(9), 10)
    assert restart(prune(state, at(0))) == prune(state, at(0))


@pytest.mark.parametrize(
    "data, words",
    [
        ({"version": 2, "items": {}}, "newer version of the app"),
        ({"version": "1", "items": {}}, "unknown version"),
        ([1, 2], "not a JSON object"),
        ({"version": 1, "items": {"premed": {"at": "tomorrow"}}}, "'items.premed.at'"),
        ({"version": 1, "items": {"premed": {"at": "2025-03-03T09:00:00"}}}, "with a zone"),
        ({"version": 1, "items": {"premed": {"delivered": "2025-03-03T09:00:00+00:00"}}}, "has no time"),
        ({"version": 1, "items": {"p": {"at": "2025-03-03T09:00:00+00:00", "seen": "x"}}}, "'items.p.seen'"),
    ],
)
def test_parse_state_refuses_newer_or_damaged_state_with_one_plain_line(data, words):
    with pytest.raises(InputError) as caught:
        parse_state(data)
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="zone-aware"):
        due(DAY, empty_state(), datetime(2025, 3, 3, 10))


# --- property: exactly once across restarts -------------------------------------------------

START = datetime(2025, 3, 29, 22, 0, tzinfo=UTC)  # spans the spring clock change in Paris

steps = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=240),  # minutes until the next tick
        st.booleans(),  # restart after the tick
        st.sampled_from(["none", "snooze", "done", "prune"]),
        st.integers(min_value=0, max_value=10**6),  # picks a key / a snooze length / a prune age
    ),
    max_size=40,
)
occurrence_minutes = st.lists(st.integers(min_value=0, max_value=3 * 24 * 60), min_size=1, max_size=15)


@settings(max_examples=150, deadline=None)
@given(occurrence_minutes, steps)
def test_each_occurrence_is_delivered_once_and_each_snooze_once_more(minutes, plan):
    occurrences = [
        Occ(f"k{i}", "reminder", (START + timedelta(minutes=m)).astimezone(PARIS), "t", "b", None)
        for i, m in enumerate(minutes)
    ]
    by_key = {o.key: o for o in occurrences}
    state, now = parse_state(None), START
    shown, snoozes, done_at = Counter(), Counter(), {}
    awaiting_snooze = set()

    def tick(now, state):
        for o in due(occurrences, state, now):
            assert o.key not in done_at, "shown after done"
            shown[o.key] += 1
            awaiting_snooze.discard(o.key)
            state = mark_delivered(state, o, now)
        return state

    for gap, restart_after, action, pick in plan:
        now += timedelta(minutes=gap)
        state = tick(now, state)
        if restart_after:
            state = restart(state)
        snoozable = sorted(k for k in shown if k not in done_at and k not in awaiting_snooze)
        if action == "snooze" and snoozable:
            key = snoozable[pick % len(snoozable)]
            state = snooze(state, by_key[key], now, (10, 30, 60)[pick % 3])
            snoozes[key] += 1
            awaiting_snooze.add(key)
        elif action == "done":
            key = f"k{pick % len(occurrences)}"
            state = mark_done(state, by_key[key], now)
            done_at.setdefault(key, now)
        elif action == "prune":
            state = prune(state, now - timedelta(minutes=pick % (3 * 24 * 60)))

    state = tick(now + timedelta(days=10), restart(state))
    for o in occurrences:
        expected = 1 + snoozes[o.key]
        if o.key in done_at:
            assert shown[o.key] <= expected
        else:
            assert shown[o.key] == expected, o.key
