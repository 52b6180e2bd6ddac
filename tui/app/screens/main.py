"""The main screen: status line, live calls, details, history, event log, footer.

It turns the link's messages into widget updates and keys into call-control requests.
Which keys apply is decided in one place, `check_action`, from the action table and
the selected call's allowed actions; a pending call dims its keys until confirmed.
"""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.timer import Timer

from tui.app import staleness
from tui.app.actions import ACTIONS_BY_NAME, screen_bindings
from tui.app.call_text import duration_seconds
from tui.app.controller import CallController
from tui.app.dialogs.call_bound import CallBound
from tui.app.inbox import CallsInbox, latest_per_call
from tui.app.messages import (
    ActionFailed,
    ActionPending,
    ActionSettled,
    ActionSucceeded,
    CallsChanged,
    ConnectionChanged,
    ExtensionsLoaded,
    LinkFailed,
    LinkRetrying,
    SignedIn,
    SignInLost,
)
from tui.app.screens.calling_keys import CallingKeys
from tui.app.screens.people_keys import PeopleKeys
from tui.app.widgets.call_details import CallDetails
from tui.app.widgets.calls_table import CallsTable
from tui.app.widgets.key_bar import KeyBar
from tui.app.widgets.status_line import StatusLine
from tui.calls import CallState
from tui.ringcentral.errors import SIGN_IN_ENDED

# Longest a change of the selected call waits before the details pane shows it.
DETAILS_REFRESH_S = 0.1

if TYPE_CHECKING:
    from tui.app.app import CalldeckApp
    from tui.app.idle_gc import IdleCollector
    from tui.calls import Call


