"""Text from the network or a person, as a widget shows it: never markup, never control.

Textual parses a plain `str` given to `Label`, `Static`, `notify` or an `Option` as markup,
so `[/bold] Mallory` crashed the app and `[@click=app.quit]` was obeyed. Everything that is
not our own literal goes through `as_text()` (one line) or `as_lines()` (keeps newlines): cleaned
of terminal controls by `tui.safe_text.clean` and wrapped in a `Text`, which is never parsed.
"""

from __future__ import annotations

from rich.text import Text

from tui.safe_text import clean


def as_text(value: object, style: str = "") -> Text:
    """`value` as one line of `Text`: controls replaced, never parsed as markup."""
    return Text(clean(value), style=style)


def as_lines(value: object, style: str = "") -> Text:
    """Like `as_text`, keeping newlines (toasts, error details)."""
    return Text(clean(value, keep_newlines=True), style=style)
