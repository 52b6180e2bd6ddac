"""Fixtures of the reliability tests: the control API and the run's figures."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.app.harness import EmulatorControl
from tests.push.helpers import Control
from tests.reliability.figures import CACHE_KEY, Figures

_FIGURES = Figures()


@pytest.fixture
def ctl(control: httpx.AsyncClient) -> Control:
    """The control API of the `emulator` fixture."""
    return Control(control)


@pytest.fixture
def emu(control: httpx.AsyncClient) -> EmulatorControl:
    """The control API as the UI tests drive it (ring, act, per-call requests)."""
    return EmulatorControl(control)


@pytest.fixture(scope="session")
def figures(request: pytest.FixtureRequest) -> Iterator[Figures]:
    """The run's figures; saved to the pytest cache when the session ends."""
    yield _FIGURES
    cache = getattr(request.config, "cache", None)
    if cache is not None and _FIGURES.rows:
        previous = cache.get(CACHE_KEY, {}) or {}
        cache.set(CACHE_KEY, {**previous, **_FIGURES.rows})
