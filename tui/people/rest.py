"""The REST requests behind availability, the team and the call log (through the client).

Rate-limit groups (spec): presence GET and favorites are Light, presence PUT, queue PUT and
the extension list Medium, call-log and call-log-sync Heavy (10 a minute): the call log is
never polled (see `sync.py`).
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from tui.people.availability import Availability, presence_request, queue_request
from tui.people.team import TEAM_MAX, Member, Team

if TYPE_CHECKING:
    from tui.ringcentral.client import RingCentralClient

EXTENSION = "/restapi/v1.0/account/~/extension/~"
PRESENCE = EXTENSION + "/presence"
QUEUE_PRESENCE = EXTENSION + "/call-queue-presence"
FAVORITES = EXTENSION + "/favorite"
EXTENSIONS = "/restapi/v1.0/account/~/extension"
CALL_LOG = EXTENSION + "/call-log"
CALL_LOG_SYNC = EXTENSION + "/call-log-sync"
# GET presence of team members, at most this many at once.
_PRESENCE_CONCURRENCY = 4


async def read_availability(client: RingCentralClient) -> Availability:
    """The person's presence and their call queues."""
    from tui.ringcentral.errors import Forbidden, NotFound

    current = Availability().with_presence(await client.get_json(PRESENCE))
    try:
        queues = await client.get_json(QUEUE_PRESENCE)
    except (NotFound, Forbidden):
        return current  # not a queue agent, or the app may not read queues
    return current.with_queues(queues.get("records") or [])


async def set_availability(
    client: RingCentralClient, current: Availability, state: str | None, queues: bool | None
) -> Availability:
    """Set the state and/or queue calls in the fields that apply; the new availability."""
    body = presence_request(current, state, queues)
    response = await client.request("PUT", PRESENCE, json=body)
    return current.with_presence(response.json())


async def set_queue(
    client: RingCentralClient, current: Availability, queue_id: str, accepting: bool
) -> Availability:
    """Turn calls of one queue on or off; the new availability."""
    response = await client.request("PUT", QUEUE_PRESENCE, json=queue_request(queue_id, accepting))
    return current.with_queues(response.json().get("records") or [])


async def load_team(client: RingCentralClient) -> Team:
    """Favorites, else the person's department, else the directory's first page (no presence)."""
    # Both at once: the calls' subscription waits for the team's filters.
    people, favorites = await asyncio.gather(
        client.get_json(EXTENSIONS, {"type": "User", "perPage": "1000"}),
        _favorites(client),
    )
    by_id = {str(r.get("id")): r for r in people.get("records") or [] if isinstance(r, dict)}
    me = await client.extension_info()
    my_id = str(me.get("id"))
    ids = [str(r.get("extensionId")) for r in favorites.get("records") or [] if isinstance(r, dict)]
    source = "favorites"
    if not ids:
        department = (me.get("contact") or {}).get("department")
        ids = [
            i
            for i, r in by_id.items()
            if department and (r.get("contact") or {}).get("department") == department
        ]
        source = "department"
    if not ids:
        ids, source = list(by_id), "directory"
    members = [
        Member(i, str(by_id[i].get("name") or i), str(by_id[i].get("extensionNumber") or ""))
        for i in ids
        if i in by_id and i != my_id
    ]
    return Team(members[:TEAM_MAX], source)


async def _favorites(client: RingCentralClient) -> dict[str, Any]:
    """The favorites list; empty when the app may not read contacts (then: the department)."""
    from tui.ringcentral.errors import Forbidden, NotFound

    try:
        return await client.get_json(FAVORITES)
    except (Forbidden, NotFound):
        return {"records": []}


async def read_team_presence(client: RingCentralClient, team: Team) -> None:
    """GET each member's presence (Light; a few at once) into `team`."""
    slots = asyncio.Semaphore(_PRESENCE_CONCURRENCY)

    async def one(extension_id: str) -> None:
        async with slots:
            body = await client.get_json(
                f"/restapi/v1.0/account/~/extension/{extension_id}/presence"
            )
        team.apply_presence({**body, "extensionId": extension_id})

    await asyncio.gather(*(one(i) for i in team.ids()))


async def full_sync(client: RingCentralClient, now: datetime, days: int = 7) -> dict[str, Any]:
    """FSync of the last `days` days (one Heavy request)."""
    since = (now - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return await client.get_json(
        CALL_LOG_SYNC, {"syncType": "FSync", "recordCount": "250", "dateFrom": since}
    )


async def incremental_sync(client: RingCentralClient, token: str) -> dict[str, Any]:
    """ISync since the token of the previous sync (one Heavy request)."""
    return await client.get_json(CALL_LOG_SYNC, {"syncType": "ISync", "syncToken": token})
