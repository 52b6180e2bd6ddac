"""The machine a run was taken on, and how busy it was: the `machine` part of the JSON.

Ratios against a baseline taken in the same run travel between machines; absolute times do
not, and neither does anything measured while other work competed for the CPU. So every
run reports the CPU, the cores, the versions, the load average before and after, and the
CPU that *other* processes used while it ran (the whole machine's busy time from
`/proc/stat` minus this run's own processes, which it reaps): the load average after a
run counts the bench's own worker and emulator, so it alone cannot tell a quiet machine.
On a virtual machine it also reports the time the hypervisor gave other guests ("steal",
part of the busy time above), which the guest's own load cannot show.
"""

from __future__ import annotations

import os
import platform
import resource
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

# A run is flagged when, on average, other processes kept this share of the cores busy
# (or the 1-minute load average was at least this share of the cores before it began).
BUSY_SHARE = 0.25
QUIET_LOAD_SHARE = 0.5
# ... or when the hypervisor gave this many cores' worth of time to other guests ("steal"):
# on a virtual machine a stolen slice lands on whichever key press or event it interrupts.
STEAL_CORES = 0.05


def cpu_model() -> str:
    """The CPU's model name (Linux `/proc/cpuinfo`), else what `platform` says."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def package_version(name: str) -> str | None:
    """An installed distribution's version, or None."""
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _cpu_ticks() -> list[int] | None:
    """The machine-wide `cpu` line of `/proc/stat` (clock ticks since boot; None off Linux)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    return [int(value) for value in fields]


def busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (None off Linux)."""
    ticks = _cpu_ticks()
    if ticks is None:
        return None
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle + iowait
    busy = sum(ticks[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def steal_seconds() -> float | None:
    """CPU seconds the hypervisor has given other guests since boot (None where unknown)."""
    ticks = _cpu_ticks()
    if ticks is None or len(ticks) <= 7:
        return None
    return ticks[7] / os.sysconf("SC_CLK_TCK")


def own_seconds() -> float:
    """CPU seconds of this process and every child it has reaped."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def load_1min() -> float | None:
    """The 1-minute load average, rounded; None where there is none."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


@dataclass
class MachineWatch:
    """Started before the first piece, finished after the last: the run's `machine` part."""

    started: float = field(default_factory=time.monotonic)
    busy_before: float | None = field(default_factory=busy_seconds)
    own_before: float = field(default_factory=own_seconds)
    load_before: float | None = field(default_factory=load_1min)
    steal_before: float | None = field(default_factory=steal_seconds)

    def finish(self) -> dict[str, Any]:
        """Everything about the machine and its load during the run, plus `warning`."""
        wall = time.monotonic() - self.started
        busy_after = busy_seconds()
        other = None
        if self.busy_before is not None and busy_after is not None and wall > 0:
            others = (busy_after - self.busy_before) - (own_seconds() - self.own_before)
            other = round(max(0.0, others) / wall, 2)
        steal_after, steal = steal_seconds(), None
        if self.steal_before is not None and steal_after is not None and wall > 0:
            steal = round((steal_after - self.steal_before) / wall, 3)
        cores = os.cpu_count() or 1
        report: dict[str, Any] = {
            "cpu": cpu_model(),
            "cores": cores,
            "arch": platform.machine(),
            "python": platform.python_version(),
            "textual": package_version("textual"),
            "load_before": self.load_before,
            "load_after": load_1min(),
            "other_cpu_cores": other,
            "steal_cpu_cores": steal,
            "wall_s": round(wall, 1),
        }
        report["warning"] = load_warning(report)
        return report


def load_warning(machine: dict[str, Any]) -> str | None:
    """One line saying why a run should not be trusted, or None if the machine was quiet."""
    cores = machine.get("cores") or 1
    reasons = []
    other = machine.get("other_cpu_cores")
    if other is not None and other >= BUSY_SHARE * cores:
        reasons.append(f"other processes kept {other:.2f} of {cores} cores busy during the run")
    steal = machine.get("steal_cpu_cores")
    if steal is not None and steal >= STEAL_CORES:
        reasons.append(f"the hypervisor took {steal:.2f} cores for other guests")
    before = machine.get("load_before")
    if before is not None and before >= QUIET_LOAD_SHARE * cores:
        reasons.append(f"the load average was {before:.2f} on {cores} cores before it began")
    if not reasons:
        return None
    return "busy machine: " + "; ".join(reasons) + ", so the timings may not hold elsewhere"


def machine_line(machine: dict[str, Any] | None) -> str:
    """One line for humans: CPU, cores, versions, load."""
    if not machine:
        return "machine not recorded"
    other = machine.get("other_cpu_cores")
    other_text = "?" if other is None else f"{other:.2f}"
    return (
        f"{machine.get('cpu')}, {machine.get('cores')} cores, Python {machine.get('python')}, "
        f"Textual {machine.get('textual')}; load {machine.get('load_before')} before, "
        f"{machine.get('load_after')} after; other processes' CPU {other_text} cores"
        + (f"; stolen {steal:.3f} cores" if (steal := machine.get("steal_cpu_cores")) else "")
    )
