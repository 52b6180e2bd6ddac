"""What each piece measures in a quick and a full run (sizes from the benchmarks issue)."""

from __future__ import annotations

from typing import Any

# Every key the JSON requires, per piece (pieces may add more).
KEYS: dict[str, tuple[str, ...]] = {
    "startup": ("baseline_ms", "first_frame_ms", "ratio"),
    "event_latency": (
        "transport", "rate_per_s", "events", "p50_ms", "p99_ms", "baseline_p99_ms", "ratio_p99",
    ),
    "key_latency": ("p50_ms", "p99_ms", "baseline_p99_ms", "ratio_p99"),
    "scale": (
        "sessions", "events_per_s", "duration_s", "sent", "applied", "lost", "lag_p99_ms",
        "rss_mb",
    ),
    "reducer": ("events_per_s", "json_loads_per_s", "ratio"),
    "idle": ("duration_s", "cpu_percent", "baseline_cpu_percent", "ratio"),
}  # fmt: skip


def plan(*, quick: bool) -> dict[str, tuple[dict[str, Any], float]]:
    """Per piece: its parameters and a timeout (s) for its worker."""
    if quick:
        return {
            # 21 runs take ~12 s; 7 read 1.17 against a full run's 1.06 (2026-12-03).
            "startup": ({"runs": 21}, 240),
            # p99s over 2000 events and 500 presses: 20 and 5 samples above them
            # (`python -m bench.report --agree` checks a quick run against a full one; with
            # 1000 events the PubNub ratio read 0.98 against a full run's 1.55).
            "event_latency": ({"rate": 100, "events": 2000}, 180),
            "key_latency": ({"presses": 500}, 300),
            "scale": ({"sessions": 200, "events_per_s": 100, "duration_s": 10}, 90),
            "reducer": ({"actions": 300, "passes": 5}, 40),
            # 6 s read 0.31 against a full run's 0.56: a second's clock tick more or less.
            "idle": ({"duration_s": 20}, 90),
        }
    return {
        "startup": ({"runs": 21}, 240),
        "event_latency": ({"rate": 100, "events": 3000, "websocket": True}, 600),
        # A p99 over 1000 presses (10 above it) followed one noisy round of eight: run s's
        # rounds read 3.3-4.8 ms and one 8.4 ms, whose slowest presses made the pooled p99
        # (1.61x the bare app's; 1.2-1.4x in each other round). 16 above it at 1600.
        "key_latency": ({"presses": 1600}, 900),
        "scale": ({"sessions": 2000, "events_per_s": 500, "duration_s": 60}, 400),
        "reducer": ({"actions": 1500, "passes": 9}, 90),
        "idle": ({"duration_s": 60}, 150),
    }
