"""Forward and transfer dialogs: a number, an extension (directory search), voicemail, park orbit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, RadioButton, RadioSet

from tui.app.dialogs.directory_search import (
    DirectoryEntry,
    DirectoryLookup,
    DirectorySearch,
)
from tui.app.dialogs.form import FormDialog, phone_validator

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


# Extension numbers are 3 to 5 digits; anything else is read as a phone number.
EXTENSION_DIGITS = range(3, 6)


class ForwardDialog(FormDialog[TransferTarget]):
    """Forward a ringing call to a phone number or an extension number."""

    def __init__(self, home_country: str = "US") -> None:
        super().__init__(
            "Forward the ringing call to…",
            prompt="phone number (+1 650 555 0100) or extension number (103)",
            validator=self._validate,
        )
        self._phone = phone_validator(home_country)

    def _validate(self, text: str) -> TransferTarget:
        value = text.strip()
        if value.isdigit() and len(value) in EXTENSION_DIGITS:
            return TransferTarget("extension", value)
        return TransferTarget("number", self._phone(value))

    def describe(self, value: TransferTarget) -> str:
        kind = "extension" if value.kind == "extension" else "number"
        return f"will forward to {kind} {value.value}"


class TransferDialog(DirectorySearch, FormDialog[TransferTarget]):
    """Transfer an answered call; the directory is searched as you type."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "focus_matches", "Matches", show=False)
    ]

    def __init__(self, search: DirectoryLookup | None, home_country: str = "US") -> None:
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
        yield from self.compose_matches()

    def _validate(self, text: str) -> TransferTarget:
        value = text.strip()
        if self.kind == "number":
            return TransferTarget("number", self._phone(value))
        if self.kind == "park_orbit":
            if not value.isdigit():
                raise ValueError("a park orbit id is digits only")
            return TransferTarget("park_orbit", value)
        entry = self.matched(value)
        if self.kind == "extension":
            if entry is not None:
                return TransferTarget("extension", entry.extension_number, entry.name)
            if not value.isdigit():
                raise ValueError("type an extension number, or press ↓ to pick a match")
            return TransferTarget("extension", value)
        if entry is None or not entry.id:
            raise ValueError("pick a person from the directory matches")
        return TransferTarget("voicemail", entry.id, entry.name)

    def describe(self, value: TransferTarget) -> str:
        label = dict(TRANSFER_KINDS)[value.kind].lower()
        who = f" ({value.label})" if value.label else ""
        return f"will transfer to {label} {value.value}{who}"

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.kind = event.pressed.name or "number"
        field = self.query_one(Input)
        field.placeholder = _PROMPTS[self.kind]
        self.show_matches([])
        self.revalidate()
        if self.kind in ("extension", "voicemail") and field.value.strip():
            self.search_directory(field.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        super().on_input_changed(event)
        if self.kind in ("extension", "voicemail"):
            self.search_directory(event.value)
