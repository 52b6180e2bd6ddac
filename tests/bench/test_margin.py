"""Targets met with a margin (`bench/margin.py`), and the README's table of consecutive runs."""

from __future__ import annotations

from bench.margin import MARGIN, runs_table, shortfalls, with_margin

# A run meeting every target by a margin (shaped as `python -m bench` writes it).
GOOD = {
    "startup": {"ratio": 1.1},
    "event_latency": {"ratio_p99": 1.5, "p99_ms": 9.0, "websocket": {"ratio_p99": 1.4}},
    "key_latency": {"ratio_p99": 1.2},
    "reducer": {"ratio": 1.6},
    "idle": {"ratio": 0.5},
    "scale": {"lost": 0, "lag_p99_ms": 20.0, "rss_mb": 150.0},
    "machine": {"cpu": "AMD EPYC", "cores": 2, "python": "3.11.7", "textual": "8.2.8"},
}


def test_a_target_met_by_a_hair_is_not_met_with_a_margin() -> None:
    assert with_margin(1.1, "≤ 1.3")
    assert with_margin(1.3 * MARGIN, "≤ 1.3")
    assert not with_margin(1.29, "≤ 1.3")  # met, on this machine, this time
    assert with_margin(0, "0") and not with_margin(1, "0")  # nothing lost has no headroom


def test_a_run_names_each_measure_short_of_its_margin() -> None:
    assert shortfalls(GOOD) == []
    tight = GOOD | {"startup": {"ratio": 1.3}, "key_latency": None}
    assert shortfalls(tight) == [
        "Start-up: 1.3 against ≤ 1.3 (margin: ≤ 90% of it)",
        "Key p99: not measured",
    ]
    websocket = GOOD | {"event_latency": {"ratio_p99": 1.5, "p99_ms": 9.0, "websocket": {}}}
    assert shortfalls(websocket) == ["WebSocket event p99: not measured"]


def test_the_runs_table_shows_each_share_of_its_target_and_the_machines() -> None:
    table = runs_table([("run-a", GOOD), ("run-b", GOOD | {"startup": {"ratio": 1.25}})])
    rows = table.splitlines()
    assert rows[2].startswith("| run-a | 1.1 (85%) | 1.5 (75%) | 1.4 (70%) |")
    assert rows[2].endswith("| yes |")
    assert rows[3].startswith("| run-b | 1.25 (96%) ✗ |") and rows[3].endswith("| no |")
    assert "| 0 |" in rows[2]  # events lost: a count, no share
    assert "- run-a: AMD EPYC, 2 cores, Python 3.11.7, Textual 8.2.8" in table