class MainScreen(CallingKeys, PeopleKeys):
    """Everything calldeck shows while it runs."""

    BINDINGS = screen_bindings()
    AUTO_FOCUS = "CallsTable"

    def __init__(self, *, account_level: bool = False) -> None:
        super().__init__()
        self.account_level = account_level
        self.controller: CallController | None = None
        self.last_error: ActionFailed | None = None
        self.inbox = CallsInbox(self.post_message)
        self._detailed: Call | None = None
        self._details_timer: Timer | None = None
        self._keys_shown: object = ()
        self._rate_limited = False  # a 429's toast is up (it clears at the next success)
        self._stale_timer: Timer | None = None
        self._feed_banner: str | None = None  # the banner this screen set about the feed
        self._told_sign_in_ended = False  # the feed found the sign-in over (said once)
        self.idle_gc: IdleCollector | None = None  # set by the app once live

    @property
    def calldeck(self) -> CalldeckApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        yield CallsTable(account_level=self.account_level, id="calls")
        yield CallDetails(id="details")
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick, name="durations")
        self.query_one(CallDetails).show(None)
        # The clocks move with the tick (`_count_calls`): events are shown at its time.
        self._ticked_at = self.calldeck.clock()
        self._count_calls(self._ticked_at, clock_too=True)  # the time from the first frame
        self.inbox.show_with(self.show_calls)  # from now on, events are shown as they come

    def on_unmount(self) -> None:
        self.inbox.show_with(None)
        if self.controller is not None:
            self.controller.cancel_all()

    # ----- state ------------------------------------------------------------------------

    # Composed once and never replaced: looked up once (a query per event added up).
    @cached_property
    def table(self) -> CallsTable:
        """The live calls table."""
        return self.query_one(CallsTable)

    @cached_property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    @property
    def selected_call(self) -> Call | None:
        """The call under the cursor."""
        return self.table.selected_call

    def live_calls(self) -> list[Call]:
        """Calls on screen now that have not ended."""
        return self.table.live_calls

    def _tick(self) -> None:
        now = self._ticked_at = self.calldeck.clock()
        self.table.tick(now)
        if self._detailed is not None and self._details_timer is None:
            call = self._detailed  # its duration moved on
            self.query_one(CallDetails).show(
                call, now, self.link_note(call), self.calldeck.calling.device_names
            )
        ringing = [call for call in self.table.calls if call.state is CallState.RINGING]
        self.calldeck.ringer.tick(ringing)
        self._count_calls(now, clock_too=True)

    def _follow_dialog(self, calls: list[Call]) -> None:
        """An open dialog bound to a call that changed hears of it (it may close)."""
        dialog = self.app.screen
        bound = dialog.bound_call if isinstance(dialog, CallBound) else None
        if bound is None:
            return
        for call in calls:
            if call.telephony_session_id == bound.telephony_session_id:
                dialog.follow(call)  # type: ignore[union-attr]

    def _count_calls(self, now: datetime, *, clock_too: bool = False) -> None:
        """The header's counts: how many ring (and the longest wait), how many are live;
        with `clock_too`, the time of day as well.

        Events are counted at the tick's time (once a second), as the rows' clocks are
        drawn, so the longest wait is the longest-ringing row's clock; and the time of day
        moves with the tick only: worked out on a process woken by an event, the local time
        and its format cost ~0.1 ms, a tenth of the event's way to the screen (their code
        is cold then; warm, 3 µs)."""
        info = self.status.info
        live = self.table.live_calls
        waits = [duration_seconds(c, now) for c in live if c.state is CallState.RINGING]
        minutes, seconds = divmod(max(waits, default=0), 60)
        counts = (
            len(waits),
            len(live),
            f"{minutes}:{seconds:02d}" if waits else "",
            now.astimezone().strftime("%H:%M") if clock_too else info.clock,
        )
        if counts != (info.ringing, info.live, info.longest_wait, info.clock):
            ringing, live_count, longest_wait, clock = counts
            self.status.change(
                ringing=ringing, live=live_count, longest_wait=longest_wait, clock=clock
            )

    # ----- messages from the link and the controller -------------------------------------

    def on_calls_changed(self, message: CallsChanged) -> None:
        self.inbox.taken(message)
        self.show_calls(message.calls)

    def show_calls(self, changed: list[Call]) -> None:
        """Show changed calls now: rows, counts, then bell, keys and details.

        Called by the inbox straight from the live feed (on the app's loop) when the screen
        is free, else through a `CallsChanged` message.
        """
        calls = latest_per_call(changed)
        now = self._ticked_at
        # The calls' lines and the header's counts in this one frame, before anything else
        # runs. The rows in a frame of their own, the counts in the next, showed a row 0.1
        # ms sooner at the median but made the slowest events slower (a second frame's
        # fixed cost is paid before whichever event comes next; WebSocket p99 4.68 vs 5.31
        # ms over 6x500 alternating events). The bell, key bar and details follow.
        with self.painting([self.table, self.status]):
            newly_ringing = self.table.update_calls(calls, now)
            for call in calls:
                if call.state is CallState.ENDED:
                    self._remember_ended(call)
            if self.controller is not None:
                self.controller.confirm(calls)
            self.calldeck.calling.calls_changed(calls)
            self._follow_dialog(calls)
            self._count_calls(now)
        if newly_ringing:
            self.calldeck.ringer.new_ringing(newly_ringing)
        self._selection_changed()
        if self.idle_gc is not None:
            self.idle_gc.busy()  # the garbage of this event is collected in the quiet after

    def on_connection_changed(self, message: ConnectionChanged) -> None:
        link = self.calldeck.link
        client = link.client if link is not None else None
        # Reconnecting needed a token and the sign-in is over: the feed is down for good
        # (whatever the transport still tries), and the person hears it now, once, not at
        # a key. Any outage state counts: only the newest state reaches the screen, and
        # PubNub's own retries report `recovering` right after the renewal said `down`.
        ended = (
            message.state in ("recovering", "down") and client is not None and not client.signed_in
        )
        state = "down" if ended else str(message.state)
        self.status.change(connection=state, transport=message.transport)
        self._feed_changed(state)
        if ended and not self._told_sign_in_ended:
            self._told_sign_in_ended = True
            self.post_message(SignInLost(SIGN_IN_ENDED))

    def on_extensions_loaded(self, message: ExtensionsLoaded) -> None:
        self.table.set_owner_labels(message.labels)

    def on_signed_in(self, message: SignedIn) -> None:
        self.status.change(
            name=message.name,
            extension_number=message.extension_number,
            server=message.server,
            demo=message.demo,
            account_level=message.account_level,
        )

    def on_action_pending(self, message: ActionPending) -> None:
        self.table.set_pending(message.telephony_session_id, message.label)
        self._selection_changed()

    def on_action_settled(self, message: ActionSettled) -> None:
        self.table.set_pending(message.telephony_session_id, None)
        self._selection_changed()

    def on_action_failed(self, message: ActionFailed) -> None:
        self.last_error = message
        key = self.calldeck.key_for(ACTIONS_BY_NAME["view_error"])
        self.notify(
            f"{message.message}\nPress {key} for details.",
            title=message.title,
            severity="error",
            timeout=30 if message.persistent else 8,
        )
        self._rate_limited = self._rate_limited or message.persistent

    def on_action_succeeded(self, message: ActionSucceeded) -> None:
        if self._rate_limited:  # a request went through: the rate-limit warning is stale
            self._rate_limited = False
            self.app.clear_notifications()
        self.notify(message.message, timeout=8)

    def on_sign_in_lost(self, message: SignInLost) -> None:
        self.status.change(banner="sign in again: calldeck login", connection="down")
        self.notify(message.message, title="Sign-in needed", severity="error", timeout=30)

    def on_link_retrying(self, message: LinkRetrying) -> None:
        key = self.calldeck.key_for(ACTIONS_BY_NAME["app_retry"])
        wait = f"next try in {message.seconds:.0f} s ({key}: now)"
        self._feed_banner = f"{message.message} · {wait}"
        self.status.change(banner=self._feed_banner, connection="down")
        self._feed_changed("down")

    # ----- a feed that is not live (tui.app.staleness) ------------------------------------

    def _feed_changed(self, state: str) -> None:
        self.feed_state = state
        if state == "live":
            if self._stale_timer is not None:
                self._stale_timer.stop()
                self._stale_timer = None
            self._mark_stale(False)
            if self._feed_banner is not None and self.status.info.banner == self._feed_banner:
                self.status.change(banner=None)  # live again: what our banner said is over
            self._feed_banner = None
        elif self._stale_timer is None and not self.feed_stale:
            self._stale_timer = self.set_timer(staleness.STALE_AFTER_S, self._mark_stale)
        self._selection_changed()

    def _mark_stale(self, stale: bool = True) -> None:
        """Mark the calls shown as possibly stale (dimmed, a banner, held keys), or not."""
        self._stale_timer = None
        if stale == self.feed_stale:
            return
        self.feed_stale = stale
        self.table.set_class(stale, "-stale")
        if stale and self.status.info.banner is None:
            self._feed_banner = staleness.STALE_BANNER
            self.status.change(banner=self._feed_banner)
        self._selection_changed()

    def on_link_failed(self, message: LinkFailed) -> None:
        self.status.change(banner=message.message, connection="down")
        self.notify(message.message, title="Could not connect", severity="error", timeout=30)

    @on(CallsTable.CursorMoved)
    def _cursor_moved(self) -> None:
        self._selection_changed()

    def _selection_changed(self) -> None:
        call = self.selected_call
        if call is not self._detailed:  # calls are immutable: a new object is a new view
            previous, self._detailed = self._detailed, call
            if (
                previous is not None
                and call is not None
                and (previous.telephony_session_id == call.telephony_session_id)
            ):
                # The same call changed: redrawing the pane re-lays out the screen, so under
                # a burst of events do it at most every DETAILS_REFRESH_S.
                if self._details_timer is None:
                    self._details_timer = self.set_timer(DETAILS_REFRESH_S, self._show_details)
            else:
                # Another call selected: show it next, after this handler has painted the
                # calls' lines (a new ringing call must not wait for its details).
                self.call_later(self._show_details)
        # Refreshing bindings re-runs check_action for every binding: only when what the keys
        # say or whether they apply can differ (labels and the gate's reasons).
        keys = self.key_states()
        if keys != self._keys_shown:
            self._keys_shown = keys
            self.refresh_bindings()

    def action_view_down(self) -> None:
        self.table.action_cursor_down()

    def action_view_up(self) -> None:
        self.table.action_cursor_up()

    # ----- details ----------------------------------------------------------------------

    def _show_details(self) -> None:
        if self._details_timer is not None:
            self._details_timer.stop()
            self._details_timer = None
        call = self._detailed
        self.query_one(CallDetails).show(
            call, self.calldeck.clock(), self.link_note(call), self.calldeck.calling.device_names
        )
