"""Details of the selected call: every party with status and reason, recording, ids.

The text is selectable with the mouse and `i` copies the ids, because people who
integrate RingCentral paste session ids into API calls and support tickets.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widgets import Static

from tui.app.call_text import endpoint_text, indicators_text, state_text
from tui.calls import Call, Party


def ids_text(call: Call) -> str:
    """The ids of a call as plain `key: value` lines (what `i` copies)."""
    lines = [f"telephonySessionId: {call.telephony_session_id}"]
    if call.party_id:
        lines.append(f"partyId: {call.party_id}")
    if call.recording_id:
        lines.append(f"recordingId: {call.recording_id}")
    return "\n".join(lines)


def _party_line(party: Party, mine: bool) -> Text:
    line = Text("  ▸ " if mine else "  · ", style="bold" if mine else "dim")
    line.append(f"{party.id}  ", style="dim")
    line.append(party.status or "?", style="bold")
    line.append(" ")
    if party.reason:
        line.append(f" ({party.reason})", style="italic")
    line.append(f"  {party.direction or ''}  ")
    line.append(f"{endpoint_text(party.from_)} → {endpoint_text(party.to)}")
    if party.extension_id:
        line.append(f"  ext {party.extension_id}", style="dim")
    flags = []
    if party.muted:
        flags.append("muted")
    if party.queue_call:
        flags.append("queue")
    if party.park_id:
        flags.append(f"park {party.park_id}")
    for recording in party.recordings:
        flags.append(f"rec {getattr(recording, 'id', recording)}")
    if flags:
        line.append("  [" + ", ".join(flags) + "]", style="yellow")
    return line


def details_text(call: Call | None, note: str = "") -> Text:
    """The whole details pane for one call (or a hint when none is selected); `note` links it
    to another call (an ask-first's consult and its held caller), already clean."""
    if call is None:
        return Text("No call selected. Calls appear here as they ring.", style="dim")
    text = Text()
    text.append_text(state_text(call))
    if call.status:
        text.append(f"  {call.status}", style="dim")
    if call.reason:
        text.append(f" ({call.reason})", style="dim italic")
    indicators = indicators_text(call)
    if indicators:
        text.append("  ")
        text.append_text(indicators)
    text.append("\n")
    if note:
        text.append(note + "\n", style="bold magenta")
    text.append(ids_text(call) + "\n", style="cyan")
    text.append(f"Parties ({len(call.parties)}):\n", style="bold")
    for party in call.parties:
        text.append_text(_party_line(party, party.id == call.party_id))
        text.append("\n")
    return text


# Lines the pane keeps from the start: a two-party call's details (state, session and
# party ids, the parties header, two parties and the closing blank line), so the first
# call to ring needs no layout pass.
RESERVED_LINES = 7


class CallDetails(Static):
    """The details pane under the calls table."""

    DEFAULT_CSS = """
    CallDetails { height: auto; max-height: 40%; padding: 0 1; border-top: solid $primary-darken-2; }
    """

    _lines = RESERVED_LINES  # the height the pane keeps: it grows, and never shrinks
    _laid_out: tuple[int, int] | None = None  # (width, lines) of the last layout asked for

    def show(self, call: Call | None, note: str = "") -> None:
        """Render the given call (None: nothing selected) and how it links to another."""
        # A layout pass costs the whole screen a few milliseconds and moves the table, so
        # the pane keeps the tallest height it has needed, padding shorter details with
        # blank lines: selecting another call, or none, then repaints in place.
        text = details_text(call, note)
        self.update(text, layout=False)
        width = self.content_region.width
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
