"""The top status line: who is signed in, server, transport and connection state.

`live` is calm; `recovering…` and `down` are drawn in warning colours because a dead
push connection means calls on screen may be stale. Demo mode gets a DEMO badge and a
hint how to sign in for real.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tui.safe_text import clean

CONNECTION_STYLE = {
    "live": ("● live", "bold green"),
    "connecting": ("◌ connecting…", "yellow"),
    "recovering": ("◐ recovering…", "bold black on yellow"),
    "down": ("✖ down", "bold white on red"),
}


@dataclass(frozen=True, slots=True)
class StatusInfo:
    """Everything the status line shows."""

    name: str | None = None
    extension_number: str | None = None
    server: str | None = None
    transport: str | None = None
    connection: str = "connecting"
    demo: bool = False
    account_level: bool = False
    banner: str | None = None
    device: str | None = None
    """The phone calldeck answers and dials on, once chosen."""
    availability: str | None = None
    """The person's availability (`Available`, `Do not disturb`, ...), from presence."""
    missed: int = 0
    """Missed calls in the call log not seen yet (History marks them seen)."""
    ringing: int = 0
    """Calls ringing now."""
    live: int = 0
    """Calls on screen that have not ended (ringing included)."""
    longest_wait: str = ""
    """How long the longest-ringing call has rung (`0:42`)."""
    clock: str = ""
    """The time of day (`14:30`), always shown."""


def _host(server: str) -> str:
    return server.split("://", 1)[-1].rstrip("/")


def status_text(info: StatusInfo) -> Text:
    """The whole status line, unfitted: who and where, then what must always show."""
    text = _left_text(info)
    text.append("  ")
    text.append_text(_right_text(info, compact=False))
    return text


def fitted_status(info: StatusInfo, width: int) -> Text:
    """The status line in `width` cells: the calls count, connection state and time always
    show at the right edge (compacted if need be); who and where are cut first."""
    right = _right_text(info, compact=False)
    if right.cell_len > width // 2:
        right = _right_text(info, compact=True)
    left = _left_text(info)
    room = width - right.cell_len - 1
    if room <= 0:
        right.truncate(width, overflow="ellipsis")
        return right
    left.truncate(room, overflow="ellipsis", pad=True)
    left.append(" ")
    left.append_text(right)
    return left


def _right_text(info: StatusInfo, *, compact: bool) -> Text:
    text = Text()
    if info.ringing:
        if compact:
            text.append(f"◉{info.ringing} {info.longest_wait}", style="bold black on yellow")
        else:
            ringing = f"◉ {info.ringing} ringing, longest {info.longest_wait}"
            text.append(ringing, style="bold black on yellow")
        text.append(" ")
    if info.live:
        calls = f"{info.live} call" + ("" if info.live == 1 else "s")
        text.append(calls if compact else f"{calls} live", style="bold")
        text.append("  ")
    label, style = CONNECTION_STYLE.get(info.connection, (info.connection, "bold"))
    text.append(label, style=style)
    if info.clock:
        text.append(f"  {info.clock}", style="bold")
    return text


def _left_text(info: StatusInfo) -> Text:
    text = Text()
    if info.demo:
        text.append(" DEMO ", style="bold white on dark_magenta")
        text.append(" ")
    text.append("calldeck ", style="bold")
    if info.name:
        text.append(clean(info.name), style="bold cyan")
        if info.extension_number:
            text.append(f" (ext {clean(info.extension_number)})", style="cyan")
    else:
        text.append("signing in…", style="dim")
    if info.account_level:
        text.append("  [account view]", style="magenta")
    if info.server:
        text.append(f"  {clean(_host(info.server))}", style="dim")
    if info.transport:
        text.append(f"  {info.transport}", style="dim")
    if info.device:
        text.append(f"  ☎ {clean(info.device)}", style="cyan")
    if info.availability:
        dnd = info.availability.startswith(("Do not disturb", "Busy", "Offline"))
        text.append(f"  {info.availability}", style="bold red" if dnd else "green")
    if info.missed:
        text.append(f"  {info.missed} missed", style="bold white on red")
    if info.banner:
        text.append("  ")
        text.append(f" ⚠ {clean(info.banner)} ", style="bold white on red")
    elif info.demo:
        text.append("   demo calls · `calldeck login` for yours", style="italic dim")
    return text


class StatusLine(Static):
    """One line at the top of the main screen."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; padding: 0 1; }
    """

    info: reactive[StatusInfo] = reactive(StatusInfo, layout=False)

    def watch_info(self, info: StatusInfo) -> None:
        # One line, always: its size never depends on the text, so no layout pass.
        self.update(fitted_status(info, self.content_region.width or 200), layout=False)

    def on_resize(self) -> None:
        self.watch_info(self.info)

    def change(self, **fields: object) -> None:
        """Update some of the shown fields."""
        self.info = replace(self.info, **fields)  # type: ignore[arg-type]
