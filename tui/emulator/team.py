"""The people around the user: favorites, call queues and queue availability (`call-queue-presence`).

Favorites are the company contacts the user starred (`GET/PUT .../favorite`). Call queues
have members; each member says per queue whether they take its calls (PUT
`call-queue-presence`), and a queue's presence lists its members with that flag.
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from tui.emulator import resources
from tui.emulator.account import check_account, not_found, person_and_body, person_in_path
from tui.emulator.availability import AvailabilityBook
from tui.emulator.calls import CallError
from tui.emulator.directory import (
    ACCOUNT_ID,
    CALL_QUEUES,
    FAVORITE_IDS,
    USER,
    CallQueue,
    person_by_id,
    queues_of,
)
from tui.emulator.errors import api_error

_ACCOUNT = "/restapi/v1.0/account/{accountId}"
_EXTENSION = _ACCOUNT + "/extension/{extensionId}"


def queue_info(queue: CallQueue) -> dict:
    """PresenceCallQueueInfo."""
    return {
        "id": queue.id,
        "name": queue.name,
        "extensionNumber": queue.extension_number,
        "editableMemberStatus": True,
    }


class TeamEndpoints:
    """Favorites and call-queue handlers."""

    def __init__(self, availability: AvailabilityBook, base_url: Callable[[], str]) -> None:
        self.availability = availability
        self.base_url = base_url
        self.favorites: dict[str, list[str]] = {USER.id: list(FAVORITE_IDS)}

    def add_routes(self, app: web.Application) -> None:
        """Register the routes on `app`."""
        add = app.router.add_route
        add("GET", _EXTENSION + "/favorite", self.get_favorites)
        add("PUT", _EXTENSION + "/favorite", self.put_favorites)
        add("GET", _EXTENSION + "/call-queue-presence", self.get_queue_presence)
        add("PUT", _EXTENSION + "/call-queue-presence", self.put_queue_presence)
        add("GET", _ACCOUNT + "/call-queues/{groupId}/presence", self.queue_members)

    def _favorites_body(self, extension_id: str) -> dict:
        uri = f"{resources.extension_uri(self.base_url(), extension_id)}/favorite"
        records = [
            {"id": index + 1, "extensionId": member, "accountId": ACCOUNT_ID}
            for index, member in enumerate(self.favorites.get(extension_id, []))
        ]
        return {"uri": uri, "records": records}

    async def get_favorites(self, request: web.Request) -> web.Response:
        """GET the extension's favorite contacts."""
        person = person_in_path(request)
        if isinstance(person, web.Response):
            return person
        return web.json_response(self._favorites_body(person.id))

    async def put_favorites(self, request: web.Request) -> web.Response:
        """PUT the whole favorites list (company contacts by extensionId)."""
        found = await person_and_body(request)
        if isinstance(found, web.Response):
            return found
        person, body = found
        records = body.get("records") if isinstance(body, dict) else None
        if not isinstance(records, list):
            return api_error(400, "CMN-101", "Parameter [records] is invalid", "records")
        wanted: list[str] = []
        for record in records:
            member = record.get("extensionId") if isinstance(record, dict) else None
            if not isinstance(member, str) or person_by_id(member) is None:
                return not_found("extension", "extensionId")
            wanted.append(member)
        self.favorites[person.id] = list(dict.fromkeys(wanted))
        return web.json_response(self._favorites_body(person.id))

    def _queue_presence_body(self, extension_id: str) -> dict:
        accepts = self.availability.of(extension_id).queue_accepts
        return {
            "records": [
                {"callQueue": queue_info(queue), "acceptCalls": accepts.get(queue.id, True)}
                for queue in queues_of(extension_id)
            ]
        }

    async def get_queue_presence(self, request: web.Request) -> web.Response:
        """GET the agent's call queues, each with whether they take its calls."""
        person = person_in_path(request)
        if isinstance(person, web.Response):
            return person
        return web.json_response(self._queue_presence_body(person.id))

    async def put_queue_presence(self, request: web.Request) -> web.Response:
        """PUT per-queue availability for the queues the agent belongs to."""
        found = await person_and_body(request)
        if isinstance(found, web.Response):
            return found
        person, body = found
        try:
            self.availability.update_queues(person.id, body)
        except CallError as error:
            return api_error(error.status, error.code, error.message, error.parameter)
        return web.json_response(self._queue_presence_body(person.id))

    async def queue_members(self, request: web.Request) -> web.Response:
        """GET a queue's members with their availability for it."""
        problem = check_account(request)
        if problem is not None:
            return problem
        queue = next((q for q in CALL_QUEUES if q.id == request.match_info["groupId"]), None)
        if queue is None:
            return not_found("call queue", "groupId")
        records = []
        for member_id in queue.member_ids:
            person = person_by_id(member_id)
            assert person is not None
            settings = self.availability.of(member_id)
            records.append(
                {
                    "member": {
                        "id": person.id,
                        "name": person.name,
                        "extensionNumber": person.extension_number,
                    },
                    "acceptQueueCalls": settings.accept_queue_calls,
                    "acceptCurrentQueueCalls": settings.queue_accepts.get(queue.id, True),
                }
            )
        return web.json_response({"records": records})
