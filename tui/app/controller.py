"""Runs call-control requests for the UI: one task per call at a time, pending until confirmed.

Each key press becomes a worker in group `call-<telephonySessionId>` (so an action on one
call never cancels another). The worker marks the call pending, sends the request, then
waits for the push event that confirms it; if none comes within `CONFIRM_SECONDS` it
re-reads the session. Failures become `ActionFailed` with RingCentral's reason, and a
409/404 triggers a re-sync so the call on screen is right again.
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.message import Message

from tui.app.messages import (
    ActionFailed,
    ActionPending,
    ActionSettled,
    ActionSucceeded,
    CallsChanged,
    SignInLost,
)
from tui.ringcentral.errors import (
    ApiError,
    CalldeckError,
    NotFound,
    RateLimited,
    SignInRequired,
    WrongState,
)
from tui.ringcentral.wire import REQUEST_WRITTEN

if TYPE_CHECKING:
    from tui.calls import Call, CallBook

log = logging.getLogger(__name__)

CONFIRM_SECONDS = 3.0
"""How long to wait for the push event before re-reading the session."""
DEBOUNCE_SECONDS = 1.0
"""A destructive key pressed again on the same call within this window is ignored."""
PENDING_AFTER_WRITE_S = 1 / 60
"""A written request's pending marker is shown when its answer comes, or a frame later."""

Request = Callable[[], Awaitable[Any]]
Outcome = Callable[[Any], str | None]


@dataclass(frozen=True, slots=True)
class ControlRequest:
    """One action to send for one call."""

    action_id: str
    label: str
    call: Call
    send: Request
    outcome: Outcome | None = None
    """Turns the response into a sentence to show (park location), or None."""
    destructive: bool = False
    note: Callable[[CallBook, Any], list[Call]] | None = None
    """Records in the call book what the response says that events may not echo."""


def error_details(request: ControlRequest, error: BaseException) -> str:
    """Copyable text describing a failed action (no tokens: errors never carry them)."""
    call = request.call
    lines = [
        f"action: {request.action_id}",
        f"telephonySessionId: {call.telephony_session_id}",
        f"partyId: {call.party_id}",
        f"error: {type(error).__name__}",
        f"message: {getattr(error, 'message', str(error))}",
    ]
    if isinstance(error, ApiError):
        lines += [
            f"http status: {error.status}",
            f"errorCode: {error.error_code}",
            f"RingCentral said: {error.api_message}",
        ]
        if error.parameter_name:
            lines.append(f"parameter: {error.parameter_name}")
        if error.retry_after is not None:
            lines.append(f"retry after: {error.retry_after:g} s")
    elif not isinstance(error, CalldeckError):
        lines.append("".join(traceback.format_exception(error)).rstrip())
    return "\n".join(lines)


