"""The calls table's columns and rows: layout by width, a row's cells, when a row changed.

Kept apart from the widget (`calls_table.py`) so the layout rules read on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip

from tui.app.call_text import (
    direction_text,
    endpoint_text,
    indicators_text,
    other_party,
    owner_text,
    state_text,
)
from tui.calls import CallState

if TYPE_CHECKING:
    from datetime import datetime

    from tui.calls import Call

# Blank cells either side of every cell's text (DataTable's look).
CELL_PADDING = 1
GONE_STATES = (CallState.ENDED, CallState.VOICEMAIL)
# How long the selected call's row stays, marked ended, after the call ends.
LINGER_S = 3.0


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its key, header label and text width (without padding)."""

    key: str
    label: str
    width: int

    @property
    def cell_width(self) -> int:
        """Width on screen, padding included."""
        return self.width + 2 * CELL_PADDING


# Below this width the state and direction columns shrink to what a glance needs.
NARROW = 72
MIN_PARTY = 12


def columns_for(*, account_level: bool, width: int = 100) -> tuple[Column, ...]:
    """The table's columns for a line `width` cells wide: the name column takes what the
    others leave (it grows with the terminal); account mode adds the owner's extension."""
    narrow = width < NARROW
    owner = 26 if width >= 140 else 18 if width >= 110 else 12
    ext = (Column("ext", "Extension", owner),) if account_level else ()
    fixed = (
        Column("state", "State", 11 if narrow else 16),
        *ext,
        Column("dir", "" if narrow else "Dir", 2 if narrow else 5),
        Column("duration", "Time", 7),
        Column("flags", "", 18 if width < 110 else 26),
    )
    used = sum(column.cell_width for column in fixed) + 2 * CELL_PADDING
    party = Column("party", "Other party", max(MIN_PARTY, width - used))
    return (*fixed[:-2], party, *fixed[-2:])


def row_cells(
    call: Call,
    *,
    pending: str | None,
    account_level: bool,
    silenced: bool = False,
    owner_label: str = "",
) -> dict[str, Text | str]:
    """Every cell of a row except the duration (drawn from the clock when painted)."""
    cells: dict[str, Text | str] = {
        "state": state_text(call, pending=pending),
        "dir": direction_text(call),
        "party": Text(
            endpoint_text(other_party(call)),
            style="bold" if call.state is CallState.RINGING else "",
        ),
        "flags": indicators_text(call, silenced=silenced),
    }
    if account_level:
        cells["ext"] = Text(owner_text(call, owner_label))
    return cells


def cell_key(value: Text | str) -> object:
    """What a cell shows, hashable: two cells with the same key draw the same."""
    # Rich's Text equality ignores the base style; a ringing → active change is only style.
    if isinstance(value, Text):
        return (value.plain, str(value.style), tuple(value.spans), value.justify)
    return value


def same_cells(old: dict[str, Text | str] | None, new: dict[str, Text | str]) -> bool:
    if old is None or old.keys() != new.keys():
        return False
    return all(cell_key(old[key]) == cell_key(new[key]) for key in new)


@dataclass(slots=True)
class TableRow:
    """What one line shows, and its rendered strip while that stays valid."""

    call: Call
    cells: dict[str, Text | str]
    order: tuple[object, ...]
    clock: str = ""
    clock_at: datetime | None = None  # the table's `now` when `clock` was worked out
    strip: Strip | None = None
    strip_key: tuple[object, ...] = ()
    # The drawn cells on either side of the clock, kept while the cells, cursor, width and
    # styles stay: the 1 s tick changes only the clock, so only it is drawn again.
    sides: tuple[tuple[object, ...], list[Segment], list[Segment]] | None = None
