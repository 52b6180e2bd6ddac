"""What a call can be and what may be done to it: the enums and the rule between them.

Kept apart from the model's dataclasses so the UI can name states and actions (its key
table, its styles) without building the call model's classes before its first frame.
"""

from __future__ import annotations

from enum import StrEnum


class CallState(StrEnum):
    """What a call is doing, from the signed-in user's point of view."""

    RINGING = "ringing"
    DIALING = "dialing"
    ACTIVE = "active"
    HELD = "held"
    PARKED = "parked"
    VOICEMAIL = "voicemail"
    ENDED = "ended"


class Action(StrEnum):
    """A thing the user may do to a call; the UI maps its key table onto these."""

    VOICEMAIL = "voicemail"
    REJECT = "reject"
    FORWARD = "forward"
    HOLD = "hold"
    UNHOLD = "unhold"
    MUTE = "mute"
    UNMUTE = "unmute"
    FLIP = "flip"
    PARK = "park"
    RECORD_START = "record_start"
    RECORD_PAUSE = "record_pause"
    RECORD_RESUME = "record_resume"
    TRANSFER = "transfer"
    DROP = "drop"
    ANSWER = "answer"
    IGNORE = "ignore"
    REPLY = "reply"
    UNPARK = "unpark"
    WARM_TRANSFER = "warm_transfer"


class RecordingState(StrEnum):
    """Whether the call is being recorded (the `recording` key of the CALL object)."""

    OFF = "off"
    ON = "on"
    PAUSED = "paused"


# Which actions each state allows: the single source of truth for the UI key table and the CLI.
# PARKED and VOICEMAIL allow DROP only: DELETE on the session works for any live session
# (ringcentral-api.md §3 "drop session: any live session"), while hold/transfer/record need the
# party Answered; picking a parked call back up (UNPARK) needs the chosen desk phone or softphone.
# VOICEMAIL is a caller leaving a message (or being screened): dropping it is the one thing
# RingCentral lets us do, and the user may want to cut off an unwanted caller.
_STATE_ACTIONS: dict[CallState, frozenset[Action]] = {
    CallState.RINGING: frozenset(
        {Action.VOICEMAIL, Action.REJECT, Action.FORWARD, Action.ANSWER, Action.REPLY}
    ),
    CallState.DIALING: frozenset({Action.DROP}),
    CallState.ACTIVE: frozenset(
        {Action.HOLD, Action.FLIP, Action.TRANSFER, Action.WARM_TRANSFER, Action.DROP}
    ),
    CallState.HELD: frozenset({Action.UNHOLD, Action.TRANSFER, Action.WARM_TRANSFER, Action.DROP}),
    CallState.PARKED: frozenset({Action.DROP, Action.UNPARK}),
    CallState.VOICEMAIL: frozenset({Action.DROP}),
    CallState.ENDED: frozenset(),
}
_RECORDING_ACTION: dict[RecordingState, Action] = {
    RecordingState.OFF: Action.RECORD_START,
    RecordingState.ON: Action.RECORD_PAUSE,
    RecordingState.PAUSED: Action.RECORD_RESUME,
}


def allowed_actions(
    state: CallState,
    *,
    muted: bool,
    recording: str,
    direction: str | None,
    queue_call: bool = False,
) -> frozenset[Action]:
    """The actions a call in `state` allows, with the toggles (mute, record) resolved."""
    actions = set(_STATE_ACTIONS[state])
    if state is CallState.RINGING and queue_call:
        actions.add(Action.IGNORE)  # RingCentral ignores call-queue calls only
    if state in (CallState.ACTIVE, CallState.HELD):
        actions.add(Action.UNMUTE if muted else Action.MUTE)
    if state is CallState.ACTIVE:
        actions.add(_RECORDING_ACTION.get(RecordingState(recording), Action.RECORD_START))
        # RingCentral parks "your own incoming calls only" (ringcentral-api.md §3).
        if direction == "Inbound":
            actions.add(Action.PARK)
    return frozenset(actions)
