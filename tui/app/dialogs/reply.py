"""Reply to a ringing caller with a message they hear: RingCentral's patterns or your own text.

`POST …/reply` takes `{replyWithPattern: {pattern, time, timeUnit}}` or `{replyWithText}`
(ringcentral-api.md §1e). The picker offers the patterns with a sensible time where the
pattern takes one; typing in the field below sends your own words instead.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.app.choices import ReplyChoice
from tui.app.untrusted import as_text

MAX_TEXT = 150


REPLIES: tuple[ReplyChoice, ...] = (
    ReplyChoice("Will call you back in 5 minutes", "WillCallYouBack", 5, "Minute"),
    ReplyChoice("Will call you back in 1 hour", "WillCallYouBack", 1, "Hour"),
    ReplyChoice("Call me back in 10 minutes", "CallMeBack", 10, "Minute"),
    ReplyChoice("Will call you back later", "WillCallYouBackLater"),
    ReplyChoice("Call me back later", "CallMeBackLater"),
    ReplyChoice("On my way", "OnMyWay"),
    ReplyChoice("On the other line", "OnTheOtherLine"),
    ReplyChoice("In a meeting", "InAMeeting"),
)


class ReplyDialog(ModalScreen[ReplyChoice | None]):
    """Pick a reply with the arrows and enter, or type your own and press enter."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, caller: str) -> None:
        super().__init__()
        self.caller = caller

    def compose(self) -> ComposeResult:
        with Vertical():
            # The caller's name is far-end text: Text, never markup.
            yield Label(as_text(f"Reply to {self.caller} with…"), classes="dialog-title")
            yield OptionList(
                *(Option(reply.label, id=str(i)) for i, reply in enumerate(REPLIES)),
                id="replies",
            )
            yield Input(
                placeholder="…or type your own message", id="reply-text", max_length=MAX_TEXT
            )
            yield Label("enter: send · tab: own text · escape: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        replies = self.query_one("#replies", OptionList)
        replies.focus()
        replies.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(REPLIES[int(event.option.id or 0)])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.app.bell()
            return
        self.dismiss(ReplyChoice(text, text=text))

    def action_cancel(self) -> None:
        self.dismiss(None)
