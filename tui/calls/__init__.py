"""The pure call model: RingCentral events and snapshots in, the calls a user sees out.

Stdlib only (a test enforces it), so the CLI, the emulator and the UI can all use it cheaply.

Each name is loaded from its module on first use (PEP 562): the UI names states and actions
in its key table before its first frame, while the dataclasses of the model, the parser and
the book (a few milliseconds of generated code) are built only once a call or event needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.calls.book import CallBook
    from tui.calls.model import ApplyResult, Call, Endpoint, Party, PeerId, Recording
    from tui.calls.states import Action, CallState, RecordingState, allowed_actions

_HOME: dict[str, str] = {
    "Action": "tui.calls.states",
    "CallState": "tui.calls.states",
    "RecordingState": "tui.calls.states",
    "allowed_actions": "tui.calls.states",
    "ApplyResult": "tui.calls.model",
    "Call": "tui.calls.model",
    "Endpoint": "tui.calls.model",
    "Party": "tui.calls.model",
    "PeerId": "tui.calls.model",
    "Recording": "tui.calls.model",
    "CallBook": "tui.calls.book",
}

__all__ = [
    "Action",
    "ApplyResult",
    "Call",
    "CallBook",
    "CallState",
    "Endpoint",
    "Party",
    "PeerId",
    "Recording",
    "RecordingState",
    "allowed_actions",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