class CallController:
    """Sends actions for calls and reports how they went as messages to `post`.

    Workers run on the App (they outlive any modal screen); messages go to `post`,
    normally the main screen's `post_message`.
    """

    def __init__(
        self,
        app: App,
        *,
        post: Callable[[Message], object],
        book: Callable[[], CallBook | None],
        get_session: Callable[[str], Awaitable[dict]],
        resync: Callable[[], Awaitable[None]],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.post = post
        self._book = book
        self._get_session = get_session
        self._resync = resync
        self._monotonic = monotonic
        self._in_flight: dict[str, str] = {}
        self._last_destructive: dict[tuple[str, str], float] = {}
        self._confirmations: dict[str, asyncio.Event] = {}
        self._tasks: set[asyncio.Task[None]] = set()  # requests on their way (kept alive)

    def in_flight(self, telephony_session_id: str) -> str | None:
        """Label of the action pending on a call, if any."""
        return self._in_flight.get(telephony_session_id)

    def submit(self, request: ControlRequest) -> bool:
        """Start the request (its own task); False if debounced or one is on its way."""
        sid = request.call.telephony_session_id
        if sid in self._in_flight:
            return False
        if request.destructive:
            key = (request.action_id, sid)
            now = self._monotonic()
            last = self._last_destructive.get(key)
            if last is not None and now - last < DEBOUNCE_SECONDS:
                return False
            self._last_destructive[key] = now
        self._in_flight[sid] = request.label
        self._confirmations[sid] = asyncio.Event()
        # A plain task, not a Textual worker: a worker's state messages were handled before
        # the request was written (key -> request p99 7 ms against a bare app's 3 ms).
        task = asyncio.get_running_loop().create_task(self._run(request), name=request.action_id)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    def cancel_all(self) -> None:
        """Stop every request still on its way (the screen is going away)."""
        for task in self._tasks:
            task.cancel()

    def confirm(self, calls: list[Call]) -> None:
        """Push events changed these calls: wake workers waiting on them."""
        for call in calls:
            event = self._confirmations.get(call.telephony_session_id)
            if event is not None:
                event.set()

    async def _run(self, request: ControlRequest) -> None:
        sid = request.call.telephony_session_id
        confirmed = self._confirmations[sid]
        # "Pending" is painted only once the request is on the wire (painting first made the
        # request wait for the frame: key -> request 11-16 ms vs 5 ms for a bare app, loaded),
        # and then when the answer comes or a frame later, whichever is first: repainting the
        # row and the keys right after the write kept a server on a shared machine from
        # reading it (key -> request p99 5.11 vs 4.72 ms, bare app 3.85 ms), and a person
        # cannot see one frame.
        shown: list[bool] = []
        later: list[asyncio.TimerHandle] = []

        def show_pending() -> None:
            for handle in later:
                handle.cancel()
            if not shown:
                shown.append(True)
                self.post(ActionPending(sid, request.label))

        def written() -> None:
            loop = asyncio.get_running_loop()
            later.append(loop.call_later(PENDING_AFTER_WRITE_S, show_pending))

        REQUEST_WRITTEN.set(written)
        try:
            try:
                result = await request.send()
            finally:
                show_pending()  # answered (or refused before sending): shown all the same
            log.info("%s on %s sent", request.action_id, sid)
            book = self._book()
            if request.note is not None and book is not None:
                self.post(CallsChanged(request.note(book, result)))
            if request.outcome is not None and (sentence := request.outcome(result)):
                self.post(ActionSucceeded(sentence))
            try:
                await asyncio.wait_for(confirmed.wait(), CONFIRM_SECONDS)
            except TimeoutError:
                log.info(
                    "%s on %s: no push event in %gs, re-reading",
                    request.action_id,
                    sid,
                    CONFIRM_SECONDS,
                )
                await self._reread(sid)
        except Exception as error:  # every failure is shown; nothing is swallowed
            await self._failed(request, error)
        finally:
            self._in_flight.pop(sid, None)
            self._confirmations.pop(sid, None)
            self.post(ActionSettled(sid))

    async def _reread(self, sid: str) -> None:
        book = self._book()
        try:
            session = await self._get_session(sid)
        except NotFound:
            await self._resync()
            return
        if book is not None:
            self.post(CallsChanged(book.apply_session(session)))

    async def _failed(self, request: ControlRequest, error: Exception) -> None:
        sid = request.call.telephony_session_id
        log.warning("%s on %s failed: %r", request.action_id, sid, error)
        if isinstance(error, SignInRequired):
            self.post(SignInLost(error.message))
            return
        if isinstance(error, CalldeckError):
            title, message = f"{request.label} failed: {error.title}", error.message
        else:
            log.exception("unexpected error in %s", request.action_id, exc_info=error)
            title, message = f"{request.label} failed", f"Unexpected error: {error}"
        persistent = isinstance(error, RateLimited)
        self.post(
            ActionFailed(title, message, error_details(request, error), sid, persistent=persistent)
        )
        if isinstance(error, WrongState | NotFound):
            # The server knows better than our picture of the call: re-read it.
            try:
                await self._resync()
            except CalldeckError as resync_error:
                log.warning("re-sync after failure failed: %r", resync_error)
