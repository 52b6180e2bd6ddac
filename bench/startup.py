"""Start-up: process start → first painted frame, calldeck demo vs a bare Textual app.

Runs alternate (calldeck, baseline, calldeck, ...) so drifting machine load hits both
alike; each side's median is reported. Start is taken just before the process is spawned.
Bytecode is cached (in a temporary `PYTHONPYCACHEPREFIX`, never in the tree) as after a
`pip install`: otherwise every run would compile calldeck's own modules from source when
PYTHONDONTWRITEBYTECODE is set, a cost no installed user pays.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from bench.stats import median, ms, ratio

RUN_TIMEOUT_S = 60.0


def time_to_first_frame(which: str, home: str) -> float:
    """Seconds from spawning `python -m bench.first_frame which` to its first frame."""
    env = {
        **os.environ,
        "CALLDECK_HOME": home,
        "CALLDECK_TOKEN_STORE": "file",
        "PYTHONPYCACHEPREFIX": os.path.join(home, "pycache"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in [n for n in env if n.startswith("RINGCENTRAL_")]:
        del env[name]  # the demo must never see a real account
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "bench.first_frame", which],
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith("FIRST_FRAME "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"{which} painted no frame (exit {done.returncode}): {done.stderr[-300:]}")


def measure(runs: int) -> dict:
    """The `startup` result over `runs` runs of each app (after one warm-up of each)."""
    samples: dict[str, list[float]] = {"calldeck": [], "baseline": []}
    with tempfile.TemporaryDirectory(prefix="calldeck-bench-") as home:
        for which in samples:  # warm the OS file cache and the bytecode cache
            time_to_first_frame(which, home)
        for _ in range(runs):
            for which, times in samples.items():
                times.append(time_to_first_frame(which, home))
    first_frame = ms(median(samples["calldeck"]))
    baseline = ms(median(samples["baseline"]))
    return {
        "baseline_ms": baseline,
        "first_frame_ms": first_frame,
        "ratio": ratio(first_frame, baseline),
        "runs": runs,
    }
