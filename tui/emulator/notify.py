"""Turn call changes into RingCentral notifications and hand them to the push hub.

Telephony events carry ONE party each, with `sequence` increasing per session across all
parties. Owned parties go out on their extension's path; PSTN legs (accountId only) on the
account path. Detailed presence goes out for an extension whenever its calls change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from tui.emulator.callmodel import PRESENCE_STATUS, CallSession, Party
from tui.emulator.clock import Clock, iso
from tui.emulator.directory import ACCOUNT_ID

# Detailed presence shows at most the latest 7 active calls (spec, DetailedExtensionPresence).
MAX_PRESENCE_CALLS = 7


class Publisher(Protocol):
    """The part of the push hub that call control uses."""

    def publish_telephony(self, account_id: str, extension_id: str | None, body: dict) -> None: ...

    def publish_presence(self, account_id: str, extension_id: str, body: dict) -> None: ...


def active_call(session: CallSession, party: Party, *, ended: bool = False) -> dict:
    """ActiveCallInfo for one party of `session` (presence `activeCalls[]`)."""
    far = next((p for p in session.parties if p.id != party.id and not p.extension_id), None)
    far = far or next((p for p in session.parties if p.id != party.id), None)
    status = "NoCall" if ended else PRESENCE_STATUS.get(party.status, "NoCall")
    call = {
        "id": f"{session.session_id}-{party.id[-1]}",
        "direction": party.direction,
        "from": party.from_.get("phoneNumber") or party.from_.get("extensionNumber", ""),
        "to": party.to.get("phoneNumber") or party.to.get("extensionNumber", ""),
        "telephonyStatus": status,
        "startTime": iso(session.created),
        "sessionId": session.session_id,
        "telephonySessionId": session.id,
        "partyId": party.id,
        "queueCall": party.queue_call,
        "sipData": {
            "toTag": f"{session.id[2:12]}-to",
            "fromTag": f"{session.id[12:22]}-from",
            "remoteUri": f"sip:{(far.from_ if far else party.from_).get('phoneNumber', '')}@sip.ringcentral.com",
            "localUri": f"sip:{party.to.get('phoneNumber', '')}@sip.ringcentral.com",
        },
    }
    if party.from_.get("name"):
        call["fromName"] = party.from_["name"]
    if party.to.get("name"):
        call["toName"] = party.to["name"]
    if ended:
        call["terminationType"] = "final"
    return call


def presence_body(
    extension_id: str,
    calls: list[dict],
    sequence: int | None,
    *,
    detailed: bool = True,
    settings: dict | None = None,
) -> dict:
    """A detailed presence body (GET presence and presence events share it).

    `settings` are the extension's own choices (userStatus, DND, queue calls) over the defaults.
    """
    live = [c for c in calls if c["telephonyStatus"] != "NoCall"]
    order = ("Ringing", "CallConnected", "OnHold", "ParkedCall")
    telephony = next((s for s in order if any(c["telephonyStatus"] == s for c in live)), "NoCall")
    body: dict = {
        "extensionId": extension_id,
        "telephonyStatus": telephony,
        "presenceStatus": "Busy" if live else "Available",
        "userStatus": "Available",
        "dndStatus": "TakeAllCalls",
        "meetingStatus": "Disconnected",
        "allowSeeMyPresence": True,
        "ringOnMonitoredCall": False,
        "pickUpCallsOnHold": False,
        "totalActiveCalls": len(live),
    }
    if settings:
        if "dndStatusPersonal" in settings:
            del body["dndStatus"]  # the newer call handling has no dndStatus (spec)
        body.update(settings)
        dnd = body.get("dndStatus", body.get("dndStatusPersonal"))
        if body["userStatus"] != "Available":
            body["presenceStatus"] = body["userStatus"]
        elif dnd == "DoNotAcceptAnyCalls":
            body["presenceStatus"] = "Busy"
    if sequence is not None:
        body["sequence"] = sequence
    if detailed:
        body["activeCalls"] = calls[-MAX_PRESENCE_CALLS:]
    return body


class Notifier:
    """Builds telephony and presence event bodies and publishes them through the hub."""

    def __init__(
        self,
        hub: Publisher,
        clock: Clock,
        settings: Callable[[str], dict] = lambda extension_id: {},
    ) -> None:
        self.hub = hub
        self.clock = clock
        self.settings = settings
        self._presence_sequence: dict[str, int] = {}

    def party_changed(self, session: CallSession, party: Party) -> None:
        """Publish one telephony-session event carrying `party`."""
        session.sequence += 1
        body = {
            "sequence": session.sequence,
            "sessionId": session.session_id,
            "telephonySessionId": session.id,
            "serverId": session.server_id,
            "eventTime": iso(self.clock.now()),
            "parties": [party.event_json()],
            "origin": {"type": session.origin},
        }
        self.hub.publish_telephony(ACCOUNT_ID, party.extension_id, body)

    def presence_changed(self, extension_id: str, calls: list[dict]) -> None:
        """Publish a detailed presence event for `extension_id` with its calls."""
        sequence = self._presence_sequence.get(extension_id, 0) + 1
        self._presence_sequence[extension_id] = sequence
        self.hub.publish_presence(
            ACCOUNT_ID,
            extension_id,
            presence_body(extension_id, calls, sequence, settings=self.settings(extension_id)),
        )
