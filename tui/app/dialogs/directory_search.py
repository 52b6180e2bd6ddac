"""Company directory search as you type, shared by the transfer, dialer and ask-first dialogs.

`DirectorySearch` is a mixin for a `FormDialog`: `compose_matches()` yields the matches list,
`search_directory(text)` looks people up (debounced, the latest typing wins), ↓ moves into
the matches and picking one puts its extension number in the field. `matched(text)` is the
person a typed extension number or name stands for, if a search showed them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tui.app.untrusted import as_text

SEARCH_DELAY = 0.25
MAX_MATCHES = 8

DirectoryLookup = Callable[[str], Awaitable[Sequence[Any]]]


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    """One person in the company directory, as the dialogs show it."""

    id: str
    name: str
    extension_number: str


def directory_entry(raw: Any) -> DirectoryEntry | None:
    """Read a directory record (dict from JSON or an object) into a DirectoryEntry."""

    def field(*names: str) -> str:
        for name in names:
            value = raw.get(name) if isinstance(raw, dict) else getattr(raw, name, None)
            if value not in (None, ""):
                return str(value)
        return ""

    number = field("extension_number", "extensionNumber")
    if not number:
        return None
    name = field("name") or " ".join(
        part for part in (field("first_name", "firstName"), field("last_name", "lastName")) if part
    )
    return DirectoryEntry(
        id=field("id", "extension_id", "extensionId"), name=name, extension_number=number
    )


class DirectorySearch:
    """Mixin for a FormDialog with a directory search under its field."""

    search: DirectoryLookup | None
    _matches: dict[str, DirectoryEntry]

    def compose_matches(self) -> ComposeResult:
        """The (hidden until there are matches) list of people found."""
        matches = OptionList(id="directory-matches")
        matches.display = False
        yield matches

    def matched(self, text: str) -> DirectoryEntry | None:
        """The person `text` (a picked extension number, or a name) stands for, if shown."""
        matches = getattr(self, "_matches", {})
        if text in matches:
            return matches[text]
        return next((e for e in matches.values() if text in (e.extension_number, e.name)), None)

    def search_directory(self, text: str) -> None:
        """Look `text` up after a short pause (typing on cancels the previous search)."""
        if self.search is not None:
            self._search(text)

    @work(exclusive=True, group="directory", exit_on_error=False)
    async def _search(self, text: str) -> None:
        await asyncio.sleep(SEARCH_DELAY)  # spares the API while the person types on
        query = text.strip()
        if not query or self.search is None:
            self.show_matches([])
            return
        found = [entry for raw in await self.search(query) if (entry := directory_entry(raw))]
        self.show_matches(found[:MAX_MATCHES])

    def show_matches(self, entries: list[DirectoryEntry]) -> None:
        """Show `entries` under the field (none: hide the list)."""
        matches = self.query_one("#directory-matches", OptionList)  # type: ignore[attr-defined]
        if not hasattr(self, "_matches"):
            self._matches = {}
        for entry in entries:
            self._matches[entry.extension_number] = entry
        matches.clear_options()
        matches.add_options(
            Option(as_text(f"{entry.extension_number}  {entry.name}"), id=entry.extension_number)
            for entry in entries
        )
        matches.display = bool(entries)
        self.revalidate()  # type: ignore[attr-defined]

    def action_focus_matches(self) -> None:
        """↓ from the field: into the matches."""
        matches = self.query_one("#directory-matches", OptionList)  # type: ignore[attr-defined]
        if matches.display:
            matches.focus()
            if matches.highlighted is None:
                matches.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A picked person: their extension number goes into the field."""
        field = self.query_one(Input)  # type: ignore[attr-defined]
        field.value = event.option.id or ""
        field.focus()
