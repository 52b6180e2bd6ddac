"""The edge of the call model: raw RingCentral JSON in, typed values out.

Every reader here tolerates what real payloads do (see call-behaviour.md §8): unknown fields,
number-or-string ids, `owner{}` (REST) vs flat ids (notifications), status codes in several
spellings, missing fields. A field of the wrong type is treated as absent, never as an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from tui.calls.model import Endpoint, PeerId, Recording
from tui.calls.quick_init import quick_init

# Status code spellings seen in the spec, the docs and the SDKs, folded to one key each.
_STATUS_ALIASES = {
    "voicemail": "voicemail",
    "vmscreening": "vmscreening",
    "voicemailscreening": "vmscreening",
}

# Presence `telephonyStatus` → the party status code it stands for (helpers.ts mapTelephonyStatus,
# read backwards). Only used to create calls that no session event has described yet.
PRESENCE_STATUS = {
    "ringing": "Proceeding",
    "callconnected": "Answered",
    "onhold": "Hold",
    "parkedcall": "Parked",
    "nocall": "Disconnected",
}


@lru_cache(maxsize=64)  # a handful of codes, asked for several times per event
def status_key(code: str | None) -> str | None:
    """The case-insensitive key of a status code (`VoiceMail` and `Voicemail` are one)."""
    if code is None:
        return None
    key = code.strip().lower()
    return _STATUS_ALIASES.get(key, key)


def as_str(value: object) -> str | None:
    """An id or text: strings as they are, integers as decimal text, anything else absent."""
    kind = value.__class__
    if kind is str:  # JSON's own types first: no isinstance calls on the common path
        return value or None  # type: ignore[return-value]
    if value is None:
        return None
    if kind is int or (isinstance(value, int) and kind is not bool):
        return str(value)
    if isinstance(value, str):
        return value or None
    return None


def as_dict(value: object) -> dict[str, Any] | None:
    """`value` if it is a JSON object, else None."""
    return value if isinstance(value, dict) else None


def as_list(value: object) -> list[Any]:
    """`value` if it is a JSON array, else an empty list."""
    return value if isinstance(value, list) else []


def as_int(value: object) -> int | None:
    """An integer (or integral text such as "7"), else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 timestamp (`Z` or `+0000` offsets), else None."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _endpoint_fields(raw: object) -> dict[str, str | None] | None:
    data = as_dict(raw)
    if data is None:
        return None
    return {
        "phone_number": as_str(data.get("phoneNumber")),
        "name": as_str(data.get("name")),
        "extension_id": as_str(data.get("extensionId")),
        "device_id": as_str(data.get("deviceId")),
    }


def merge_endpoint(old: Endpoint, fields: dict[str, str | None]) -> Endpoint:
    """`old` updated with the values `fields` carries; absent values keep the old ones.

    Field by field rather than whole-object replacement, so a later event that leaves out
    `from.name` does not erase the caller's name learnt earlier.
    """
    merged = (
        fields.get("phone_number") or old.phone_number,
        fields.get("name") or old.name,
        fields.get("extension_id") or old.extension_id,
        fields.get("device_id") or old.device_id,
    )
    if merged == (old.phone_number, old.name, old.extension_id, old.device_id):
        return old  # nothing new: keep the object (no allocation, identity compares)
    return Endpoint(*merged)


def _peer(status: dict[str, Any]) -> PeerId | None:
    peer = as_dict(status.get("peerId"))
    if peer is None:
        return None
    # Real payloads name the peer session `sessionId` even when it holds a telephonySessionId.
    sid = as_str(peer.get("telephonySessionId")) or as_str(peer.get("sessionId"))
    pid = as_str(peer.get("partyId"))
    return PeerId(sid, pid) if sid or pid else None


def _recordings(raw: object) -> tuple[Recording, ...]:
    found = []
    for item in as_list(raw):
        data = as_dict(item)
        rid = as_str(data.get("id")) if data else None
        if data is not None and rid is not None:
            found.append(Recording(rid, data.get("active") is True))
    return tuple(found)


