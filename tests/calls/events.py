"""Builders of realistic RingCentral payloads for the call-model tests (shapes as in fixtures/)."""

from __future__ import annotations

import json
from typing import Any

from tests.shared import fixture_path

ME = "170848004"
ACCOUNT = "170848001"
SESSION_EVENT = f"/restapi/v1.0/account/{ACCOUNT}/extension/{ME}/telephony/sessions"
PRESENCE_EVENT = (
    f"/restapi/v1.0/account/{ACCOUNT}/extension/{ME}/presence?detailedTelephonyState=true"
)


def fixture(name: str) -> Any:
    """A real payload from the shared fixtures folder, parsed."""
    return json.loads(fixture_path(name).read_text(encoding="utf-8"))


def party(
    party_id: str,
    code: str,
    *,
    direction: str = "Inbound",
    extension_id: str | None = ME,
    reason: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A notification party (flat `accountId`/`extensionId`, as events carry them)."""
    status: dict[str, Any] = {"code": code, "rcc": False}
    if reason is not None:
        status["reason"] = reason
    raw: dict[str, Any] = {
        "id": party_id,
        "direction": direction,
        "from": {"phoneNumber": "+16505550100", "name": "Caller"},
        "to": {"phoneNumber": "+16505550199", "name": "Callee", "extensionId": ME},
        "status": status,
        "missedCall": False,
        "standAlone": False,
        "muted": False,
    }
    if extension_id is not None:
        raw["accountId"] = ACCOUNT
        raw["extensionId"] = extension_id
    raw.update(extra)
    return raw


def event(
    session_id: str,
    sequence: int | None,
    *parties: dict[str, Any],
    owner: str | None = ME,
    event_time: str = "2024-05-01T10:00:00.000Z",
) -> dict[str, Any]:
    """A telephony-session notification envelope."""
    body: dict[str, Any] = {
        "telephonySessionId": session_id,
        "sessionId": "21529129004",
        "serverId": "10.28.20.109.TAM",
        "eventTime": event_time,
        "parties": list(parties),
        "origin": {"type": "Call"},
    }
    if sequence is not None:
        body["sequence"] = sequence
    envelope: dict[str, Any] = {
        "uuid": f"{session_id}-{sequence}",
        "event": SESSION_EVENT,
        "timestamp": event_time,
        "subscriptionId": "4a2eee85-880d-4690-9959-85d9fc70728b",
        "body": body,
    }
    if owner is not None:
        envelope["ownerId"] = owner
    return envelope


def presence_event(*calls: dict[str, Any], extension_id: str = ME) -> dict[str, Any]:
    """A detailed presence notification with `activeCalls`."""
    return {
        "uuid": "045b81dc-9f73-4864-84de-08aa6324a7f5",
        "event": PRESENCE_EVENT,
        "timestamp": "2024-05-01T10:00:00.000Z",
        "ownerId": extension_id,
        "body": {
            "extensionId": extension_id,
            "telephonyStatus": "CallConnected",
            "activeCalls": list(calls),
            "totalActiveCalls": len(calls),
        },
    }


def active_call(
    session_id: str, party_id: str, status: str = "CallConnected", **extra: Any
) -> dict[str, Any]:
    """One presence `activeCalls[]` entry."""
    entry = {
        "id": "39247ebfdc324e3b96d7519672aec3e4",
        "direction": "Inbound",
        "from": "+18775380038",
        "fromName": "John Wang",
        "to": "+18445810019",
        "telephonyStatus": status,
        "startTime": "2024-05-01T09:59:58.000Z",
        "sessionId": "17133704004",
        "partyId": party_id,
        "telephonySessionId": session_id,
    }
    entry.update(extra)
    return entry


def snapshot(session_id: str, *parties: dict[str, Any], origin: str = "Call") -> dict[str, Any]:
    """A GET session response: REST parties carry `owner{}` instead of flat ids."""
    rest_parties = []
    for raw in parties:
        rest = {k: v for k, v in raw.items() if k not in ("accountId", "extensionId")}
        if "extensionId" in raw:
            rest["owner"] = {"accountId": raw["accountId"], "extensionId": raw["extensionId"]}
        rest_parties.append(rest)
    return {
        "id": session_id,
        "creationTime": "2024-05-01T09:59:57Z",
        "origin": {"type": origin},
        "parties": rest_parties,
    }
