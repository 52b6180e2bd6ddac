"""What presence may add to a call the book knows: only the gaps events left.

Presence repeats up to 7 calls in every event and never overrides what telephony events
said; these decide, per entry, whether it could add anything and which fields it fills.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.calls.parse import as_str, parse_time

if TYPE_CHECKING:
    from tui.calls.model import Party
    from tui.calls.session import SessionRecord


def fully_known(record: SessionRecord | None, entry: dict[str, Any]) -> bool:
    """True when a presence entry could add nothing: its party has every field presence
    fills, and the call is known to have started no later. Presence repeats up to 7 calls
    in every event, so this spares parsing most of them.

    Once true for a party and start time it stays true (parties are never removed, their
    numbers and names never emptied, a start only moves earlier), so the record keeps
    the raw pair and the next repeat of the entry costs a set look-up.
    """
    if record is None or record.started_at is None:
        return False
    raw_party, raw_start = entry.get("partyId"), entry.get("startTime")
    plain = type(raw_party) is str and type(raw_start) is str  # hashable as sent
    if plain and (raw_party, raw_start) in record.presence_known:
        return True
    party_id, start = as_str(raw_party), parse_time(raw_start)
    party = record.parties.get(party_id) if party_id is not None else None
    if party is None or (start is not None and start < record.started_at):
        return False
    known = None not in (
        party.from_.phone_number,
        party.from_.name,
        party.to.phone_number,
        party.to.name,
    )
    if known and plain:
        record.presence_known.add((raw_party, raw_start))
    return known


def endpoint_fields(endpoint: Any) -> dict[str, str | None]:
    """The fields presence may fill in one end of a party."""
    return {"phone_number": endpoint.phone_number, "name": endpoint.name}


def fill_only(
    record: SessionRecord, party_id: str | None, fields: dict[str, Any]
) -> dict[str, Any]:
    """Presence never overrides what events said; for a known party it only fills gaps."""
    old: Party | None = record.parties.get(party_id or "")
    if old is None:
        return fields
    filled = {}
    for key in ("from_", "to"):
        known = getattr(old, key)
        filled[key] = {
            name: value
            for name, value in fields[key].items()
            if value is not None and getattr(known, name) is None
        }
    return filled
