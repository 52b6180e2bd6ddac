"""Event filters: parse and validate them, match events, and shape what a match delivers.

Supported filters (RingCentral docs, notifications/event-filters):
- telephony sessions, extension level `/restapi/v1.0/account/~/extension/~/telephony/sessions`
  and account level `/restapi/v1.0/account/~/telephony/sessions`, with the query filters
  `direction`, `missedCall`, `phoneNumber`, `sipData`, `statusCode`, `withRecordings`;
- presence, `/restapi/v1.0/account/~/extension/~/presence[?detailedTelephonyState=true[&sipData=true]]`
  and account level `/restapi/v1.0/account/~/presence[...]`;
- a few filters RingCentral accepts that this emulator never fires (message store, voicemail,
  extension info, contacts), so that real clients subscribing to them are not refused.
Anything else is refused with SUB-508, as RingCentral does for invalid filters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl, urlsplit

from tui.emulator.identity import TokenOwner

_FILTER_PATH = re.compile(
    r"^/restapi/v1\.0/account/(?P<account>[^/?]+)(?:/extension/(?P<extension>[^/?]+))?(?P<rest>/[^?]*)?$"
)
_ID = re.compile(r"^(~|\d{1,20})$")
_BOOLEAN = ("true", "false")
# Lower-cased: RingCentral's own spellings vary (VoiceMail/Voicemail, VMScreening).
_STATUS_CODES = frozenset(
    {
        "setup", "proceeding", "answered", "disconnected", "gone", "parked", "hold",
        "voicemail", "faxreceive", "tds", "voicemailscreening", "vmscreening",
    }
)  # fmt: skip
# Filters RingCentral accepts that the emulator never fires: (extension level?, path rest).
_QUIET = frozenset(
    {
        (True, ""),
        (True, "/message-store"),
        (True, "/message-store/instant"),
        (True, "/voicemail"),
        (False, "/extension"),
        (False, "/directory/contacts"),
    }
)


class FilterKind(StrEnum):
    """What a filter subscribes to."""

    TELEPHONY = "telephony"
    PRESENCE = "presence"
    QUIET = "quiet"  # accepted, never delivered by the emulator


class InvalidFilter(ValueError):
    """An event filter RingCentral would refuse (SUB-508)."""


@dataclass(frozen=True, slots=True)
class EventFilter:
    """One resolved event filter of a subscription (`~` replaced by the owner's ids)."""

    text: str  # as stored and echoed in SubscriptionInfo.eventFilters
    kind: FilterKind
    account_id: str
    extension_id: str | None  # None: account level
    query: tuple[tuple[str, str], ...]

    def option(self, name: str) -> str | None:
        """The value of one query parameter, or None."""
        return next((value for key, value in self.query if key == name), None)

    def flag(self, name: str) -> bool:
        """True when the query parameter is `true`."""
        return (self.option(name) or "").lower() == "true"

    @property
    def detail(self) -> int:
        """How much a match delivers; of several matching filters the most detailed wins."""
        return int(self.flag("detailedTelephonyState")) + int(self.flag("sipData"))

    def _covers(self, account_id: str, extension_id: str | None) -> bool:
        if account_id != self.account_id:
            return False
        return self.extension_id is None or self.extension_id == extension_id

    def matches_telephony(self, account_id: str, extension_id: str | None, body: dict) -> bool:
        """Whether a telephony-session event of this party owner passes the filter."""
        if self.kind is not FilterKind.TELEPHONY or not self._covers(account_id, extension_id):
            return False
        parties = [p for p in body.get("parties") or [] if isinstance(p, dict)]
        return not self._party_conditions() or any(self._party_passes(p) for p in parties)

    def matches_presence(self, account_id: str, extension_id: str) -> bool:
        """Whether a presence event of this extension passes the filter."""
        return self.kind is FilterKind.PRESENCE and self._covers(account_id, extension_id)

    def event_path(self, account_id: str, extension_id: str | None) -> str:
        """The envelope's `event`: the filter with concrete ids (RingCentral's event paths)."""
        if self.kind is FilterKind.PRESENCE:
            return self.text
        base = f"/restapi/v1.0/account/{account_id}"
        # Account-level filters name the party owner's extension for owned parties and the
        # bare account path for unowned ones (PSTN legs), as in the docs' call-flow examples.
        if extension_id is not None:
            return f"{base}/extension/{extension_id}/telephony/sessions"
        return f"{base}/telephony/sessions"

    def shape_body(self, body: dict) -> dict:
        """The event body as this filter delivers it (detail the filter did not ask for removed)."""
        if self.kind is FilterKind.PRESENCE:
            shaped = dict(body)
            if not self.flag("detailedTelephonyState"):
                shaped.pop("activeCalls", None)
            elif not self.flag("sipData") and isinstance(body.get("activeCalls"), list):
                shaped["activeCalls"] = [_without(call, "sipData") for call in body["activeCalls"]]
            return shaped
        if not self.flag("sipData") and isinstance(body.get("parties"), list):
            return {**body, "parties": [_without(p, "sipData") for p in body["parties"]]}
        return body

    def _party_conditions(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in self.query if k != "sipData"]

    def _party_passes(self, party: dict) -> bool:
        status = party.get("status") if isinstance(party.get("status"), dict) else {}
        for key, value in self._party_conditions():
            if key == "direction" and party.get("direction") != value:
                return False
            if key == "statusCode" and str(status.get("code", "")).lower() != value.lower():
                return False
            if key == "missedCall" and bool(party.get("missedCall")) != (value == "true"):
                return False
            if key == "withRecordings" and bool(party.get("recordings")) != (value == "true"):
                return False
            if key == "phoneNumber" and value not in _numbers(party):
                return False
        return True


def _without(item: object, key: str) -> object:
    if isinstance(item, dict) and key in item:
        return {k: v for k, v in item.items() if k != key}
    return item


def _numbers(party: dict) -> set[str]:
    ends = (party.get("from"), party.get("to"))
    return {str(end.get("phoneNumber")) for end in ends if isinstance(end, dict)}


def _check_query(kind: FilterKind, query: list[tuple[str, str]], raw: str) -> None:
    options = dict(query)
    if kind is FilterKind.TELEPHONY:
        allowed = {"direction", "missedCall", "phoneNumber", "sipData", "statusCode"}
        allowed.add("withRecordings")
        if options.get("direction", "Inbound") not in ("Inbound", "Outbound"):
            raise InvalidFilter(f"Event filter {raw} has an invalid direction")
        if options.get("statusCode", "setup").lower() not in _STATUS_CODES:
            raise InvalidFilter(f"Event filter {raw} has an unknown statusCode")
        booleans = ("missedCall", "sipData", "withRecordings")
    elif kind is FilterKind.PRESENCE:
        allowed = {"detailedTelephonyState", "sipData", "aggregated"}
        booleans = ("detailedTelephonyState", "sipData", "aggregated")
        if options.get("sipData") == "true" and options.get("detailedTelephonyState") != "true":
            raise InvalidFilter(f"Event filter {raw}: sipData requires detailedTelephonyState=true")
    else:
        return
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise InvalidFilter(f"Event filter {raw} has unsupported parameter {unknown[0]}")
    for name in booleans:
        if options.get(name, "false").lower() not in _BOOLEAN:
            raise InvalidFilter(f"Event filter {raw}: {name} must be true or false")


def parse_filter(raw: object, owner: TokenOwner) -> EventFilter:
    """Validate one event filter and resolve `~` against the owner; raises InvalidFilter."""
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidFilter("Event filters must be non-empty strings")
    parts = urlsplit(raw.strip())  # full URLs (https://platform.../restapi/...) are accepted too
    match = _FILTER_PATH.match(parts.path.rstrip("/") or "/")
    if match is None:
        raise InvalidFilter(f"Event filter {raw} is not supported")
    account, extension, rest = match["account"], match["extension"], match["rest"] or ""
    if not _ID.match(account) or (extension is not None and not _ID.match(extension)):
        raise InvalidFilter(f"Event filter {raw} has an invalid account or extension id")
    account_id = owner.account_id if account == "~" else account
    if account_id != owner.account_id:
        raise InvalidFilter(f"Event filter {raw} names another account")
    extension_id = None
    if extension is not None:
        extension_id = owner.extension_id if extension == "~" else extension
    if rest == "/telephony/sessions":
        kind = FilterKind.TELEPHONY
    elif rest == "/presence":
        kind = FilterKind.PRESENCE
    elif (extension_id is not None, rest) in _QUIET:
        kind = FilterKind.QUIET
    else:
        raise InvalidFilter(f"Event filter {raw} is not supported")
    query = parse_qsl(parts.query, keep_blank_values=True)
    _check_query(kind, query, raw)
    text = f"/restapi/v1.0/account/{account_id}"
    if extension_id is not None:
        text += f"/extension/{extension_id}"
    text += rest + (f"?{parts.query}" if parts.query else "")
    return EventFilter(text, kind, account_id, extension_id, tuple(query))


def parse_filters(raw: object, owner: TokenOwner) -> list[EventFilter]:
    """Validate a request's `eventFilters` list (at least one); raises InvalidFilter."""
    if not isinstance(raw, list) or not raw:
        raise InvalidFilter("eventFilters must be a non-empty list")
    resolved: list[EventFilter] = []
    for item in raw:
        event_filter = parse_filter(item, owner)
        if event_filter.text not in (known.text for known in resolved):
            resolved.append(event_filter)
    return resolved
