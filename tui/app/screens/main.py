"""The main screen: status line, live calls, details, history, event log, footer.

It turns the link's messages into widget updates and keys into call-control requests.
Which keys apply is decided in one place, `check_action`, from the action table and
the selected call's allowed actions; a pending call dims its keys until confirmed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widget import Widget

from tui.app.actions import ACTIONS_BY_NAME, screen_bindings
from tui.app.call_text import call_summary
from tui.app.controller import CallController
from tui.app.dialogs.choice import ChoiceDialog, ConfirmDialog, flip_choice
from tui.app.dialogs.transfer import ForwardDialog, TransferDialog
from tui.app.inbox import CallsInbox, latest_per_call
from tui.app.messages import (
    ActionFailed,
    ActionPending,
    ActionSettled,
    ActionSucceeded,
    CallsChanged,
    ConnectionChanged,
    LinkFailed,
    SignedIn,
    SignInLost,
)
from tui.app.requests import build_request
from tui.app.screens.prompt import PromptScreen
from tui.app.widgets.call_details import CallDetails, ids_text
from tui.app.widgets.calls_table import CallsTable
from tui.app.widgets.key_bar import KeyBar
from tui.app.widgets.status_line import StatusLine
from tui.calls import Call, CallState
from tui.ringcentral.errors import SIGN_IN_ENDED

# Ended calls kept for the History pane.
MAX_HISTORY = 500
# Raw notifications kept for the event log (kept while the pane is closed, too).
MAX_EVENTS = 200
# Longest a change of the selected call waits before the details pane shows it.
DETAILS_REFRESH_S = 0.1

PaneT = TypeVar("PaneT", bound=Widget)

if TYPE_CHECKING:
    from tui.app.app import CalldeckApp
    from tui.app.widgets.event_log import EventLog
    from tui.app.widgets.history import CallHistory


class MainScreen(PromptScreen):
    """Everything calldeck shows while it runs."""

    BINDINGS = screen_bindings()
    AUTO_FOCUS = "CallsTable"

    def __init__(self, *, account_level: bool = False) -> None:
        super().__init__()
        self.account_level = account_level
        self.controller: CallController | None = None
        self.last_error: ActionFailed | None = None
        self._events: deque[dict] = deque(maxlen=MAX_EVENTS)
        self._ended: dict[str, Call] = {}
        self.inbox = CallsInbox(self.post_message)
        self._detailed: Call | None = None
        self._details_timer: Timer | None = None
        self._keys_shown: object = ()
        # Panes open on first use (c, e); neither is needed for the first frame.
        self._history: CallHistory | None = None
        self._event_log: EventLog | None = None

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

    # ----- state ------------------------------------------------------------------------

    @property
    def table(self) -> CallsTable:
        """The live calls table."""
        return self.query_one(CallsTable)

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    @property
    def selected_call(self) -> Call | None:
        """The call under the cursor."""
        return self.table.selected_call

    def live_calls(self) -> list[Call]:
        """Calls on screen now."""
        return self.table.calls

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enabled iff the selected call allows the row's action; dimmed while pending."""
        spec = ACTIONS_BY_NAME.get(action)
        if spec is None or not spec.needs_call:
            return True
        call = self.selected_call
        if not spec.allowed_for(call):
            return False
        assert call is not None
        if spec.call_actions and self.table.pending_label(call.telephony_session_id):
            return None
        return True

    def _tick(self) -> None:
        self.table.tick(self.calldeck.clock())
        ringing = [call for call in self.table.calls if call.state is CallState.RINGING]
        self.calldeck.ringer.tick(ringing)

    # ----- messages from the link and the controller -------------------------------------

    def on_calls_changed(self, message: CallsChanged) -> None:
        self.inbox.taken(message)
        calls = latest_per_call(message.calls)
        now = self.calldeck.clock()
        newly_ringing = self.table.update_calls(calls, now)
        for call in calls:
            if call.state is CallState.ENDED:
                self._remember_ended(call)
        if self.controller is not None:
            self.controller.confirm(calls)
        if newly_ringing and self.app.screen is self:  # never steal an open dialog's selection
            self.table.select(newly_ringing[-1].telephony_session_id)
        # The calls' lines first, alone: Textual renders every widget the changed region
        # spans, so painting the key bar in the same frame would redraw the details pane
        # between them too. The bell, key bar and details follow (the next frame, ~1 ms).
        self.paint_now([self.table])
        if newly_ringing:
            self.calldeck.ringer.new_ringing(newly_ringing)
        self._selection_changed()

    def on_connection_changed(self, message: ConnectionChanged) -> None:
        self.status.change(connection=str(message.state), transport=message.transport)
        link = self.calldeck.link
        client = link.client if link is not None else None
        if message.state == "down" and client is not None and not client.signed_in:
            # Reconnecting needed a token and the sign-in is over: say so now, not at a key.
            self.post_message(SignInLost(SIGN_IN_ENDED))

    def record_envelope(self, envelope: dict) -> None:
        """Keep a raw notification for the event log (called by the live feed directly)."""
        self._events.append(envelope)
        log = self._event_log
        if log is not None and log.display:
            log.add_envelope(envelope)

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

    def on_action_succeeded(self, message: ActionSucceeded) -> None:
        self.notify(message.message, timeout=8)

    def on_sign_in_lost(self, message: SignInLost) -> None:
        self.status.change(banner="sign in again: calldeck login", connection="down")
        self.notify(message.message, title="Sign-in needed", severity="error", timeout=30)

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
        # Refreshing bindings re-runs check_action for every binding: only when the keys that
        # apply can differ, which they decide from the actions and the pending mark.
        keys = None
        if call is not None:
            keys = (call.actions, self.table.pending_label(call.telephony_session_id) is not None)
        if keys != self._keys_shown:
            self._keys_shown = keys
            self.refresh_bindings()

    # ----- panes ------------------------------------------------------------------------

    def _show_details(self) -> None:
        if self._details_timer is not None:
            self._details_timer.stop()
            self._details_timer = None
        self.query_one(CallDetails).show(self._detailed)

    async def _toggle_pane(self, pane: PaneT | None, create: Callable[[], PaneT]) -> PaneT:
        """Open a pane, mounting it above the key bar the first time, or close it."""
        if pane is None:
            pane = create()
            await self.mount(pane, before=self.query_one(KeyBar))
        else:
            pane.display = not pane.display
        return pane

    def _remember_ended(self, call: Call) -> None:
        self._ended.pop(call.telephony_session_id, None)
        self._ended[call.telephony_session_id] = call
        if len(self._ended) > MAX_HISTORY:  # a busy account runs for days: keep the newest
            del self._ended[next(iter(self._ended))]
        history = self._history
        if history is not None and history.display:
            history.add_ended(call, self.calldeck.clock())

    async def action_view_history(self) -> None:
        from tui.app.widgets.history import CallHistory

        history = self._history = await self._toggle_pane(
            self._history, lambda: CallHistory(id="history")
        )
        if history.display:
            history.show_all(list(self._ended.values()), self.calldeck.clock())

    async def action_view_events(self) -> None:
        # RichLog pulls in rich.pretty and attrs: ~20 ms of start-up for a closed pane.
        from tui.app.widgets.event_log import EventLog

        log = self._event_log = await self._toggle_pane(
            self._event_log, lambda: EventLog(MAX_EVENTS, id="events")
        )
        if log.display:
            log.show_all(self._events)

    def action_view_error(self) -> None:
        if self.last_error is None:
            self.notify("No failed action yet.")
            return
        error = self.last_error
        from tui.app.dialogs.error_modal import ErrorModal  # TextArea: not for the first frame

        self.app.push_screen(ErrorModal(error.title, error.message, error.details))

    def action_view_down(self) -> None:
        self.table.action_cursor_down()

    def action_view_up(self) -> None:
        self.table.action_cursor_up()

    # ----- call actions -----------------------------------------------------------------

    def _send(self, action_id: str, call: Call, target: Any = None) -> None:
        """Send `action_id` for the *current* version of `call`, if it still applies."""
        current = self.table.call(call.telephony_session_id)
        spec = ACTIONS_BY_NAME[action_id.replace(".", "_")]
        if current is None or not spec.allowed_for(current):
            self.notify("The call changed meanwhile; nothing was sent.", severity="warning")
            return
        link = self.calldeck.link
        if self.controller is None or link is None or link.control is None:
            self.notify("Not connected to RingCentral yet; nothing was sent.", severity="warning")
            return
        request = build_request(action_id, current, link.control, target=target)
        self.controller.submit(request)

    def _home_country(self) -> str:
        link = self.calldeck.link
        return link.control.home_country if link and link.control else "US"

    def _selected(self) -> Call | None:
        call = self.selected_call
        if call is None:
            self.notify("No call selected.", severity="warning")
        return call

    def _simple(self, action_id: str) -> None:
        if call := self._selected():
            self._send(action_id, call)

    def action_call_voicemail(self) -> None:
        self._simple("call.voicemail")

    def action_call_reject(self) -> None:
        self._simple("call.reject")

    def action_call_hold(self) -> None:
        self._simple("call.hold")

    def action_call_mute(self) -> None:
        self._simple("call.mute")

    def action_call_park(self) -> None:
        self._simple("call.park")

    def action_call_record(self) -> None:
        self._simple("call.record")

    def action_call_flip(self) -> None:
        if call := self._selected():
            self._send("call.flip", call, self.calldeck.settings.flip_target)

    def action_call_silence(self) -> None:
        if call := self._selected():
            self.calldeck.ringer.silence(call.telephony_session_id)
            self.notify(f"Ringer silenced for the {call_summary(call)}.")

    def action_call_copy_ids(self) -> None:
        if call := self._selected():
            self.app.copy_to_clipboard(ids_text(call))
            self.notify("Session ids copied to the clipboard.")

    def action_call_forward(self) -> None:
        if call := self._selected():
            self.app.push_screen(
                ForwardDialog(self._home_country()),
                lambda number: number and self._send("call.forward", call, number),
            )

    def action_call_transfer(self) -> None:
        if call := self._selected():
            link = self.calldeck.link
            search = link.control.search_directory if link and link.control else None
            self.app.push_screen(
                TransferDialog(search, self._home_country()),
                lambda target: target and self._send("call.transfer", call, target),
            )

    def action_call_drop(self) -> None:
        if call := self._selected():
            self.app.push_screen(
                ConfirmDialog(f"Hang up the {call_summary(call)}?", "Press y to hang up."),
                lambda yes: yes and self._send("call.drop", call),
            )

    def action_call_flip_pick(self) -> None:
        if call := self._selected():
            self._pick_flip_target(call)

    @work(exclusive=True, group="flip-picker", exit_on_error=False)
    async def _pick_flip_target(self, call: Call) -> None:
        link = self.calldeck.link
        if link is None or link.control is None:
            self.notify("Not connected to RingCentral yet.", severity="warning")
            return
        try:
            numbers = await link.control.forwarding_numbers()
        except Exception as error:  # shown, not swallowed: the picker simply cannot open
            self.notify(getattr(error, "message", str(error)), title="Flip", severity="error")
            return
        choices = [choice for raw in numbers if (choice := flip_choice(raw)) is not None]
        picked = await self.app.push_screen_wait(
            ChoiceDialog(
                "Flip the call to…", choices, empty="You have no forwarding numbers with flip."
            )
        )
        if picked:
            self._send("call.flip_pick", call, picked)