# Raw key → Party field, for the fields read the same way.
_ENDPOINT_KEYS = (("from", "from_"), ("to", "to"))
_FLAG_KEYS = (
    ("muted", "muted"),
    ("queueCall", "queue_call"),
    ("standAlone", "stand_alone"),
    ("missedCall", "missed_call"),
)
_ROLE_KEYS = (("conferenceRole", "conference_role"), ("ringOutRole", "ring_out_role"))


def party_fields(raw: dict[str, Any]) -> dict[str, Any]:
    """The Party fields a raw party carries (absent or wrong-typed ones left out).

    Handles both shapes: notification parties (flat `accountId`/`extensionId`) and REST parties
    (`owner{accountId, extensionId}`); `owner` wins when both are present.
    """
    fields: dict[str, Any] = {}
    get = raw.get
    owner = get("owner")
    if isinstance(owner, dict):
        account = as_str(owner.get("accountId")) or as_str(get("accountId"))
        extension = as_str(owner.get("extensionId")) or as_str(get("extensionId"))
    else:
        account, extension = as_str(get("accountId")), as_str(get("extensionId"))
    if account is not None:
        fields["account_id"] = account
    if extension is not None:
        fields["extension_id"] = extension
    status = get("status")
    code = as_str(status.get("code")) if isinstance(status, dict) else None
    # Without a code a status says nothing; taking it would read the party as ACTIVE.
    if code is not None:
        # `status` is replaced whole, as RingCentral's SDK does: a new code without a reason
        # means the old reason no longer applies.
        fields["status"] = code
        fields["reason"] = as_str(status.get("reason"))
        fields["peer"] = _peer(status)
    direction = get("direction")
    if direction == "Inbound" or direction == "Outbound":
        fields["direction"] = direction
    for key, name in _ENDPOINT_KEYS:
        endpoint = _endpoint_fields(get(key))
        if endpoint is not None:
            fields[name] = endpoint
    for key, name in _FLAG_KEYS:
        flag = get(key)
        if flag.__class__ is bool:
            fields[name] = flag
    park = as_dict(raw.get("park"))
    if park is not None:
        fields["park_id"] = as_str(park.get("id"))
    if "recordings" in raw and isinstance(raw["recordings"], list):
        fields["recordings"] = _recordings(raw["recordings"])
    for key, name in _ROLE_KEYS:
        role = as_str(get(key))
        if role is not None:
            fields[name] = role
    return fields


@quick_init
@dataclass(frozen=True, slots=True)
class RawParty:
    """A party as one input described it: its id and the fields it carried."""

    id: str
    fields: dict[str, Any]


def parse_parties(raw: object) -> list[RawParty]:
    """The parties of an event or snapshot; a party without an id gets the id "" (one whose
    id is there but unusable is dropped: it cannot be told apart from the known parties).

    The docs' partial samples strip everything but `status.code`; keying them by "" lets a
    stream of such events still describe one party.
    """
    parties = []
    for item in as_list(raw):
        data = as_dict(item)
        if data is not None:
            if "id" in data and as_str(data["id"]) is None:
                continue  # an id that is there but unusable (null, [], ""): whose party?
            parties.append(RawParty(as_str(data.get("id")) or "", party_fields(data)))
    return parties


@quick_init
@dataclass(frozen=True, slots=True)
class SessionEvent:
    """A telephony-session notification (or a REST session snapshot, with no sequence)."""

    telephony_session_id: str
    sequence: int | None
    event_time: datetime | None
    owner_id: str | None
    parties: list[RawParty]
    origin: str | None


