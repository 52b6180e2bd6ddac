"""Fixtures of the push tests: the control API wrapper and an emulator that refuses PubNub."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.contract import contract_failures
from tests.push.helpers import Control
from tui.emulator import Emulator, EmulatorConfig


@pytest.fixture
def ctl(control: httpx.AsyncClient) -> Control:
    """The control API of the `emulator` fixture."""
    return Control(control)


@pytest.fixture
async def emulator_without_pubnub() -> AsyncIterator[Emulator]:
    """An emulator started like `calldeck emulator --no-pubnub` (today's RingCentral)."""
    emu = Emulator(EmulatorConfig(allow_pubnub=False))
    await emu.start()
    try:
        yield emu
    finally:
        await emu.stop()
    failures = contract_failures(emu.exchanges)
    if failures:
        pytest.fail("emulator responses do not match the contract:\n" + "\n".join(failures))
