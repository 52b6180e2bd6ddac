"""Fixtures of the push tests: the control API wrapper and an emulator that refuses PubNub."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.conftest import contract_checked_emulator
from tests.push.helpers import Control
from tui.emulator import Emulator, EmulatorConfig


@pytest.fixture
def ctl(control: httpx.AsyncClient) -> Control:
    """The control API of the `emulator` fixture."""
    return Control(control)


@pytest.fixture
async def emulator_without_pubnub() -> AsyncIterator[Emulator]:
    """An emulator started like `calldeck emulator --no-pubnub` (today's RingCentral)."""
    async with contract_checked_emulator(EmulatorConfig(allow_pubnub=False)) as emu:
        yield emu
