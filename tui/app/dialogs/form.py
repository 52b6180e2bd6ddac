"""A modal with one text field validated as you type; enter is refused while invalid.

Forward and transfer both ask for a target; a wrong number must never reach
RingCentral, so the dialog validates on every keystroke, shows why in words, and only
dismisses with a value the validator accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui.app.dialogs.call_bound import CallBound
from tui.app.untrusted import as_text
from tui.ringcentral.errors import InvalidNumber
from tui.ringcentral.phone import parse_phone_number

T = TypeVar("T")

Validator = Callable[[str], T]
"""Returns the parsed value or raises ValueError / CalldeckError with the reason."""


def phone_validator(home_country: str = "US") -> Validator[str]:
    """A validator returning the E.164 form of a typed phone number."""

    def validate(text: str) -> str:
        return parse_phone_number(text, home_country)

    return validate


def reason_of(error: Exception) -> str:
    """The person-facing reason inside a validation error."""
    return getattr(error, "message", None) or str(error) or "not valid"


class FormDialog(CallBound, ModalScreen[T | None], Generic[T]):
    """Ask for one value; dismiss with it once valid, or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, *, prompt: str, validator: Validator[T], hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.validator = validator
        self.hint = hint
        self.value: T | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(as_text(self.title_text), classes="dialog-title")
            yield from self.compose_call()
            yield from self.compose_extra()
            yield Input(placeholder=self.prompt, id="dialog-input")
            yield from self.compose_below()
            yield Static("", id="dialog-feedback", classes="dialog-error")
            yield Label(self.hint or "enter: send · escape: cancel", classes="dialog-hint")

    def compose_extra(self) -> ComposeResult:
        """Widgets above the input (subclasses)."""
        yield from ()

    def compose_below(self) -> ComposeResult:
        """Widgets between the input and the feedback line (subclasses)."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def revalidate(self) -> None:
        """Validate the current text and show the outcome."""
        text = self.query_one(Input).value
        feedback = self.query_one("#dialog-feedback", Static)
        self.value = None
        if not text.strip():
            feedback.update("")
            return
        try:
            self.value = self.validator(text)
        except (ValueError, InvalidNumber) as exc:
            feedback.set_classes("dialog-error")
            feedback.update(as_text(f"✖ {reason_of(exc)}"))
            return
        feedback.set_classes("dialog-ok")
        feedback.update(as_text(f"✔ {self.describe(self.value)}"))

    def describe(self, value: T) -> str:
        """How a valid value reads under the field."""
        return str(value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.revalidate()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.revalidate()
        if self.value is None:
            self.app.bell()
            return
        self.dismiss(self.result())

    def result(self) -> T:
        """The dismiss value once valid (subclasses may wrap it)."""
        assert self.value is not None
        return self.value

    def action_cancel(self) -> None:
        self.dismiss(None)
