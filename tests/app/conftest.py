"""Fixtures of the UI tests (the `emulator` and `control` fixtures come from tests/conftest.py)."""

from __future__ import annotations

import httpx
import pytest

from tests.app.harness import EmulatorControl


@pytest.fixture
def emu(control: httpx.AsyncClient) -> EmulatorControl:
    """The emulator's control API, as the UI tests drive it."""
    return EmulatorControl(control)


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every UI test keeps its files (the call log cache) in its own temp dir."""
    monkeypatch.setenv("CALLDECK_HOME", str(tmp_path / "home"))
