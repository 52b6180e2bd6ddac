"""Help: every action, the key it is on now (after `[keymap]`), and where it applies."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from tui.app.actions import ACTIONS


class HelpScreen(ModalScreen[None]):
    """A table built from the action table, showing remapped keys as they are now."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(
        self, keymap: dict[str, str] | None = None, reasons: dict[str, str | None] | None = None
    ) -> None:
        super().__init__()
        self.keymap = keymap or {}
        # Why each row cannot run on the selected call now (the action table's gate).
        self.reasons = reasons or {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                Text("calldeck keys  ·  remap any in [keymap] of `calldeck locate config`"),
                classes="dialog-title",
            )
            yield DataTable(cursor_type="row", zebra_stripes=True, id="help-keys")
            yield Label(
                "up/down scroll · ctrl+p every action for the selected call · escape: close",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Action", "Id", "When", "What it does", "Now")
        for spec in ACTIONS:
            key = self.keymap.get(spec.id, spec.key)
            remapped = spec.id in self.keymap
            display = ", ".join(
                self.app.get_key_display(Binding(part, "")) for part in key.split(",")
            )
            table.add_row(
                Text(display, style="bold reverse" if remapped else "bold"),
                spec.label,
                Text(spec.id, style="dim"),
                spec.where,
                spec.description,
                Text(self.reasons.get(spec.id) or "", style="dim italic"),
                key=spec.id,
            )

    def action_close(self) -> None:
        self.dismiss(None)
