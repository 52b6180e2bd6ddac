"""Dialogs that act on one call: they name it, and close (saying why) when it ends or changes.

A dialog opened on a ringing call must not forward a call that has meanwhile been answered
elsewhere, and a person typing a transfer target must learn at once that the caller hung
up. `MainScreen` hands every change of the bound call to `follow`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import Label

from tui.app.call_text import STATE_LABEL, call_summary
from tui.app.untrusted import as_text
from tui.calls import CallState

if TYPE_CHECKING:
    from typing import Self

    from tui.calls import Call

GONE = (CallState.ENDED, CallState.VOICEMAIL)


class CallBound:
    """Mixin for a `ModalScreen` acting on one call (`bind_to(call)` before pushing it)."""

    bound_call: Call | None = None

    def bind_to(self, call: Call) -> Self:
        """Act on `call`: the dialog names it and follows its changes."""
        self.bound_call = call
        return self

    def compose_call(self) -> ComposeResult:
        """The line naming the call (nothing when unbound)."""
        if self.bound_call is not None:
            summary = call_summary(self.bound_call)
            yield Label(as_text(summary[:1].upper() + summary[1:]), classes="dialog-call")

    def follow(self, current: Call) -> None:
        """The bound call changed: close the dialog, saying why, if it ended or changed state."""
        bound = self.bound_call
        if bound is None or current.state is bound.state:
            self.bound_call = current  # mute, recording...: the dialog still applies
            return
        name = call_summary(current)
        if current.state in GONE:
            why = f"The {name} ended"
        else:
            why = f"The {name} is now {STATE_LABEL[current.state].replace('◉ ', '').lower()}"
        screen: Any = self
        screen.app.notify(f"{why}; the dialog closed and nothing was sent.", severity="warning")
        screen.dismiss(None)
