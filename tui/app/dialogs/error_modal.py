"""The details of a failed action, in a read-only text area you can select and copy."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from tui.app.untrusted import as_lines, as_text
from tui.safe_text import clean


class ErrorModal(ModalScreen[None]):
    """Harlequin's pattern: a title, a sentence, and copyable details."""

    # Nothing focused at first, so c / escape reach the screen's bindings.
    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close"),
        Binding("c", "copy", "Copy details"),
    ]

    def __init__(self, title: str, message: str, details: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(as_text(f"✖ {self.title_text}"), classes="dialog-title")
            yield Label(as_lines(self.message))
            yield TextArea(
                clean(self.details, keep_newlines=True),
                read_only=True,
                show_line_numbers=False,
                id="error-details",
            )
            yield Label("c: copy details · escape: close", classes="dialog-hint")

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.details)
        # OSC 52 gives no answer: say what was tried, and where the text stays.
        self.notify(
            "Error details sent to the clipboard (OSC 52, if your terminal allows); "
            "they stay here to select and copy."
        )

    def action_close(self) -> None:
        self.dismiss(None)
