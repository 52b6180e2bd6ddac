"""Forward and transfer dialogs: a number, an extension (directory search), voicemail, park orbit."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.choices import TransferTarget
from tui.app.dialogs.directory_search import (
    DirectoryEntry,
    DirectoryLookup,
    DirectorySearch,
)
from tui.app.dialogs.form import FormDialog, phone_validator
from tui.ringcentral.errors import InvalidNumber

# Kinds of target, each with the key that picks it. The search field keeps the focus, so the
# keys must never be text or an Input editing key (ctrl+a/e/d/k/u/w/x/c/v) nor a terminal's
# own (ctrl+h/i/j/m are backspace/tab/enter, ctrl+s/q/z flow control and suspend): ctrl+t
# "to a person", ctrl+n number, ctrl+b voicemail box, ctrl+r reserved park orbit.
TRANSFER_KINDS = (
    ("extension", "Person", "ctrl+t"),
    ("number", "Number", "ctrl+n"),
    ("voicemail", "Voicemail", "ctrl+b"),
    ("park_orbit", "Park orbit", "ctrl+r"),
)
_PROMPTS = {
    "extension": "a name, an extension or a phone number",
    "number": "phone number, e.g. +1 650 555 0100",
    "voicemail": "whose voicemail takes the call (name or extension)",
    "park_orbit": "park orbit id",
}
_TARGET_WORDS = {
    "extension": "extension",
    "number": "number",
    "voicemail": "voicemail",
    "park_orbit": "park orbit",
}
# The option offering the typed digits as a phone number carries this id prefix.
NUMBER_OPTION = "number:"


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
    """Transfer an answered call: one search field first, the kind changes with single keys.

    A name lists people from the directory; digits list matching extensions and offer the
    typed number (E.164 from the home country). The caller leaves the person themself out
    of `search`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "focus_matches", "Matches", show=False),
        *(
            Binding(key, f"kind('{kind}')", label, show=False)
            for kind, label, key in TRANSFER_KINDS
        ),
    ]

    def __init__(self, search: DirectoryLookup | None, home_country: str = "US") -> None:
        super().__init__(
            "Transfer the call to…",
            prompt=_PROMPTS["extension"],
            validator=self._validate,
            hint="↓ matches · enter: transfer · esc: cancel",
        )
        self.search = search
        self.kind = "extension"
        self._phone = phone_validator(home_country)
        self._matches: dict[str, DirectoryEntry] = {}

    def compose_extra(self) -> ComposeResult:
        yield Static(self._kinds_line(), id="transfer-kind")

    def compose_below(self) -> ComposeResult:
        yield from self.compose_matches()

    def _kinds_line(self) -> Text:
        line = Text()
        for index, (kind, label, key) in enumerate(TRANSFER_KINDS):
            if index:
                line.append("  ")
            chosen = kind == self.kind
            line.append(f" {label} ", style="bold reverse" if chosen else "")
            line.append(f" {key.replace('ctrl+', '^').upper()}", style="dim")
        return line

    def _number_offer(self, text: str) -> str | None:
        """The typed digits as an E.164 number, when they read as one (not an extension)."""
        value = text.strip()
        digits = "".join(ch for ch in value if ch.isdigit())
        if not digits or len(digits) in EXTENSION_DIGITS or any(ch.isalpha() for ch in value):
            return None
        try:
            return self._phone(value)
        except (ValueError, InvalidNumber):
            return None

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
            if value.isdigit() and len(value) in EXTENSION_DIGITS:
                return TransferTarget("extension", value)
            if number := self._number_offer(value):
                return TransferTarget("number", number)
            if any(ch.isalpha() for ch in value):
                raise ValueError("press ↓ to pick a person from the directory matches")
            return TransferTarget("number", self._phone(value))  # says why it is no number
        if entry is None or not entry.id:
            raise ValueError("pick a person from the directory matches")
        return TransferTarget("voicemail", entry.id, entry.name)

    def describe(self, value: TransferTarget) -> str:
        who = f" ({value.label})" if value.label else ""
        return f"will transfer to {_TARGET_WORDS[value.kind]} {value.value}{who}"

    def show_matches(self, entries: list[DirectoryEntry]) -> None:
        """People found, then (person kind, digits typed) the typed number itself."""
        super().show_matches(entries)
        field = self.query_one(Input)
        number = self._number_offer(field.value) if self.kind == "extension" else None
        if number:
            matches = self.query_one("#directory-matches", OptionList)
            # Text, not a str: the number comes from what was typed (a str prompt is markup).
            matches.add_option(Option(Text(f"Number {number}"), id=NUMBER_OPTION + number))
            matches.display = True

    def action_kind(self, kind: str) -> None:
        """A kind key: the same text now means another kind of target."""
        self.kind = kind
        self.query_one("#transfer-kind", Static).update(self._kinds_line())
        field = self.query_one(Input)
        field.placeholder = _PROMPTS[kind]
        self._update_matches(field.value)

    def _update_matches(self, text: str) -> None:
        if self.kind not in ("extension", "voicemail"):
            super().show_matches([])
            return
        self.show_matches([])  # the number offer at once, people after the search pause
        self.search_directory(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        # Textual also calls FormDialog's handler (each class's in the MRO): it revalidates.
        self._update_matches(event.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A picked person goes into the field; the offered number switches to Number."""
        option_id = event.option.id or ""
        if not option_id.startswith(NUMBER_OPTION):
            return  # DirectorySearch's handler (Textual calls it next) puts the person in
        event.prevent_default()
        self.action_kind("number")
        field = self.query_one(Input)
        field.value = option_id.removeprefix(NUMBER_OPTION)
        field.focus()
