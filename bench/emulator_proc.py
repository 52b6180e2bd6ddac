"""The emulator in its own process (`python -m bench.emulator_proc`), driven over stdin.

It prints one JSON line `{"credentials": ...}` once listening, then answers each JSON
command line on stdin with one JSON line on stdout. Running it apart from the app keeps the
emulator's work (encryption, HTTP) off the measured app's event loop, as with a real server.
Commands: lifecycle (replying `quiet_s` after its last event), setup, toggle, hang_up_all,
ring, answer, requests, stop.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

from aiohttp import web

from bench.emulator_client import LINE_LIMIT
from bench.load import LoadDriver
from tui.emulator import Emulator, EmulatorConfig


class TimedEmulator(Emulator):
    """The emulator, plus the arrival time of every call-control request (for key latency)."""

    def __init__(self, config: EmulatorConfig) -> None:
        super().__init__(config)
        self.arrivals: list[dict] = []

    def build_app(self) -> web.Application:
        app = super().build_app()

        @web.middleware
        async def stamp_arrival(request: web.Request, handler: Any) -> web.StreamResponse:
            if "/telephony/sessions/" in request.path and request.method in ("POST", "PATCH"):
                self.arrivals.append(
                    {"t": time.monotonic(), "method": request.method, "path": request.path}
                )
            return await handler(request)

        app.middlewares.insert(0, stamp_arrival)
        return app


async def _command(driver: LoadDriver, emulator: TimedEmulator, command: dict) -> dict:
    op = command.get("op")
    if op == "lifecycle":
        result = await driver.lifecycle(float(command["rate"]), int(command["count"]))
        # A long reply read and parsed by the measured process as its last events arrive
        # would be measured as theirs: `quiet_s` after the last one, they are all shown.
        await asyncio.sleep(float(command.get("quiet_s", 0)))
        return result
    if op == "setup":
        return await driver.setup(int(command["sessions"]), float(command["rate"]))
    if op == "toggle":
        return await driver.toggle_holds(
            list(command["sids"]), float(command["rate"]), float(command["duration"])
        )
    if op == "hang_up_all":
        return {"ended": driver.hang_up_all()}
    if op == "ring":
        return {"sid": driver.ring_user()}
    if op == "answer":
        driver.answer(str(command["sid"]))
        return {}
    if op == "requests":
        return {"arrivals": emulator.arrivals}
    raise ValueError(f"unknown command {op!r}")


async def serve() -> None:
    """Start the emulator, announce its credentials, answer commands until `stop` or EOF."""
    emulator = TimedEmulator(EmulatorConfig(scenario="quiet", pubnub_hold_seconds=5.0))
    await emulator.start()
    driver = LoadDriver(emulator)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=LINE_LIMIT)  # `toggle` names thousands of calls
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    _reply({"credentials": emulator.credentials, "url": emulator.url})
    try:
        while line := await reader.readline():
            command = json.loads(line)
            if command.get("op") == "stop":
                break
            try:
                _reply(await _command(driver, emulator, command))
            except Exception as error:  # reported to the harness, which names the piece
                _reply({"error": f"{type(error).__name__}: {error}"})
    finally:
        await emulator.stop()


def _reply(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(serve())
