"""An app without a permission: its keys are dimmed with a sentence that names it, pressing
one says so and sends nothing, and a 403 CMN-401 reads the same way."""

from __future__ import annotations

import pytest

from tests.app.harness import EmulatorControl, ringing_call, running_app, wait_for_toast
from tui.app.actions import ACTIONS_BY_ID
from tui.app.gate import GateState
from tui.emulator import Emulator, EmulatorConfig
from tui.ringcentral.errors import error_from_response

LACKS_CALL_CONTROL = (
    "Your RingCentral app lacks the CallControl permission; add it in the Developer Console."
)


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    # `calldeck emulator --scopes "..."`: everything calldeck uses but CallControl.
    return EmulatorConfig(
        scopes=("ReadAccounts", "ReadPresence", "WebSocket", "ReadCallLog", "EditPresence")
    )


async def test_call_control_keys_are_disabled_with_the_sentence(
    emulator: Emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator) as (app, pilot):
        assert app.link is not None and "CallControl" not in (app.link.granted_permissions or ())
        sid = await ringing_call(app, pilot, emu)
        screen = app.main
        assert screen.binding_reason("call_answer") == LACKS_CALL_CONTROL
        assert screen.check_action("call_answer", ()) is None  # dimmed, with the reason
        assert screen.check_action("call_silence", ()) is True  # a local key still works
        await pilot.press(ACTIONS_BY_ID["call.answer"].key)
        await wait_for_toast(pilot, "lacks the CallControl permission")
        assert await emu.requests(sid) == []  # nothing was sent


def test_a_granted_permission_or_an_unknown_scope_disables_nothing() -> None:
    from tui.calls import Call, CallState

    answer = ACTIONS_BY_ID["call.answer"]
    assert answer.required_permission == "CallControl"
    assert ACTIONS_BY_ID["team.transfer"].required_permission == "CallControl"
    assert ACTIONS_BY_ID["call.silence"].required_permission == ""
    ringing = Call("s-1", "p-1", CallState.RINGING, direction="Inbound")
    assert answer.why_not(ringing, GateState(granted=frozenset({"CallControl"}))) is None
    assert answer.why_not(ringing, GateState(granted=None)) is None
    assert answer.why_not(ringing, GateState(granted=frozenset())) == LACKS_CALL_CONTROL


def test_a_403_cmn_401_names_the_permission() -> None:
    body = {
        "errorCode": "InsufficientPermissions",
        "errors": [{"errorCode": "CMN-401", "permissionName": "ReadCallLog"}],
    }
    error = error_from_response(403, body)
    assert error.message == (
        "Your RingCentral app lacks the ReadCallLog permission; add it in the Developer Console."
    )
