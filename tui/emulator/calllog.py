"""The call log: every call the emulator handled, one record per extension that took part.

`CallLog.observe` sees every party change (through `CallCenter`); when a session is over
each extension's record is written with RingCentral's result ("Missed", "Voicemail",
"Accepted", "Rejected", "Call connected", "No Answer"). Records carry a sequence number,
the position a sync token points at, so ISync returns exactly what was written since.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from tui.emulator.callmodel import CallSession, Party
from tui.emulator.clock import Clock, iso


@dataclass
class CallRecord:
    """One call log record of one extension."""

    id: str
    extension_id: str
    session_id: str
    telephony_session_id: str
    party_id: str
    start: datetime
    duration: int
    direction: str
    result: str
    from_: dict
    to: dict
    sequence: int = 0
    modified: datetime | None = None
    reason: str | None = None
    legs: list[dict] = field(default_factory=list)

    def to_json(self, base: str, *, detailed: bool = False) -> dict:
        """CallLogRecord (the Detailed view adds `legs` and `lastModifiedTime`)."""
        uri = f"{base}/restapi/v1.0/account/~/extension/{self.extension_id}/call-log/{self.id}"
        body: dict = {
            "uri": uri,
            "id": self.id,
            "sessionId": self.session_id,
            "telephonySessionId": self.telephony_session_id,
            "partyId": self.party_id,
            "startTime": iso(self.start),
            "duration": self.duration,
            "durationMs": self.duration * 1000,
            "type": "Voice",
            "direction": self.direction,
            "action": "Phone Call",
            "result": self.result,
            "to": _party(self.to),
            "from": _party(self.from_),
            "extension": {"uri": uri.split("/call-log/")[0], "id": int(self.extension_id)},
            "transport": "PSTN",
        }
        if self.reason:
            body["reason"] = self.reason
        if detailed:
            body["lastModifiedTime"] = iso(self.modified or self.start)
            body["legs"] = [{**leg, "startTime": iso(self.start)} for leg in self.legs]
        return body


def _party(info: dict) -> dict:
    party = {k: info[k] for k in ("phoneNumber", "name", "extensionId") if info.get(k)}
    if "extensionId" in party:
        party["extensionId"] = str(party["extensionId"])
    return party


@dataclass
class _Draft:
    """What is known about one extension's part in a session while it is still live."""

    party: Party
    answered: datetime | None = None
    voicemail: bool = False
    rejected: bool = False
    missed: bool = False


def result_of(direction: str, draft: _Draft) -> str:
    """RingCentral's call result for how the extension's part of the call went."""
    if draft.rejected:
        return "Rejected"
    if draft.voicemail:
        return "Voicemail"
    if draft.answered is not None:
        return "Accepted" if direction == "Inbound" else "Call connected"
    return "Missed" if direction == "Inbound" else "No Answer"


class CallLog:
    """Call log records of every extension, oldest first."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.records: list[CallRecord] = []
        self._drafts: dict[str, dict[str, _Draft]] = {}
        self._sequence = 0

    def observe(self, session: CallSession, party: Party) -> None:
        """A party changed: note it, and write the records once the session is over."""
        if party.extension_id:
            drafts = self._drafts.setdefault(session.id, {})
            draft = drafts.setdefault(party.extension_id, _Draft(party))
            if party.status == "Answered" and draft.answered is None:
                draft.answered = self.clock.now()
            draft.voicemail = draft.voicemail or party.status == "VoiceMail"
            draft.rejected = draft.rejected or party.reason == "Rejected"
            draft.missed = draft.missed or party.missed_call
        if not session.live and session.id in self._drafts:
            for extension_id, done in self._drafts.pop(session.id).items():
                self._write(session, extension_id, done)

    def _write(self, session: CallSession, extension_id: str, draft: _Draft) -> None:
        now = self.clock.now()
        party = draft.party
        self.add(
            CallRecord(
                id=new_record_id(),
                extension_id=extension_id,
                session_id=session.session_id,
                telephony_session_id=session.id,
                party_id=party.id,
                start=session.created,
                duration=max(0, int((now - session.created).total_seconds())),
                direction=party.direction,
                result=result_of(party.direction, draft),
                from_=dict(party.from_),
                to=dict(party.to),
                reason=party.reason,
                legs=[_leg(party)],
            )
        )

    def add(self, record: CallRecord) -> CallRecord:
        """Write a record (also the control API's and the demo's seeded history)."""
        self._sequence += 1
        record.sequence = self._sequence
        record.modified = self.clock.now()
        self.records.append(record)
        return record

    @property
    def sequence(self) -> int:
        """The sequence number of the newest record (what a sync token points at)."""
        return self._sequence

    def of(self, extension_id: str) -> list[CallRecord]:
        """The extension's records, newest call first."""
        mine = [r for r in self.records if r.extension_id == extension_id]
        return sorted(mine, key=lambda r: r.start, reverse=True)


def _leg(party: Party) -> dict:
    return {
        "type": "Voice",
        "direction": party.direction,
        "action": "Phone Call",
        "legType": "Accept" if party.direction == "Inbound" else "RingDirectly",
        "master": True,
        "from": _party(party.from_),
        "to": _party(party.to),
    }


def new_record_id() -> str:
    """A call log record id in RingCentral's style (letters and digits)."""
    return secrets.token_hex(10)
