"""Scale: the account-level view with many concurrent calls and a steady stream of changes.

`sessions` calls ring and are answered across every extension of the account, at
`events_per_s` (not measured; the app is then given time to catch up), then the far end of each call in turn holds or resumes, `events_per_s` changes
a second for `duration_s`. `sent` counts changes the emulator handed to calldeck's
subscription, `applied` those calldeck's calls table showed, `lag_p99_ms` the p99 of
handoff → refreshed screen, `rss_mb` this worker process's peak resident memory.
"""

from __future__ import annotations

import resource
import sys

from bench.emulator_client import EmulatorProcess
from bench.matching import Drained, match
from bench.screen_probe import running_probed_app
from bench.stats import ms, percentile
from bench.waiting import poll

# After the last change is sent, how long calldeck may take to show everything; a change
# still not shown then counts as lost.
DRAIN_S = 20.0


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports ru_maxrss in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


async def measure(sessions: int, events_per_s: float, duration_s: float) -> dict:
    """The `scale` result."""
    setup_limit = 30 + sessions / 20  # not measured: only lets the app catch up first
    async with EmulatorProcess() as emu:
        probed = running_probed_app(emu.credentials, transport="pubnub", account_level=True)
        async with probed as (_, screen, _):
            setup = await emu.call("setup", sessions=sessions, rate=events_per_s, timeout=600)
            ready = await poll(Drained(setup["actions"], screen.painted), setup_limit)
            received_before = screen.notifications
            load = await emu.call(
                "toggle",
                sids=setup["sids"],
                rate=events_per_s,
                duration=duration_s,
                timeout=duration_s * 3 + 60,
            )
            await poll(Drained(load["actions"], screen.painted), DRAIN_S)
            matched = match(load["actions"], screen.painted)
            received = screen.notifications - received_before
    if not matched.latencies:
        print(
            f"bench: scale: calldeck showed none of the {load['sent']} changes within "
            f"{DRAIN_S:.0f} s of the last one, so lag_p99_ms is null",
            file=sys.stderr,
        )
    return {
        "sessions": sessions,
        "events_per_s": events_per_s,
        "duration_s": duration_s,
        "sent": load["sent"],
        "applied": matched.applied,
        "lost": load["sent"] - matched.applied,
        "lag_p50_ms": ms(percentile(matched.latencies, 0.5)),
        "lag_p99_ms": ms(percentile(matched.latencies, 0.99)),
        "rss_mb": peak_rss_mb(),
        "achieved_per_s": load["achieved_per_s"],
        # Envelopes of the measured phase handed to the transport vs reaching calldeck's
        # feed: a shortfall was lost in transport (e.g. evicted from the PubNub backlog).
        "envelopes_sent": load["envelopes"],
        "envelopes_received": received,
        "setup_shown": ready,
    }
