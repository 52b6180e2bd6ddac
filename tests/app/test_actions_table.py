"""The action table drives bindings, help and check_action; the issue's default keys hold."""

from __future__ import annotations

from tui.app.actions import ACTIONS, ACTIONS_BY_ID, app_bindings, screen_bindings
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
    assert sorted(b.id for b in bindings) == sorted(spec.id for spec in ACTIONS)
    assert len({b.key for b in bindings}) == len(bindings), "two rows share a default key"


def test_allowed_for_follows_the_calls_actions() -> None:
    ringing = Call("s-1", "p-1", CallState.RINGING, direction="Inbound")
    held = Call("s-2", "p-2", CallState.HELD, direction="Inbound")
    assert ACTIONS_BY_ID["call.reject"].allowed_for(ringing)
    assert not ACTIONS_BY_ID["call.hold"].allowed_for(ringing)
    assert Action.UNHOLD in held.actions and ACTIONS_BY_ID["call.hold"].allowed_for(held)
    assert not ACTIONS_BY_ID["call.reject"].allowed_for(held)
    assert not ACTIONS_BY_ID["call.hold"].allowed_for(None)
    assert ACTIONS_BY_ID["app.help"].allowed_for(None)
