"""How a call ended, in the words a person reads in History ("sent to voicemail", "rejected").

RingCentral says it with a party status and reason (`VoiceMail`/`Rejected`,
`Disconnected`/`BlindTransfer`, `Disconnected`/`CallFlip`, `Parked`...). Where the person
ended the call themself, calldeck also knows what it sent and to where (`SentAction`): that
turns "transferred" into "transferred to 103" and "flipped" into "flipped to Mobile", and
names a flip right when RingCentral's own status still reads `Answered`.

Pure: no Textual; the History pane (and anything else) calls `end_reason`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.calls import CallState
from tui.safe_text import clean

if TYPE_CHECKING:
    from tui.calls import Call


@dataclass(frozen=True, slots=True)
class SentAction:
    """What calldeck sent for a call: the action id and how its target reads (may be "")."""

    action_id: str
    target: str = ""


_BY_REASON: dict[str, str] = {
    "rejected": "rejected",
    "voicemail": "sent to voicemail",
    "callredirected": "forwarded",
    "blindtransfer": "transferred",
    "rcctransfer": "transferred",
    "dtmftransfer": "transferred",
    "attendedtransfer": "transferred",
    "callflip": "flipped",
    "callpark": "parked",
    "parklocation": "parked",
    "callreplied": "replied with a message",
    "pickup": "picked up elsewhere",
    "callswitch": "switched to another device",
    "takeover": "taken over",
    "agentanswered": "answered by another agent",
    "agentdropped": "passed to the next agent",
    "noanswer": "not answered",
    "timeout": "not answered",
    "cancelled": "caller hung up",
    "targetbusy": "busy",
    "invalidnumber": "invalid number",
    "internationaldisabled": "international calls disabled",
    "destinationblocked": "number blocked",
    "notenoughfunds": "not enough funds",
    "nosuchuser": "no such user",
    "internalerror": "RingCentral error",
}
_BY_SENT: dict[str, str] = {
    "call.voicemail": "sent to voicemail",
    "call.reject": "rejected",
    "call.forward": "forwarded",
    "call.transfer": "transferred",
    "call.flip": "flipped",
    "call.flip_pick": "flipped",
    "call.park": "parked",
    "call.drop": "you hung up",
}
# Words that take the target after them ("transferred to 103", "parked at *801").
_TARGET_WORD = {"forwarded": "to", "transferred": "to", "flipped": "to", "parked": "at"}


def end_reason(call: Call, sent: SentAction | None = None) -> str:
    """The reason `call` ended, in sentence fragments a person reads ("caller hung up")."""
    status = (call.status or "").lower()
    reason = (call.reason or "").lower()
    if status in ("voicemail", "voicemailscreening") and reason != "rejected":
        words = "sent to voicemail"
    elif status == "parked":
        words = "parked"
    elif reason in _BY_REASON:
        words = _BY_REASON[reason]
    elif sent is not None and sent.action_id in _BY_SENT:
        words = _BY_SENT[sent.action_id]  # e.g. a flip RingCentral reports as Answered
    elif call.direction == "Inbound":
        words = "caller hung up"
    elif call.direction == "Outbound":
        words = "they hung up"
    else:
        words = "ended" if call.state is CallState.ENDED else call.state.value
    target = ""
    if words == "parked" and call.park_id:
        target = call.park_id
    elif sent is not None and (
        _BY_SENT.get(sent.action_id) == words
        or (words == "parked" and sent.action_id == "call.transfer")  # to a park orbit
    ):
        target = sent.target
    if target and words in _TARGET_WORD:
        words = f"{words} {_TARGET_WORD[words]} {target}"
    return clean(words)
