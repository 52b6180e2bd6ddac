"""The start-up baseline: a bare Textual app with a Header, a DataTable and a Footer."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header


class BaselineApp(App[None]):
    """What any Textual table app shows at least; calldeck's start-up is compared to this."""

    BINDINGS = [Binding("q", "quit", "Quit")]  # noqa: RUF012 (Textual reads a list)

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("State", "Dir", "Other party", "Time")
