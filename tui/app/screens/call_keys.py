"""The keys that act on calls: one method per `call.*` row of the action table.

A mixin of `MainScreen`. Whether a key may run is decided by the action table's gate
(`ActionSpec.why_not`, see `tui.app.gate`); a key pressed while it cannot run says why in
one line (`on_key`) instead of doing nothing. Requests are sent for the *current* version of
the call the key was pressed on, never for whatever is selected when a dialog closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events, work

from tui.app import dialogs
from tui.app.actions import ACTIONS, ACTIONS_BY_ID, ACTIONS_BY_NAME, keys_in_scope
from tui.app.call_text import call_summary
from tui.app.end_reason import SentAction
from tui.app.gate import Caution, GateState, enabled_state
from tui.app.requests import build_request
from tui.app.screens.prompt import PromptScreen
from tui.app.widgets.call_details import ids_text
from tui.calls import CallState
from tui.safe_text import clean

if TYPE_CHECKING:
    from tui.app.actions import ActionSpec
    from tui.app.app import CalldeckApp
    from tui.app.controller import CallController
    from tui.app.widgets.calls_table import CallsTable
    from tui.calls import Call

# Each call key's label and reason now (`MainScreen` refreshes the keys when they change).
KeyStates = tuple[tuple[str, str | None], ...]


def _target_text(target: Any) -> str:
    """How a request's target reads ("103 (Ada Lovelace)", "+16505550100")."""
    if target is None:
        return ""
    value, label = getattr(target, "value", target), getattr(target, "label", "")
    return f"{value} ({label})" if label else str(value)


def _directory_without_me(control: Any) -> Any:
    """The directory search, leaving out the person themself (no one transfers to themself)."""
    me = str(control.client.extension_id or "")

    async def search(text: str) -> list[dict[str, Any]]:
        records = await control.search_directory(text)
        return [record for record in records if str(record.get("id", "")) != me]

    return search


