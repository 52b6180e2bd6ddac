"""The local RingCentral emulator (`calldeck emulator`): aiohttp on loopback, no Textual."""

from __future__ import annotations

from tui.emulator.config import EmulatorConfig
from tui.emulator.runner import run
from tui.emulator.server import Emulator

__all__ = ["Emulator", "EmulatorConfig", "run"]
