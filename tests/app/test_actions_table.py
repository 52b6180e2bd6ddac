"""The action table drives bindings, help and check_action; the issue's default keys hold."""

from __future__ import annotations

from tui.app.actions import (
    ACTIONS,
    ACTIONS_BY_ID,
    SCOPES,
    app_bindings,
    scope_bindings,
    screen_bindings,
)
from tui.app.gate import CHECKS, GateState, enabled_state, register
from tui.calls import Action, Call, CallState

ISSUE_KEYS = {
    "call.voicemail": "v",
    "call.reject": "x",
    "call.forward": "f",
    "call.hold": "h",
    "call.mute": "m",
    "call.flip": "l",
    "call.flip_pick": "L",
    "call.park": "p",
    "call.record": "r",
    "call.transfer": "t",
    "call.drop": "d",
    "app.help": "question_mark",
    "app.quit": "q",
}


def test_default_keys_are_the_issues() -> None:
    assert {k: ACTIONS_BY_ID[k].key for k in ISSUE_KEYS} == ISSUE_KEYS


def test_every_row_becomes_one_binding_with_its_id() -> None:
    bindings = screen_bindings() + app_bindings()
    panes = [scope_bindings(scope) for scope in SCOPES]
    every = bindings + [b for pane in panes for b in pane]
    assert sorted(b.id for b in every) == sorted(spec.id for spec in ACTIONS)
    shared = {spec.id for spec in ACTIONS if spec.shares_key}
    for group in (bindings, *panes):
        own = [b for b in group if b.id not in shared]
        assert len({b.key for b in own}) == len(own), "two rows share a default key"


def test_allowed_for_follows_the_calls_actions() -> None:
    ringing = Call("s-1", "p-1", CallState.RINGING, direction="Inbound")
    held = Call("s-2", "p-2", CallState.HELD, direction="Inbound")
    assert ACTIONS_BY_ID["call.reject"].allowed_for(ringing)
    assert not ACTIONS_BY_ID["call.hold"].allowed_for(ringing)
    assert Action.UNHOLD in held.actions and ACTIONS_BY_ID["call.hold"].allowed_for(held)
    assert not ACTIONS_BY_ID["call.reject"].allowed_for(held)
    assert not ACTIONS_BY_ID["call.hold"].allowed_for(None)
    assert ACTIONS_BY_ID["app.help"].allowed_for(None)


def test_labels_say_what_the_key_does_now() -> None:
    held_muted = Call("s-3", "p-3", CallState.HELD, direction="Inbound", muted=True)
    recording = Call("s-4", "p-4", CallState.ACTIVE, direction="Inbound", recording="on")
    paused = Call("s-5", "p-5", CallState.ACTIVE, direction="Inbound", recording="paused")
    assert ACTIONS_BY_ID["call.hold"].label_for(held_muted) == "Unhold"
    assert ACTIONS_BY_ID["call.mute"].label_for(held_muted) == "Unmute"
    assert ACTIONS_BY_ID["call.hold"].label_for(recording) == "Hold"
    assert ACTIONS_BY_ID["call.record"].label_for(recording) == "Pause rec"
    assert ACTIONS_BY_ID["call.record"].label_for(paused) == "Resume rec"
    assert ACTIONS_BY_ID["call.record"].label_for(None) == "Record"


def test_the_gate_says_why_and_whether_the_key_is_left_out() -> None:
    ringing = Call("s-1", "p-1", CallState.RINGING, direction="Inbound")
    ended = Call("s-2", "p-2", CallState.ENDED, direction="Inbound")
    hold, reject, silence = (ACTIONS_BY_ID[i] for i in ("call.hold", "call.reject", "call.silence"))
    idle = GateState(call_name="call from Ada")
    assert reject.why_not(ringing, idle) is None
    assert enabled_state(None) is True
    reason = hold.why_not(ringing, idle)
    assert reason == "Hold applies to answered calls; this one is ringing."
    assert enabled_state(reason) is False
    assert reject.why_not(None, idle) == "No call selected."
    assert reject.why_not(ended, idle) == "The call from Ada has ended; nothing was sent."
    pending = reject.why_not(ringing, GateState(pending="Voicemail"))
    assert pending == "Waiting for RingCentral to confirm Voicemail."
    assert enabled_state(pending) is None, "in flight: dimmed, not left out"
    assert silence.why_not(ringing, GateState(silenced=True)) is not None
    assert ACTIONS_BY_ID["app.quit"].why_not(None, idle) is None


def test_a_registered_check_gates_every_row_it_chooses() -> None:
    ringing = Call("s-1", "p-1", CallState.RINGING, direction="Inbound")

    def no_rejects_on_fridays(spec, call, state):  # type: ignore[no-untyped-def]
        return "Not on Fridays." if spec.id == "call.reject" else None

    register(no_rejects_on_fridays)
    try:
        assert ACTIONS_BY_ID["call.reject"].why_not(ringing, GateState()) == "Not on Fridays."
        assert ACTIONS_BY_ID["call.voicemail"].why_not(ringing, GateState()) is None
    finally:
        CHECKS.remove(no_rejects_on_fridays)
