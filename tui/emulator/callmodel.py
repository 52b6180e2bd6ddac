"""Call sessions and parties as the emulator keeps them (plain data, no I/O).

A session holds parties; one party per leg. Directions are from each party's own point
of view (the caller's party is Outbound, the callee's Inbound). Ids look like RingCentral's
new style: `s-<32 hex>` for sessions and `p-<same hex>-N` for parties.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from tui.emulator.clock import iso

# The call queue the signed-in user is an agent of (queue calls name it in uiCallInfo).
QUEUE_NAME = "Front Desk Queue"

RINGING = ("Setup", "Proceeding")
CONNECTED = ("Answered", "Hold")
ENDED = ("Disconnected", "Gone")

# Presence telephonyStatus for a party status (RingCentral's own mapping, call-behaviour §1.2).
PRESENCE_STATUS = {
    "Setup": "Ringing",
    "Proceeding": "Ringing",
    "Answered": "CallConnected",
    "Hold": "OnHold",
    "Parked": "ParkedCall",
}


@dataclass
class Recording:
    """An on-demand recording of one party (`active=False` means paused)."""

    id: str
    active: bool = True

    def to_json(self) -> dict:
        """CallRecording / RecordingInfo body."""
        return {"id": self.id, "active": self.active}


@dataclass
class Party:
    """One leg of a call."""

    id: str
    direction: str
    from_: dict
    to: dict
    account_id: str | None = None
    extension_id: str | None = None
    status: str = "Setup"
    reason: str | None = None
    muted: bool = False
    stand_alone: bool = False
    park_id: str | None = None
    queue_call: bool = False
    missed_call: bool = False
    recordings: list[Recording] = field(default_factory=list)
    peer: dict | None = None

    @property
    def ended(self) -> bool:
        """True once the party has left the call."""
        return self.status in ENDED

    def status_json(self) -> dict:
        """CallStatusInfo for this party."""
        status: dict = {"code": self.status, "rcc": False}
        if self.reason:
            status["reason"] = self.reason
        if self.status == "Parked" and self.park_id:
            status["parkData"] = self.park_id
        if self.peer:
            status["peerId"] = dict(self.peer)
        return status

    def _common(self) -> dict:
        body: dict = {
            "id": self.id,
            "direction": self.direction,
            "from": dict(self.from_),
            "to": dict(self.to),
            "status": self.status_json(),
            "muted": self.muted,
            "standAlone": self.stand_alone,
            "park": {"id": self.park_id} if self.park_id else {},
        }
        if self.recordings:
            body["recordings"] = [r.to_json() for r in self.recordings]
        return body

    def rest_json(self) -> dict:
        """CallParty as the REST API returns it (ownership under `owner`, plus flat ids)."""
        body = self._common()
        if self.extension_id:
            body["owner"] = {"accountId": self.account_id, "extensionId": self.extension_id}
            body["accountId"] = self.account_id
            body["extensionId"] = self.extension_id
        body["attributes"] = {"queueCall": self.queue_call}
        return body

    def event_json(self) -> dict:
        """The party as a telephony-session notification carries it (flat ownership)."""
        body = self._common()
        if self.account_id:
            body = {"accountId": self.account_id, **body}
        if self.extension_id:
            body = {"extensionId": self.extension_id, **body}
        body["missedCall"] = self.missed_call
        if self.queue_call:
            body["queueCall"] = True
            # What RingCentral's apps show for a queue call: the queue, then the caller.
            body["uiCallInfo"] = {"primary": {"type": "QueueName", "value": QUEUE_NAME}}
            if self.from_.get("name"):
                body["uiCallInfo"]["additional"] = {
                    "type": "CallerIdName",
                    "value": self.from_["name"],
                }
        return body


@dataclass
class CallSession:
    """One telephony session."""

    id: str
    session_id: str
    created: datetime
    origin: str = "Call"
    server_id: str = "10.13.22.28.TAM"
    parties: list[Party] = field(default_factory=list)
    user_party_id: str = ""
    sequence: int = 0
    # Status codes every party of the signed-in user went through, in order.
    history: list[str] = field(default_factory=list)
    # Call-control requests received for this session (control API `requests`).
    requests: list[dict] = field(default_factory=list)
    started_at: datetime | None = None

    @classmethod
    def new(cls, created: datetime, origin: str = "Call") -> CallSession:
        """A fresh session with random RingCentral-style ids."""
        return cls(
            id=f"s-{secrets.token_hex(16)}",
            session_id=str(secrets.randbelow(9 * 10**11) + 10**11),
            created=created,
            origin=origin,
        )

    def next_party_id(self) -> str:
        """`p-<hex>-N` for the next party."""
        return f"p-{self.id[2:]}-{len(self.parties) + 1}"

    def party(self, party_id: str) -> Party | None:
        """The party with this id, if any."""
        return next((p for p in self.parties if p.id == party_id), None)

    @property
    def user_party(self) -> Party | None:
        """The signed-in user's current party (after a flip, the new leg)."""
        return self.party(self.user_party_id)

    @property
    def live(self) -> bool:
        """True while any party is still in the call."""
        return any(not p.ended for p in self.parties)

    def rest_json(self) -> dict:
        """CallSessionObject."""
        return {
            "id": self.id,
            "origin": {"type": self.origin},
            "creationTime": iso(self.created),
            "parties": [p.rest_json() for p in self.parties],
        }
