"""The pure call model: RingCentral events and snapshots in, the calls a user sees out.

Stdlib only (a test enforces it), so the CLI, the emulator and the UI can all use it cheaply.
"""

from __future__ import annotations

from tui.calls.book import CallBook
from tui.calls.model import (
    Action,
    ApplyResult,
    Call,
    CallState,
    Endpoint,
    Party,
    PeerId,
    Recording,
    RecordingState,
    allowed_actions,
)

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
