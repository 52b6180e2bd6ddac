"""Locate the shared reference material (`../shared` beside the repo, or $CALLDECK_SHARED)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_path(*parts: str) -> Path:
    """Path inside the shared reference folder (spec, fixtures, docs)."""
    base = os.environ.get("CALLDECK_SHARED")
    root = Path(base) if base else REPO_ROOT.parent / "shared"
    return root.joinpath(*parts)


def fixture_path(name: str) -> Path:
    """A real RingCentral payload from `ringcentral/fixtures/`."""
    return shared_path("ringcentral", "fixtures", name)


# The keys of a CALL object (issue 3): every one is always present.
CALL_KEYS = frozenset(
    {
        "telephonySessionId",
        "partyId",
        "state",
        "status",
        "reason",
        "direction",
        "from",
        "to",
        "muted",
        "remoteHold",
        "recording",
        "queueCall",
    }
)
