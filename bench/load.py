"""Load the emulator drives from inside its own process: calls and their changes, paced.

Each action is one change a user would see (a call rings, is answered, ends, is put on
hold by the far end). The push hub's `on_handoff` hook stamps when the first envelope of
that action was handed to a transport (`time.monotonic()`, the same clock in every
process on this machine); that stamp is where event-to-screen latency starts.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from tui.emulator.callmodel import CallSession
from tui.emulator.directory import PEOPLE
from tui.emulator.server import Emulator

RINGING, ACTIVE, GONE, REMOTE_HOLD = "ringing", "active", "gone", "active+rhold"
T = TypeVar("T")


@dataclass
class HandoffRecorder:
    """The hub hook: first handoff time of the action being performed, per subscription."""

    current: dict[str, float] | None = None
    envelopes: int = 0
    recorded: list[dict] | None = None  # every envelope, when a stream is being recorded

    def __call__(self, envelope: dict, monotonic: float) -> None:
        self.envelopes += 1
        if self.recorded is not None:
            self.recorded.append(envelope)
        if self.current is not None:
            self.current.setdefault(str(envelope.get("subscriptionId")), monotonic)

    def perform(self, action: Callable[[], T]) -> tuple[T, dict[str, float]]:
        """Run `action` (synchronous hub fan-out): its result, first handoff per subscription."""
        self.current = handoffs = {}
        try:
            return action(), handoffs
        finally:
            self.current = None


@dataclass
class LoadRun:
    """What one paced run did: each action's session, the change expected, handoff times."""

    actions: list[dict] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0
    envelopes: int = 0  # handed to any transport during the run (every subscription)

    def add(self, sid: str, expect: str, handoffs: dict[str, float]) -> None:
        """Record an action; one with no handoff reached no subscriber and is not counted."""
        if handoffs:
            self.actions.append({"sid": sid, "expect": expect, "handoffs": handoffs})

    def summary(self) -> dict:
        """The JSON reply: actions plus the achieved rate."""
        elapsed = max(self.finished - self.started, 1e-9)
        return {
            "actions": self.actions,
            "sent": len(self.actions),
            "elapsed_s": round(elapsed, 3),
            "achieved_per_s": round(len(self.actions) / elapsed, 1),
            "envelopes": self.envelopes,
        }


async def paced(count: int, rate: float) -> AsyncIterator[int]:
    """Yield 0..count-1, the i-th no earlier than start + i / rate (catching up if late).

    Always yields to the event loop, even when late: a driver that catches up in a tight
    loop would starve the emulator's own server (its PubNub long-polls went unanswered
    for seconds while the backlog overflowed), which no real RingCentral does.
    """
    start = time.monotonic()
    for index in range(count):
        delay = start + index / rate - time.monotonic()
        await asyncio.sleep(max(delay, 0.0))
        yield index


def caller_number(index: int) -> str:
    """A distinct PSTN caller number per call (+1415 55x xxxx)."""
    return f"+1415{5500000 + index % 4500000:07d}"


class LoadDriver:
    """Drives calls on one emulator with the hub hook installed."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.center = emulator.calls
        self.recorder = HandoffRecorder()
        emulator.hub.on_handoff = self.recorder
        self._calls_made = 0

    def _ring(self, extension_number: str | None = None) -> CallSession:
        index = self._calls_made
        self._calls_made += 1
        session, _ = self.center.inbound(
            caller_number(index), f"Caller {index}", extension_number, queue_call=False
        )
        return session

    async def lifecycle(self, rate: float, count: int, pool: int = 10) -> dict:
        """`count` actions at `rate`/s: calls to the user ring, are answered, end (`pool` at once).

        Calls still up at the end stay up (`hang_up_all` ends them between phases).
        """
        run = LoadRun(started=time.monotonic())
        slots: list[tuple[CallSession | None, int]] = [(None, 0)] * pool
        async for index in paced(count, rate):
            slot = index % pool
            session, step = slots[slot]
            if step == 0:
                session, handoffs = self.recorder.perform(self._ring)
                expect = RINGING
            elif step == 1:
                _, handoffs = self.recorder.perform(lambda s=session: self.center.desk_answer(s))
                expect = ACTIVE
            else:
                _, handoffs = self.recorder.perform(lambda s=session: self.center.remote_hangup(s))
                expect = GONE
            assert session is not None
            run.add(session.id, expect, handoffs)
            slots[slot] = (session, (step + 1) % 3)
        run.finished = time.monotonic()
        return run.summary()

    async def setup(self, sessions: int, rate: float) -> dict:
        """Ring and answer `sessions` calls spread over every extension of the account."""
        run = LoadRun(started=time.monotonic())
        made: list[CallSession] = []
        envelopes_before = self.recorder.envelopes
        async for index in paced(2 * sessions, rate):
            if index % 2 == 0:
                number = PEOPLE[(index // 2) % len(PEOPLE)].extension_number
                session, handoffs = self.recorder.perform(lambda n=number: self._ring(n))
                made.append(session)
                run.add(session.id, RINGING, handoffs)
            else:
                session = made[-1]
                _, handoffs = self.recorder.perform(lambda s=session: self.center.desk_answer(s))
                run.add(session.id, ACTIVE, handoffs)
        run.finished = time.monotonic()
        run.envelopes = self.recorder.envelopes - envelopes_before
        reply = run.summary()
        reply["sids"] = [s.id for s in made]
        return reply

    async def toggle_holds(self, sids: list[str], rate: float, duration: float) -> dict:
        """The far end of each call holds / resumes, round robin, at `rate`/s for `duration` s."""
        run = LoadRun(started=time.monotonic())
        sessions = [self.center.find(sid) for sid in sids]
        envelopes_before = self.recorder.envelopes
        async for index in paced(int(rate * duration), rate):
            session = sessions[index % len(sessions)]
            _, handoffs = self.recorder.perform(lambda s=session: self.center.remote_hold(s))
            expect = REMOTE_HOLD if any(p.status == "Hold" for p in session.parties) else ACTIVE
            run.add(session.id, expect, handoffs)
        run.finished = time.monotonic()
        run.envelopes = self.recorder.envelopes - envelopes_before
        return run.summary()

    def hang_up_all(self) -> int:
        """End every live call (between phases)."""
        live = self.center.live_sessions()
        for session in live:
            self.center.remote_hangup(session)
        return len(live)

    def ring_user(self) -> str:
        """Ring the signed-in user once; returns the telephonySessionId."""
        return self._ring().id

    def answer(self, sid: str) -> None:
        """The desk phone answers `sid`."""
        self.center.desk_answer(self.center.find(sid))
