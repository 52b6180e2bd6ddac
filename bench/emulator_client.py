"""The harness side of `bench.emulator_proc`: start it, send commands, stop it."""

from __future__ import annotations

import asyncio
import json
import sys
from types import TracebackType
from typing import Any

from bench.cpus import pin_emulator

# Replies to long commands (a 60 s load) carry every action; keep the pipe buffer large.
LINE_LIMIT = 256 * 1024 * 1024
START_TIMEOUT_S = 30.0


class EmulatorProcess:
    """`async with EmulatorProcess() as emu:` a started emulator in a child process."""

    def __init__(self) -> None:
        self.process: asyncio.subprocess.Process | None = None
        self.credentials: dict[str, Any] = {}
        self.url = ""

    async def __aenter__(self) -> EmulatorProcess:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.emulator_proc",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=LINE_LIMIT,
        )
        pin_emulator(self.process.pid)
        hello = await asyncio.wait_for(self._read(), START_TIMEOUT_S)
        self.credentials = hello["credentials"]
        self.url = hello["url"]
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        process = self.process
        if process is None:
            return
        try:
            if process.stdin is not None and not process.stdin.is_closing():
                process.stdin.write(b'{"op": "stop"}\n')
                process.stdin.close()
            await asyncio.wait_for(process.wait(), 10)
        except (TimeoutError, ConnectionError):
            process.kill()
            await process.wait()

    async def call(self, op: str, timeout: float = 120.0, **arguments: Any) -> dict:
        """Send one command and return its reply; raises RuntimeError on an error reply."""
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write((json.dumps({"op": op, **arguments}) + "\n").encode())
        await self.process.stdin.drain()
        reply = await asyncio.wait_for(self._read(), timeout)
        if "error" in reply:
            raise RuntimeError(f"emulator {op}: {reply['error']}")
        return reply

    async def _read(self) -> dict:
        assert self.process is not None and self.process.stdout is not None
        line = await self.process.stdout.readline()
        if not line:
            raise RuntimeError("the emulator process exited")
        return json.loads(line)