class CallKeys(PromptScreen):
    """Call-control keys for `MainScreen`."""

    calldeck: CalldeckApp
    controller: CallController | None
    table: CallsTable
    selected_call: Call | None
    sent_actions: dict[str, SentAction]
    # The live feed's state, and whether the calls shown may be stale (`tui.app.staleness`).
    feed_state: str = "connecting"
    feed_stale: bool = False
    _key_states_memo: tuple[Call | None, GateState, KeyStates] | None = None
    _gate_memo: tuple[Call | None, tuple[object, ...], GateState] | None = None
    _why_memo: tuple[Call | None, GateState, dict[str, str | None]] | None = None

    # ----- the gate ---------------------------------------------------------------------

    def gate_state(self, call: Call | None) -> GateState:
        """What the gate's checks need to know besides `call` (see `tui.app.gate`)."""
        feed = (self.feed_state, self.feed_stale, self.calldeck.retry_waiting)
        if call is None:
            inputs: tuple[object, ...] = feed
        else:
            session_id = call.telephony_session_id
            link = self.calldeck.link
            inputs = (
                *feed,
                self.table.pending_label(session_id),
                self.table.is_gone(session_id),
                self.calldeck.ringer.is_silenced(session_id),
                link.granted_permissions if link is not None else None,
            )
        # Asked once per binding whenever the keys are redrawn (thirty-odd times in a row):
        # the same call (calls are immutable) and inputs make the same state.
        memo = self._gate_memo
        if memo is not None and memo[0] is call and memo[1] == inputs:
            return memo[2]
        state = self._new_gate_state(call, inputs)
        self._gate_memo = (call, inputs, state)
        return state

    def _new_gate_state(self, call: Call | None, inputs: tuple[Any, ...]) -> GateState:
        feed, feed_stale, retry_waiting = inputs[:3]
        if call is None:
            return GateState(feed=feed, feed_stale=feed_stale, retry_waiting=retry_waiting)
        pending, gone, silenced, granted = inputs[3:]
        return GateState(
            pending=pending,
            gone=gone,
            silenced=silenced,
            call_name=clean(call_summary(call)),
            granted=granted,
            feed=feed,
            feed_stale=feed_stale,
            retry_waiting=retry_waiting,
        )

    def why_not(self, spec: ActionSpec) -> str | None:
        """Why `spec` cannot run on the selected call now, or None."""
        call = self.selected_call
        state = self.gate_state(call)
        # Asked for every key (and again for its label and tooltip) each time the keys are
        # redrawn, about ninety times a key press: the same call and state, the same answers.
        memo = self._why_memo
        if memo is None or memo[0] is not call or memo[1] != state:
            memo = self._why_memo = (call, state, {})
        reasons = memo[2]
        if spec.id not in reasons:
            reasons[spec.id] = spec.why_not(call, state)
        return reasons[spec.id]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """True to run, None to dim (applies, not now), False to leave out: from the gate."""
        spec = ACTIONS_BY_NAME.get(action)
        if spec is not None and spec.scope:
            return False  # a pane's key: only that pane runs it (and the palette leaves it out)
        if spec is not None and self._focused_pane_binds(spec):
            return False  # the pane's own row has the key (`t` in the team pane)
        if spec is None or not spec.needs_call:
            return True
        return enabled_state(self.why_not(spec))

    def _focused_pane_binds(self, spec: ActionSpec) -> bool:
        """True when the focused pane binds one of `spec`'s keys itself.

        The screen's keys are priority bindings (`screen_bindings`), checked before the
        focused widget's: without this, `t` in the team pane would transfer the selected call
        instead of handing it to the colleague under the cursor.
        """
        scope = getattr(self.focused, "SCOPE", "")
        if not scope:
            return False
        keymap = self.calldeck.settings.keymap
        return not spec.keys(keymap).isdisjoint(keys_in_scope(scope, keymap))

    def binding_label(self, action: str, default: str) -> str:
        """The key bar's label for `action` now (`Unhold` on a held call)."""
        spec = ACTIONS_BY_NAME.get(action)
        return default if spec is None else spec.label_for(self.selected_call)

    def binding_reason(self, action: str) -> str | None:
        """Why `action` is dimmed or left out now, for the key bar's tooltip and help."""
        spec = ACTIONS_BY_NAME.get(action)
        return None if spec is None else self.why_not(spec)

    def key_states(self) -> KeyStates:
        """Every call row's label and reason now: when this changes, the keys shown change."""
        call = self.selected_call
        state = self.gate_state(call)
        # The gate's checks read only the call and the state: the same pair, the same keys
        # (calls are immutable, so a changed call is a new object).
        memo = self._key_states_memo
        if memo is not None and memo[0] is call and memo[1] == state:
            return memo[2]
        states = tuple(
            (spec.label_for(call), spec.why_not(call, state)) for spec in ACTIONS if spec.needs_call
        )
        self._key_states_memo = (call, state, states)
        return states

    def _spec_for_key(self, key: str) -> ActionSpec | None:
        keymap = self.calldeck.settings.keymap
        rows = [spec for spec in ACTIONS if key in spec.keys(keymap)]
        if any(not spec.needs_call and self.why_not(spec) is None for spec in rows):
            return None  # another row takes the key now (`r` retries while waiting)
        return next((spec for spec in rows if spec.needs_call), None)

    def on_key(self, event: events.Key) -> None:
        """A call key that cannot run now says why instead of doing nothing."""
        spec = self._spec_for_key(event.key)
        if spec is None:
            return
        reason = self.why_not(spec)
        if reason is None:
            return  # the key runs; nothing to say (and the request is not kept waiting)
        # Only now the bindings: working them all out runs the gate for every key.
        active = self.active_bindings.get(event.key)
        if active is not None and active.enabled and active.binding.action != spec.action_name:
            return  # another binding has the key now (a pane's key, `r` retrying the start)
        if isinstance(reason, Caution):
            return  # the key runs (and says so: `_selected`)
        event.stop()
        event.prevent_default()
        self.notify(reason, severity="warning", timeout=4)

    # ----- sending ----------------------------------------------------------------------

    def _send(self, action_id: str, call: Call, target: Any = None, target_name: str = "") -> None:
        """Send `action_id` for the *current* version of `call`, if it still applies.

        `target_name` is how the target reads in History's end reason ("Mobile").
        """
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
        self.sent_actions[current.telephony_session_id] = SentAction(
            action_id, target_name or _target_text(target)
        )
        self.controller.submit(request)

    def _home_country(self) -> str:
        link = self.calldeck.link
        return link.control.home_country if link and link.control else "US"

    def _selected(self, action_id: str) -> Call | None:
        """The selected call for `action_id`'s row, or None (said so).

        A caution (a stale feed: the call may have changed) is said here, as the row runs,
        however it was asked for: its key (a priority binding, run before any `on_key`) or
        the command palette.
        """
        call = self.selected_call
        if call is None:
            self.notify("No call selected.", severity="warning")
            return None
        reason = self.why_not(ACTIONS_BY_ID[action_id])
        if isinstance(reason, Caution):
            self.notify(reason, severity="warning", timeout=4)
        return call

    def _simple(self, action_id: str) -> None:
        if call := self._selected(action_id):
            self._send(action_id, call)

    # ----- one method per row -----------------------------------------------------------

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
        if call := self._selected("call.flip"):
            self._send("call.flip", call, self.calldeck.settings.flip_target)

    def action_call_silence(self) -> None:
        if call := self._selected("call.silence"):
            self.calldeck.ringer.silence(call.telephony_session_id)
            self.table.set_silenced(call.telephony_session_id)
            self.notify(f"Ringer silenced for the {clean(call_summary(call))}.")
            self.refresh_bindings()

    def action_ringer_silence_all(self) -> None:
        ringing = [call for call in self.table.calls if call.state is CallState.RINGING]
        if not ringing:
            self.notify("No call is ringing.")
            return
        for call in ringing:
            self.calldeck.ringer.silence(call.telephony_session_id)
            self.table.set_silenced(call.telephony_session_id)
        count = "1 ringing call" if len(ringing) == 1 else f"{len(ringing)} ringing calls"
        self.notify(f"Ringer silenced for {count}.")
        self.refresh_bindings()

    def action_call_copy_ids(self) -> None:
        if call := self._selected("call.copy_ids"):
            ids = ids_text(call)
            self.app.copy_to_clipboard(ids)
            # OSC 52 gives no answer: whether the terminal took it is unknown, so the ids are
            # in the toast too (and in the log of notifications), never just "copied".
            self.notify(ids, title="Sent to the clipboard (OSC 52, if your terminal allows)")

    def action_call_forward(self) -> None:
        if call := self._selected("call.forward"):
            self.app.push_screen(
                dialogs.ForwardDialog(self._home_country()).bind_to(call),
                lambda number: number and self._send("call.forward", call, number),
            )

    def action_call_transfer(self) -> None:
        if call := self._selected("call.transfer"):
            link = self.calldeck.link
            search = _directory_without_me(link.control) if link and link.control else None
            self.app.push_screen(
                dialogs.TransferDialog(search, self._home_country()).bind_to(call),
                lambda target: target and self._send("call.transfer", call, target),
            )

    def action_call_drop(self) -> None:
        if call := self._selected("call.drop"):
            self.app.push_screen(
                dialogs.ConfirmDialog(
                    f"Hang up the {call_summary(call)}?", "Press y to hang up."
                ).bind_to(call),
                lambda yes: yes and self._send("call.drop", call),
            )

    def action_call_flip_pick(self) -> None:
        if call := self._selected("call.flip_pick"):
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
        choices = [choice for raw in numbers if (choice := dialogs.flip_choice(raw)) is not None]
        picked = await self.app.push_screen_wait(
            dialogs.ChoiceDialog(
                "Flip the call to…", choices, empty="You have no forwarding numbers with flip."
            ).bind_to(call)
        )
        if picked:
            name = next((choice.name for choice in choices if choice.value == picked), "")
            self._send("call.flip_pick", call, picked, name)
