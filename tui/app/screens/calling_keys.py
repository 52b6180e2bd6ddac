"""Keys for calls that reach you and calls you make: a, g, R, n, T, b, u, D (and `d` on an
ask-first's consult or a RingOut, which cancels it). A mixin of `MainScreen`.

Answer, ignore and pick up go through the controller like every call key (pending marker,
confirmation, errors); they first need the chosen phone (`Calling.phone`), asked for once.
Dialling and ask-first run in `Calling` (the app's), which the team pane and History use too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work

from tui.app import dialogs
from tui.app.calling import caller_name
from tui.app.choices import TransferTarget
from tui.app.gate import Hidden, register
from tui.app.screens.call_keys import CallKeys
from tui.safe_text import clean

if TYPE_CHECKING:
    from tui.app.actions import ActionSpec
    from tui.app.gate import GateState
    from tui.calls import Call
    from tui.ringcentral.dialing import DialTarget


@register
def consult_only(spec: ActionSpec, call: Call | None, state: GateState) -> str | None:
    """`b` applies only to the call asking a colleague (started with T)."""
    if spec.id == "call.complete_transfer" and call is not None and not state.consult:
        return Hidden("Join applies to the call asking a colleague (start one with T).")
    return None


class CallingKeys(CallKeys):
    """Answer, ignore, reply, dial, ask first, join, pick up, choose the phone."""

    def gate_state(self, call: Call | None) -> GateState:
        state = super().gate_state(call)
        if call is not None and self.calldeck.calling.consult_of(call.telephony_session_id):
            return replace(state, consult=True)
        return state

    @work(group="device-keys", exit_on_error=False)
    async def _with_phone(self, action_id: str, call: Call) -> None:
        device_id = await self.calldeck.calling.device_id()
        if device_id is not None:
            self._send(action_id, call, device_id)

    def action_call_answer(self) -> None:
        if call := self._selected("call.answer"):
            self._with_phone("call.answer", call)

    def action_call_ignore(self) -> None:
        if call := self._selected("call.ignore"):
            self._with_phone("call.ignore", call)

    def action_call_unpark(self) -> None:
        if call := self._selected("call.unpark"):
            self._with_phone("call.unpark", call)

    def action_call_reply(self) -> None:
        if call := self._selected("call.reply"):
            self.app.push_screen(
                dialogs.ReplyDialog(caller_name(call)),
                lambda reply: reply and self._send("call.reply", call, reply),
            )

    def _dialer(self, title: str, via: str = "") -> dialogs.DialDialog:
        link = self.calldeck.link
        search = link.control.search_directory if link and link.control else None
        return dialogs.DialDialog(search, self._home_country(), title=title, via=via)

    def action_call_dial(self) -> None:
        self.app.push_screen(
            self._dialer("Call…"),
            lambda target: target and self.calldeck.place_call(target),
        )

    def action_call_warm_transfer(self) -> None:
        if call := self._selected("call.warm_transfer"):
            caller = caller_name(call)

            def ask(target: DialTarget | None) -> None:
                if target is not None:
                    self.calldeck.ask_first(call, target)

            self.app.push_screen(
                self._dialer(f"Ask a colleague first about {caller}…", f"about {caller}"), ask
            )

    def action_call_complete_transfer(self) -> None:
        if call := self._selected("call.complete_transfer"):
            self.calldeck.calling.complete(call)

    def action_call_drop(self) -> None:
        call = self.selected_call
        calling = self.calldeck.calling
        if call is not None and (calling.cancels_transfer(call) or calling.cancels_ring_out(call)):
            return
        super().action_call_drop()

    def link_note(self, call: Call | None) -> str:
        """How `call` links to an open ask-first: the consult, or the caller held for it."""
        if call is None:
            return ""
        calling = self.calldeck.calling
        sid = call.telephony_session_id
        if (consult := calling.consult_of(sid)) is not None:
            return clean(f"{consult.headline()} · b: hand over · d: cancel")
        waiting = calling.held_for(sid)
        if waiting is not None:
            return clean(f"On hold while you ask {waiting.colleague}")
        return ""

    def action_app_device(self) -> None:
        self.calldeck.calling.choose_phone()

    # ----- entry points for the team pane and History (they look these up on the screen) --

    def place_call(self, target: DialTarget | str, name: str = "") -> None:
        """Call `target` (a DialTarget, or a typed number/extension) from the chosen phone."""
        from tui.ringcentral.dialing import dial_target
        from tui.ringcentral.errors import InvalidNumber

        if isinstance(target, str):
            try:
                target = dial_target(target, self._home_country(), clean(name))
            except InvalidNumber as error:
                self.notify(error.message, title="Call", severity="warning")
                return
        self.calldeck.place_call(target)

    def ask_first(self, call: Call, target: DialTarget | TransferTarget) -> None:
        """Ask `target` (a DialTarget, or a transfer's number/extension) before handing over."""
        from tui.ringcentral.dialing import DialTarget

        if isinstance(target, TransferTarget):
            if target.kind not in ("number", "extension"):
                self.notify("Ask first calls a number or an extension.", severity="warning")
                return
            target = DialTarget(target.kind, target.value, clean(target.label))
        self.calldeck.ask_first(call, target)
