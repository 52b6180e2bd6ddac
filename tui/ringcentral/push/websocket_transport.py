"""Push over RingCentral's WebSocket gateway: today's transport (call-behaviour.md §5).

One connection carries one subscription. The gateway keeps a session (subscription plus
the last 100 events) alive for `recoveryTimeout` seconds after a socket drops; reconnecting
with `&wsc=<token>` inside that window replays what was missed. After it, or when the
gateway answers `recoveryState: Failed`, we subscribe again and ask for a re-sync.

The gateway's limits from ConnectionDetails are honoured: the socket is replaced (with
`wsc`, so nothing is lost) before its absolute timeout; the subscription is looked up over
the socket every `subscription_check` seconds and created again, with a re-sync, when the
server no longer has it (deleted by someone else, or expired).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from tui.ringcentral.errors import CalldeckError, SignInRequired, Unreachable, server_wait
from tui.ringcentral.proxy import websocket_proxy
from tui.ringcentral.push import wsg
from tui.ringcentral.push.connection import ConnectionState
from tui.ringcentral.push.subscription import subscription_lifetime
from tui.ringcentral.push.tasks import cancel_task
from tui.ringcentral.push.timing import Backoff
from tui.ringcentral.push.transport import PushTransport

log = logging.getLogger(__name__)

SUBSCRIBE_PATH = "/restapi/v1.0/subscription/"
DEFAULT_RECOVERY_TIMEOUT = 180.0
DEFAULT_ABSOLUTE_TIMEOUT = 86400.0
# Replace the socket this long before the gateway's absolute timeout would cut it.
ABSOLUTE_TIMEOUT_LEAD = 300.0


def ws_renew_delay(lifetime: float) -> float:
    """When to renew a WebSocket subscription living `lifetime` s: 30 minutes before it
    expires (a check runs every minute or so), or at 75% of a short test lifetime."""
    return lifetime - min(1800.0, 0.25 * max(0.0, lifetime))


class GatewayError(CalldeckError):
    """The gateway answered something we cannot work with (no ConnectionDetails, 4xx reply)."""

    title = "WebSocket gateway error"

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def _default_connect(url: str, open_timeout: float) -> Any:
    from websockets.asyncio.client import connect

    # The environment's proxy (SOCKS through python-socks), never for loopback (the emulator).
    proxy = websocket_proxy(url)
    return connect(url, open_timeout=open_timeout, max_size=4 * 2**20, proxy=proxy)


class WebSocketTransport(PushTransport):
    """The live feed over the WebSocket gateway."""

    name = "websocket"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # How a socket is opened: (url, open timeout) -> awaitable connection.
        self.open_socket: Callable[[str, float], Any] = _default_connect
        self._ws: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[str, asyncio.Future[wsg.Frame]] = {}
        self._wsc: dict | None = None
        self._last_received = 0.0
        self.recovery_timeout = DEFAULT_RECOVERY_TIMEOUT
        self.absolute_timeout = DEFAULT_ABSOLUTE_TIMEOUT
        self._connected_at = 0.0
        self._checked_at = 0.0
        self._renew_at = float("inf")
        self.subscription: dict | None = None
        self.subscription_renewals = 0
        self.malformed_frames = 0
        self.heartbeats_sent = 0
        self.recoveries = 0
        self.resubscribes = 0
        self.planned_reconnects = 0
        self.subscriptions_lost = 0

    async def start(self) -> None:
        """Connect and subscribe (errors of this first attempt propagate), then stay connected."""
        await self._connect(recover=False)
        self._task = asyncio.create_task(self._run(), name="calldeck-websocket")

    async def stop(self) -> None:
        """Delete the subscription (best effort), close the socket and stop every task."""
        task, self._task = self._task, None
        await cancel_task(task)
        if self._ws is not None and self.subscription and self.subscription.get("id"):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(
                    self._request("DELETE", f"{SUBSCRIBE_PATH}{self.subscription['id']}"),
                    min(1.0, self.timing.request_timeout),
                )
        await self._close_socket()

    # -- one connection -----------------------------------------------------------------------

    async def _connect(self, *, recover: bool) -> bool:
        """Open a socket; return True when the gateway recovered the old session."""
        token = await self.client.ws_token()
        url = f"{token['uri']}?access_token={quote(str(token['ws_access_token']), safe='')}"
        if recover and self._wsc:
            url += f"&wsc={quote(str(self._wsc['token']), safe='')}"
        timeout = self.timing.connect_timeout
        ws = await asyncio.wait_for(self.open_socket(url, timeout), timeout)
        try:
            # The gateway wants nothing from us before ConnectionDetails (session-recovery.md).
            first = wsg.decode_frame(await asyncio.wait_for(ws.recv(), timeout))
            if first.type != wsg.CONNECTION_DETAILS:
                raise GatewayError(
                    f"The WebSocket gateway sent {first.type or 'nothing'} before ConnectionDetails."
                )
        except BaseException:
            await ws.close()
            raise
        self._wsc = wsg.newer_wsc(self._wsc, first)
        details = first.body if isinstance(first.body, dict) else {}
        if isinstance(details.get("recoveryTimeout"), int | float):
            self.recovery_timeout = float(details["recoveryTimeout"])
        if isinstance(details.get("absoluteTimeout"), int | float):
            self.absolute_timeout = float(details["absoluteTimeout"])
        self._ws = ws
        self._last_received = self._connected_at = self._checked_at = self.clock.monotonic()
        self._reader = asyncio.create_task(self._read(ws), name="calldeck-websocket-reader")
        recovered = recover and details.get("recoveryState") == "Successful"
        if recover and not recovered:
            log.warning(
                "gateway could not recover the session (%s)", details.get("recoveryErrorCode")
            )
        if not recovered:
            await self._subscribe()
        return recovered

    async def _subscribe(self) -> None:
        body = {"eventFilters": self.filters, "deliveryMode": {"transportType": "WebSocket"}}
        reply = await self._request("POST", SUBSCRIBE_PATH, body)
        if not isinstance(reply.body, dict) or not reply.body.get("id"):
            raise GatewayError("The WebSocket gateway answered the subscription without one.")
        self._accept_subscription(reply.body)
        log.info("WebSocket subscription %s created", reply.body.get("id"))

    def _accept_subscription(self, info: dict) -> None:
        self.subscription = info
        self._renew_at = self.clock.monotonic() + ws_renew_delay(subscription_lifetime(info))

    async def _request(self, method: str, path: str, body: dict | None = None) -> wsg.Frame:
        """Send a ClientRequest and wait for the reply with the same messageId (2xx only)."""
        message_id, text = wsg.client_request(method, path, body)
        future: asyncio.Future[wsg.Frame] = asyncio.get_running_loop().create_future()
        self._pending[message_id] = future
        try:
            await self._ws.send(text)
            reply = await asyncio.wait_for(future, self.timing.request_timeout)
        finally:
            self._pending.pop(message_id, None)
        if reply.status is None or not 200 <= reply.status < 300 or reply.type == wsg.ERROR:
            code = reply.body.get("errorCode") if isinstance(reply.body, dict) else None
            detail = f"{reply.status} {code}" if code else str(reply.status)
            raise GatewayError(
                f"The WebSocket gateway refused {method} {path} ({detail}).", reply.status
            )
        return reply

    async def _subscription_exists(self) -> bool:
        """Ask the gateway for our subscription; False when it no longer has it (404)."""
        subscription_id = (self.subscription or {}).get("id")
        if not subscription_id:
            return False
        # Near its expiry (RingCentral reports 24 h) renewing answers the question too.
        renew = self.clock.monotonic() >= self._renew_at
        path = f"{SUBSCRIBE_PATH}{subscription_id}" + ("/renew" if renew else "")
        try:
            reply = await self._request("POST" if renew else "GET", path)
        except GatewayError as exc:
            if exc.status == 404:
                return False
            raise
        if renew and isinstance(reply.body, dict) and reply.body.get("id"):
            self.subscription_renewals += 1
            self._accept_subscription(reply.body)
        return True

    async def _check_subscription(self) -> None:
        """Subscribe again (and ask for a re-sync) when the server lost our subscription."""
        self._checked_at = self.clock.monotonic()
        if await self._subscription_exists():
            return
        self.subscriptions_lost += 1
        log.warning("the WebSocket subscription is gone on the server; subscribing again")
        await self._subscribe()
        self.resubscribes += 1
        self.sink.gap("subscription gone on the server")

    @property
    def last_received(self) -> float:
        """When (on the push clock) the gateway last sent us anything."""
        return self._last_received

    async def _read(self, ws: Any) -> None:
        try:
            async for raw in ws:
                self._last_received = self.clock.monotonic()
                self._handle(raw)
        except Exception as exc:  # ConnectionClosed and friends end this connection only
            log.info("WebSocket closed: %r", exc)
        finally:
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(ConnectionError("the WebSocket closed"))

    def _handle(self, raw: str | bytes) -> None:
        try:
            frame = wsg.decode_frame(raw)
        except wsg.MalformedFrame as exc:
            self.malformed_frames += 1
            log.warning("ignoring a malformed WebSocket frame: %s", exc)
            return
        self._wsc = wsg.newer_wsc(self._wsc, frame)
        pending = self._pending.get(frame.message_id or "")
        if frame.type in (wsg.CLIENT_REQUEST, wsg.ERROR) and pending is not None:
            if not pending.done():
                pending.set_result(frame)
        elif frame.type == wsg.SERVER_NOTIFICATION:
            if isinstance(frame.body, dict):
                self.sink.notification(frame.body)
            else:
                self.malformed_frames += 1
                log.warning(
                    "ignoring a malformed WebSocket notification: its body is not an object"
                )
        elif frame.type == wsg.ERROR:
            log.warning("gateway error: %s", frame.body)

    async def _close_socket(self) -> None:
        ws, self._ws = self._ws, None
        reader, self._reader = self._reader, None
        if ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(), 2.0)
        await cancel_task(reader)

    # -- staying connected -------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            await self._keep_alive()
            outage_started = self.clock.monotonic()
            self.sink.connection(ConnectionState.RECOVERING)
            await self._close_socket()
            await self._reconnect(outage_started)

    async def _keep_alive(self) -> None:
        """Return when the socket closes, stops answering or nears its absolute timeout;
        Heartbeat whenever it is idle; check the subscription now and then."""
        last_heartbeat = 0.0
        while self._reader is not None and not self._reader.done():
            now = self.clock.monotonic()
            replace_at = self._connected_at + self.absolute_timeout - ABSOLUTE_TIMEOUT_LEAD
            if now >= replace_at:
                log.info("replacing the WebSocket before the gateway's absolute timeout")
                self.planned_reconnects += 1
                return
            if now - self._checked_at >= self.timing.subscription_check:
                try:
                    await self._check_subscription()
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # no answer, or subscribing again failed
                    log.warning("subscription check failed (%r); reconnecting", exc)
                    return
                continue
            quiet_since = max(self._last_received, last_heartbeat)
            wait = min(
                self.timing.heartbeat_idle - (now - quiet_since),
                self._checked_at + self.timing.subscription_check - now,
                replace_at - now,
            )
            if wait > 0:
                await self.clock.wait_task(self._reader, wait)
                continue
            silent = now - self._last_received
            # Only an unanswered Heartbeat proves the socket dead: after a sleep (or a clock
            # that jumped) the first thing to do is ask, not to give up.
            unanswered = last_heartbeat > self._last_received
            if unanswered and silent > 2 * self.timing.heartbeat_idle + self.timing.request_timeout:
                log.warning("nothing received for %.0f s despite Heartbeats; reconnecting", silent)
                return
            try:
                await self._ws.send(wsg.heartbeat())
            except Exception as exc:
                log.info("Heartbeat failed: %r", exc)
                return
            self.heartbeats_sent += 1
            last_heartbeat = now

    async def _reconnect(self, outage_started: float) -> None:
        backoff = Backoff(self.timing.reconnect_base, self.timing.reconnect_cap)
        delay = backoff.next_delay()
        while True:
            await self.clock.sleep(delay)
            within = self.clock.monotonic() - outage_started < self.recovery_timeout
            try:
                recovered = await self._connect(recover=within and self._wsc is not None)
            except (Unreachable, SignInRequired, OSError) as exc:
                log.warning("cannot reach RingCentral: %s", exc)
                self.sink.connection(ConnectionState.DOWN)
                delay = backoff.next_delay()
                continue
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # refused upgrade, timeout, gateway error: try again
                log.warning("WebSocket reconnect failed: %r", exc)
                await self._close_socket()
                # A 429 or 5xx on the token request says how long to wait.
                delay = max(backoff.next_delay(), server_wait(exc))
                continue
            if recovered:
                self.recoveries += 1
            else:
                self.resubscribes += 1
                self.sink.gap("WebSocket session not recovered")
            self.sink.connection(ConnectionState.LIVE)
            return
