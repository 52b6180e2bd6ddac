"""SVG snapshots of the main views at 100x30 and 160x45, from CallBook scenes and a fixed clock.

Update after an intended visual change with
`pytest tests/app/test_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.app.scenes import SCENES, SIZES, snapshot_app


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The header's clock is local time: drawn in UTC so the snapshots match anywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("scene", list(SCENES))
def test_scene(snap_compare, scene: str, size: tuple[int, int]) -> None:
    assert snap_compare(snapshot_app(), run_before=SCENES[scene], terminal_size=size)
