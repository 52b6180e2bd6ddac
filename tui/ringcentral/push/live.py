"""LiveCalls: the one live call feed the UI and `calldeck watch` read.

It picks a transport (PubNub first under `auto`, WebSocket when PubNub is refused), owns
the CallBook, applies every notification in order on one task, and re-syncs from REST
(GET presence, then GET each active session) at start and whenever events may have been
lost. Events that arrive during a re-sync wait in the queue and are applied after the
snapshot, so nothing is lost and nothing is applied out of order. While it runs, the
sign-in is kept fresh on a timer (a healthy socket makes no REST calls), and an ended
sign-in makes the feed `down` at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from tui.calls import Call, CallBook
from tui.ringcentral.errors import (
    NotFound,
    RateLimited,
    ServerError,
    Unreachable,
    server_wait,
)
from tui.ringcentral.push.connection import ConnectionState, PushRefused
from tui.ringcentral.push.filters import event_filters
from tui.ringcentral.push.pubnub_transport import PubNubSilent, PubNubTransport
from tui.ringcentral.push.reported import ReportedCalls
from tui.ringcentral.push.snapshot import (
    SESSION_PATH,
    read_presence,
    read_sessions,
)
from tui.ringcentral.push.tasks import cancel_task
from tui.ringcentral.push.timing import Backoff, PushClock, PushTiming
from tui.ringcentral.push.transport import PushTransport
from tui.ringcentral.push.websocket_transport import GatewayError, WebSocketTransport
from tui.ringcentral.refresh_timer import RefreshTimer

if TYPE_CHECKING:
    from tui.ringcentral.client import RingCentralClient

log = logging.getLogger(__name__)

TransportChoice = Literal["auto", "pubnub", "websocket"]


# Failures worth retrying in the background: the server may come back.
_TRANSIENT = (
    Unreachable,
    ServerError,
    RateLimited,
    GatewayError,
    PubNubSilent,
    OSError,
    TimeoutError,
)


def is_transient(error: BaseException) -> bool:
    """True for failures that may heal by themselves (network, 5xx, 429, refused upgrade)."""
    # websockets' own errors (a refused or broken upgrade) are about the connection too.
    return isinstance(error, _TRANSIENT) or (
        isinstance(error, Exception) and type(error).__module__.startswith("websockets")
    )


_RESYNC = object()
# GET session requests describing calls first seen mid-way, at most this many at once.
_DESCRIBE_CONCURRENCY = 4


class _Snapshot:
    """A GET session snapshot queued for the pump (applied in order with events)."""

    __slots__ = ("session",)

    def __init__(self, session: dict) -> None:
        self.session = session


class LiveCalls:
    """Subscribe, keep the CallBook current, and report changed calls and connection state."""

    def __init__(
        self,
        client: RingCentralClient,
        *,
        transport: TransportChoice = "auto",
        account_level: bool = False,
        on_calls: Callable[[list[Call]], None],
        on_connection: Callable[[ConnectionState, str | None], None],
        on_notification: Callable[[dict], None] | None = None,
        clock: PushClock | None = None,
        timing: PushTiming | None = None,
        extra_filters: list[str] | None = None,
    ) -> None:
        if transport not in ("auto", "pubnub", "websocket"):
            raise ValueError(f"unknown transport {transport!r}")
        self.client = client
        self.choice: TransportChoice = transport
        self.account_level = account_level
        self.book = CallBook(
            client.extension_id, account_id=client.account_id, account_level=account_level
        )
        # Extra filters (the team's presence) ride in the same subscription as the calls.
        self.filters = event_filters(account_level=account_level) + list(extra_filters or [])
        self.on_calls = on_calls
        self.on_connection = on_connection
        self.on_notification = on_notification
        self.clock = clock or PushClock()
        self.timing = timing or PushTiming()
        self.transport: PushTransport | None = None
        self.state: ConnectionState | None = None
        self.resyncs = 0
        # Notifications the CallBook could not use (garbage, other events, stale ones).
        self.ignored_notifications = 0
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._pump_idle = False  # the pump waits for work: nothing is being applied
        self._resync_waiters: list[asyncio.Future[bool]] = []
        self._resync_queued = False
        self._reported = ReportedCalls()
        self._tasks: set[asyncio.Task[None]] = set()
        self._pump: asyncio.Task[None] | None = None
        self._resync_backoff = Backoff(max(1.0, self.timing.reconnect_base), 60.0)
        self._describing: set[str] = set()
        self._describe_slots = asyncio.Semaphore(_DESCRIBE_CONCURRENCY)
        self.refresh_timer: RefreshTimer | None = None

    @property
    def transport_name(self) -> str | None:
        """`pubnub` or `websocket` once connected."""
        return self.transport.name if self.transport else None

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Subscribe, then load the calls that exist now (returns once they are in `book`).

        When the server cannot be reached the state becomes `down` and connecting goes on
        in the background. Raises SignInRequired, PushRefused (forced `pubnub` refused) and
        ApiError for permanent refusals.
        """
        self._set_state(ConnectionState.CONNECTING)
        self._pump = asyncio.create_task(self._run_pump(), name="calldeck-live-pump")
        self._keep_sign_in_fresh()
        try:
            await self._open_transport()
        except Exception as exc:
            if not is_transient(exc):
                await self.stop()
                raise
            log.warning("cannot subscribe yet: %r", exc)
            self._set_state(ConnectionState.DOWN)
            self._spawn(self._connect_in_background())
            return
        except BaseException:
            await self.stop()
            raise
        await self.resync()

    async def stop(self) -> None:
        """Unsubscribe and stop every task this feed started."""
        for task in list(self._tasks):
            await cancel_task(task)
        transport, self.transport = self.transport, None
        if transport is not None:
            await transport.stop()
        pump, self._pump = self._pump, None
        await cancel_task(pump)
        self._resolve_resync_waiters(False)

    def _resolve_resync_waiters(self, ok: bool) -> None:
        waiters, self._resync_waiters = self._resync_waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(ok)

    async def resync(self) -> bool:
        """Reconcile the CallBook with REST now; True when it worked.

        Queued behind the events already received, and events received meanwhile wait
        for it, so the snapshot and the event stream never interleave.
        """
        if self._pump is None or self._pump.done():
            return False  # not started, or stopped
        waiter: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._resync_waiters.append(waiter)
        self._request_resync()
        return await waiter

    # -- what transports report (PushSink) --------------------------------------------------

    def notification(self, envelope: dict) -> None:
        """A transport delivered one notification envelope."""
        if self._pump_idle and self._queue.empty():
            # Nothing ahead of it (no re-sync running, nothing queued): apply it now, in
            # the transport's callback, rather than a loop turn later in the pump's task.
            self._apply_safely(envelope)
        else:
            self._queue.put_nowait(envelope)

    def connection(self, state: ConnectionState) -> None:
        """A transport's health changed."""
        self._set_state(state)

    def gap(self, reason: str) -> None:
        """A transport may have missed events: re-sync."""
        log.info("re-sync needed: %s", reason)
        self._request_resync()

    # -- internals --------------------------------------------------------------------------

    async def _open_transport(self) -> None:
        if self.choice in ("auto", "pubnub"):
            pubnub = PubNubTransport(
                self.client, self.filters, self, timing=self.timing, clock=self.clock
            )
            try:
                await self._start_transport(pubnub)
            except (PushRefused, PubNubSilent) as exc:
                if self.choice == "pubnub":
                    raise
                log.info("PubNub not usable (%s); using the WebSocket gateway", exc)
            else:
                return
        websocket = WebSocketTransport(
            self.client, self.filters, self, timing=self.timing, clock=self.clock
        )
        await self._start_transport(websocket)

    async def _start_transport(self, transport: PushTransport) -> None:
        # Adopted before start() so the states it reports while starting carry its name.
        self.transport = transport
        try:
            await transport.start()
        except BaseException:
            self.transport = None
            await transport.stop()
            raise
        self._set_state(ConnectionState.LIVE)

    async def _connect_in_background(self) -> None:
        backoff = Backoff(self.timing.reconnect_base, self.timing.reconnect_cap)
        delay = backoff.next_delay()
        while True:
            await self.clock.sleep(delay)
            try:
                await self._open_transport()
            except Exception as exc:
                if is_transient(exc):
                    delay = max(backoff.next_delay(), server_wait(exc))
                    log.info("still cannot subscribe (%r); trying again in %.1f s", exc, delay)
                    continue
                log.exception("cannot subscribe; giving up")
                self._set_state(ConnectionState.DOWN)
                return
            self._request_resync()
            return

    def _keep_sign_in_fresh(self) -> None:
        keeper = getattr(self.client, "keeper", None)
        if keeper is None:
            return  # a client without a sign-in of its own (unit tests of reporting)
        self.refresh_timer = RefreshTimer(keeper, clock=self.clock, on_ended=self._sign_in_ended)
        self._spawn(self.refresh_timer.run(), name="calldeck-refresh-timer")

    def _sign_in_ended(self) -> None:
        self._set_state(ConnectionState.DOWN)

    def _set_state(self, state: ConnectionState) -> None:
        if state == self.state:
            return
        self.state = state
        try:
            self.on_connection(state, self.transport_name)
        except Exception:
            log.exception("on_connection callback failed")

    def _request_resync(self) -> None:
        if not self._resync_queued:
            self._resync_queued = True
            self._queue.put_nowait(_RESYNC)

    def _spawn(self, coroutine: Any, name: str | None = None) -> None:
        task = asyncio.create_task(coroutine, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run_pump(self) -> None:
        while True:
            self._pump_idle = True
            try:
                item = await self._queue.get()
            finally:
                self._pump_idle = False
            try:
                if item is _RESYNC:
                    self._resync_queued = False
                    ok = await self._resync_now()
                    self._resolve_resync_waiters(ok)
                elif isinstance(item, _Snapshot):
                    self._report(self.book.apply_session(item.session))
                else:
                    self._apply(item)
            except asyncio.CancelledError:
                raise
            except Exception:  # one bad item must not stop the feed
                log.exception("live call feed step failed")

    def _apply_safely(self, envelope: dict) -> None:
        try:
            self._apply(envelope)
        except Exception:  # one bad envelope must not stop the feed (nor its transport)
            log.exception("live call feed step failed")

    def _apply(self, envelope: dict) -> None:
        if self.on_notification is not None:
            try:
                self.on_notification(envelope)
            except Exception:
                log.exception("on_notification callback failed")
        sid = _telephony_session_id(envelope)
        first_sight = sid is not None and not self.book.knows(sid)
        result = self.book.apply(envelope)
        if result.ignored:
            self.ignored_notifications += 1
            log.info("notification ignored: %s", result.ignored)
        self._report(result.changed)
        if first_sight and sid is not None and self.book.missed_start(sid):
            # Its earlier events were lost (or it began elsewhere): read it whole.
            self._describe(sid)

    def _describe(self, sid: str) -> None:
        if sid not in self._describing:
            self._describing.add(sid)
            self._spawn(self._fetch_snapshot(sid))

    async def _fetch_snapshot(self, sid: str) -> None:
        try:
            async with self._describe_slots:
                session = await self.client.get_json(SESSION_PATH.format(sid))
        except asyncio.CancelledError:
            raise
        except NotFound:
            return  # already over: its events (or the next re-sync) end it
        except Exception as exc:  # rate limited, server trouble: the next re-sync covers it
            log.info("could not read session %s: %r", sid, exc)
            return
        finally:
            self._describing.discard(sid)
        self._queue.put_nowait(_Snapshot(session))

    def _report(self, calls: list[Call]) -> None:
        fresh = self._reported.fresh(calls)
        if not fresh:
            return
        try:
            self.on_calls(fresh)
        except Exception:
            log.exception("on_calls callback failed")

    async def _resync_now(self) -> bool:
        """GET presence and sessions and reconcile; on failure try again later. Never raises."""
        self.resyncs += 1
        try:
            presence = await read_presence(self.client, account_level=self.account_level)
            known = [call.telephony_session_id for call in self.book.calls()]
            sessions = await read_sessions(self.client, presence, known)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the feed must outlive a failed re-sync
            delay = max(self._resync_backoff.next_delay(), server_wait(exc))
            log.warning("re-sync failed (%r); trying again in %.1f s", exc, delay)
            self._spawn(self._resync_later(delay))
            return False
        self._resync_backoff.reset()
        self._report(self.book.load(presence, sessions))
        return True

    async def _resync_later(self, delay: float) -> None:
        await self.clock.sleep(delay)
        self._request_resync()


def _telephony_session_id(envelope: dict) -> str | None:
    """The telephony session a notification is about (None for presence and the rest)."""
    body = envelope.get("body") if isinstance(envelope, dict) else None
    if not isinstance(body, dict) or "/telephony/sessions" not in str(envelope.get("event")):
        return None
    sid = body.get("telephonySessionId")
    return sid if isinstance(sid, str) and sid else None
