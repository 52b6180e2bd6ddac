"""One telephony session as the book remembers it, and how its `Call` view is derived.

The record is mutable and private to the book; the view (`Call`) it produces is immutable.
Deriving a view touches only this session's few parties, so `CallBook.apply` stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from datetime import datetime
from operator import attrgetter
from typing import Any

from tui.calls.model import Call, CallState, Party, RecordingState
from tui.calls.parse import merge_endpoint, status_key

# Disconnected with these reasons means the call moved to another device of the same user
# (call-behaviour.md §1.2): RingCentral's SDK keeps such a session alive.
_MOVED_REASONS = frozenset({"pickup", "callswitch"})

_STATE_BY_STATUS = {
    "answered": CallState.ACTIVE,
    "hold": CallState.HELD,
    "parked": CallState.PARKED,
    "voicemail": CallState.VOICEMAIL,
    "vmscreening": CallState.VOICEMAIL,
    "gone": CallState.ENDED,
}


def party_state(party: Party) -> CallState:
    """The state a party's raw status stands for (status codes compared case-insensitively).

    Unknown codes (FaxReceive, Tds, whatever comes next) and a missing code read as ACTIVE:
    the call exists and nothing says it is ringing or over, so the user can still drop it.
    A Disconnected party that moved (Pickup, CallSwitch) also reads as ACTIVE: the call
    carries on, on another device.
    """
    key = status_key(party.status)
    if key in ("setup", "proceeding"):
        return CallState.DIALING if party.direction == "Outbound" else CallState.RINGING
    if key == "disconnected":
        moved = (party.reason or "").lower() in _MOVED_REASONS
        return CallState.ACTIVE if moved else CallState.ENDED
    return _STATE_BY_STATUS.get(key or "", CallState.ACTIVE)


def _leg_order(party: Party) -> tuple[str, int]:
    # `p-…-2`, `cs…-2`: order by the leg number, so party order does not depend on which
    # event happened to arrive first.
    head, _, tail = party.id.rpartition("-")
    return (head, int(tail)) if tail.isdigit() else (party.id, -1)


_PARTY_FIELDS = tuple(f.name for f in dataclass_fields(Party))
_PARTY_INDEX = {name: index for index, name in enumerate(_PARTY_FIELDS)}
_party_values = attrgetter(*_PARTY_FIELDS)


def merge_party(old: Party | None, party_id: str, taken: dict[str, Any]) -> Party:
    """`old` with the fields one input carried; fields the input left out keep old values.

    Returns `old` itself when the input repeats what it already says, so nothing is
    allocated and comparing views stops at identity. Otherwise one new Party from the old
    values with the new ones put in place (`dataclasses.replace` walks the fields in Python:
    it was a fifth of `CallBook.apply`).
    """
    base = old if old is not None else Party(id=party_id)
    if not taken:
        return base
    values = list(_party_values(base))
    changed = False
    for name, value in taken.items():
        index = _PARTY_INDEX[name]
        known = values[index]
        if name == "from_" or name == "to":
            value = merge_endpoint(known, value)
        if value is not known and value != known:
            values[index] = value
            changed = True
    return Party(*values) if changed else base


@dataclass(slots=True)
class SessionRecord:
    """Everything known about one telephony session."""

    telephony_session_id: str
    parties: dict[str, Party] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)  # per party id
    owner_id: str | None = None  # ownerId of the latest envelope: whose subscription saw it
    origin: str | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    hidden: bool = False  # all parties were over when first seen: not shown (see book.py)
    ended_reason: str | None = None  # set when presence or a re-sync says the call is gone
    terminated: bool = False
    recording_notes: dict[str, bool] = field(default_factory=dict)
    continues_from: str | None = None
    # Sequence 1 was seen: the session's first event (sequence counts per session), so
    # nothing before it was missed, whatever state its one party is already in.
    seen_first_event: bool = False
    view: Call | None = None
    # Per party, the sequence that last set each field ("from_.name" for endpoint parts).
    field_sequences: dict[str, dict[str, float]] = field(default_factory=dict)
    # (partyId, startTime) of presence entries found to add nothing (see CallBook).
    presence_known: set[tuple[str, str]] = field(default_factory=set)

    def merge(self, party_id: str, fields: dict[str, Any], sequence: int | None) -> bool:
        """Merge what one input said about a party; True if any field was taken.

        Each field remembers the sequence that set it, and a field is only taken from an
        input at least as new (last writer wins, field by field). So an event older than
        the party's newest never overrides what a newer one said, yet may fill a field no
        newer event carried (a caller's name, say), and the result is the same whatever
        order the events arrive in, however often each is repeated.
        """
        if "recordings" in fields:
            # An input that lists a recording is newer news than what we noted locally.
            for recording in fields["recordings"]:
                self.recording_notes.pop(recording.id, None)
        seqs = self.field_sequences.setdefault(party_id, {})
        if sequence is None:
            # A REST snapshot or call-control response sits between the newest event seen
            # and the next one: a redelivered old event must not undo it, a new one will.
            known = self.sequences.get(party_id)
            accepted = fields
            if known is not None:
                seqs.update(dict.fromkeys(_field_keys(fields), known + 0.5))
        else:
            accepted = _newer_fields(fields, seqs, sequence)
            if sequence > self.sequences.get(party_id, sequence - 1):
                self.sequences[party_id] = sequence
        if not accepted and party_id in self.parties:
            return False
        self.parties[party_id] = merge_party(self.parties.get(party_id), party_id, accepted)
        return True

    def ordered_parties(self) -> list[Party]:
        """Parties in leg order (`-1`, `-2`, ...)."""
        if len(self.parties) == 1:  # an extension's calls mostly: nothing to sort
            return list(self.parties.values())
        return sorted(self.parties.values(), key=_leg_order)

    def note_time(self, when: datetime | None) -> bool:
        """Remember the earliest moment the session is known to have existed; True if moved."""
        if when is not None and (self.started_at is None or when < self.started_at):
            self.started_at = when
            return True
        return False


# "from_.name" and the like: the sequence key of each part of an endpoint, made once.
_PART_KEYS = {
    name: {part: f"{name}.{part}" for part in ("phone_number", "name", "extension_id", "device_id")}
    for name in ("from_", "to")
}


def _part_key(name: str, part: str) -> str:
    return _PART_KEYS[name].get(part) or f"{name}.{part}"


def _field_keys(fields: dict[str, Any]) -> list[str]:
    keys = []
    for name, value in fields.items():
        if name in _PART_KEYS:
            keys.extend(_part_key(name, part) for part, v in value.items() if v is not None)
        else:
            keys.append(name)
    return keys


def _newer_fields(fields: dict[str, Any], seqs: dict[str, float], sequence: int) -> dict[str, Any]:
    """The fields of an input with `sequence` that no newer input has set; marks them."""
    accepted: dict[str, Any] = {}
    known = seqs.get
    for name, value in fields.items():
        part_keys = _PART_KEYS.get(name)
        if part_keys is not None:
            parts = {}
            for part, v in value.items():
                if v is None:
                    continue
                key = part_keys.get(part) or f"{name}.{part}"
                if sequence >= known(key, sequence):
                    parts[part] = v
                    seqs[key] = sequence
            if parts:
                accepted[name] = parts
        elif sequence >= known(name, sequence):
            accepted[name] = value
            seqs[name] = sequence
    return accepted


@dataclass(frozen=True, slots=True)
class Perspective:
    """Whose calls these are: one extension (`me`), or every extension of an account."""

    me: str | None
    account_level: bool = False
    account_id: str | None = None


def my_parties(parties: list[Party], who: Perspective, owner_id: str | None) -> list[Party]:
    """The parties that belong to the signed-in user (or to the account, in account mode)."""
    if who.account_level:
        owned = [
            p
            for p in parties
            if p.extension_id is not None
            and (who.account_id is None or p.account_id in (None, who.account_id))
        ]
        return owned or parties  # account mode: every session is a call, owned or not
    me = who.me or owner_id
    if me is None:
        return parties
    mine = [p for p in parties if p.extension_id == me]
    if mine:
        return mine
    # Payloads stripped to the status (the docs' samples) name no owner at all; an
    # extension-level subscription only delivers the subscriber's own parties, so they are mine.
    if all(p.extension_id is None and p.account_id is None for p in parties):
        return parties
    return []


def choose_party(mine: list[Party]) -> Party | None:
    """The SDK's rule: the first party not Disconnected, else the last one."""
    for party in mine:
        if status_key(party.status) != "disconnected":
            return party
    return mine[-1] if mine else None


def _recording(party: Party, notes: dict[str, bool]) -> tuple[str, str | None]:
    if not party.recordings and not notes:
        return RecordingState.OFF.value, None
    states = {r.id: r.active for r in party.recordings}
    states.update(notes)  # local knowledge is newer than any event that did not mention it
    if not states:
        return RecordingState.OFF.value, None
    running = [rid for rid, active in states.items() if active]
    if running:
        return RecordingState.ON.value, running[-1]
    return RecordingState.PAUSED.value, list(states)[-1]


def _as_seen(mine: Party, parties: list[Party], origin: str | None) -> Party:
    """My party with the direction RingCentral's own client would show (server quirks).

    - RingOut (PLA-52742): the initiator's party arrives as Inbound; it is an outbound call,
      so it is turned around, from and to swapped.
    - A call switched from another device can leave my new party Outbound while the call was
      inbound: the switched-away party (Disconnected, CallSwitch) has the true direction.
    (ringcentral-js-widgets ActiveCallControl `_checkRingOutCallDirection`,
    helpers `filterDisconnectedCalls`.)
    """
    if (origin or "").lower() == "ringout" and (
        (mine.ring_out_role or "").lower() == "initiator" and mine.direction == "Inbound"
    ):
        return replace(mine, direction="Outbound", from_=mine.to, to=mine.from_)
    if mine.direction == "Outbound" and len(parties) > 1:
        for other in parties:
            if (
                other is not mine
                and other.direction == "Inbound"
                and status_key(other.status) == "disconnected"
                and (other.reason or "").lower() == "callswitch"
            ):
                return replace(mine, direction="Inbound", from_=other.from_, to=other.to)
    return mine


def derive_view(
    record: SessionRecord, who: Perspective, event_time: datetime | None
) -> Call | None:
    """The call the user sees for `record`, or None when it is not theirs to see."""
    if record.hidden:
        return None
    parties = record.ordered_parties()
    mine = choose_party(my_parties(parties, who, record.owner_id))
    if mine is None:
        return None
    state = CallState.ENDED if record.terminated else party_state(mine)
    if state is CallState.ENDED and record.ended_at is None:
        record.ended_at = event_time
    elif state is not CallState.ENDED:
        record.ended_at = None
    recording, recording_id = _recording(mine, record.recording_notes)
    shown = _as_seen(mine, parties, record.origin)
    status = status_key(mine.status)
    reason = mine.reason
    if record.terminated and record.ended_reason is not None and status != "disconnected":
        reason = record.ended_reason
    return Call(
        telephony_session_id=record.telephony_session_id,
        party_id=mine.id or None,
        state=state,
        status=mine.status,
        reason=reason,
        direction=shown.direction,
        from_=shown.from_,
        to=shown.to,
        muted=mine.muted,
        remote_hold=len(parties) > 1
        and any(p is not mine and status_key(p.status) == "hold" for p in parties),
        recording=recording,
        recording_id=recording_id,
        queue_call=mine.queue_call,
        started_at=record.started_at,
        ended_at=record.ended_at,
        owner_extension_id=mine.extension_id,
        park_id=mine.park_id,
        parties=tuple(parties),
        continued_in=mine.peer.telephony_session_id
        if status == "gone" and mine.peer is not None
        else None,
        continues_from=record.continues_from,
        origin=record.origin,
    )


def is_over(fields: dict[str, Any]) -> bool:
    """Whether a party as one input described it has ended (for "first seen already over")."""
    probe = Party(id="", status=fields.get("status"), reason=fields.get("reason"))
    return "status" in fields and party_state(probe) is CallState.ENDED
