"""`python -m bench` itself: the JSON file it writes has every key of the issue."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.__main__ import complete
from bench.agree import MIN_TAIL, compare, tail
from bench.machine import load_warning
from bench.plan import KEYS, plan
from bench.report import performance_table

REPO = Path(__file__).parents[2]


def test_out_file_has_every_piece_and_key(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "startup", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1  # the pieces not asked for are null, so not every piece ran
    results = json.loads(out.read_text())
    assert set(results) == {*KEYS, "machine"}
    machine = results["machine"]
    for key in ("cpu", "cores", "python", "textual", "load_before", "load_after", "warning"):
        assert key in machine
    for key in ("other_cpu_cores", "steal_cpu_cores"):
        assert key in machine
    assert machine["cores"] >= 1 and machine["textual"]
    assert [key for key in KEYS["startup"] if results["startup"].get(key) is None] == []
    assert all(results[name] is None for name in KEYS if name != "startup")


def test_a_piece_missing_keys_gets_them_as_null() -> None:
    assert complete("key_latency", {"p50_ms": 1.0}) == dict.fromkeys(KEYS["key_latency"]) | {
        "p50_ms": 1.0
    }
    assert complete("key_latency", None) is None


def test_quick_and_full_plans_use_the_issue_sizes() -> None:
    quick, full = plan(quick=True)["scale"][0], plan(quick=False)["scale"][0]
    assert (quick["sessions"], quick["events_per_s"], quick["duration_s"]) == (200, 100, 10)
    assert (full["sessions"], full["events_per_s"], full["duration_s"]) == (2000, 500, 60)
    assert plan(quick=False)["event_latency"][0]["websocket"] is True


def test_performance_table_shows_values_targets_and_how_to_reproduce() -> None:
    table = performance_table({"startup": {"ratio": 1.2}, "scale": None})
    assert "| Start-up ratio | 1.2 | ≤ 1.3 |" in table
    assert "| Scale: lost | — | 0 |" in table
    assert "python -m bench" in table and "machine not recorded" in table


def test_the_table_names_the_machine_and_warns_when_it_was_busy() -> None:
    busy = {"cpu": "Some CPU @ 2.0GHz", "cores": 2, "python": "3.11.7", "textual": "8.2.1"}
    busy |= {"load_before": 0.2, "load_after": 1.4, "other_cpu_cores": 0.9}
    busy["warning"] = load_warning(busy)
    table = performance_table({"machine": busy})
    assert "Some CPU @ 2.0GHz, 2 cores, Python 3.11.7, Textual 8.2.1" in table
    assert "load 0.2 before, 1.4 after" in table
    assert "Warning: busy machine: other processes kept 0.90 of 2 cores busy" in table


def test_time_stolen_by_the_hypervisor_is_reported_and_distrusted() -> None:
    quiet = {"cores": 2, "load_before": 0.1, "other_cpu_cores": 0.06, "steal_cpu_cores": 0.01}
    assert load_warning(quiet) is None
    stolen = quiet | {"steal_cpu_cores": 0.08}
    assert load_warning(stolen) == (
        "busy machine: the hypervisor took 0.08 cores for other guests, "
        "so the timings may not hold elsewhere"
    )
    assert "stolen 0.080 cores" in performance_table({"machine": stolen})


def test_a_quiet_machine_gets_no_warning() -> None:
    quiet = {"cores": 2, "load_before": 0.3, "load_after": 1.9, "other_cpu_cores": 0.1}
    assert load_warning(quiet) is None  # the load after counts the bench's own processes
    assert load_warning(quiet | {"load_before": 1.2}) is not None


def test_a_quick_run_agrees_only_on_the_same_side_of_each_target_and_on_enough_samples() -> None:
    full = {"event_latency": {"ratio_p99": 1.6, "events": 3000}, "reducer": {"ratio": 2.0}}
    quick = {"event_latency": {"ratio_p99": 1.8, "events": 1000}, "reducer": {"ratio": 2.2}}
    lines, agree = compare(quick, full)
    assert agree, lines
    assert "event_latency: the quick p99 rests on 10 of 1000 samples above it" in lines
    _, agree = compare(quick | {"reducer": {"ratio": 3.1}}, full)  # misses a target met
    assert not agree
    _, agree = compare(quick | {"event_latency": {"ratio_p99": 1.0, "events": 1000}}, full)
    assert not agree  # both meet the target, but 1.0 says something else than 1.6
    _, agree = compare(quick | {"event_latency": {"ratio_p99": 1.6, "events": 300}}, full)
    assert not agree  # a p99 over 300 samples rests on 3


def test_the_quick_plan_gives_every_p99_enough_samples() -> None:
    quick = plan(quick=True)
    assert tail(quick["event_latency"][0]["events"]) >= MIN_TAIL
    assert tail(quick["key_latency"][0]["presses"]) >= MIN_TAIL
