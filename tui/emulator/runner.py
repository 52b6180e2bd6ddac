"""Run one emulator in the foreground: the `calldeck emulator` process."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

from tui.emulator.config import EmulatorConfig
from tui.emulator.server import Emulator


def write_credentials(path: str, credentials: dict) -> None:
    """Write the credentials JSON to `path`, readable by the owner only (0600)."""
    target = Path(path)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(credentials, handle)
        handle.write("\n")
    os.chmod(target, 0o600)  # O_CREAT's mode does not apply to an existing file


async def serve(config: EmulatorConfig, credentials_file: str | None = None) -> int:
    """Start, announce the credentials line, serve until SIGINT/SIGTERM, stop cleanly."""
    emulator = Emulator(config)
    await emulator.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        line = json.dumps(emulator.credentials)
        if credentials_file:
            write_credentials(credentials_file, emulator.credentials)
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
        await stop.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await emulator.stop()
    return 0


def run(config: EmulatorConfig, credentials_file: str | None = None) -> int:
    """Blocking entry point for the CLI; returns the exit code."""
    return asyncio.run(serve(config, credentials_file))
