"""Call Control REST handlers (`/restapi/v1.0/account/{accountId}/telephony/...`).

Each handler finds the session and party (404 CMN-102), checks the body (400 CMN-101),
applies the action through `PartyActions` (409 on a wrong state) and answers with the
spec's success code and shape. Every request that names a session is recorded on it for
the control API's `requests` list.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from tui.emulator import callbodies as bodies
from tui.emulator.account import check_account
from tui.emulator.callmodel import CallSession, Party
from tui.emulator.calls import CallCenter, CallError
from tui.emulator.devices import DeviceBook
from tui.emulator.errors import api_error
from tui.emulator.identity import OWNER_KEY
from tui.emulator.partyactions import PartyActions, not_allowed

_TEL = "/restapi/v1.0/account/{accountId}/telephony"
_SESSION = _TEL + "/sessions/{telephonySessionId}"
_PARTY = _SESSION + "/parties/{partyId}"

Action = Callable[[CallSession, Party, Any], web.Response]


def _forward_response(party: Party) -> dict:
    """ForwardCallPartyResponse / ReplyParty: CallParty without ownership ids."""
    body = party.rest_json()
    for key in ("accountId", "extensionId", "attributes"):
        body.pop(key, None)
    return body


async def _json_body(request: web.Request) -> Any:
    raw = await request.read()
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError as error:
        raise CallError(400, "CMN-103", "JSON can't be parsed", "body") from error


class CallControlEndpoints:
    """The Call Control handlers over one `CallCenter`."""

    def __init__(self, center: CallCenter, devices: DeviceBook | None = None) -> None:
        self.center = center
        self.actions = PartyActions(center, devices)

    def add_routes(self, app: web.Application) -> None:
        """Register every Call Control route of the subset."""
        a = self.actions
        add = app.router.add_route
        add("GET", _SESSION, self._session(lambda s, b: web.json_response(s.rest_json())))
        add("DELETE", _SESSION, self._session(self._drop))
        add("POST", _SESSION + "/supervise", self._session(self._refuse))
        add("POST", _SESSION + "/parties/bring-in", self._session(self._refuse))
        add("GET", _PARTY, self._party(lambda s, p, b: self._ok(p)))
        add("PATCH", _PARTY, self._party(lambda s, p, b: self._ok(a.update(s, p, b))))
        add("DELETE", _PARTY, self._party(self._delete_party))
        add("POST", _PARTY + "/answer", self._party(lambda s, p, b: self._ok(a.answer(s, p, b))))
        add(
            "POST",
            _PARTY + "/pickup",
            self._party(lambda s, p, b: self._ok(a.pickup(s, p, b), 201)),
        )
        add("POST", _PARTY + "/bridge", self._party(lambda s, p, b: self._ok(a.bridge(s, p, b))))
        add("POST", _PARTY + "/flip", self._party(self._flip))
        add("POST", _PARTY + "/forward", self._party(self._forward))
        add("POST", _PARTY + "/hold", self._party(lambda s, p, b: self._ok(a.hold(s, p, b))))
        add("POST", _PARTY + "/unhold", self._party(lambda s, p, b: self._ok(a.unhold(s, p))))
        add("POST", _PARTY + "/ignore", self._party(self._ignore))
        add("POST", _PARTY + "/park", self._party(lambda s, p, b: self._ok(a.park(s, p), 201)))
        add("POST", _PARTY + "/reject", self._party(self._reject))
        add("POST", _PARTY + "/reply", self._party(self._reply))
        add(
            "POST", _PARTY + "/transfer", self._party(lambda s, p, b: self._ok(a.transfer(s, p, b)))
        )
        add("POST", _PARTY + "/supervise", self._party(lambda s, p, b: self._refuse(s, b)))
        add("POST", _PARTY + "/recordings", self._party(self._start_recording))
        add("PATCH", _PARTY + "/recordings/{recordingId}", self._update_recording)
        add("POST", _TEL + "/call-out", self._call_out)
        add("POST", _TEL + "/conference", self._conference)

    # -- plumbing ---------------------------------------------------------------------------

    @staticmethod
    def _ok(party: Party, status: int = 200) -> web.Response:
        return web.json_response(party.rest_json(), status=status)

    def _session(
        self, action: Callable[[CallSession, Any], web.Response]
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handler(request: web.Request) -> web.Response:
            return await self._handle(request, lambda session, body: action(session, body))

        return handler

    def _party(self, action: Action) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handler(request: web.Request) -> web.Response:
            def run(session: CallSession, body: Any) -> web.Response:
                party = self.center.find_party(session, request.match_info["partyId"])
                owner = request[OWNER_KEY]
                if party.extension_id != owner.extension_id:
                    raise CallError(
                        403, "CMN-404", "Access to another extension's party is not allowed"
                    )
                return action(session, party, body)

            return await self._handle(request, run)

        return handler

    async def _handle(
        self, request: web.Request, run: Callable[[CallSession, Any], web.Response]
    ) -> web.Response:
        problem = check_account(request)
        if problem is not None:
            return problem
        session: CallSession | None = None
        body: Any = None
        try:
            body = await _json_body(request)
            session = self.center.find(request.match_info["telephonySessionId"])
            response = run(session, body)
        except CallError as error:
            response = api_error(error.status, error.code, error.message, error.parameter)
        if session is not None:
            session.requests.append(
                {
                    "method": request.method,
                    "path": request.path,
                    "body": body,
                    "status": response.status,
                }
            )
        return response

    # -- handlers with special shapes -------------------------------------------------------

    def _drop(self, session: CallSession, body: Any) -> web.Response:
        self.actions.drop_session(session)
        return web.Response(status=204)

    def _refuse(self, session: CallSession, body: Any) -> web.Response:
        raise not_allowed()

    def _delete_party(self, session: CallSession, party: Party, body: Any) -> web.Response:
        self.actions.delete_party(session, party)
        return web.Response(status=204)

    def _flip(self, session: CallSession, party: Party, body: Any) -> web.Response:
        self.actions.flip(session, party, body)
        return web.Response(status=200)

    def _forward(self, session: CallSession, party: Party, body: Any) -> web.Response:
        return web.json_response(_forward_response(self.actions.forward(session, party, body)))

    def _reply(self, session: CallSession, party: Party, body: Any) -> web.Response:
        return web.json_response(_forward_response(self.actions.reply(session, party, body)))

    def _ignore(self, session: CallSession, party: Party, body: Any) -> web.Response:
        self.actions.ignore(session, party, body)
        return web.Response(status=204)

    def _reject(self, session: CallSession, party: Party, body: Any) -> web.Response:
        self.actions.reject(session, party)
        return web.Response(status=204)

    def _start_recording(self, session: CallSession, party: Party, body: Any) -> web.Response:
        recording = self.actions.start_recording(session, party)
        return web.json_response(recording.to_json(), status=201)

    async def _update_recording(self, request: web.Request) -> web.Response:
        recording_id = request.match_info["recordingId"]

        def update(session: CallSession, party: Party, body: Any) -> web.Response:
            recording = self.actions.update_recording(session, party, recording_id, body)
            return web.json_response(recording.to_json())

        return await self._party(update)(request)

    async def _call_out(self, request: web.Request) -> web.Response:
        """POST call-out: ring the user's device, then the callee (201 CallSession)."""
        problem = check_account(request)
        if problem is not None:
            return problem
        try:
            data = bodies.require_object(await _json_body(request))
            if "from" not in data:
                raise bodies.bad("from", "Parameter [from] is required")
            device = bodies.device_id(bodies.require_object(data.get("from")))
            self.actions.devices.calling_device(device, "from.deviceId")
            target = bodies.require_object(data.get("to"))
            name, value = bodies.one_target(target, ("phoneNumber", "extensionNumber"))
            if name == "phoneNumber":
                bodies.phone_number(value)
            else:
                bodies.known_extension_number(value)
            session, mine = self.center.outbound(value, None)
            mine.from_["deviceId"] = device
        except CallError as error:
            return api_error(error.status, error.code, error.message, error.parameter)
        return web.json_response({"session": session.rest_json()}, status=201)

    async def _conference(self, request: web.Request) -> web.Response:
        """POST conference: an empty conference session (201 CallSession)."""
        problem = check_account(request)
        if problem is not None:
            return problem
        session = CallSession.new(self.center.clock.now(), origin="Conference")
        body = session.rest_json()
        body["voiceCallToken"] = f"+16505550199*{session.session_id[-6:]}#"
        return web.json_response({"session": body}, status=201)
