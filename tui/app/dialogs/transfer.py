"""Forward and transfer dialogs: a number, an extension (directory search), voicemail, park orbit."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList, RadioButton, RadioSet
from textual.widgets.option_list import Option

from tui.app.dialogs.form import FormDialog, phone_validator
from tui.app.untrusted import as_text

TRANSFER_KINDS = (
    ("number", "Number"),
    ("extension", "Extension"),
    ("voicemail", "Voicemail"),
    ("park_orbit", "Park orbit"),
)
_PROMPTS = {
    "number": "phone number, e.g. +1 650 555 0100",
    "extension": "extension number or a name to search",
    "voicemail": "extension whose voicemail takes the call (number or name)",
    "park_orbit": "park orbit id",
}
SEARCH_DELAY = 0.25

DirectorySearch = Callable[[str], Awaitable[Sequence[Any]]]


@dataclass(frozen=True, slots=True)
class TransferTarget:
    """Where a transfer goes: exactly one kind and its value."""

    kind: str
    """number, extension, voicemail or park_orbit."""
    value: str
    """E.164 number, extension number, voicemail extension id or park orbit id."""
    label: str = ""

    def keyword(self) -> dict[str, str]:
        """Keyword argument for `CallControl.transfer`."""
        name = {"number": "phone_number", "extension": "extension_number"}.get(self.kind, self.kind)
        return {name: self.value}


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    """One person in the company directory, as the dialog shows it."""

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


class ForwardDialog(FormDialog[str]):
    """Forward a ringing call to a phone number."""

    def __init__(self, home_country: str = "US") -> None:
        super().__init__(
            "Forward the ringing call to…",
            prompt="phone number, e.g. +1 650 555 0100",
            validator=phone_validator(home_country),
        )

    def describe(self, value: str) -> str:
        return f"will forward to {value}"


class TransferDialog(FormDialog[TransferTarget]):
    """Transfer an answered call; the directory is searched as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "focus_matches", "Matches", show=False)
    ]

    def __init__(self, search: DirectorySearch | None, home_country: str = "US") -> None:
        super().__init__(
            "Transfer the call to…",
            prompt=_PROMPTS["number"],
            validator=self._validate,
            hint="shift+tab: kind · ↓ matches · enter: transfer · esc: cancel",
        )
        self.search = search
        self.kind = "number"
        self._phone = phone_validator(home_country)
        self._matches: dict[str, DirectoryEntry] = {}

    def compose_extra(self) -> ComposeResult:
        with RadioSet(id="transfer-kind"):
            for index, (kind, label) in enumerate(TRANSFER_KINDS):
                yield RadioButton(label, value=index == 0, name=kind)

    def compose_below(self) -> ComposeResult:
        matches = OptionList(id="directory-matches")
        matches.display = False
        yield matches

    def _validate(self, text: str) -> TransferTarget:
        value = text.strip()
        if self.kind == "number":
            return TransferTarget("number", self._phone(value))
        if self.kind == "park_orbit":
            if not value.isdigit():
                raise ValueError("a park orbit id is digits only")
            return TransferTarget("park_orbit", value)
        entry = self._matches.get(value) or self._exact_match(value)
        if self.kind == "extension":
            if entry is not None:
                return TransferTarget("extension", entry.extension_number, entry.name)
            if not value.isdigit():
                raise ValueError("type an extension number, or press ↓ to pick a match")
            return TransferTarget("extension", value)
        if entry is None or not entry.id:
            raise ValueError("pick a person from the directory matches")
        return TransferTarget("voicemail", entry.id, entry.name)

    def _exact_match(self, text: str) -> DirectoryEntry | None:
        for entry in self._matches.values():
            if text in (entry.extension_number, entry.name):
                return entry
        return None

    def describe(self, value: TransferTarget) -> str:
        label = dict(TRANSFER_KINDS)[value.kind].lower()
        who = f" ({value.label})" if value.label else ""
        return f"will transfer to {label} {value.value}{who}"

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.kind = event.pressed.name or "number"
        field = self.query_one(Input)
        field.placeholder = _PROMPTS[self.kind]
        self._show_matches([])
        self.revalidate()
        if self.kind in ("extension", "voicemail") and field.value.strip():
            self._search(field.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        super().on_input_changed(event)
        if self.kind in ("extension", "voicemail") and self.search is not None:
            self._search(event.value)

    @work(exclusive=True, group="directory", exit_on_error=False)
    async def _search(self, text: str) -> None:
        # Typing fast cancels the previous search (exclusive); the pause spares the API.
        await asyncio.sleep(SEARCH_DELAY)
        query = text.strip()
        if not query or self.search is None:
            self._show_matches([])
            return
        found = [entry for raw in await self.search(query) if (entry := directory_entry(raw))]
        self._show_matches(found[:8])

    def _show_matches(self, entries: list[DirectoryEntry]) -> None:
        matches = self.query_one("#directory-matches", OptionList)
        for entry in entries:
            self._matches[entry.extension_number] = entry
        matches.clear_options()
        matches.add_options(
            Option(as_text(f"{entry.extension_number}  {entry.name}"), id=entry.extension_number)
            for entry in entries
        )
        matches.display = bool(entries)
        self.revalidate()

    def action_focus_matches(self) -> None:
        matches = self.query_one("#directory-matches", OptionList)
        if matches.display:
            matches.focus()
            if matches.highlighted is None:
                matches.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        field = self.query_one(Input)
        field.value = event.option.id or ""
        field.focus()
