"""RingOut (`/restapi/v1.0/account/{accountId}/extension/{extensionId}/ring-out[/{ringoutId}]`).

RingCentral rings the person's own number first (`from`), then the callee (`to`); both legs
are one telephony session with origin RingOut, notified like any call. The status object
(`GetRingOutStatusResponse`) is read off that session: each leg InProgress while ringing,
Success once answered, NoAnswer if it ended unanswered; the call Finished once it ends after
connecting. DELETE cancels a RingOut (204) and ends both legs; its id is then unknown (404).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web

from tui.emulator import callbodies as bodies
from tui.emulator.account import check_account, not_found, resolve_extension
from tui.emulator.callmodel import CONNECTED, RINGING, CallSession, Party
from tui.emulator.calls import CallCenter, CallError
from tui.emulator.directory import ACCOUNT_ID, FLIP_TARGETS, USER
from tui.emulator.errors import api_error

_RING_OUT = "/restapi/v1.0/account/{accountId}/extension/{extensionId}/ring-out"


def _leg_status(party: Party | None, connected: bool) -> str:
    if party is None:
        return "Unknown"
    if party.status in RINGING:
        return "InProgress"
    if party.status in CONNECTED or connected:
        return "Success"
    return "NoAnswer"


class RingOutEndpoints:
    """RingOut calls of the signed-in user, over the `CallCenter`."""

    def __init__(self, center: CallCenter, base_url: Callable[[], str]) -> None:
        self.center = center
        self.base_url = base_url
        self.calls: dict[str, CallSession] = {}

    def add_routes(self, app: web.Application) -> None:
        """Register the RingOut routes."""
        app.router.add_route("POST", _RING_OUT, self._guard(self.create))
        app.router.add_route("GET", _RING_OUT + "/{ringoutId}", self._guard(self.read))
        app.router.add_route("DELETE", _RING_OUT + "/{ringoutId}", self._guard(self.cancel))

    @staticmethod
    def _guard(
        handler: Callable[[web.Request], Awaitable[web.Response]],
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def guarded(request: web.Request) -> web.Response:
            problem = check_account(request)
            if problem is not None:
                return problem
            if resolve_extension(request) != USER.id:
                return not_found("extension", "extensionId")
            try:
                return await handler(request)
            except CallError as error:
                return api_error(error.status, error.code, error.message, error.parameter)

        return guarded

    def status_json(self, ring_out_id: str, session: CallSession) -> dict:
        """GetRingOutStatusResponse for one RingOut."""
        mine = session.user_party
        far = next((p for p in session.parties if p is not mine), None)
        connected = session.started_at is not None
        if session.live:
            call = "Success" if connected else "InProgress"
        else:
            call = "Finished" if connected else "NoAnswer"
        base = f"{self.base_url()}/restapi/v1.0/account/{ACCOUNT_ID}/extension/{USER.id}"
        return {
            "uri": f"{base}/ring-out/{ring_out_id}",
            "id": ring_out_id,
            "status": {
                "callStatus": call,
                "callerStatus": _leg_status(mine, connected),
                "calleeStatus": _leg_status(far, connected),
            },
        }

    async def create(self, request: web.Request) -> web.Response:
        """POST ring-out: ring the person's number, then the callee (200 with the status)."""
        try:
            data = bodies.require_object(json.loads(await request.read() or b"null"))
        except ValueError:
            raise CallError(400, "CMN-103", "JSON can't be parsed", "body") from None
        ring_me_at = self._from_number(bodies.require_object(data.get("from")))
        to = bodies.require_object(data.get("to"))
        callee = bodies.phone_number(bodies.string_field(to, "phoneNumber"), "to.phoneNumber")
        if "callerId" in data:
            caller_id = bodies.require_object(data["callerId"])
            bodies.phone_number(caller_id.get("phoneNumber"), "callerId.phoneNumber")
        if "playPrompt" in data:
            bodies.bool_field(data, "playPrompt")
        session, mine = self.center.outbound(callee, None, origin="RingOut")
        mine.from_ = {**mine.from_, "phoneNumber": ring_me_at}
        ring_out_id = str(secrets.randbelow(9 * 10**9) + 10**9)
        self.calls[ring_out_id] = session
        return web.json_response(self.status_json(ring_out_id, session))

    @staticmethod
    def _from_number(caller: dict) -> str:
        if caller.get("forwardingNumberId") not in (None, ""):
            wanted = str(caller["forwardingNumberId"])
            target = next((t for t in FLIP_TARGETS if t.id == wanted), None)
            if target is None:
                raise CallError(
                    404,
                    "CMN-102",
                    "Resource for parameter [from.forwardingNumberId] is not found",
                    "from.forwardingNumberId",
                )
            return target.phone_number
        return bodies.phone_number(bodies.string_field(caller, "phoneNumber"), "from.phoneNumber")

    def _find(self, request: web.Request) -> tuple[str, CallSession]:
        ring_out_id = request.match_info["ringoutId"]
        session = self.calls.get(ring_out_id)
        if session is None:
            raise CallError(
                404, "CMN-102", "Resource for parameter [ringoutId] is not found", "ringoutId"
            )
        return ring_out_id, session

    async def read(self, request: web.Request) -> web.Response:
        """GET ring-out/{id}: the call's status."""
        ring_out_id, session = self._find(request)
        return web.json_response(self.status_json(ring_out_id, session))

    async def cancel(self, request: web.Request) -> web.Response:
        """DELETE ring-out/{id}: stop ringing (or hang up) both legs."""
        ring_out_id, session = self._find(request)
        if session.live:
            self.center.end_session(session)
        del self.calls[ring_out_id]
        return web.Response(status=204)
