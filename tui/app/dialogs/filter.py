"""Filter as you type (`/` in the team pane and History): each change filters the pane live."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui.app.untrusted import as_text


class FilterDialog(ModalScreen[str]):
    """One line of text; `on_change` runs on every keystroke; enter keeps, escape clears."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "clear", "Clear")]

    def __init__(self, title: str, current: str, on_change: Callable[[str], None]) -> None:
        super().__init__()
        self.title_text = title
        self.current = current
        self.on_change = on_change

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(as_text(self.title_text), classes="dialog-title")
            yield Input(self.current, placeholder="name or number", id="filter")
            yield Label("enter: keep · escape: clear", classes="dialog-hint")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.on_change(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_clear(self) -> None:
        self.on_change("")
        self.dismiss("")