def session_event(envelope: dict[str, Any], body: dict[str, Any]) -> SessionEvent | str:
    """Read a telephony-session notification body; a reason string when it is unusable."""
    sid = as_str(body.get("telephonySessionId"))
    if sid is None:
        return "telephony event without telephonySessionId"
    owner = as_str(envelope.get("ownerId")) or as_str(body.get("extensionId"))
    origin = as_dict(body.get("origin")) or {}
    return SessionEvent(
        telephony_session_id=sid,
        sequence=as_int(body.get("sequence")),
        event_time=parse_time(body.get("eventTime")),
        owner_id=owner,
        parties=parse_parties(body.get("parties")),
        origin=as_str(origin.get("type")),
    )


def session_snapshot(raw: object) -> SessionEvent | str:
    """Read a GET session response (also the `{"session": {...}}` of call-out/conference)."""
    data = as_dict(raw)
    if data is None:
        return "session snapshot is not a JSON object"
    data = as_dict(data.get("session")) or data
    sid = as_str(data.get("id")) or as_str(data.get("telephonySessionId"))
    if sid is None:
        return "session snapshot without id"
    origin = as_dict(data.get("origin")) or {}
    return SessionEvent(
        telephony_session_id=sid,
        sequence=None,
        event_time=parse_time(data.get("creationTime")),
        owner_id=None,
        parties=parse_parties(data.get("parties")),
        origin=as_str(origin.get("type")),
    )


@quick_init
@dataclass(frozen=True, slots=True)
class PresenceCall:
    """One `activeCalls[]` entry of presence: enough to show a call no event described yet."""

    telephony_session_id: str
    party_id: str | None
    extension_id: str | None
    status: str | None  # as a party status code (see PRESENCE_STATUS)
    direction: str | None
    from_: Endpoint
    to: Endpoint
    queue_call: bool
    start_time: datetime | None
    final: bool  # terminationType final or telephonyStatus NoCall: the call is over


def presence_calls(
    record: dict[str, Any],
    extension_id: str | None,
    *,
    skip: Callable[[str, dict[str, Any]], bool] | None = None,
) -> list[PresenceCall]:
    """The active calls of one presence body or GET presence record.

    `skip(sid, entry)` may pass over live entries the caller already knows fully, before
    the rest of the entry is parsed; entries saying a call ended are kept.
    """
    calls = []
    for item in as_list(record.get("activeCalls")):
        data = as_dict(item)
        sid = as_str(data.get("telephonySessionId")) if data else None
        if data is None or sid is None:
            continue
        telephony = (as_str(data.get("telephonyStatus")) or "").lower()
        final = data.get("terminationType") == "final" or telephony == "nocall"
        if skip is not None and not final and skip(sid, data):
            continue
        party_id = as_str(data.get("partyId"))
        start_time = parse_time(data.get("startTime"))
        direction = as_str(data.get("direction"))
        calls.append(
            PresenceCall(
                telephony_session_id=sid,
                party_id=party_id,
                extension_id=extension_id,
                status=PRESENCE_STATUS.get(telephony),
                direction=direction if direction in ("Inbound", "Outbound") else None,
                from_=Endpoint(as_str(data.get("from")), as_str(data.get("fromName"))),
                to=Endpoint(as_str(data.get("to")), as_str(data.get("toName"))),
                queue_call=data.get("queueCall") is True,
                start_time=start_time,
                final=final,
            )
        )
    return calls


def presence_extension(record: dict[str, Any]) -> str | None:
    """Whose presence a body/record is: `extensionId` (events) or `extension.id` (GET)."""
    extension = as_dict(record.get("extension")) or {}
    return as_str(record.get("extensionId")) or as_str(extension.get("id"))


def presence_records(raw: object) -> list[dict[str, Any]]:
    """The per-extension presence records of a GET presence (one) or account presence (many)."""
    if isinstance(raw, list):
        return [item for item in raw if isinstance(item, dict)]
    data = as_dict(raw)
    if data is None:
        return []
    if "records" in data:
        return [item for item in as_list(data["records"]) if isinstance(item, dict)]
    return [data]
