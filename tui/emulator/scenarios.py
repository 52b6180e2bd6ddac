"""Scenarios: what happens on the emulator's phones without anyone asking.

`demo` is a believable stream for the demo and screenshots: named callers, a new call every
8-20 s, at most 4 live at once; some callers hang up while it rings, some calls are answered
on the desk phone and last a while, now and then a call-queue call. `quiet` does nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from dataclasses import dataclass

from tui.emulator.callmodel import RINGING, CallSession
from tui.emulator.calls import CallCenter, CallError

SCENARIOS = ("demo", "quiet")
MAX_LIVE = 4

CALLERS: tuple[tuple[str, str], ...] = (
    ("+14155550142", "Ada Lovelace"),
    ("+12125550187", "Grace Hopper"),
    ("+16175550123", "Alan Turing"),
    ("+13105550199", "Katherine Johnson"),
    ("+15125550110", "Linus Pauling"),
    ("+12065550134", "Margaret Hamilton"),
    ("+17735550156", "Claude Shannon"),
    ("+14045550171", "Hedy Lamarr"),
    ("+16025550163", "Edsger Dijkstra"),
    ("+19175550128", "Barbara Liskov"),
)


@dataclass(frozen=True, slots=True)
class Pace:
    """Timings of the demo, in seconds (tests scale them down)."""

    first_call: float = 1.5
    between_calls: tuple[float, float] = (8.0, 20.0)
    ring: tuple[float, float] = (4.0, 12.0)
    talk: tuple[float, float] = (20.0, 90.0)

    def scaled(self, factor: float) -> Pace:
        """The same pace, `factor` times faster."""
        return Pace(
            self.first_call / factor,
            (self.between_calls[0] / factor, self.between_calls[1] / factor),
            (self.ring[0] / factor, self.ring[1] / factor),
            (self.talk[0] / factor, self.talk[1] / factor),
        )


class DemoScenario:
    """Places calls on a `CallCenter` forever (until cancelled)."""

    def __init__(
        self, center: CallCenter, *, pace: Pace | None = None, seed: int | None = None
    ) -> None:
        self.center = center
        self.pace = pace or Pace()
        self.random = random.Random(seed)
        self._calls: set[asyncio.Task] = set()

    async def run(self) -> None:
        """Start a call now and then; each call plays out in its own task."""
        try:
            await asyncio.sleep(self.pace.first_call)
            while True:
                if len(self.center.live_sessions()) < MAX_LIVE:
                    self._start_call()
                await asyncio.sleep(self.random.uniform(*self.pace.between_calls))
        finally:
            for task in list(self._calls):
                task.cancel()
            for task in list(self._calls):
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    def _start_call(self) -> None:
        number, name = self.random.choice(CALLERS)
        queue_call = self.random.random() < 0.15
        session, _ = self.center.inbound(number, name, queue_call=queue_call)
        fate = self.random.choices(("hangs_up", "desk_answers", "rings_on"), weights=(3, 5, 2))[0]
        task = asyncio.get_running_loop().create_task(self._play(session, fate))
        self._calls.add(task)
        task.add_done_callback(self._calls.discard)

    async def _play(self, session: CallSession, fate: str) -> None:
        """One caller's story; stops quietly if the user already acted on the call."""
        await asyncio.sleep(self.random.uniform(*self.pace.ring))
        mine = session.user_party
        if fate == "rings_on" or mine is None or mine.status not in RINGING:
            # Left to the user; hang up eventually so the demo does not fill up.
            await asyncio.sleep(self.random.uniform(*self.pace.talk))
        elif fate == "hangs_up":
            self._hang_up(session)
            return
        else:
            with contextlib.suppress(CallError):
                self.center.desk_answer(session)
            await asyncio.sleep(self.random.uniform(*self.pace.talk))
        self._hang_up(session)

    def _hang_up(self, session: CallSession) -> None:
        if session.live:
            with contextlib.suppress(CallError):
                self.center.remote_hangup(session)
