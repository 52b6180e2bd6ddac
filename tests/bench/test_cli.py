"""`python -m bench` itself: the JSON file it writes has every key of the issue."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.__main__ import complete
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
    assert set(results) == set(KEYS)
    assert [key for key in KEYS["startup"] if results["startup"].get(key) is None] == []
    assert all(results[name] is None for name in KEYS if name != "startup")


def test_a_piece_missing_keys_gets_them_as_null() -> None:
    assert complete("key_latency", {"p50_ms": 1.0}) == {"p50_ms": 1.0, "p99_ms": None}
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
    assert "python -m bench" in table and "cores" in table
