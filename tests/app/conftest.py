"""Fixtures of the UI tests (the `emulator` and `control` fixtures come from tests/conftest.py)."""

from __future__ import annotations

import httpx
import pytest

from tests.app.harness import EmulatorControl


@pytest.fixture
def emu(control: httpx.AsyncClient) -> EmulatorControl:
    """The emulator's control API, as the UI tests drive it."""
    return EmulatorControl(control)
