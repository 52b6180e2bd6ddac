"""Text from the network or from a person, made safe to show: never terminal control.

Caller names, numbers, directory entries, reasons and error messages come from strangers.
Before any of it reaches a terminal (the UI, stderr, `status`, `replay`, desktop
notifications, SVG screenshots) it goes through `clean()`, which replaces every C0/C1
control character (ESC, BEL, newline, DEL, CSI...) and every bidirectional override or
isolate with a visible stand-in, so nothing can move the cursor, set the title, write the
clipboard, draw a fake row or reverse the text after it. Markup is a separate matter: the UI
builds widgets from `Text`/`Content`, never from markup strings (see `tui.app`).

Stdlib only: every layer may import it.
"""

from __future__ import annotations

import re

# Shown in place of a removed character: visible, one cell wide, never a control itself.
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"

# C0 controls (incl. TAB, LF, CR, ESC), DEL, C1 controls (incl. CSI 0x9b, OSC 0x9d, ST 0x9c),
# the bidi embeddings/overrides/isolates and marks that reorder what follows them, and the
# line/paragraph separators that some terminals treat as new lines.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f"
    "\u061c\u200e\u200f"  # Arabic letter mark, LRM, RLM
    "\u202a-\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2066-\u2069"  # LRI, RLI, FSI, PDI
    "\u2028\u2029"  # line and paragraph separator
    "]"
)


def clean(text: object, *, keep_newlines: bool = False) -> str:
    """`text` as a string with every terminal control and bidi override made visible.

    `keep_newlines` keeps LF for multi-line bodies we lay out ourselves (pretty JSON in the
    event log, a toast's two lines); every other control is still replaced.
    """
    value = text if isinstance(text, str) else ("" if text is None else str(text))
    if keep_newlines:
        return "\n".join(_UNSAFE.sub(REPLACEMENT, line) for line in value.split("\n"))
    return _UNSAFE.sub(REPLACEMENT, value)


def is_clean(text: str) -> bool:
    """True when `text` holds no terminal control or bidi override (newlines included)."""
    return _UNSAFE.search(text) is None
