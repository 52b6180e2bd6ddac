"""A caller can learn when its request is on the wire (the controller paints "pending" then)."""

from __future__ import annotations

import asyncio

from tests.client.conftest import Phone
from tui.ringcentral.callcontrol import CallControl
from tui.ringcentral.exchange import REQUEST_WRITTEN


async def test_the_caller_is_told_once_the_request_is_written_before_its_answer(
    cc: CallControl, phone: Phone
) -> None:
    sid, pid = await phone.ring()
    order: list[str] = []

    async def forward() -> None:
        REQUEST_WRITTEN.set(lambda: order.append("written"))
        await cc.forward(sid, pid, phone_number="(415) 555-0134")
        order.append("answered")

    await asyncio.create_task(forward())  # its own context, as the controller's worker has
    assert order == ["written", "answered"]
    assert REQUEST_WRITTEN.get() is None  # nobody else is told
    session = await phone.session(sid)
    assert session["requests"][-1]["path"].endswith(f"/parties/{pid}/forward")
