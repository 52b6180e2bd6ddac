"""Does a quick run agree with a full one? `python -m bench.report --agree QUICK [FULL]`.

A quick run is evidence only if it says what the full run says. For every measure with a
target, both runs must land on the same side of the target, and a ratio may differ from
the full run's by at most `TOLERANCE` of it. The sizes of `--quick` (`bench/plan.py`) are
chosen so that its p99s rest on at least `MIN_TAIL` samples above them.
"""

from __future__ import annotations

import math
import re
from typing import Any

from bench.report import TARGETS

TOLERANCE = 0.25
MIN_TAIL = 5


def tail(samples: int, fraction: float = 0.99) -> int:
    """How many samples lie above the `fraction` percentile of `samples`."""
    return math.floor(samples * (1 - fraction) + 1e-9)


def meets(value: float, target: str) -> bool:
    """Whether `value` meets a target written as in the table ("≤ 1.5", "≤ 33 ms", "0")."""
    number = float(re.findall(r"[\d.]+", target)[0])
    return value <= number if target.startswith("≤") else value == number


def _part(results: dict[str, Any], piece: str, key: str) -> float | None:
    part = results.get(piece) or {}
    value = part.get(key)
    return float(value) if isinstance(value, int | float) else None


# Samples each piece's p99 is taken over.
SAMPLES = {"event_latency": "events", "key_latency": "presses"}


def compare(quick: dict[str, Any], full: dict[str, Any]) -> tuple[list[str], bool]:
    """Lines saying, per measure with a target, what each run found; and whether they agree."""
    lines, agree = [], True
    for (piece, key), target in TARGETS.items():
        ours, theirs = _part(quick, piece, key), _part(full, piece, key)
        if ours is None or theirs is None:
            lines.append(f"{piece}.{key}: quick {ours}, full {theirs}: not compared")
            continue
        ok = meets(ours, target) == meets(theirs, target)
        if key.startswith("ratio"):
            ok = ok and abs(ours - theirs) <= TOLERANCE * theirs
        agree = agree and ok
        verdict = "agrees" if ok else "DISAGREES"
        lines.append(f"{piece}.{key} (target {target}): quick {ours}, full {theirs}: {verdict}")
    for piece, key in SAMPLES.items():
        count = _part(quick, piece, key)
        if count is not None:
            above = tail(int(count))
            enough = above >= MIN_TAIL
            agree = agree and enough
            lines.append(
                f"{piece}: the quick p99 rests on {above} of {int(count)} samples above it"
                + ("" if enough else f": too few (at least {MIN_TAIL})")
            )
    return lines, agree
