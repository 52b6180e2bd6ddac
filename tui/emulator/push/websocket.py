"""The WebSocket gateway (WSG) at `/ws`, shaped like RingCentral's (ringcentral-api.md §4c).

`/ws?access_token=<ws token>[&wsc=<token>]` (a ws token opens connections until it expires:
RingCentral's docs call it single-use, yet its own WebSocket SDKs reconnect with a cached one
and production accepts that, real-ringcentral.md); ConnectionDetails first; frames are
`[meta, body]`; a ClientRequest `POST /restapi/v1.0/subscription/` creates the connection's one
subscription (a second replaces it); ServerNotification frames carry `wsc{token, sequence}`;
Heartbeat is echoed; a malformed frame gets an `Error` frame and the connection stays open.
Error codes: WSG-902 "Idle timeout expired" and WSG-1005 (recovery failed) are RingCentral's;
WSG-808 is what RingCentral answers an unreadable body, used here for any frame the gateway
cannot read.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import uuid
from collections.abc import Callable

from aiohttp import WSMsgType, web

from tui.emulator.clock import Clock, iso
from tui.emulator.errors import api_error
from tui.emulator.identity import TokenOwner
from tui.emulator.push.subscription_api import COLLECTION, SubscriptionApi
from tui.emulator.push.subscriptions import same_app
from tui.emulator.push.ws_rest import RestOverWebSocket
from tui.emulator.push.ws_session import RECOVERY_BUFFER_SIZE, Connection, WsSession, decode_wsc

WS_TOKEN_TTL = 60
RECOVERY_FAILED = "WSG-1005"
BAD_FRAME = "WSG-808"
IDLE_TIMEOUT = "WSG-902"
ABSOLUTE_TIMEOUT = "WSG-903"


def _headers(**extra: str) -> dict:
    return {"RCRequestId": str(uuid.uuid4()), **extra}


class WebSocketGateway:
    """WS tokens, sessions (with recovery) and the `/ws` handler."""

    def __init__(
        self,
        *,
        clock: Clock,
        api: SubscriptionApi,
        base_url: Callable[[], str],
        refusing: Callable[[], bool],
    ) -> None:
        self.clock = clock
        self.api = api
        self._base_url = base_url
        self._refusing = refusing
        self.recovery_timeout = 180.0  # seconds a dropped session stays recoverable
        self.ping_interval: float | None = 30.0  # server WS pings (clients must pong)
        # No frame from the client for this long closes the socket (WebSocket pings do not
        # count, as on RingCentral: aiohttp answers them without waking the reader).
        self.idle_timeout = 1800.0
        # No socket lives longer than this, however busy (RingCentral: 24 h, WSG-903).
        self.absolute_timeout = 86400.0
        clock.on_advance.append(self.enforce_timeouts)
        self._tokens: dict[str, tuple[TokenOwner, float]] = {}
        self._sessions: dict[str, WsSession] = {}
        self._by_subscription: dict[str, WsSession] = {}
        self._handlers: set[asyncio.Task] = set()
        self._closed = False
        # Answers ClientRequests for REST paths other than the subscription's (the emulator
        # core sets it: it knows each session's access token). None: only subscriptions.
        self.rest: RestOverWebSocket | None = None
        self._tunnelled: set[asyncio.Task] = set()

    def add_routes(self, app: web.Application) -> None:
        """Register `GET /ws`."""
        app.router.add_get("/ws", self._connect)

    # -- called by the hub --------------------------------------------------------------------

    def issue_token(self, owner: TokenOwner) -> dict:
        """A ws token, good until it expires (`POST /restapi/oauth/wstoken` answers this)."""
        now = self.clock.monotonic()
        self._tokens = {k: v for k, v in self._tokens.items() if v[1] > now}
        token = secrets.token_urlsafe(32)
        self._tokens[token] = (owner, now + WS_TOKEN_TTL)
        ws_base = "ws" + self._base_url().removeprefix("http")
        return {"uri": f"{ws_base}/ws", "ws_access_token": token, "expires_in": WS_TOKEN_TTL}

    def deliver(self, subscription_id: str, envelope: dict) -> None:
        """Queue a ServerNotification for the session that owns this subscription."""
        session = self._by_subscription.get(subscription_id)
        if session is not None:
            meta = {
                "type": "ServerNotification",
                "messageId": envelope["uuid"],
                "status": 200,
                "headers": _headers(),
            }
            session.notify(meta, envelope)

    def unlink(self, subscription_id: str) -> None:
        """Forget a subscription that was deleted or replaced."""
        session = self._by_subscription.pop(subscription_id, None)
        if session is not None and session.subscription_id == subscription_id:
            session.subscription_id = None

    def sweep(self) -> None:
        """End sessions whose recovery window has passed (their subscription goes with them)."""
        now = self.clock.monotonic()
        for session in list(self._sessions.values()):
            if session.connection is None and self._recovery_over(session, now):
                self._end(session)

    def drop(self) -> None:
        """Cut every socket at once; sessions stay recoverable."""
        now = self.clock.monotonic()
        for session in self._sessions.values():
            if session.connection is not None:
                session.connection.abort()
                session.connection = None
                session.disconnected_at = now

    async def close(self) -> None:
        """Close every socket and wait (bounded) for the handlers to finish."""
        self._closed = True
        if self.enforce_timeouts in self.clock.on_advance:
            self.clock.on_advance.remove(self.enforce_timeouts)
        closing = []
        for session in self._sessions.values():
            if session.connection is not None:
                closing.append(session.connection.close())
                session.connection = None
        await asyncio.gather(*closing)
        for task in list(self._tunnelled):
            task.cancel()
        if self.rest is not None:
            await self.rest.close()
        if self._handlers:
            await asyncio.wait(set(self._handlers), timeout=5)
        for session in list(self._sessions.values()):
            self._end(session)
        self._tokens.clear()

    # -- the connection -----------------------------------------------------------------------

    def _recovery_over(self, session: WsSession, now: float) -> bool:
        return session.disconnected_at is not None and (
            now - session.disconnected_at > self.recovery_timeout
        )

    def _end(self, session: WsSession) -> None:
        self._sessions.pop(session.id, None)
        if session.subscription_id is not None:
            self.api.store.discard(session.subscription_id)

    def _take_token(self, request: web.Request) -> TokenOwner | web.Response:
        token = request.query.get("access_token", "")
        entry = self._tokens.get(token)
        if entry is None:
            return api_error(401, "OAU-213", "Token not found")
        owner, expires_at = entry
        if self.clock.monotonic() > expires_at:
            del self._tokens[token]
            return api_error(401, "OAU-128", "Access token expired")
        return owner

    async def _connect(self, request: web.Request) -> web.StreamResponse:
        if self._closed or self._refusing():
            return api_error(503, "CMN-201", "Service Temporarily Unavailable")
        owner = self._take_token(request)
        if isinstance(owner, web.Response):
            return owner
        self.sweep()
        # timeout: how long a close handshake may take before the socket is just dropped.
        socket = web.WebSocketResponse(heartbeat=self.ping_interval, timeout=2.0)
        await socket.prepare(request)
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
        connection = Connection(request, socket)
        session = self._attach(owner, connection, request.query.get("wsc"))
        try:
            await self._read(session, connection)
        except ConnectionError:
            pass  # the peer vanished; the session waits for recovery
        finally:
            if session.connection is connection:
                session.connection = None
                session.disconnected_at = self.clock.monotonic()
            await connection.finished()
            if task is not None:
                self._handlers.discard(task)
        return socket

    def enforce_timeouts(self) -> None:
        """Close every socket idle too long (WSG-902) or open too long (WSG-903), on the clock."""
        now = self.clock.monotonic()
        for session in list(self._sessions.values()):
            connection = session.connection
            if connection is None or connection.closing:
                continue
            if now - connection.opened_at >= self.absolute_timeout:
                self._cut(session, "Absolute timeout expired", ABSOLUTE_TIMEOUT)
            elif now - connection.last_frame_at >= self.idle_timeout:
                self._cut(session, "Idle timeout expired", IDLE_TIMEOUT)

    def _cut(self, session: WsSession, message: str, code: str) -> None:
        assert session.connection is not None
        self._error(session, None, message, code=code)
        session.connection.close_when_sent()

    def _next_deadline(self, connection: Connection) -> float:
        """Seconds (on the clock) until this socket's idle or absolute timeout."""
        now = self.clock.monotonic()
        idle_at = connection.last_frame_at + self.idle_timeout
        return max(0.0, min(idle_at, connection.opened_at + self.absolute_timeout) - now)

    async def _read(self, session: WsSession, connection: Connection) -> None:
        """Handle client frames until the socket closes or a timeout cuts it (WSG-902/903)."""
        connection.opened_at = connection.last_frame_at = self.clock.monotonic()
        while True:
            try:
                message = await connection.socket.receive(
                    timeout=self._next_deadline(connection) + 0.01
                )
            except TimeoutError:
                self.enforce_timeouts()
                continue  # the CLOSE that follows a cut ends the loop
            connection.last_frame_at = self.clock.monotonic()
            if message.type is WSMsgType.TEXT:
                self._on_text(session, message.data)
            elif message.type is WSMsgType.BINARY:
                self._error(session, None, "Binary frames are not supported")
            else:  # CLOSE, CLOSING, CLOSED, ERROR
                return

    def _attach(self, owner: TokenOwner, connection: Connection, wsc: str | None) -> WsSession:
        """Recover the session named by `wsc`, or start a new one; send ConnectionDetails."""
        details = {
            "creationTime": iso(self.clock.now()),
            "maxConnectionsPerSession": 50,
            "recoveryBufferSize": RECOVERY_BUFFER_SIZE,
            "recoveryTimeout": int(self.recovery_timeout),
            "idleTimeout": int(self.idle_timeout),
            "absoluteTimeout": int(self.absolute_timeout),
            "maxActiveRequests": 10,
        }
        recovered = self._recoverable(owner, wsc)
        if recovered is not None:
            session, position = recovered
            if session.connection is not None:  # a half-open old socket: the new one wins
                session.connection.abort()
            session.connection, session.disconnected_at = connection, None
            details["recoveryState"] = "Successful"
            self._send_details(session, session.wsc_at(position), details)
            for text in session.missed_since(position):
                connection.send(text)
            return session
        session = WsSession(owner=owner, connection=connection)
        self._sessions[session.id] = session
        if wsc is not None:
            details["recoveryState"] = "Failed"
            details["recoveryErrorCode"] = RECOVERY_FAILED
        self._send_details(session, session.next_wsc(), details)
        return session

    def _recoverable(self, owner: TokenOwner, wsc: str | None) -> tuple[WsSession, int] | None:
        decoded = decode_wsc(wsc) if wsc else None
        if decoded is None:
            return None
        session = self._sessions.get(decoded[0])
        position = decoded[1]
        if session is None or not same_app(session.owner, owner) or position > session.sequence:
            return None
        if self._recovery_over(session, self.clock.monotonic()):
            self._end(session)
            return None
        return session, position

    @staticmethod
    def _send_details(session: WsSession, wsc: dict, details: dict) -> None:
        message_id = str(uuid.uuid4())
        meta = {
            "type": "ConnectionDetails",
            "messageId": message_id,
            "status": 200,
            "wsc": wsc,
            "headers": {"RCRequestId": message_id},
        }
        session.send([meta, details])

    # -- frames from the client ---------------------------------------------------------------

    def _on_text(self, session: WsSession, text: str) -> None:
        try:
            frame = json.loads(text)
        except ValueError:
            self._error(session, None, "Message is not valid JSON")
            return
        meta = frame[0] if isinstance(frame, list) and frame else None
        if not isinstance(meta, dict) or len(frame) > 2:
            self._error(session, None, "Expected a JSON array [meta, body]")
            return
        message_id = meta.get("messageId")
        if len(frame) == 2 and frame[1] is None:
            self._error(session, message_id, "A null body is not allowed; omit the body instead")
        elif meta.get("type") == "Heartbeat":
            session.send([{"type": "Heartbeat", "messageId": message_id}])
        elif meta.get("type") == "ClientRequest" and isinstance(meta.get("path"), str):
            self._client_request(session, meta, frame[1] if len(frame) == 2 else None)
        else:
            self._error(session, message_id, f"Unsupported message type {meta.get('type')!r}")

    def _client_request(self, session: WsSession, meta: dict, body: object) -> None:
        method = str(meta.get("method", "GET")).upper()
        if not meta["path"].startswith(COLLECTION) and self.rest is not None:
            task = asyncio.create_task(self._tunnel(session, method, meta, body))
            self._tunnelled.add(task)
            task.add_done_callback(self._tunnelled.discard)
            return
        outcome = self.api.handle(
            session.owner,
            method,
            meta["path"],
            body,
            over_websocket=True,
            replacing=session.subscription_id,
        )
        if outcome.created and outcome.subscription is not None:
            # One subscription per connection: a new one replaces the old (RingCentral docs).
            if session.subscription_id is not None:
                self.api.store.discard(session.subscription_id)
            session.subscription_id = outcome.subscription.id
            self._by_subscription[outcome.subscription.id] = session
        reply_meta = {
            "type": "ClientRequest",
            "messageId": meta.get("messageId"),
            "status": outcome.status,
            "headers": _headers(**({"Content-Type": "application/json"} if outcome.body else {})),
        }
        session.send([reply_meta] if outcome.body is None else [reply_meta, outcome.body])

    async def _tunnel(self, session: WsSession, method: str, meta: dict, body: object) -> None:
        """Answer a ClientRequest for any other REST path with the REST response."""
        assert self.rest is not None
        try:
            reply = await self.rest.answer(
                session.owner, method, meta["path"], meta.get("query"), body
            )
        except Exception as exc:  # the emulator going down mid-request
            self._error(session, meta.get("messageId"), f"Request failed: {exc!r}")
            return
        reply_meta = {
            "type": "ClientRequest",
            "messageId": meta.get("messageId"),
            "status": reply.status,
            "headers": _headers(**reply.headers),
        }
        session.send([reply_meta] if reply.body is None else [reply_meta, reply.body])

    def _error(
        self, session: WsSession, message_id: object, message: str, code: str = BAD_FRAME
    ) -> None:
        meta = {
            "type": "Error",
            "messageId": message_id if isinstance(message_id, str) else str(uuid.uuid4()),
            "status": 400,
            "headers": _headers(),
        }
        session.send([meta, {"errorCode": code, "message": message}])

    def sessions(self) -> list[WsSession]:
        """Current sessions (live or recoverable), for diagnostics and tests."""
        return list(self._sessions.values())
