"""How a `Call` reads on screen: the other party, direction, state, indicators, duration.

Pure functions from call values to Rich `Text`, shared by the calls table, the details
pane, the history and the screenshots, so a call looks the same everywhere.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text

from tui.calls import CallState
from tui.safe_text import clean

if TYPE_CHECKING:
    from tui.calls import Call, Endpoint

STATE_STYLE: dict[CallState, str] = {
    CallState.RINGING: "bold black on yellow",
    CallState.DIALING: "cyan",
    CallState.ACTIVE: "bold green",
    CallState.HELD: "magenta",
    CallState.PARKED: "blue",
    CallState.VOICEMAIL: "dim",
    CallState.ENDED: "dim",
}
STATE_LABEL: dict[CallState, str] = {
    CallState.RINGING: "◉ RINGING",
    CallState.DIALING: "dialing",
    CallState.ACTIVE: "active",
    CallState.HELD: "on hold",
    CallState.PARKED: "parked",
    CallState.VOICEMAIL: "voicemail",
    CallState.ENDED: "ended",
}
# Live calls list in this order: what needs a decision now comes first.
STATE_RANK: dict[CallState, int] = {
    CallState.RINGING: 0,
    CallState.DIALING: 1,
    CallState.ACTIVE: 1,
    CallState.HELD: 2,
    CallState.PARKED: 3,
    CallState.VOICEMAIL: 4,
    CallState.ENDED: 5,
}


def other_party(call: Call) -> Endpoint:
    """The far end from my point of view (the caller of an inbound call)."""
    return call.from_ if call.direction == "Inbound" else call.to


def endpoint_text(endpoint: Endpoint) -> str:
    """`Name (number)`, or whichever of the two is known (cleaned: it came from the network)."""
    name = clean(endpoint.name).strip()
    number = clean(endpoint.phone_number).strip()
    if name and number and name != number:
        return f"{name} ({number})"
    return name or number or "unknown"


def owner_text(call: Call, label: str = "") -> str:
    """Whose call it is in the account view: `label` ("101 Ada Lovelace", from the account's
    extension list) when known, else the owner's name and number; never an internal id."""
    if shown := clean(label).strip():
        return shown
    mine = call.to if call.direction == "Inbound" else call.from_
    name = clean(mine.name).strip()
    number = clean(mine.phone_number).strip()
    shown = " ".join(part for part in (name, number) if part)
    return shown or clean(call.owner_extension_id) or "—"


def direction_text(call: Call) -> Text:
    """An arrow and word for the direction (inbound ↓ / outbound ↑)."""
    if call.direction == "Inbound":
        return Text("↓ in", style="cyan")
    if call.direction == "Outbound":
        return Text("↑ out", style="blue")
    return Text("·", style="dim")


def state_text(call: Call, *, pending: str | None = None) -> Text:
    """The state as a coloured badge, plus the pending action if one is in flight."""
    text = Text(STATE_LABEL.get(call.state, str(call.state)), style=STATE_STYLE.get(call.state, ""))
    if call.state is CallState.PARKED and call.park_id:
        text.append(f" {clean(call.park_id)}", style="bold blue")
    if pending:
        text.append(f" ⧗{pending}…", style="italic yellow")
    return text


def indicators_text(call: Call, *, silenced: bool = False) -> Text:
    """Mute, hold (mine and the far end's), recording, queue and silenced-ringer markers."""
    text = Text()

    def mark(label: str, style: str) -> None:
        if text:
            text.append(" ")
        text.append(label, style=style)

    if call.muted:
        mark("MUTED", "bold red")
    if call.state is CallState.HELD:
        mark("HOLD", "magenta")
    if call.remote_hold:
        mark("HELD-BY-PEER", "magenta")
    if call.recording == "on":
        mark("● REC", "bold red")
    elif call.recording == "paused":
        mark("‖ REC paused", "yellow")
    if call.queue_call:
        mark("QUEUE", "cyan")
    if silenced and call.state is CallState.RINGING:
        mark("SILENCED", "dim")
    return text


def duration_seconds(call: Call, now: datetime) -> int:
    """Whole seconds since the call started (until it ended, for ended calls)."""
    if call.started_at is None:
        return 0
    end = call.ended_at or now
    return max(0, int((end - call.started_at).total_seconds()))


def duration_text(call: Call, now: datetime) -> str:
    """`m:ss`, or `h:mm:ss` past an hour."""
    seconds = duration_seconds(call, now)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def sort_key(call: Call, first_seen: int, *, by_extension: bool = False) -> tuple[object, ...]:
    """Ringing first (the longest-waiting first), then active, held, parked, each in the
    order they arrived; by extension first in account mode."""
    waiting = 0.0
    if call.state is CallState.RINGING and call.started_at is not None:
        waiting = call.started_at.timestamp()
    rank = (STATE_RANK.get(call.state, 9), waiting, first_seen)
    if by_extension:
        return (call.owner_extension_id or "", *rank)
    return rank


def call_summary(call: Call) -> str:
    """One plain line naming the call, for toasts and notifications."""
    arrow = "from" if call.direction == "Inbound" else "to"
    return f"call {arrow} {endpoint_text(other_party(call))}"
