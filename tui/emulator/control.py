"""The control API (`/_emulator/...`): how tests and scripts drive the emulator from outside.

No auth (the middleware only lets loopback peers in), JSON in and out:
- POST /_emulator/calls {direction, from, fromName, to, queueCall} -> 201 {telephonySessionId, partyId}
- POST /_emulator/calls/{id}/answer | /hold | /hangup: the desk phone / the far end acts
- GET  /_emulator/calls/{id}: the session, plus `history` and `requests`; GET /_emulator/calls lists all
- POST /_emulator/faults {dropPush, pushOutageSeconds, expireAccessTokens, revokeRefreshTokens,
  http5xx, http5xxRetryAfter, rateLimit, subscriptionTtlSeconds}
- GET  /_emulator/requests: every REST request received, in order
- POST /_emulator/clock {advanceSeconds}: move the emulator clock forward
- POST /_emulator/devices/{deviceId} {status: Online|Offline}: a phone registers or goes away
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from tui.emulator.callbodies import E164
from tui.emulator.callmodel import CallSession
from tui.emulator.calls import CallCenter, CallError
from tui.emulator.devices import DeviceBook
from tui.emulator.directory import person_by_number
from tui.emulator.errors import api_error
from tui.emulator.middleware import Faults, RequestLog
from tui.emulator.ratelimit import GROUPS, RateLimiter, RateLimitRule
from tui.emulator.tokens import TokenBook


def session_view(session: CallSession) -> dict:
    """The session as GET telephony/sessions returns it, plus history and requests."""
    return {
        **session.rest_json(),
        "history": list(session.history),
        "requests": list(session.requests),
    }


async def _body(request: web.Request) -> dict:
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError as error:
        raise CallError(400, "CMN-103", "JSON can't be parsed", "body") from error
    if not isinstance(body, dict):
        raise CallError(400, "CMN-101", "Request body must be a JSON object", "body")
    return body


def _number(body: dict, name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not (E164.match(value) or person_by_number(value)):
        raise CallError(
            400, "CMN-101", f"[{name}] must be an E.164 number or an extension number", name
        )
    return value


class ControlEndpoints:
    """Handlers of the control API."""

    def __init__(
        self,
        *,
        center: CallCenter,
        tokens: TokenBook,
        faults: Faults,
        limiter: RateLimiter,
        log: RequestLog,
        hub: Any,
        devices: DeviceBook | None = None,
    ) -> None:
        self.center = center
        self.tokens = tokens
        self.faults = faults
        self.limiter = limiter
        self.log = log
        self.hub = hub
        self.devices = devices or DeviceBook()

    def add_routes(self, app: web.Application) -> None:
        """Register the control routes on `app`."""
        add = app.router.add_route
        add("POST", "/_emulator/calls", self._guard(self.create_call))
        add("GET", "/_emulator/calls", self._guard(self.list_calls))
        add("GET", "/_emulator/calls/{sid}", self._guard(self.get_call))
        add("POST", "/_emulator/calls/{sid}/{act:answer|hold|hangup}", self._guard(self.call_event))
        add("POST", "/_emulator/faults", self._guard(self.set_faults))
        add("GET", "/_emulator/requests", self._guard(self.requests))
        add("POST", "/_emulator/clock", self._guard(self.advance_clock))
        add("POST", "/_emulator/devices/{deviceId}", self._guard(self.set_device))

    @staticmethod
    def _guard(handler: Any) -> Any:
        async def guarded(request: web.Request) -> web.Response:
            try:
                return await handler(request)
            except CallError as error:
                return api_error(error.status, error.code, error.message, error.parameter)

        return guarded

    async def create_call(self, request: web.Request) -> web.Response:
        """Start a call: Inbound (default) to the user, or Outbound from the user's desk phone."""
        body = await _body(request)
        direction = body.get("direction", "Inbound")
        if direction not in ("Inbound", "Outbound"):
            raise CallError(400, "CMN-101", "[direction] must be Inbound or Outbound", "direction")
        caller = _number(body, "from") or "+16505550123"
        callee = _number(body, "to")
        name = body.get("fromName")
        if name is not None and not isinstance(name, str):
            raise CallError(400, "CMN-101", "[fromName] must be a string", "fromName")
        queue_call = bool(body.get("queueCall", False))
        if direction == "Inbound":
            session, party = self.center.inbound(caller, name, callee, queue_call=queue_call)
        else:
            session, party = self.center.outbound(callee or caller, body.get("toName") or name)
        return web.json_response(
            {"telephonySessionId": session.id, "partyId": party.id}, status=201
        )

    async def list_calls(self, request: web.Request) -> web.Response:
        """Every session the emulator knows, oldest first."""
        return web.json_response(
            {"records": [session_view(s) for s in self.center.sessions.values()]}
        )

    async def get_call(self, request: web.Request) -> web.Response:
        """One session with its history and requests (ended sessions too)."""
        session = self.center.find(request.match_info["sid"], include_ended=True)
        return web.json_response(session_view(session))

    async def call_event(self, request: web.Request) -> web.Response:
        """The desk phone answers, or the far end holds / hangs up."""
        session = self.center.find(request.match_info["sid"], include_ended=True)
        act = request.match_info["act"]
        if act == "answer":
            self.center.desk_answer(session)
        elif act == "hold":
            self.center.remote_hold(session)
        else:
            self.center.remote_hangup(session)
        return web.json_response(session_view(session))

    async def set_faults(self, request: web.Request) -> web.Response:
        """Apply every fault named in the body; unknown keys are refused."""
        body = await _body(request)
        known = {
            "dropPush", "pushOutageSeconds", "expireAccessTokens", "revokeRefreshTokens",
            "http5xx", "http5xxRetryAfter", "rateLimit", "subscriptionTtlSeconds",
        }  # fmt: skip
        unknown = sorted(set(body) - known)
        if unknown:
            raise CallError(400, "CMN-101", f"Unknown fault [{unknown[0]}]", unknown[0])
        if "rateLimit" in body:
            self._rate_limit(body["rateLimit"])
        if "http5xx" in body:
            self.faults.http5xx = int(_non_negative(body, "http5xx"))
        if "http5xxRetryAfter" in body:  # null: the 503s carry no Retry-After again
            wait = body["http5xxRetryAfter"]
            self.faults.http5xx_retry_after = (
                None if wait is None else int(_non_negative(body, "http5xxRetryAfter"))
            )
        if body.get("expireAccessTokens"):
            self.tokens.expire_access_tokens()
        if body.get("revokeRefreshTokens"):
            self.tokens.revoke_refresh_tokens()
        if body.get("dropPush"):
            self.hub.drop_push()
        if "pushOutageSeconds" in body:
            self.hub.push_outage(_non_negative(body, "pushOutageSeconds"))
        if "subscriptionTtlSeconds" in body:
            self.hub.set_subscription_ttl(_non_negative(body, "subscriptionTtlSeconds"))
        return web.json_response({"applied": sorted(body)})

    def _rate_limit(self, rule: Any) -> None:
        if rule is None:
            self.limiter.clear()
            return
        if not isinstance(rule, dict) or rule.get("group") not in GROUPS:
            raise CallError(
                400, "CMN-101", f"[rateLimit.group] must be one of {', '.join(GROUPS)}", "rateLimit"
            )
        self.limiter.set_rule(
            RateLimitRule(
                group=rule["group"],
                limit=int(_non_negative(rule, "limit")),
                window_seconds=float(rule.get("windowSeconds", 60)),
                penalty_seconds=float(rule.get("penaltySeconds", 60)),
            )
        )

    async def set_device(self, request: web.Request) -> web.Response:
        """A device comes online or goes offline: `{"status": "Online" | "Offline"}`."""
        body = await _body(request)
        status = body.get("status")
        if status not in ("Online", "Offline"):
            raise CallError(400, "CMN-101", "[status] must be Online or Offline", "status")
        device = self.devices.set_online(request.match_info["deviceId"], status == "Online")
        return web.json_response({"id": device.id, "type": device.type, "status": status})

    async def requests(self, request: web.Request) -> web.Response:
        """Every REST request received, in order."""
        return web.json_response({"records": list(self.log.entries)})

    async def advance_clock(self, request: web.Request) -> web.Response:
        """Move the emulator clock forward (token and subscription expiry, rate windows)."""
        body = await _body(request)
        seconds = _non_negative(body, "advanceSeconds")
        self.center.clock.advance(seconds)
        return web.json_response({"now": self.center.clock.now().isoformat()})


def _non_negative(body: dict, name: str) -> float:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise CallError(400, "CMN-101", f"[{name}] must be a non-negative number", name)
    return value
