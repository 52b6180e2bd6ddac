"""Scenarios: what happens on the emulator's phones without anyone asking.

`demo` is a believable stream for the demo and screenshots: named callers, a new call every
8-20 s, at most 4 live at once; some callers hang up while it rings, some calls are answered
on the desk phone and last a while, now and then a call-queue call. It opens with a call that
rings on until the person answers it (`a`) and a call-queue call to ignore (`g`); colleagues
and numbers the person calls (`n`, ask first, RingOut) pick up after a few seconds.
`quiet` does nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

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
    pick_up: float = 3.0
    """How long a person the user calls lets it ring before answering."""

    def scaled(self, factor: float) -> Pace:
        """The same pace, `factor` times faster."""
        return Pace(
            self.first_call / factor,
            (self.between_calls[0] / factor, self.between_calls[1] / factor),
            (self.ring[0] / factor, self.ring[1] / factor),
            (self.talk[0] / factor, self.talk[1] / factor),
            self.pick_up / factor,
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
            self._spawn(self._pick_up_outgoing())
            await asyncio.sleep(self.pace.first_call)
            # The opening: a call to answer with `a`, then a call-queue call to ignore with `g`.
            self._start_call(fate="rings_on", queue_call=False)
            await asyncio.sleep(self.pace.first_call)
            self._start_call(fate="rings_on", queue_call=True)
            await asyncio.sleep(self.random.uniform(*self.pace.between_calls))
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

    def _start_call(self, *, fate: str | None = None, queue_call: bool | None = None) -> None:
        number, name = self.random.choice(CALLERS)
        if queue_call is None:
            queue_call = self.random.random() < 0.15
        session, _ = self.center.inbound(number, name, queue_call=queue_call)
        if fate is None:
            fate = self.random.choices(("hangs_up", "desk_answers", "rings_on"), (3, 5, 2))[0]
        self._spawn(self._play(session, fate))

    def _spawn(self, story: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(story)
        self._calls.add(task)
        task.add_done_callback(self._calls.discard)

    async def _pick_up_outgoing(self) -> None:
        """Whoever the user calls (a colleague, a RingOut) answers after `pick_up` seconds."""
        ringing_since: dict[str, float] = {}
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(min(0.5, self.pace.pick_up))
            live = self.center.live_sessions()
            ringing_since = {s.id: t for s in live if (t := ringing_since.get(s.id)) is not None}
            for session in live:
                mine = session.user_party
                if mine is None or mine.direction != "Outbound" or mine.status not in RINGING:
                    ringing_since.pop(session.id, None)
                    continue
                since = ringing_since.setdefault(session.id, loop.time())
                if loop.time() - since >= self.pace.pick_up:
                    with contextlib.suppress(CallError):
                        self.center.desk_answer(session)

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
