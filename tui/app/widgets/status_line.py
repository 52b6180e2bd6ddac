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


def _host(server: str) -> str:
    return server.split("://", 1)[-1].rstrip("/")


def status_text(info: StatusInfo) -> Text:
    """Render the status line."""
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
    label, style = CONNECTION_STYLE.get(info.connection, (info.connection, "bold"))
    text.append("  ")
    text.append(label, style=style)
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
        self.update(status_text(info), layout=False)

    def change(self, **fields: object) -> None:
        """Update some of the shown fields."""
        self.info = replace(self.info, **fields)  # type: ignore[arg-type]
