"""`tui.safe_text.clean`: nothing that steers a terminal survives, everything else does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.safe_text import REPLACEMENT, clean, is_clean

HOSTILE = [
    "\x1b]0;pwned\x07Mallory",  # OSC 0: sets the window title
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52: writes the clipboard
    "\x1b[2J\x1b[H",  # clears the screen
    "Bob\n◉ RINGING  +15550100",  # a fake row
    "\u202eevil\u202c",  # right-to-left override
    "\x9b31mred",  # C1 CSI
    "tab\there\rCR\x7fDEL\x00NUL",
]


def test_hostile_strings_lose_every_control_and_keep_the_rest() -> None:
    for text in HOSTILE:
        shown = clean(text)
        assert is_clean(shown)
        assert "\x1b" not in shown and "\x07" not in shown and "\n" not in shown
    assert clean("\x1b]0;pwned\x07Mallory") == f"{REPLACEMENT}]0;pwned{REPLACEMENT}Mallory"
    assert clean("\u202eevil") == f"{REPLACEMENT}evil"


def test_ordinary_names_pass_unchanged() -> None:
    for name in ("Ada Lovelace", "José Ñúñez", "王小明", "محمد", "[/bold] Mallory", "😀 +1 (555)"):
        assert clean(name) == name


def test_keep_newlines_keeps_only_newlines() -> None:
    assert clean("a\nb\x1b", keep_newlines=True) == f"a\nb{REPLACEMENT}"


def test_none_and_numbers() -> None:
    assert clean(None) == ""
    assert clean(42) == "42"


@given(st.text())
def test_never_a_control_and_same_length(text: str) -> None:
    shown = clean(text)
    assert is_clean(shown)
    assert len(shown) == len(text)  # one visible stand-in per removed character
