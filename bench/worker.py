"""One measurement in a fresh process: `python -m bench.worker NAME 'PARAMS-JSON'`.

Prints the result as one JSON line on stdout. A fresh process per measurement keeps
imports, caches and garbage from one piece out of the next (and makes `rss_mb` the scale
run's own peak).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from typing import Any

from bench.cpus import pin_worker


def _pieces() -> dict[str, Callable[..., Any]]:
    from bench import event_latency, idle, key_latency, reducer, scale, startup

    return {
        "startup": startup.measure,
        "event_latency": event_latency.measure,
        "key_latency": key_latency.measure,
        "scale": scale.measure,
        "reducer": reducer.measure,
        "idle": idle.measure,
    }


def run_piece(name: str, params: dict[str, Any]) -> dict:
    """Run one measurement by name and return its result."""
    result = _pieces()[name](**params)
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    return result


if __name__ == "__main__":
    piece, arguments = sys.argv[1], json.loads(sys.argv[2])
    cores = pin_worker()  # the measured side and its emulator on different cores
    result = run_piece(piece, arguments)
    if isinstance(result, dict):
        result["cores"] = cores
    sys.stdout.write(json.dumps(result) + "\n")
