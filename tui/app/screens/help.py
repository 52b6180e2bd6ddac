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
        self.call_after_refresh(self._fill)  # once laid out: the columns fit the table's width

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        # Descriptions wrap in the width left over; the id column only where there is room.
        width = max(40, table.scrollable_content_region.width - 2)
        with_ids = width >= 110
        fixed = 7 + 12 + 12 + (24 if with_ids else 0) + 2 * (4 if with_ids else 3)
        table.add_column("Key", width=7)
        table.add_column("Action", width=12)
        if with_ids:
            table.add_column("Id", width=24)
        table.add_column("When", width=12)
        table.add_column("What it does (and why not now)", width=max(20, width - fixed - 2))
        for spec in ACTIONS:
            key = self.keymap.get(spec.id, spec.key)
            remapped = spec.id in self.keymap
            display = ", ".join(
                self.app.get_key_display(Binding(part, "")) for part in key.split(",")
            )
            what = Text(spec.description)
            if reason := self.reasons.get(spec.id):
                what.append(f"\nnow: {reason}", style="dim italic")
            cells: list[object] = [
                Text(display, style="bold reverse" if remapped else "bold"),
                Text(spec.label),
            ]
            if with_ids:
                cells.append(Text(spec.id, style="dim"))
            cells += [Text(spec.where), what]
            table.add_row(*cells, key=spec.id, height=None)

    def action_close(self) -> None:
        self.dismiss(None)
