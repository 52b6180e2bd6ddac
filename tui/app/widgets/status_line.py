"""The top status line: who is signed in, server, transport and connection state.

`live` is calm; `recovering…` and `down` are drawn in warning colours because a dead
push connection means calls on screen may be stale. Demo mode gets a DEMO badge and a
hint how to sign in for real.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from tui.app.screens.prompt import PaintedByHandler
from tui.app.widgets.plain_lines import PlainLines
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


INFO_FIELDS = tuple(field.name for field in fields(StatusInfo))


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
    left, right = fitted_parts(info, width)
    if left is None:
        return right
    left.append_text(right)
    return left


def fitted_parts(info: StatusInfo, width: int) -> tuple[Text | None, Text]:
    """The left part cut to the room the right part leaves (None: no room), and the right."""
    right = right_part(info, width)
    room = width - right.cell_len - 1
    if room <= 0:
        right.truncate(width, overflow="ellipsis")
        return None, right
    return left_part(info, room), right


def right_part(info: StatusInfo, width: int) -> Text:
    """The counts, connection and time, compacted when they would take half the line."""
    right = _right_text(info, compact=False)
    if right.cell_len > width // 2:
        right = _right_text(info, compact=True)
    return right


def left_part(info: StatusInfo, room: int) -> Text:
    """Who and where, cut (or padded) to `room` cells, and the space before the right part."""
    left = _left_text(info)
    left.truncate(room, overflow="ellipsis", pad=True)
    left.append(" ")
    return left


def _left_fields(info: StatusInfo) -> tuple[object, ...]:
    """What the left part shows: it changes far less often than the counts on the right."""
    return (
        info.demo,
        info.name,
        info.extension_number,
        info.account_level,
        info.server,
        info.transport,
        info.device,
        info.availability,
        info.missed,
        info.banner,
    )


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
    if info.banner:
        # Before where and how: what the person must do survives a narrow terminal.
        text.append("  ")
        text.append(f" ⚠ {clean(info.banner)} ", style="bold white on red")
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
    if info.demo and not info.banner:
        text.append("   demo calls · `calldeck login` for yours", style="italic dim")
    return text


# Rendered left parts kept (one per room the right part has left lately).
LEFT_PARTS_KEPT = 8
# Whole lines kept: as calls ring, are answered and end, the counts come round again, and
# a line drawn before is the same `Strip` (its padded, filtered copies are kept with it).
LINES_KEPT = 64


class StatusLine(PlainLines, PaintedByHandler, Widget):
    """One line at the top of the main screen.

    Drawn as one cached `Strip` (the line API, as `CallsTable`), not as a `Static`: the
    counts change with nearly every call event, and a `Static` re-wraps and re-styles its
    content through Textual's generic path each time (~1 ms, most of a frame's work).
    The line goes to the compositor as drawn (`PlainLines`), not through the styles cache.
    """

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.info = StatusInfo()
        self._styles_seen = 0  # bumped when the theme or CSS changes how the line looks
        self._lines: dict[tuple[StatusInfo, int, int], Strip] = {}
        self._lefts: dict[tuple[object, ...], list[Segment]] = {}
        self._base: tuple[int, Style] | None = None

    def render(self) -> Text:
        """The line as text (what `render_line` draws), for tests and Textual's tools."""
        return fitted_status(self.info, self.size.width or 200)

    def render_line(self, y: int) -> Strip:
        info, width = self.info, self.size.width
        key = (info, width, self._styles_seen)
        line = self._lines.get(key)
        if line is None:
            console, base = self.app.console, self._base_style()
            right = right_part(info, width)
            room = width - right.cell_len - 1
            if room <= 0:
                right.truncate(width, overflow="ellipsis")
                segments = list(Segment.apply_style(right.render(console), base))
            else:
                # The left part (who and where) is the longer one and rarely changes: its
                # segments are kept while the counts and the time change on the right (whose
                # lines, as they come round again, are kept whole).
                # Kept per room: the room changes as the counts gain or lose a digit.
                left_key = (_left_fields(info), room, self._styles_seen)
                left = self._lefts.get(left_key)
                if left is None:
                    if len(self._lefts) >= LEFT_PARTS_KEPT:
                        self._lefts.clear()
                    drawn = left_part(info, room).render(console)
                    left = self._lefts[left_key] = list(Segment.apply_style(drawn, base))
                segments = [*left, *Segment.apply_style(right.render(console), base)]
            if len(self._lines) >= LINES_KEPT:
                self._lines.clear()
            line = self._lines[key] = Strip(segments).crop_extend(0, width, base)
        return line

    def _base_style(self) -> Style:
        # `rich_style` walks every ancestor's styles (~0.1 ms): once per theme or CSS change.
        if self._base is None or self._base[0] != self._styles_seen:
            self._base = (self._styles_seen, self.rich_style)
        return self._base[1]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles_seen += 1

    def change(self, **changes: object) -> None:
        """Update some of the shown fields (and repaint, never lay out: the line is one row
        whatever it says)."""
        # Not a reactive: its setter looks for validators and watchers by name and compares
        # every field, each change (a third of the header's cost an event, cold).
        unknown = changes.keys() - INFO_FIELDS
        if unknown:
            raise TypeError(f"StatusInfo has no field {', '.join(sorted(unknown))}")
        info = self.info
        if all(getattr(info, name) == value for name, value in changes.items()):
            return
        # As `dataclasses.replace` (whose generic walk of the fields ran ~430 bytecodes an
        # event, more than the rest of a change).
        self.info = StatusInfo(
            **{name: changes.get(name, getattr(info, name)) for name in INFO_FIELDS}
        )
        self.refresh()
