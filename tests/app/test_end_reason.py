"""History's end reasons read as a person says them, right for flip, transfer and park."""

from __future__ import annotations

from tui.app.end_reason import SentAction, end_reason
from tui.calls import Call, CallState


def ended(status: str | None, reason: str | None, **extra: object) -> Call:
    return Call("s-1", "p-1", CallState.ENDED, status=status, reason=reason, **extra)  # type: ignore[arg-type]


def test_reasons_read_as_a_person_says_them() -> None:
    inbound = {"direction": "Inbound"}
    assert end_reason(ended("VoiceMail", None, **inbound)) == "sent to voicemail"
    assert end_reason(ended("VoiceMail", "Rejected", **inbound)) == "rejected"
    assert end_reason(ended("Disconnected", None, **inbound)) == "caller hung up"
    assert end_reason(ended("Disconnected", "CallFinished", **inbound)) == "caller hung up"
    assert end_reason(ended("Parked", "CallPark", park_id="*801")) == "parked at *801"
    transfer = SentAction("call.transfer", "103 (Grace Hopper)")
    assert (
        end_reason(ended("Disconnected", "BlindTransfer"), transfer)
        == "transferred to 103 (Grace Hopper)"
    )
    # RingCentral may leave a flipped party reading Answered: what was sent names it.
    flip = SentAction("call.flip_pick", "Mobile")
    assert end_reason(ended("Answered", None, **inbound), flip) == "flipped to Mobile"
    assert end_reason(ended("Disconnected", "CallFlip"), flip) == "flipped to Mobile"
    assert end_reason(ended("Disconnected", None), SentAction("call.drop")) == "you hung up"
    assert "\x1b" not in end_reason(
        ended("Disconnected", None), SentAction("call.flip", "\x1b]0;x")
    )
