"""Targets met with a margin, and the table of consecutive full runs in the README.

A target met by 1% is met on this machine, on this run: the next machine may miss it (issue
17 saw 1.64 here become 2.81 elsewhere). A measure is met *with a margin* when it is at
most `MARGIN` of its bound: 10% of headroom, more than the run-to-run spread of the ratios
measured here (the bare app's own start-up moved ±20% between runs, its ratio ±0.05).
A zero target (events lost) has no headroom to give: it must be met exactly.
"""

from __future__ import annotations

import re
from typing import Any

from bench.machine import machine_line
from bench.report import TARGETS

MARGIN = 0.9

# Every measure with a target, as (column, piece, key, target); the WebSocket ratio lives
# inside the event piece.
MEASURES: list[tuple[str, str, str, str]] = [
    ("Start-up", "startup", "ratio", TARGETS[("startup", "ratio")]),
    ("PubNub event p99", "event_latency", "ratio_p99", TARGETS[("event_latency", "ratio_p99")]),
    ("WebSocket event p99", "event_latency.websocket", "ratio_p99", "≤ 2"),
    ("Key p99", "key_latency", "ratio_p99", TARGETS[("key_latency", "ratio_p99")]),
    ("Reducer", "reducer", "ratio", TARGETS[("reducer", "ratio")]),
    ("Idle CPU", "idle", "ratio", TARGETS[("idle", "ratio")]),
    ("Event p99 ms", "event_latency", "p99_ms", TARGETS[("event_latency", "p99_ms")]),
    ("Scale lost", "scale", "lost", TARGETS[("scale", "lost")]),
    ("Scale lag p99 ms", "scale", "lag_p99_ms", TARGETS[("scale", "lag_p99_ms")]),
    ("Scale RSS MB", "scale", "rss_mb", TARGETS[("scale", "rss_mb")]),
]


def bound(target: str) -> float:
    """The number a target names ("≤ 1.5" → 1.5, "≤ 33 ms (2 frames)" → 33, "0" → 0)."""
    return float(re.findall(r"[\d.]+", target)[0])


def value_of(results: dict[str, Any], piece: str, key: str) -> float | None:
    """`results[piece][key]` as a number (`piece` may be dotted), None when not measured."""
    part: Any = results
    for name in piece.split("."):
        part = part.get(name) if isinstance(part, dict) else None
    value = part.get(key) if isinstance(part, dict) else None
    return float(value) if isinstance(value, int | float) else None


def share(value: float, target: str) -> float | None:
    """`value` as a share of its target's bound (None for a zero target)."""
    limit = bound(target)
    return value / limit if limit else None


def with_margin(value: float, target: str) -> bool:
    """Met with `MARGIN` of headroom (a zero target: met exactly)."""
    portion = share(value, target)
    return value == 0 if portion is None else portion <= MARGIN + 1e-9  # 1.17 / 1.3 is 0.9000…1


def shortfalls(results: dict[str, Any]) -> list[str]:
    """One line per measure not met with a margin (or not measured) in a run."""
    lines = []
    for column, piece, key, target in MEASURES:
        value = value_of(results, piece, key)
        if value is None:
            lines.append(f"{column}: not measured")
        elif not with_margin(value, target):
            lines.append(f"{column}: {value:g} against {target} (margin: ≤ {MARGIN:.0%} of it)")
    return lines


def _cell(value: float | None, target: str) -> str:
    if value is None:
        return "—"
    portion = share(value, target)
    mark = "" if with_margin(value, target) else " ✗"
    return f"{value:g}" + (f" ({portion:.0%})" if portion is not None else "") + mark


def runs_table(runs: list[tuple[str, dict[str, Any]]]) -> str:
    """Markdown: one row per run, each measure with its share of the target; machines below."""
    header = ["Run", *(column for column, *_ in MEASURES), "All with margin"]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for name, results in runs:
        cells = [_cell(value_of(results, piece, key), target) for _, piece, key, target in MEASURES]
        lines.append(
            f"| {name} | " + " | ".join(cells) + f" | {'no' if shortfalls(results) else 'yes'} |"
        )
    lines.append("| target | " + " | ".join(target for *_, target in MEASURES) + " | |")
    lines.append("")
    lines.append(f"A cell's percentage is the value's share of its target; ✗: above {MARGIN:.0%}.")
    lines.append("")
    lines.extend(
        f"- {name}: {machine_line(results.get('machine') or {})}" for name, results in runs
    )
    return "\n".join(lines) + "\n"
