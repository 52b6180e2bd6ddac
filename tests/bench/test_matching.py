"""How actions are paired with what the screen showed, and the statistics on top."""

from __future__ import annotations

from bench.key_latency import pair
from bench.matching import all_shown, match
from bench.stats import percentile, ratio, turns


def action(sid: str, expect: str, at: float) -> dict:
    return {"sid": sid, "expect": expect, "handoffs": {"sub-1": at, "sub-2": at + 5}}


def test_each_change_pairs_with_the_first_later_refresh_showing_it() -> None:
    actions = [action("a", "ringing", 1.0), action("a", "active", 2.0), action("b", "ringing", 1.5)]
    painted = {
        "a": [(1.01, "ringing"), (1.9, "ringing"), (2.03, "active")],
        "b": [(1.52, "ringing")],
    }
    result = match(actions, painted)
    assert result.missing == 0
    assert [round(x, 3) for x in result.latencies] == [0.01, 0.03, 0.02]


def test_a_change_back_and_forth_needs_a_refresh_for_each() -> None:
    actions = [action("a", "held", 1.0), action("a", "active", 2.0), action("a", "held", 3.0)]
    painted = {"a": [(1.1, "held"), (2.1, "active")]}  # the second hold never showed
    result = match(actions, painted)
    assert result.applied == 2
    assert result.missing == 1


def test_a_refresh_before_the_handoff_does_not_count() -> None:
    result = match([action("a", "active", 2.0)], {"a": [(1.5, "active")]})
    assert result.missing == 1


def test_drain_check_looks_at_the_last_change_per_call() -> None:
    actions = [action("a", "ringing", 1.0), action("a", "gone", 2.0)]
    assert not all_shown(actions, {"a": [(1.1, "ringing")]})
    assert all_shown(actions, {"a": [(1.1, "ringing"), (2.1, "gone")]})


def test_each_key_press_pairs_with_the_next_request() -> None:
    assert [round(x, 3) for x in pair([1.0, 2.0], [0.5, 1.004, 2.01])] == [0.004, 0.01]
    assert pair([3.0], [1.0]) == []


def test_percentiles_and_ratios() -> None:
    assert percentile([], 0.5) is None
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert percentile(list(range(101)), 0.99) == 99.0
    assert ratio(3.0, 2.0) == 1.5
    assert ratio(None, 2.0) is None


def test_sides_swap_order_every_round() -> None:
    # Whichever side went second would otherwise always meet the later, drifted machine.
    orders = [turns(("baseline", "calldeck"), index) for index in range(4)]
    assert orders == [["baseline", "calldeck"], ["calldeck", "baseline"]] * 2
