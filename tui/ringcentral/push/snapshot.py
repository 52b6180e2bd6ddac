"""What a re-sync reads from REST: presence (one extension or the account) and each session."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tui.ringcentral.errors import NotFound

if TYPE_CHECKING:
    from tui.ringcentral.client import RingCentralClient

SESSION_PATH = "/restapi/v1.0/account/~/telephony/sessions/{}"
PRESENCE_PARAMS = {"detailedTelephonyState": "true", "sipData": "true"}


async def read_presence(client: RingCentralClient, *, account_level: bool) -> dict:
    """GET detailed presence: the user's, or every extension's (bounded paging)."""
    if not account_level:
        return await client.get_json(
            "/restapi/v1.0/account/~/extension/~/presence", PRESENCE_PARAMS
        )
    records: list[dict] = []
    for page in range(1, 21):  # bounded: 20 pages of 1000 extensions
        body = await client.get_json(
            "/restapi/v1.0/account/~/presence",
            {**PRESENCE_PARAMS, "page": str(page), "perPage": "1000"},
        )
        records.extend(r for r in body.get("records") or [] if isinstance(r, dict))
        paging = body.get("paging") or {}
        if not isinstance(paging, dict) or page >= int(paging.get("totalPages") or 1):
            break
    return {"records": records}


async def read_sessions(
    client: RingCentralClient, presence: dict, known: Iterable[str]
) -> list[dict]:
    """GET every session presence lists, plus the `known` live ones (they may have ended)."""
    wanted = dict.fromkeys(active_session_ids(presence))
    wanted.update(dict.fromkeys(known))
    sessions = []
    for sid in wanted:
        try:
            sessions.append(await client.get_json(SESSION_PATH.format(sid)))
        except NotFound:
            continue  # ended between the two requests: load() ends it
    return sessions


def active_session_ids(presence: dict) -> list[str]:
    """telephonySessionIds of presence `activeCalls` (one extension or account `records`)."""
    records = presence.get("records") if isinstance(presence.get("records"), list) else [presence]
    ids: list[str] = []
    for record in records:
        if not isinstance(record, dict):
            continue
        for active in record.get("activeCalls") or []:
            if isinstance(active, dict) and active.get("telephonySessionId"):
                ids.append(str(active["telephonySessionId"]))
    return ids
