"""Small statistics helpers: percentiles and medians of samples, in milliseconds."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def percentile(samples: Sequence[float], fraction: float) -> float | None:
    """The `fraction` (0..1) percentile by linear interpolation; None with no samples."""
    if not samples:
        return None
    ordered = sorted(samples)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(samples: Sequence[float]) -> float | None:
    """The median; None with no samples."""
    return statistics.median(samples) if samples else None


def ms(seconds: float | None) -> float | None:
    """Seconds to milliseconds, rounded to 0.01 ms (None stays None)."""
    return None if seconds is None else round(seconds * 1000.0, 2)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator rounded to 0.01, None when either is missing or zero."""
    if not numerator or not denominator:
        return None
    return round(numerator / denominator, 2)


def turns(sides: Sequence[str], round_index: int) -> list[str]:
    """The order the sides take in round `round_index`: as given, then reversed (ABBA).

    The emulator and the machine drift over a run (caches, memory, a neighbour's load); in a
    fixed order the side that always goes second would always meet the later machine.
    """
    return list(sides) if round_index % 2 == 0 else list(reversed(sides))
