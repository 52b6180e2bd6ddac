"""The team pane (`w`): colleagues with their presence, live; keys of its own (scope `team`).

With one of the person's calls selected in the calls table, `t` transfers it to the colleague
under the cursor, `T` asks first, `n` calls them, `/` filters. The keys come from the action
table's `team` rows; what they do lives on the screen (`PeopleKeys`), which knows the calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content
from textual.widgets import DataTable

from tui.app.actions import scope_bindings
from tui.app.untrusted import as_text
from tui.people.team import Member, Team
from tui.safe_text import clean

PRESENCE_STYLE = {
    "available": "green",
    "ringing": "bold black on yellow",
    "on a call": "bold red",
    "on hold": "magenta",
    "busy": "red",
    "DND": "bold white on red",
    "offline": "dim",
}

if TYPE_CHECKING:
    from tui.app.screens.people_keys import PeopleKeys


def presence_text(member: Member) -> Text:
    """A member's presence, coloured by what it means for handing them a call."""
    return Text(member.presence, style=PRESENCE_STYLE.get(member.presence, "dim"))


class TeamPane(DataTable):
    """The team, filtered by `filter_text`; starts with the cursor on the first member."""

    SCOPE = "team"  # the action table's scope of this pane's keys
    BINDINGS = scope_bindings(SCOPE)
    DEFAULT_CSS = """
    TeamPane { height: 10; border-top: solid $primary-darken-2; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", **kwargs)  # type: ignore[arg-type]
        self.border_title = "Team"
        self.team = Team([], "favorites")
        self.filter_text = ""

    def on_mount(self) -> None:
        self.add_column("Name", key="name", width=28)
        self.add_column("Ext", key="ext", width=6)
        self.add_column("Presence", key="presence")

    def show(self, team: Team) -> None:
        """Show `team` (filtered), keeping the cursor on the same colleague when possible."""
        self.team = team
        current = self.highlighted
        self.clear()
        for member in team.filtered(self.filter_text):
            self.add_row(
                as_text(member.name),  # a str cell would be parsed as markup
                as_text(member.extension_number),
                presence_text(member),
                key=member.extension_id,
            )
        # Content, not a str: a str border title is markup, and the filter is what was typed.
        filtered = f" · filter: {clean(self.filter_text)}" if self.filter_text else ""
        self.border_title = Content(f"Team ({team.source}){filtered}")  # type: ignore[assignment]
        if current is not None and current.extension_id in self.rows:
            self.move_cursor(row=self.get_row_index(current.extension_id))

    def update_member(self, member: Member) -> None:
        """One member's presence changed."""
        if member.extension_id in self.rows:
            self.update_cell(member.extension_id, "presence", presence_text(member))

    def filter(self, text: str) -> None:
        """Show only members whose name or extension contains `text`."""
        self.filter_text = text
        self.show(self.team)

    @property
    def highlighted(self) -> Member | None:
        """The colleague under the cursor."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self.team.member(str(key))

    @property
    def _keys(self) -> PeopleKeys:
        return self.screen  # type: ignore[return-value]

    def action_team_transfer(self) -> None:
        self._keys.team_action("transfer", self.highlighted)

    def action_team_ask_first(self) -> None:
        self._keys.team_action("ask_first", self.highlighted)

    def action_team_call(self) -> None:
        self._keys.team_action("call", self.highlighted)

    def action_team_filter(self) -> None:
        self._keys.open_filter("Filter the team", self.filter_text, self.filter)
