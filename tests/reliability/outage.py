"""One push-outage run against the emulator: two calls in flight, a fault, changes made
while the client is cut off, then the verdict (calls right, nothing doubled, nothing lost)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from tests.push.helpers import Control, Feed, signed_in, wait_until
from tests.push.test_recovery import SkippableClock
from tests.reliability.oracle import Handoffs, applied_twice, wrong_calls
from tui.emulator import Emulator
from tui.ringcentral.push.connection import ConnectionState
from tui.ringcentral.push.live import LiveCalls

FaultStep = Callable[[Control, SkippableClock, LiveCalls], Awaitable[None]]


async def nothing(ctl: Control, clock: SkippableClock, live: LiveCalls) -> None:
    """A fault step that does nothing."""


@dataclass(frozen=True)
class Fault:
    """`begin` cuts push; the calls then change; `finish` (if any) ends the outage."""

    begin: FaultStep
    finish: FaultStep = nothing


# Ringing at the fault, active at the fault, started during the outage.
CALLERS = ("+16505550123", "+16505550124", "+16505550125")


@dataclass
class OutageRun:
    """What happened in one run, for assertions and the figures table."""

    transport: str
    feed: Feed = field(default_factory=Feed)
    wrong: list[str] = field(default_factory=list)
    handed_off: list[str] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)
    resyncs: int = 0
    recoveries: int = 0
    resubscribes: int = 0
    seconds_to_live: float = 0.0
    sids: tuple[str, ...] = ()

    @property
    def not_delivered(self) -> int:
        """Envelopes the server sent that never reached the client (re-sync covers them)."""
        return len(set(self.handed_off) - set(self.applied))

    @property
    def connection_states(self) -> list[str]:
        """Every connection state reported, in order."""
        return [str(state) for state, _ in self.feed.connections]

    def figures(self) -> dict:
        """The row of the figures table."""
        return {
            "calls": len(self.sids),
            "shown wrong": len(self.wrong),
            "events sent": len(self.handed_off),
            "applied": len(self.applied),
            "applied twice": applied_twice(self.feed.notifications),
            "not delivered (re-synced)": self.not_delivered,
            "re-syncs": self.resyncs,
            "wsc recoveries": self.recoveries,
            "resubscribes": self.resubscribes,
            "states": "→".join(self.connection_states),
            "s to live": round(self.seconds_to_live, 2),
        }


async def run_outage(emulator: Emulator, ctl: Control, transport: str, fault: Fault) -> OutageRun:
    """Ring one call, answer another, apply `fault`, change all of them while the client is
    cut off (answer, hang up, a new call), and wait until the client shows the truth."""
    run = OutageRun(transport)
    handoffs = Handoffs(emulator)
    clock = SkippableClock()
    async with signed_in(emulator) as client:
        live = run.feed.live(client, transport=transport, clock=clock)
        await live.start()
        try:
            await _drive(run, live, ctl, emulator, clock, fault)
        finally:
            used = live.transport
            await live.stop()
    run.handed_off = list(handoffs.uuids)
    run.applied = [n["uuid"] for n in run.feed.notifications]
    run.resyncs = live.resyncs
    run.recoveries = getattr(used, "recoveries", 0)
    run.resubscribes = getattr(used, "resubscribes", 0)
    return run


async def _drive(
    run: OutageRun,
    live: LiveCalls,
    ctl: Control,
    emulator: Emulator,
    clock: SkippableClock,
    fault: Fault,
) -> None:
    feed = run.feed
    ringing = await ctl.call(**{"from": CALLERS[0]})
    active = await ctl.call(**{"from": CALLERS[1]})
    await ctl.act(active, "answer")
    await wait_until(lambda: feed.states(ringing) == ["ringing"], what="ringing")
    await wait_until(lambda: feed.states(active)[-1:] == ["active"], what="active")
    started = time.monotonic()
    await fault.begin(ctl, clock, live)
    # While cut off: the ringing call is answered at the desk, the active one hangs up,
    # and a new call rings.
    await ctl.act(ringing, "answer")
    await ctl.act(active, "hangup")
    late = await ctl.call(**{"from": CALLERS[2]})
    run.sids = (ringing, active, late)
    await fault.finish(ctl, clock, live)
    await wait_until(
        lambda: live.state == ConnectionState.LIVE and feed.states(late)[-1:] == ["ringing"],
        timeout=20,
        what="live again with the new call",
    )
    await wait_until(
        lambda: feed.states(ringing)[-1:] == ["active"] and feed.states(active)[-1:] == ["ended"],
        timeout=10,
        what="the changes made during the outage",
    )
    run.seconds_to_live = time.monotonic() - started
    run.wrong = await wrong_calls(live.book, ctl, emulator)
