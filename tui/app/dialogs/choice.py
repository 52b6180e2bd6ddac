"""Small modals: pick one of a list (flip targets) and confirm with a key (hang up, quit)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.app.choices import Choice
from tui.app.dialogs.call_bound import CallBound
from tui.app.untrusted import as_text


class ChoiceDialog(CallBound, ModalScreen[str | None]):
    """Pick one item with the arrows and enter; escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, choices: Sequence[Choice], *, empty: str = "Nothing to pick."
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(as_text(self.title_text), classes="dialog-title")
            yield from self.compose_call()
            if self.choices:
                yield OptionList(
                    *(
                        Option(as_text(choice.label), id=str(index))
                        for index, choice in enumerate(self.choices)
                    ),
                    id="choices",
                )
            else:
                yield Label(as_text(self.empty), classes="dialog-error")
            yield Label("enter: choose · escape: cancel", classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int(event.option.id or 0)].value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(CallBound, ModalScreen[bool]):
    """Ask a yes/no question: `y` confirms, anything bound to no (n, escape) declines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(as_text(self.question), classes="dialog-title")
            if self.detail:
                yield Label(as_text(self.detail))
            yield Label("y: yes · n / escape: no", classes="dialog-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def flip_choice(raw: Any) -> Choice | None:
    """A forwarding number that can be flipped to (has a flipNumber)."""

    def field(name: str, *aliases: str) -> Any:
        for key in (name, *aliases):
            value = raw.get(key) if isinstance(raw, dict) else getattr(raw, key, None)
            if value not in (None, ""):
                return value
        return None

    flip = field("flipNumber", "flip_number")
    if flip is None:
        return None
    # Flip targets are dialled as *N, which is also what `callFlipId` takes (default *2).
    target = f"*{flip}" if str(flip).isdigit() else str(flip)
    label = field("label") or field("type") or ""
    number = field("phoneNumber", "phone_number") or ""
    return Choice(target, f"{target}  {label}  {number}".rstrip(), str(label or number))
