"""`python -m bench [--quick] [--out FILE]`: run every measurement, print and write the JSON.

Each piece runs in its own worker process; a piece that fails is reported as null with
one stderr line saying why, and the others still run. A full run also refreshes
`bench/results/latest.json` and `bench/results/performance.md` (the README table).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.machine import MachineWatch
from bench.plan import KEYS, plan
from bench.report import performance_table

RESULTS = Path(__file__).parent / "results"


def run_worker(name: str, params: dict[str, Any], timeout: float, home: str) -> dict | None:
    """Run one piece in a worker process; None (and a stderr line) if it failed.

    `home` is the worker's CALLDECK_HOME: the app it measures keeps a call-log cache and
    logs, which must never land in the person's own data dir.
    """
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.worker", name, json.dumps(params)],
            env={**os.environ, "CALLDECK_HOME": home},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        print(f"bench: {name} did not finish within {timeout:.0f} s", file=sys.stderr)
        return None
    for note in done.stderr.splitlines():  # a piece's own notes (why a value is null)
        if note.startswith("bench: "):
            print(note, file=sys.stderr)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"bench: {name} failed: {last}", file=sys.stderr)
        return None
    print(f"bench: {name} done in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return json.loads(lines[-1])


def complete(name: str, result: dict | None) -> dict | None:
    """The result with every key of the issue present (missing ones null); None stays None."""
    if result is None:
        return None
    return {key: result.get(key) for key in KEYS[name]} | result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; exit 0 when every piece produced a result, else 1."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, under 60 s")
    parser.add_argument("--out", type=Path, help="write the JSON result to this file")
    parser.add_argument("--only", nargs="*", choices=list(KEYS), help="run only these pieces")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    watch = MachineWatch()
    with tempfile.TemporaryDirectory(prefix="calldeck-bench-") as home:
        for name, (params, timeout) in plan(quick=args.quick).items():
            if args.only and name not in args.only:
                results[name] = None
                continue
            results[name] = complete(name, run_worker(name, params, timeout, home))
    results["machine"] = machine = watch.finish()
    if machine["warning"]:
        print(f"bench: WARNING: {machine['warning']}", file=sys.stderr)
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    if not args.quick and not args.only:
        (RESULTS / "latest.json").write_text(text + "\n")
        (RESULTS / "performance.md").write_text(performance_table(results))
    return 0 if all(results[name] is not None for name in KEYS) else 1


if __name__ == "__main__":
    sys.exit(main())
