"""`calldeck emulator` and `calldeck watch` as real subprocesses, for the end-to-end tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tests.shared import REPO_ROOT

PYTHON = sys.executable


async def _spawn(*args: str, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        PYTHON,
        "-m",
        "tui",
        *args,
        cwd=REPO_ROOT,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _finish(process: asyncio.subprocess.Process, signum: int = signal.SIGTERM) -> int:
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signum)
        try:
            return await asyncio.wait_for(process.wait(), 15)
        except TimeoutError:
            process.kill()
            return await process.wait()
    return process.returncode


def base_env(home: Path) -> dict[str, str]:
    """The environment of a subprocess: no RingCentral variables, a private CALLDECK_HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RINGCENTRAL_")}
    env["CALLDECK_HOME"] = str(home)
    env["PYTHONUNBUFFERED"] = "1"
    return env


@asynccontextmanager
async def emulator_process(home: Path, *flags: str) -> AsyncIterator[dict[str, Any]]:
    """`calldeck emulator --port 0 --credentials-file F [flags]`; yields its credentials."""
    credentials_file = home / "emulator.json"
    process = await _spawn(
        "emulator",
        "--port",
        "0",
        "--credentials-file",
        str(credentials_file),
        *flags,
        env=base_env(home),
    )
    try:
        line = await asyncio.wait_for(process.stdout.readline(), 20)
        assert line, (await process.stderr.read()).decode()
        credentials = json.loads(line)
        assert json.loads(credentials_file.read_text()) == credentials
        yield credentials
    finally:
        await _finish(process)


class WatchProcess:
    """A running `calldeck watch`; `lines` fills as it prints."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[dict[str, Any]] = []
        self.raw: list[str] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        while line := await self.process.stdout.readline():
            text = line.decode()
            self.raw.append(text)
            self.lines.append(json.loads(text))

    async def wait_for(
        self, condition: Callable[[list[dict]], object], timeout: float = 15, what: str = ""
    ) -> None:
        """Poll the printed lines until `condition(lines)` holds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition(self.lines):
            if loop.time() > deadline or (self._reader.done() and not condition(self.lines)):
                stderr = b""
                if self.process.returncode is not None and self.process.stderr is not None:
                    stderr = await self.process.stderr.read()
                raise AssertionError(f"watch never showed {what}: {self.lines} {stderr!r}")
            await asyncio.sleep(0.05)

    def states(self, sid: str) -> list[str]:
        """The states printed for one call, in order (each printed view is a change)."""
        return [
            line["call"]["state"]
            for line in self.lines
            if line["type"] == "call" and line["call"]["telephonySessionId"] == sid
        ]

    def last(self, sid: str) -> dict[str, Any]:
        """The latest CALL printed for one call."""
        calls = [line["call"] for line in self.lines if line["type"] == "call"]
        return [call for call in calls if call["telephonySessionId"] == sid][-1]

    def connections(self) -> list[tuple[str | None, str]]:
        """(transport, state) of every connection line."""
        return [
            (line["transport"], line["state"])
            for line in self.lines
            if line["type"] == "connection"
        ]

    async def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str]:
        """Signal it; return (exit code, stderr)."""
        code = await _finish(self.process, signum)
        await self._reader
        assert self.process.stderr is not None
        return code, (await self.process.stderr.read()).decode()


@asynccontextmanager
async def watch_process(
    home: Path, credentials: dict[str, Any] | None, *flags: str, before: tuple[str, ...] = ()
) -> AsyncIterator[WatchProcess]:
    """`calldeck [before] watch [flags]` signed in through the RINGCENTRAL_* environment."""
    env = base_env(home)
    if credentials is not None:
        env.update(
            RINGCENTRAL_SERVER_URL=credentials["server"],
            RINGCENTRAL_CLIENT_ID=credentials["clientId"],
            RINGCENTRAL_CLIENT_SECRET=credentials["clientSecret"],
            RINGCENTRAL_JWT=credentials["jwt"],
        )
    watch = WatchProcess(await _spawn(*before, "watch", *flags, env=env))
    try:
        yield watch
    finally:
        await _finish(watch.process, signal.SIGKILL)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(watch._reader, 5)
