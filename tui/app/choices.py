"""What the dialogs return: plain values, no Textual.

Kept out of the dialog modules so the main screen and the request code can name them
without loading every dialog before the first frame (dialogs load when first opened).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Choice:
    """One pickable item: the value returned and how it reads."""

    value: str
    label: str
    name: str = ""
    """How the choice reads in a sentence ("Mobile"); empty: the value."""


@dataclass(frozen=True, slots=True)
class TransferTarget:
    """Where a transfer goes: exactly one kind and its value."""

    kind: str
    """number, extension, voicemail or park_orbit."""
    value: str
    """E.164 number, extension number, voicemail extension id or park orbit id."""
    label: str = ""

    def keyword(self) -> dict[str, str]:
        """Keyword argument for `CallControl.transfer`."""
        name = {"number": "phone_number", "extension": "extension_number"}.get(self.kind, self.kind)
        return {name: self.value}


@dataclass(frozen=True, slots=True)
class ReplyChoice:
    """One reply: a pattern (with time and unit where it takes them) or a custom text."""

    label: str
    pattern: str | None = None
    time: int | None = None
    time_unit: str | None = None
    text: str | None = None

    def keywords(self) -> dict[str, Any]:
        """Keyword arguments for `CallControl.reply`."""
        if self.text is not None:
            return {"text": self.text}
        return {"pattern": self.pattern, "time": self.time, "time_unit": self.time_unit}
