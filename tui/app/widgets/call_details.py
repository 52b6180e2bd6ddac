"""Details of the selected call: who, what they called, how long, device, recording, parties.

Ids are not shown: `i` copies them (people who integrate RingCentral paste session ids into
API calls and support tickets), and the toast says them too.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.widgets import Static

from tui.app.call_text import (
    duration_text,
    endpoint_text,
    indicators_text,
    other_party,
    state_text,
)
from tui.calls import CallState
from tui.safe_text import clean

if TYPE_CHECKING:
    from tui.calls import Call, Party


def ids_text(call: Call) -> str:
    """The ids of a call as plain `key: value` lines (what `i` copies)."""
    lines = [f"telephonySessionId: {clean(call.telephony_session_id)}"]
    if call.party_id:
        lines.append(f"partyId: {clean(call.party_id)}")
    if call.recording_id:
        lines.append(f"recordingId: {clean(call.recording_id)}")
    return "\n".join(lines)


_DURATION_WORD = {
    CallState.RINGING: "ringing for",
    CallState.DIALING: "dialing for",
    CallState.ENDED: "lasted",
    CallState.VOICEMAIL: "lasted",
}
_RECORDING_WORD = {"on": "recording", "paused": "recording paused", "off": "not recorded"}


def _party_text(party: Party) -> str:
    who = endpoint_text(party.to if party.direction == "Inbound" else party.from_)
    status = clean(party.status or "?")
    return f"{who} {status}" + (f" ({clean(party.reason)})" if party.reason else "")


def details_text(
    call: Call | None,
    now: datetime | None = None,
    note: str = "",
    device_names: Mapping[str, str] | None = None,
) -> Text:
    """The whole details pane for one call (or a hint when none is selected).

    What a person needs first: who, the number (or queue) they called, how long it has rung
    or lasted, which device and whether it is recorded. Ids only on request (`i`). `note`
    links it to another call (an ask-first's consult and its held caller), already clean;
    `device_names` names the phones calldeck has seen (else the device id is shown).
    """
    if call is None:
        return Text("No call selected. Calls appear here as they ring.", style="dim")
    text = Text()
    text.append_text(state_text(call))
    text.append("  ")
    text.append(endpoint_text(other_party(call)), style="bold")
    indicators = indicators_text(call)
    if indicators:
        text.append("  ")
        text.append_text(indicators)
    text.append("\n")
    if note:
        text.append(note + "\n", style="bold magenta")
    facts: list[str] = []
    if call.direction == "Inbound":
        facts.append(f"called {endpoint_text(call.to)}")
    elif call.direction == "Outbound":
        facts.append(f"from {endpoint_text(call.from_)}")
    if call.queue_call:
        facts.append("via a call queue")
    if now is not None:
        word = _DURATION_WORD.get(call.state, "on the call for")
        facts.append(f"{word} {duration_text(call, now)}")
    mine = call.to if call.direction == "Inbound" else call.from_
    if mine.device_id:
        name = (device_names or {}).get(mine.device_id)
        facts.append(f"on {clean(name)}" if name else f"device {clean(mine.device_id)}")
    facts.append(_RECORDING_WORD.get(call.recording, clean(call.recording)))
    if call.reason:
        facts.append(f"reason {clean(call.reason)}")
    text.append(" · ".join(facts) + "\n")
    if call.parties:
        parties = " · ".join(_party_text(party) for party in call.parties)
        text.append(f"parties: {parties}\n", style="dim")
    text.append("i: copy the session and party ids", style="dim italic")
    return text


def unwrapped_lines(text: Text, width: int) -> int | None:
    """How many lines `text` takes at `width` when none of its lines is wider (so none
    wraps); None when one may wrap. The 1 s tick changes only the duration, and measuring
    through Textual's wrapping was most of its cost."""
    if not width:
        return None
    lines = text.plain.split("\n")
    if any(cell_len(line) > width for line in lines):
        return None
    return len(lines)


# Lines the pane keeps from the start: a call's details (who; what, how long, device,
# recording; the parties; the ids hint), so the first call to ring needs no layout pass.
RESERVED_LINES = 4


class CallDetails(Static):
    """The details pane under the calls table."""

    DEFAULT_CSS = """
    CallDetails { height: auto; max-height: 40%; padding: 0 1; border-top: solid $primary-darken-2; }
    """

    _lines = RESERVED_LINES  # the height the pane keeps: it grows, and never shrinks
    _laid_out: tuple[int, int] | None = None  # (width, lines) of the last layout asked for

    def show(
        self,
        call: Call | None,
        now: datetime | None = None,
        note: str = "",
        device_names: Mapping[str, str] | None = None,
    ) -> None:
        """Render the given call (None: nothing selected) as of `now`, and how it links."""
        # A layout pass costs the whole screen a few milliseconds and moves the table, so
        # the pane keeps the tallest height it has needed, padding shorter details with
        # blank lines: selecting another call, or none, then repaints in place.
        text = details_text(call, now, note, device_names)
        width = self.content_region.width
        height = unwrapped_lines(text, width)
        if height is None:  # a line may wrap: Textual measures it (as the content, so first)
            self.update(text, layout=False)
            height = self._content_lines(width, text)
        if height > self._lines:
            self._lines = height
        elif height < self._lines:
            text.append("\n" * (self._lines - height))
        self.update(text, layout=False)
        if self._laid_out != (width, self._lines):
            self._laid_out = (width, self._lines)
            self.refresh(layout=True)

    def _content_lines(self, width: int, text: Text) -> int:
        """Lines `text` (the current content) takes at `width`; unwrapped before a layout."""
        if not width:
            return text.plain.count("\n") + 1
        return self.get_content_height(Size(0, 0), Size(0, 0), width)
