"""Key names as `[keymap]` may write them, checked and made canonical without Textual.

Textual names a key `ctrl+h`, `question_mark`, `pageup`, `f5` or a single character. A
person may write `Ctrl+H`, `?`, `PgUp` or `esc`; those mean the same keys, so two entries
clash when their *keys* are the same, however spelled. Keys the app keeps for itself (quit,
copy, the palette, help, closing dialogs, moving) cannot be taken by another action.

Pure: `tui.config` reads it before Textual is loaded.
"""

from __future__ import annotations

import unicodedata

MODIFIERS = ("ctrl", "alt", "meta", "super", "hyper", "shift")
NAMED_KEYS = frozenset(
    {
        "enter",
        "escape",
        "tab",
        "backspace",
        "delete",
        "insert",
        "home",
        "end",
        "pageup",
        "pagedown",
        "up",
        "down",
        "left",
        "right",
        "space",
        *(f"f{number}" for number in range(1, 25)),
    }
)
ALIASES = {
    "esc": "escape",
    "return": "enter",
    "del": "delete",
    "ins": "insert",
    "pgup": "pageup",
    "page_up": "pageup",
    "pgdn": "pagedown",
    "pgdown": "pagedown",
    "page_down": "pagedown",
    "bs": "backspace",
    "control": "ctrl",
    "option": "alt",
    "cmd": "super",
}
# Textual's own names for a few characters (textual.keys.KEY_NAME_REPLACEMENTS).
CHARACTER_NAMES = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}
RESERVED = {
    "ctrl+c": "copy / the quit hint",
    "ctrl+q": "quit",
    "ctrl+p": "the command palette",
    "question_mark": "help",
    "escape": "closing dialogs",
    "up": "moving the selection",
    "down": "moving the selection",
    "pageup": "moving the selection",
    "pagedown": "moving the selection",
    "home": "moving the selection",
    "end": "moving the selection",
}


class BadKey(ValueError):
    """A keymap value that is not a key; the message says why."""


def _character_name(char: str) -> str:
    """Textual's name for one printable character (`?` → `question_mark`)."""
    if char.isalnum():
        return char
    try:
        name = unicodedata.name(char).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        raise BadKey(f"{char!r} is not a key") from None
    return CHARACTER_NAMES.get(name, name)


def canonical(key: str) -> str:
    """The one spelling of `key` (`Ctrl+H` → `ctrl+h`, `?` → `question_mark`); BadKey if none."""
    text = key.strip()
    if not text or any(c.isspace() for c in text) or not text.isprintable():
        raise BadKey(f"{key!r} is not a key name like 'ctrl+h'")
    if len(text) == 1:
        return _character_name(text)
    parts = text.split("+")
    if text.endswith("+"):  # `ctrl++`: the last part is the plus key itself
        parts = [*text[:-2].split("+"), "+"]
    *mods, base = parts
    modifiers = [ALIASES.get(mod.lower(), mod.lower()) for mod in mods]
    for modifier in modifiers:
        if modifier not in MODIFIERS:
            raise BadKey(f"{key!r}: {modifier!r} is not a modifier (ctrl, alt, shift...)")
    if len(set(modifiers)) != len(modifiers):
        raise BadKey(f"{key!r} names a modifier twice")
    if len(base) == 1:
        name = _character_name(base)
        if modifiers and name.isalpha():
            name = name.lower()  # ctrl+H is ctrl+h: terminals send no case with ctrl
    else:
        name = ALIASES.get(base.lower(), base.lower())
        known = NAMED_KEYS | set(CHARACTER_NAMES.values())
        if name not in known and not _is_character_name(name):
            raise BadKey(f"{key!r}: {base!r} is not a key")
    ordered = sorted(modifiers, key=MODIFIERS.index)
    return "+".join((*ordered, name))


def _is_character_name(name: str) -> bool:
    try:
        return len(unicodedata.lookup(name.replace("_", " "))) == 1
    except KeyError:
        return False


def canonical_keys(keys: str) -> list[str]:
    """Each key of a comma-separated binding (`h,ctrl+h`), canonical."""
    return [canonical(part) for part in keys.split(",")]


def reserved_for(key: str) -> str | None:
    """What the app keeps `key` (canonical) for, or None when it is free to bind."""
    return RESERVED.get(key)
