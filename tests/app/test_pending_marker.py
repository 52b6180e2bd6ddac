"""When a call's pending marker appears: after the request is written, at its answer or a
frame later (whichever is first), and never before it is on the wire."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual.message import Message

from tui.app import controller as controller_module
from tui.app.controller import CallController, ControlRequest
from tui.app.messages import ActionPending, ActionSettled
from tui.calls import Call, CallState
from tui.ringcentral.errors import WrongState
from tui.ringcentral.wire import REQUEST_WRITTEN

SID = "s-1"


class HeldBackServer:
    """A request that is written at once and answered only when the test says so."""

    def __init__(self) -> None:
        self.written = asyncio.Event()
        self.answer = asyncio.Event()
        self.refuse = False

    async def send(self) -> dict[str, Any]:
        tell = REQUEST_WRITTEN.get()
        assert tell is not None, "the controller asks to be told when the request is written"
        tell()
        self.written.set()
        await self.answer.wait()
        if self.refuse:
            raise WrongState("Call is not in a state to be held", status=409)
        return {}


def controller_posting_to(posted: list[Message]) -> CallController:
    async def no_session(sid: str) -> dict:
        return {}

    async def no_resync() -> None:
        return None

    return CallController(
        app=None,  # type: ignore[arg-type]  # the controller never draws
        post=posted.append,
        book=lambda: None,
        get_session=no_session,
        resync=no_resync,
    )


def hold_request(server: HeldBackServer) -> ControlRequest:
    call = Call(telephony_session_id=SID, party_id="p-1", state=CallState.ACTIVE)
    return ControlRequest("call.hold", "hold", call, server.send)


async def until(condition, what: str) -> None:
    for _ in range(5000):  # bounded: five seconds of event-loop turns at the most
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError(f"gave up waiting for {what}")


def pending(posted: list[Message]) -> list[ActionPending]:
    return [message for message in posted if isinstance(message, ActionPending)]


async def test_a_slow_server_still_shows_the_marker_while_it_has_not_answered() -> None:
    posted: list[Message] = []
    controller = controller_posting_to(posted)
    server = HeldBackServer()
    assert controller.submit(hold_request(server))
    await server.written.wait()
    assert pending(posted) == []  # nothing is drawn in the moment the request leaves
    await until(lambda: pending(posted), "the pending marker of an unanswered request")
    assert [(m.telephony_session_id, m.label) for m in pending(posted)] == [(SID, "hold")]
    assert controller.in_flight(SID) == "hold"
    server.refuse = True
    server.answer.set()
    await until(lambda: any(isinstance(m, ActionSettled) for m in posted), "the failure")
    assert len(pending(posted)) == 1  # shown once, however the request ends
    controller.cancel_all()


async def test_an_answer_shows_the_marker_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(controller_module, "PENDING_AFTER_WRITE_S", 3600.0)
    posted: list[Message] = []
    controller = controller_posting_to(posted)
    server = HeldBackServer()
    assert controller.submit(hold_request(server))
    await server.written.wait()
    await asyncio.sleep(0)
    assert pending(posted) == []
    server.answer.set()
    await until(lambda: pending(posted), "the marker once the server answered")
    assert not any(isinstance(m, ActionSettled) for m in posted)  # pending until confirmed
    controller.confirm([hold_request(server).call])
    await until(lambda: isinstance(posted[-1], ActionSettled), "the confirmation")
    assert len(pending(posted)) == 1
