"""The dialer (`n`) and ask-first (`T`): a name (directory search), an extension or a number.

Typing a name searches the company directory as you type (the search the transfer dialog
uses); ↓ picks a person, whose extension is then dialled. Digits up to six long are an
extension, anything longer a phone number read in the home country (E.164, as transfer does).
Enter is refused until what is typed can be dialled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input

from tui.app.dialogs.directory_search import DirectoryEntry, DirectoryLookup, DirectorySearch
from tui.app.dialogs.form import FormDialog

if TYPE_CHECKING:
    from tui.ringcentral.dialing import DialTarget


class DialDialog(DirectorySearch, FormDialog["DialTarget"]):
    """Ask who to call; dismiss with a `DialTarget` (or None on escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "focus_matches", "Matches", show=False)
    ]

    def __init__(
        self,
        search: DirectoryLookup | None,
        home_country: str = "US",
        *,
        title: str = "Call…",
        via: str = "",
    ) -> None:
        super().__init__(
            title,
            prompt="a name, an extension or a number",
            validator=self._validate,
            hint="↓ matches · enter: call · escape: cancel",
        )
        self.search = search
        self.home_country = home_country
        self.via = via
        self._matches: dict[str, DirectoryEntry] = {}

    def compose_below(self) -> ComposeResult:
        yield from self.compose_matches()

    def _validate(self, text: str) -> DialTarget:
        from tui.ringcentral.dialing import DialTarget, dial_target

        value = text.strip()
        entry = self.matched(value)
        if entry is not None:
            return DialTarget("extension", entry.extension_number, entry.name)
        if any(ch.isalpha() for ch in value):
            raise ValueError("press ↓ to pick a person from the directory matches")
        return dial_target(value, self.home_country)

    def describe(self, value: DialTarget) -> str:
        via = f" {self.via}" if self.via else ""
        return f"will call {value.describe()}{via}"

    def on_input_changed(self, event: Input.Changed) -> None:
        super().on_input_changed(event)
        text = event.value.strip()
        if text and not text.startswith("+"):  # a name or an extension: look it up
            self.search_directory(text)
