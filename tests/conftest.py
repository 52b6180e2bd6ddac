"""Shared fixtures: a live emulator per test, with contract validation of everything it served."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from tests.contract import contract_failures
from tui.emulator import Emulator, EmulatorConfig


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    """The emulator's configuration; override this fixture in a module to change it."""
    return EmulatorConfig(scenario="quiet")


@asynccontextmanager
async def contract_checked_emulator(config: EmulatorConfig) -> AsyncIterator[Emulator]:
    """A started emulator on a free loopback port; every REST exchange it served is validated
    against call-control-subset.yaml when it stops, and a mismatch fails the test."""
    emu = Emulator(config)
    await emu.start()
    try:
        yield emu
    finally:
        await emu.stop()
    failures = contract_failures(emu.exchanges)
    if failures:
        pytest.fail("emulator responses do not match the contract:\n" + "\n".join(failures))


@pytest.fixture
async def emulator(emulator_config: EmulatorConfig) -> AsyncIterator[Emulator]:
    """A started `quiet` emulator, contract-checked at teardown."""
    async with contract_checked_emulator(emulator_config) as emu:
        yield emu


@pytest.fixture
def credentials(emulator: Emulator) -> dict:
    """The emulator's credentials line (server, clientId, clientSecret, jwt, accountId, extensionId)."""
    return emulator.credentials


@pytest.fixture
async def control(emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client for the control API (`/_emulator/...`)."""
    async with httpx.AsyncClient(base_url=f"{emulator.url}/_emulator", timeout=10) as client:
        yield client
