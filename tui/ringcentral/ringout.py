"""RingOut: RingCentral rings the person's own number first, then the callee.

`POST /restapi/v1.0/account/~/extension/~/ring-out` (`{from: {phoneNumber}, to:
{phoneNumber}, playPrompt}`), `GET …/ring-out/{id}` for its status and `DELETE …/ring-out/{id}`
to cancel it (RingCentral's "RingOut" guide; spec operations createRingOutCall,
readRingOutCallStatus, deleteRingOutCall; app permission RingOut). It reaches any phone, so it
is what calldeck uses when no desk phone or softphone is online.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.errors import CalldeckError

RING_OUT = "/restapi/v1.0/account/~/extension/~/ring-out"
FORWARDING = "/restapi/v1.0/account/~/extension/~/forwarding-number"
IN_PROGRESS = "InProgress"
# What each end's CallingStatusInfo means to the person.
_STATUS_WORDS = {
    "InProgress": "ringing",
    "Success": "connected",
    "Busy": "busy",
    "NoAnswer": "no answer",
    "Rejected": "declined",
    "Finished": "finished",
    "CannotReach": "cannot be reached",
}


@dataclass(frozen=True, slots=True)
class RingOutStatus:
    """One RingOut call: its id and the status of the call and of each leg."""

    id: str
    call: str
    caller: str
    callee: str

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> RingOutStatus:
        """From a GetRingOutStatusResponse."""
        status = body.get("status") or {}
        return cls(
            id=str(body.get("id") or ""),
            call=str(status.get("callStatus") or "Unknown"),
            caller=str(status.get("callerStatus") or "Unknown"),
            callee=str(status.get("calleeStatus") or "Unknown"),
        )

    @property
    def in_progress(self) -> bool:
        """True while RingCentral is still ringing one of the two ends."""
        return self.call == IN_PROGRESS

    def describe(self) -> str:
        """`RingOut: your phone connected, callee ringing`."""

        def word(value: str) -> str:
            return _STATUS_WORDS.get(value, value)

        return f"RingOut: your phone {word(self.caller)}, callee {word(self.callee)}"


async def start_ring_out(client: RingCentralClient, *, ring_me_at: str, to: str) -> RingOutStatus:
    """Ring `ring_me_at` (E.164), then `to` (E.164) once the person answers."""
    body = {"from": {"phoneNumber": ring_me_at}, "to": {"phoneNumber": to}, "playPrompt": False}
    return RingOutStatus.from_body(await client.post_json(RING_OUT, body) or {})


async def ring_out_status(client: RingCentralClient, ring_out_id: str) -> RingOutStatus:
    """The RingOut call's current status."""
    return RingOutStatus.from_body(
        await client.get_json(f"{RING_OUT}/{quote(ring_out_id, safe='')}")
    )


async def cancel_ring_out(client: RingCentralClient, ring_out_id: str) -> None:
    """Cancel a RingOut call that is still ringing (204)."""
    await client.request("DELETE", f"{RING_OUT}/{quote(ring_out_id, safe='')}")


async def ring_me_at_number(client: RingCentralClient, wanted: str | None = None) -> str:
    """The number RingOut rings first: `wanted`, else the person's mobile forwarding number,
    else their first forwarding number. CalldeckError if they have none."""
    if wanted:
        return wanted
    body = await client.get_json(FORWARDING, {"perPage": 100})
    numbers = [r for r in body.get("records") or [] if r.get("phoneNumber")]
    forwarding = [r for r in numbers if "CallForwarding" in (r.get("features") or [])]
    mobile = [r for r in forwarding if r.get("type") == "Mobile"]
    chosen = (mobile or forwarding or numbers or [None])[0]
    if chosen is None:
        raise CalldeckError(
            "RingOut needs a number to ring you at: add a forwarding number or pass --ringout-from."
        )
    return str(chosen["phoneNumber"])
