"""A PubNub subscribe endpoint that the real `pubnub` SDK accepts (shared/docs/pubnub.md §5).

`GET /v2/subscribe/{subkey}/{channels}/0?tt=...`: `tt=0` is the handshake and answers the
current timetoken at once; otherwise every stored message newer than `tt` on the requested
channels is returned (≤ 100 per response), or the request is held until a publish or the hold
time runs out. Messages are kept by timetoken, not deleted on delivery, because the SDK
re-requests from an old `tt` after reconnects.
"""

from __future__ import annotations

import asyncio
import heapq
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiohttp import web

from tui.emulator.clock import Clock

BACKLOG_PER_CHANNEL = 1000
BATCH_LIMIT = 100
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_PUBLISHER = "ringcentral-emulator"


def _pubnub_error(status: int, message: str, service: str) -> web.Response:
    body = {"status": status, "error": True, "message": message, "service": service}
    return web.json_response(body, status=status)


class Timetokens:
    """PubNub timetokens (100 ns units since the epoch), strictly increasing."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._last = 0

    def _wall(self) -> int:
        # Integer arithmetic: a float timestamp has too few digits for 17-digit timetokens.
        delta = self._clock.now() - _EPOCH
        return (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10

    def current(self) -> int:
        """Now; any later `issue()` is strictly greater, so a handshake misses nothing."""
        self._last = max(self._last, self._wall())
        return self._last

    def issue(self) -> int:
        """A new timetoken, greater than every one handed out before."""
        self._last = max(self._last + 1, self._wall())
        return self._last


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """One published message as the subscribe response lists it."""

    timetoken: int
    channel: str
    payload: str


@dataclass(eq=False)
class _Poll:
    """One held long-poll: woken by a publish on its channels, or dropped by a fault."""

    request: web.Request
    channels: tuple[str, ...]
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    dropped: bool = False


class PubNubEndpoint:
    """Channel backlogs and the long-poll handlers."""

    def __init__(
        self,
        *,
        clock: Clock,
        subscriber_key: str,
        hold_seconds: float,
        refusing: Callable[[], bool],
    ) -> None:
        self.subscriber_key = subscriber_key
        self.hold_seconds = hold_seconds
        self.timetokens = Timetokens(clock)
        self._refusing = refusing
        self._backlog: dict[str, deque[StoredMessage]] = {}
        self._polls: set[_Poll] = set()
        self._closed = False

    def add_routes(self, app: web.Application) -> None:
        """Register the subscribe, time and presence routes."""
        app.router.add_get("/v2/subscribe/{subkey}/{channels}/0", self._subscribe)
        app.router.add_get("/time/0", self._time)
        presence = "/v2/presence/sub-key/{subkey}/channel/{channels}"
        app.router.add_get(presence + "/heartbeat", self._heartbeat)
        app.router.add_get(presence + "/leave", self._leave)

    # -- publishing ---------------------------------------------------------------------------

    def publish(self, channel: str, payload: str) -> int:
        """Store a message on a channel, wake its long-polls, return its timetoken."""
        message = StoredMessage(self.timetokens.issue(), channel, payload)
        backlog = self._backlog.get(channel)
        if backlog is None:
            backlog = self._backlog[channel] = deque(maxlen=BACKLOG_PER_CHANNEL)
        backlog.append(message)
        for poll in self._polls:
            if channel in poll.channels:
                poll.wake.set()
        return message.timetoken

    def forget_channel(self, channel: str) -> None:
        """Drop a channel's backlog (its subscription is gone)."""
        self._backlog.pop(channel, None)

    def drop(self) -> None:
        """Abort every held long-poll now, as a network failure would."""
        for poll in self._polls:
            poll.dropped = True
            poll.wake.set()

    async def close(self) -> None:
        """Abort held polls and refuse new ones."""
        self._closed = True
        self.drop()
        for _ in range(100):  # bounded: handlers leave the set as soon as they run
            if not self._polls:
                break
            await asyncio.sleep(0)

    def messages_after(self, channels: tuple[str, ...], timetoken: int) -> list[StoredMessage]:
        """Stored messages newer than `timetoken` on these channels, oldest first, ≤ 100."""
        newer: list[list[StoredMessage]] = []
        for channel in channels:
            found: list[StoredMessage] = []
            for message in reversed(self._backlog.get(channel, ())):
                if message.timetoken <= timetoken:
                    break
                found.append(message)
            newer.append(found[::-1])
        merged = heapq.merge(*newer, key=lambda m: m.timetoken)
        return [message for _, message in zip(range(BATCH_LIMIT), merged, strict=False)]

    # -- handlers -----------------------------------------------------------------------------

    def _cursor(self, timetoken: int, region: int, messages: list[StoredMessage]) -> web.Response:
        items = [
            {
                "a": "1",
                "f": 0,
                "i": _PUBLISHER,
                "p": {"t": str(m.timetoken), "r": region},
                "k": self.subscriber_key,
                "c": m.channel,
                "d": m.payload,
            }
            for m in messages
        ]
        return web.json_response({"t": {"t": str(timetoken), "r": region}, "m": items})

    async def _subscribe(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["subkey"] != self.subscriber_key:
            return _pubnub_error(403, "Forbidden", "Access Manager")
        if self._closed or self._refusing():
            return _pubnub_error(503, "Service Unavailable", "Balancer")
        try:
            timetoken = int(request.query.get("tt", "0") or 0)
            region = int(request.query.get("tr", "1") or 1)
        except ValueError:
            return _pubnub_error(400, "Invalid Timetoken", "Balancer")
        if timetoken == 0:
            return self._cursor(self.timetokens.current(), region, [])
        channels = tuple(c for c in request.match_info["channels"].split(",") if c)
        poll = _Poll(request, channels)
        self._polls.add(poll)
        try:
            return await self._hold(poll, timetoken, region)
        finally:
            self._polls.discard(poll)

    async def _hold(self, poll: _Poll, timetoken: int, region: int) -> web.StreamResponse:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.hold_seconds
        while True:
            poll.wake.clear()
            if poll.dropped:
                return _abort(poll.request)
            batch = self.messages_after(poll.channels, timetoken)
            if batch:
                return self._cursor(batch[-1].timetoken, region, batch)
            remaining = deadline - loop.time()
            if remaining <= 0:
                return self._cursor(timetoken, region, [])
            try:
                async with asyncio.timeout(remaining):
                    await poll.wake.wait()
            except TimeoutError:
                pass

    async def _time(self, request: web.Request) -> web.Response:
        return web.json_response([self.timetokens.current()])

    async def _heartbeat(self, request: web.Request) -> web.Response:
        return web.json_response({"status": 200, "message": "OK", "service": "Presence"})

    async def _leave(self, request: web.Request) -> web.Response:
        body = {"status": 200, "message": "OK", "action": "leave", "service": "Presence"}
        return web.json_response(body)


def _abort(request: web.Request) -> web.StreamResponse:
    # Reset the TCP connection without a response: the client sees what a dead network
    # shows (httpx RemoteProtocolError), which is what the dropPush fault simulates.
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=503)
