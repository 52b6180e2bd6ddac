"""From an action id and a call to the one `CallControl` request it sends.

Toggles (hold, mute, record) are resolved from the call's allowed actions, which the
reducer computes from its state, so a key never sends the wrong half of a toggle.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from tui.app.actions import ACTIONS_BY_ID
from tui.app.call_text import endpoint_text, other_party
from tui.app.choices import ReplyChoice, TransferTarget
from tui.app.controller import ControlRequest
from tui.calls import Action

if TYPE_CHECKING:
    from tui.calls import Call, CallBook
    from tui.ringcentral.callcontrol import CallControl


def _park_sentence(result: Any) -> str | None:
    park_id = result if isinstance(result, str) else None
    if isinstance(result, dict):
        park_id = (result.get("park") or {}).get("id") or result.get("parkId")
    return f"Parked at {park_id}: pick it up by dialling it." if park_id else "Call parked."


# What a request did, said once RingCentral accepted it: {who} is the other party.
_DONE = {
    "to voicemail": "Sent {who} to voicemail.",
    "reject": "Rejected {who}.",
    "hold": "Put {who} on hold.",
    "unhold": "Took {who} off hold.",
    "mute": "Muted your side of the call with {who}.",
    "unmute": "Unmuted your side of the call with {who}.",
    "hang up": "Hung up on {who}.",
    "pause rec": "Paused recording the call with {who}.",
    "resume rec": "Resumed recording the call with {who}.",
    "record": "Recording the call with {who}.",
    "answer": "Answered {who}.",
}
_DONE_TO = {"forward": "Forwarded {who} to {to}.", "flip": "Flipped the call with {who} to {to}."}


def _done(label: str, call: Call, to: str = "") -> Any:
    """The default outcome: one sentence naming the caller (and the target)."""
    who = endpoint_text(other_party(call))
    verb = label.split(" ", 1)[0]
    if to and verb in _DONE_TO:
        sentence = _DONE_TO[verb].format(who=who, to=to)
    elif label in _DONE:
        sentence = _DONE[label].format(who=who)
    else:
        return None
    return lambda result: sentence


def _make(
    action_id: str, label: str, call: Call, send: Any, outcome: Any = None, note: Any = None
) -> ControlRequest:
    spec = ACTIONS_BY_ID[action_id]
    outcome = outcome or _done(label, call)
    return ControlRequest(
        action_id, label, call, send, outcome, destructive=spec.destructive, note=note
    )


def _note_recording(sid: str, rid: str | None, active: bool) -> Any:
    """Tell the book the recording's state: recording events are not always sent."""

    def note(book: CallBook, result: Any) -> list[Call]:
        recording_id = rid or (result if isinstance(result, str) else None)
        return book.note_recording(sid, recording_id, active) if recording_id else []

    return note


# Requests that take only (sid, pid): the reducer's action → (pending label, CallControl method).
_PARTY_REQUESTS: dict[Action, tuple[str, str]] = {
    Action.VOICEMAIL: ("to voicemail", "forward_to_voicemail"),
    Action.REJECT: ("reject", "reject"),
    Action.HOLD: ("hold", "hold"),
    Action.UNHOLD: ("unhold", "unhold"),
    Action.MUTE: ("mute", "mute"),
    Action.UNMUTE: ("unmute", "unmute"),
    Action.PARK: ("park", "park"),
}
_OUTCOMES = {"call.park": _park_sentence}


def build_request(
    action_id: str,
    call: Call,
    control: CallControl,
    *,
    target: Any = None,
) -> ControlRequest:
    """The request `action_id` sends for `call` (`target`: a dialog's answer)."""
    sid, pid = call.telephony_session_id, call.party_id or ""
    spec = ACTIONS_BY_ID[action_id]
    # Toggles resolve here: the row lists both halves, the call allows exactly one.
    for action in spec.call_actions:
        if action in call.actions and action in _PARTY_REQUESTS:
            label, method = _PARTY_REQUESTS[action]
            send = partial(getattr(control, method), sid, pid)
            return _make(action_id, label, call, send, _OUTCOMES.get(action_id))
    match action_id:
        case "call.forward":
            assert isinstance(target, TransferTarget)  # a number or an extension number
            return _make(
                action_id,
                f"forward {target.value}",
                call,
                lambda: control.forward(sid, pid, **target.keyword()),
                _done("forward", call, target.value),
            )
        case "call.flip" | "call.flip_pick":
            return _make(
                action_id,
                f"flip {target}",
                call,
                lambda: control.flip(sid, pid, call_flip_id=target),
                _done("flip", call, str(target)),
            )
        case "call.record":
            return _record_request(call, control)
        case "call.transfer":
            assert isinstance(target, TransferTarget)
            who = endpoint_text(other_party(call))
            to = f"{target.value} ({target.label})" if target.label else target.value
            return _make(
                action_id,
                "transfer",
                call,
                lambda: control.transfer(sid, pid, **target.keyword()),
                lambda result: f"Transferred {who} to {to}.",
            )
        case "call.drop":
            return _make(action_id, "hang up", call, lambda: control.drop(sid))
        case "call.answer":
            return _make(
                action_id, "answer", call, lambda: control.answer(sid, pid, device_id=target)
            )
        case "call.ignore":
            return _make(
                action_id, "ignore", call, lambda: control.ignore(sid, pid, device_id=target)
            )
        case "call.unpark":
            return _make(
                action_id, "pick up", call, lambda: control.pickup(sid, pid, device_id=target)
            )
        case "call.reply":
            assert isinstance(target, ReplyChoice)
            return _make(
                action_id, "reply", call, lambda: control.reply(sid, pid, **target.keywords())
            )
    raise ValueError(f"{action_id} sends no call-control request for a {call.state} call")


def _record_request(call: Call, control: CallControl) -> ControlRequest:
    sid, pid, rid = call.telephony_session_id, call.party_id or "", call.recording_id or ""
    allowed = call.actions
    if Action.RECORD_PAUSE in allowed:
        return _make(
            "call.record",
            "pause rec",
            call,
            lambda: control.pause_recording(sid, pid, rid),
            note=_note_recording(sid, rid, False),
        )
    if Action.RECORD_RESUME in allowed:
        return _make(
            "call.record",
            "resume rec",
            call,
            lambda: control.resume_recording(sid, pid, rid),
            note=_note_recording(sid, rid, True),
        )
    return _make(
        "call.record",
        "record",
        call,
        lambda: control.start_recording(sid, pid),
        lambda rid: f"Recording started ({rid})." if isinstance(rid, str) else "Recording started.",
        note=_note_recording(sid, None, True),
    )
