"""Presence (extension and account level), built from the live calls and each extension's
availability; PUT presence changes the availability and tells subscribers.

`detailedTelephonyState=true` adds `activeCalls`; `sipData=true` keeps their `sipData`
(it needs the detailed state, as on RingCentral).
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from tui.emulator import resources
from tui.emulator.account import check_account, person_and_body, person_in_path
from tui.emulator.availability import AvailabilityBook
from tui.emulator.calls import CallCenter, CallError
from tui.emulator.directory import PEOPLE, Person, person_by_id
from tui.emulator.errors import api_error
from tui.emulator.notify import presence_body
from tui.emulator.paging import PagingError, paged

_ACCOUNT = "/restapi/v1.0/account/{accountId}"


def _flag(request: web.Request, name: str) -> bool:
    return request.query.get(name, "false").lower() == "true"


class PresenceEndpoints:
    """Presence handlers over the `CallCenter`'s live calls."""

    def __init__(
        self, center: CallCenter, availability: AvailabilityBook, base_url: Callable[[], str]
    ) -> None:
        self.center = center
        self.availability = availability
        self.base_url = base_url

    def add_routes(self, app: web.Application) -> None:
        """Register the presence routes on `app`."""
        app.router.add_get(_ACCOUNT + "/extension/{extensionId}/presence", self.extension_presence)
        app.router.add_put(_ACCOUNT + "/extension/{extensionId}/presence", self.update_presence)
        app.router.add_get(_ACCOUNT + "/presence", self.account_presence)
        app.router.add_post("/_emulator/presence/{extensionId}", self.control_presence)

    def record(self, person: Person, request: web.Request) -> dict:
        """PresenceInfoResponse for one extension."""
        detailed = _flag(request, "detailedTelephonyState")
        calls = self.center.presence_calls(person.id)
        if not (detailed and _flag(request, "sipData")):
            for call in calls:
                call.pop("sipData", None)
        body = presence_body(
            person.id,
            calls,
            None,
            detailed=detailed and bool(calls),
            settings=self.availability.of(person.id).presence_fields(),
        )
        body.pop("extensionId")
        base = self.base_url()
        uri = resources.extension_uri(base, person.id)
        return {
            "uri": f"{uri}/presence",
            "extension": {
                "uri": uri,
                "id": int(person.id),
                "extensionNumber": person.extension_number,
            },
            **body,
        }

    async def extension_presence(self, request: web.Request) -> web.Response:
        """GET .../extension/{id}/presence."""
        person = person_in_path(request)
        if isinstance(person, web.Response):
            return person
        return web.json_response(self.record(person, request))

    async def update_presence(self, request: web.Request) -> web.Response:
        """PUT .../extension/{id}/presence: the user sets their status, DND or queue calls."""
        found = await person_and_body(request)
        if isinstance(found, web.Response):
            return found
        return self._apply(*found, request)

    async def control_presence(self, request: web.Request) -> web.Response:
        """Control API: the desk phone or RingCentral's app changed an extension's presence."""
        person = person_by_id(request.match_info["extensionId"])
        if person is None:
            return api_error(404, "CMN-102", "Unknown extension", "extensionId")
        try:
            body = await request.json()
        except ValueError:
            return api_error(400, "CMN-103", "JSON can't be parsed")
        return self._apply(person, body, request)

    def _apply(self, person: Person, body: object, request: web.Request) -> web.Response:
        try:
            self.availability.update(person.id, body)
        except CallError as error:
            return api_error(error.status, error.code, error.message, error.parameter)
        self.center.notifier.presence_changed(person.id, self.center.presence_calls(person.id))
        return web.json_response(self.record(person, request))

    async def account_presence(self, request: web.Request) -> web.Response:
        """GET .../account/{id}/presence: one record per User extension."""
        problem = check_account(request)
        if problem is not None:
            return problem
        records = [self.record(person, request) for person in PEOPLE]
        uri = f"{resources.account_uri(self.base_url())}/presence"
        try:
            return web.json_response(paged(request, uri, records))
        except PagingError as error:
            return error.response
