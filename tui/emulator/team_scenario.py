"""The demo's colleagues are busy too: now and then a favorite's phone rings and they talk.

So the team pane of `calldeck demo` shows presence changing (ringing, on a call, available)
the way a real office does. Runs beside `DemoScenario`; stops when cancelled.
"""

from __future__ import annotations

import asyncio
import contextlib
import random

from tui.emulator.calls import CallCenter, CallError
from tui.emulator.directory import FAVORITE_IDS, person_by_id
from tui.emulator.scenarios import CALLERS, Pace


async def team_activity(center: CallCenter, pace: Pace | None = None, seed: int = 16) -> None:
    """Ring a colleague, let them answer and talk, again and again (until cancelled)."""
    pace = pace or Pace()
    rng = random.Random(seed)
    colleagues = [p for p in (person_by_id(i) for i in FAVORITE_IDS) if p is not None]
    while True:
        await asyncio.sleep(rng.uniform(*pace.between_calls) * 1.5)
        busy = {p.extension_id for s in center.live_sessions() for p in s.parties}
        free = [c for c in colleagues if c.id not in busy]
        if not free:
            continue
        number, name = rng.choice(CALLERS)
        session, _ = center.inbound(number, name, rng.choice(free).extension_number)
        await asyncio.sleep(rng.uniform(*pace.ring))
        with contextlib.suppress(CallError):
            center.desk_answer(session)
            await asyncio.sleep(rng.uniform(*pace.talk))
        if session.live:
            with contextlib.suppress(CallError):
                center.remote_hangup(session)
