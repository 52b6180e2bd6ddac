"""Placing a call: from the chosen desk phone or softphone (call-out), else by RingOut.

Entry points (the dialer, History's call back, the team pane and `calldeck call` use them):
- `dial_target(typed, home_country)`: what a person typed as a `DialTarget`, an extension
  number or an E.164 number; InvalidNumber (one line, nothing sent) otherwise.
- `place_call(control, target, device_id=..., ring_me_at=...)`: call-out from `device_id`,
  or RingOut ringing `ring_me_at` first when no device is given; a `PlacedCall`.
- `plan_call(control, wanted_device, ring_me_at)`: which of the two to use, as a `CallPlan`.
  A device asked for that cannot ring is a DeviceProblem before anything is sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tui.ringcentral.callcontrol import CallControl
from tui.ringcentral.devices import Device, DeviceProblem, choose_device, list_devices
from tui.ringcentral.errors import CalldeckError, InvalidNumber
from tui.ringcentral.ringout import RingOutStatus, ring_me_at_number, start_ring_out

# Extensions are short digit strings; anything longer is read as a phone number.
EXTENSION = re.compile(r"^\d{1,6}$")


@dataclass(frozen=True, slots=True)
class DialTarget:
    """Who to call: an extension number or an E.164 phone number, and a name if known."""

    kind: str
    """`extension` or `number`."""
    value: str
    label: str = ""

    def describe(self) -> str:
        """`Marcus Oyelaran (ext 103)` or `+16505550123`."""
        shown = f"ext {self.value}" if self.kind == "extension" else self.value
        return f"{self.label} ({shown})" if self.label else shown


def dial_target(typed: str, home_country: str = "US", label: str = "") -> DialTarget:
    """An extension number (1-6 digits) or a phone number read in the home country."""
    from tui.ringcentral.phone import parse_phone_number

    text = (typed or "").strip()
    if not text:
        raise InvalidNumber("Type a name, an extension or a number first.")
    if EXTENSION.match(text):
        return DialTarget("extension", text, label)
    return DialTarget("number", parse_phone_number(text, home_country), label)


@dataclass(frozen=True, slots=True)
class CallPlan:
    """How a call will be placed: from `device` (call-out), else RingOut via `ring_me_at`."""

    device: Device | None
    ring_me_at: str | None = None

    def describe(self) -> str:
        """`from Desk phone` or `by RingOut, ringing +14155550177 first`."""
        if self.device is not None:
            return f"from {self.device.name}"
        return f"by RingOut, ringing {self.ring_me_at} first"


@dataclass(frozen=True, slots=True)
class PlacedCall:
    """A call RingCentral accepted: a call-out session/party, or a RingOut."""

    telephony_session_id: str | None = None
    party_id: str | None = None
    ring_out: RingOutStatus | None = None

    def to_json(self) -> dict[str, Any]:
        """`{"telephonySessionId", "partyId"}` or `{"ringOutId", "status"}` (`calldeck call`)."""
        if self.ring_out is not None:
            return {"ringOutId": self.ring_out.id, "status": self.ring_out.call}
        return {"telephonySessionId": self.telephony_session_id, "partyId": self.party_id}


async def plan_call(
    control: CallControl,
    wanted_device: str | None = None,
    ring_me_at: str | None = None,
    *,
    usual_ring_me_at: str | None = None,
) -> CallPlan:
    """Call-out from the wanted (else the only, else the first) eligible phone; RingOut when
    `ring_me_at` is given or no phone can ring (ringing `usual_ring_me_at`, else a forwarding
    number). A wanted phone that cannot ring: DeviceProblem."""
    if ring_me_at:
        return CallPlan(None, control.e164(ring_me_at))
    devices = await list_devices(control.client)
    try:
        choice = choose_device(devices, wanted_device)
    except DeviceProblem:
        if wanted_device:
            raise
        return CallPlan(None, await ring_me_at_for(control, usual_ring_me_at))
    return CallPlan(choice.device or choice.eligible[0])


async def ring_me_at_for(control: CallControl, configured: str | None = None) -> str:
    """The number RingOut rings first: `configured` (config `ring_me_at`, as E.164), else the
    person's mobile forwarding number, else their first one."""
    if configured:
        return control.e164(configured)
    return await ring_me_at_number(control.client)


async def _phone_of_extension(control: CallControl, extension: str) -> str:
    """RingOut dials phone numbers only: the colleague's direct number from the directory."""
    for record in await control.search_directory(extension):
        if str(record.get("extensionNumber")) == extension:
            for number in record.get("phoneNumbers") or []:
                if number.get("phoneNumber"):
                    return str(number["phoneNumber"])
    raise CalldeckError(f"RingOut needs a phone number, and extension {extension} has none.")


async def place_call(control: CallControl, target: DialTarget, plan: CallPlan) -> PlacedCall:
    """Place the call as `plan` says; one request creates it (never repeated)."""
    if plan.device is not None:
        number = {"phone_number": target.value} if target.kind == "number" else {}
        extension = {"extension_number": target.value} if target.kind == "extension" else {}
        session = await control.call_out(device_id=plan.device.id, **number, **extension)
        return PlacedCall(str(session.get("id") or ""), my_party_id(control, session))
    callee = target.value
    if target.kind == "extension":
        callee = await _phone_of_extension(control, target.value)
    status = await start_ring_out(control.client, ring_me_at=plan.ring_me_at or "", to=callee)
    return PlacedCall(ring_out=status)


def my_party_id(control: CallControl, session: dict[str, Any]) -> str:
    """The signed-in user's party in a new call-out session (the Outbound one that is mine)."""
    parties = [p for p in session.get("parties") or [] if isinstance(p, dict)]
    me = control.client.extension_id

    def owner(party: dict[str, Any]) -> str | None:
        return party.get("extensionId") or (party.get("owner") or {}).get("extensionId")

    mine = [p for p in parties if owner(p) == me and p.get("direction") == "Outbound"]
    chosen = (mine or [p for p in parties if owner(p) == me] or parties or [{}])[0]
    return str(chosen.get("id") or "")
