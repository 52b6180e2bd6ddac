"""The server dies and comes back (issue 7) while `calldeck watch` runs.

The emulator process is killed (SIGKILL: no goodbye, sockets reset) and started again on the
same port with empty state, as after a crash. `calldeck watch` must report the outage,
sign in again, subscribe again, re-sync (the calls the dead server had are gone: ended; a
call made after the restart rings), and still exit cleanly on SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.push.helpers import Control
from tests.push.processes import PYTHON, base_env, watch_process
from tests.reliability.figures import Figures
from tests.reliability.oracle import went_recovering_then_live
from tests.shared import REPO_ROOT


@asynccontextmanager
async def restartable_emulator(
    home: Path, port: int = 0
) -> AsyncIterator[tuple[dict[str, Any], asyncio.subprocess.Process]]:
    """The emulator as a process on `port` (0: any), credentials kept in `home`."""
    process = await asyncio.create_subprocess_exec(
        PYTHON,
        "-m",
        "tests.reliability.restartable_emulator",
        str(port),
        str(home / "apps.json"),
        cwd=REPO_ROOT,
        env=base_env(home),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        line = await asyncio.wait_for(process.stdout.readline(), 20)
        assert line, (await process.stderr.read()).decode()
        yield json.loads(line), process
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


def call_lines(lines: list[dict], sid: str) -> list[str]:
    """States printed for one call."""
    return [
        line["call"]["state"]
        for line in lines
        if line["type"] == "call" and line["call"]["telephonySessionId"] == sid
    ]


def states(lines: list[dict]) -> list[str]:
    """Connection states printed, in order."""
    return [line["state"] for line in lines if line["type"] == "connection"]


@pytest.mark.slow
@pytest.mark.parametrize("transport", ["websocket", "pubnub"])
async def test_watch_survives_the_server_being_killed_and_restarted(
    tmp_path: Path, figures: Figures, transport: str
) -> None:
    async with restartable_emulator(tmp_path) as (creds, first):
        port = urlsplit(creds["server"]).port
        async with httpx.AsyncClient(base_url=f"{creds['server']}/_emulator", timeout=10) as http:
            ctl = Control(http)
            answered = await ctl.call(**{"from": "+14155550100"})
            await ctl.act(answered, "answer")
            ringing = await ctl.call(**{"from": "+14155550101"})
        async with watch_process(tmp_path, creds, "--transport", transport) as watch:
            await watch.wait_for(lambda ls: "live" in states(ls), what="live")
            assert call_lines(watch.lines, answered) == ["active"]
            assert call_lines(watch.lines, ringing) == ["ringing"]
            first.kill()
            await first.wait()
            await watch.wait_for(lambda ls: "live" not in states(ls)[-1:], what="the outage")
            loop = asyncio.get_running_loop()
            killed_at = loop.time()
            async with restartable_emulator(tmp_path, port) as (again, _second):
                assert again == creds  # same app, same JWT, same port
                async with httpx.AsyncClient(
                    base_url=f"{creds['server']}/_emulator", timeout=10
                ) as http:
                    fresh = await Control(http).call(**{"from": "+14155550102"})
                    await watch.wait_for(
                        lambda ls: (
                            states(ls)[-1:] == ["live"]
                            and call_lines(ls, fresh)[-1:] == ["ringing"]
                            and call_lines(ls, answered)[-1:] == ["ended"]
                            and call_lines(ls, ringing)[-1:] == ["ended"]
                        ),
                        # PubNub: the restarted server lost the subscription, so PubNub refuses
                        # its key until the transport's outage check re-creates it (~10 s).
                        timeout=45,
                        what="re-sync after the restart",
                    )
                    back_after = loop.time() - killed_at
                    code, stderr = await watch.stop(signal.SIGTERM)
    figures.record(
        f"emulator killed and restarted (watch, {transport})",
        **{
            "connection states": "→".join(states(watch.lines)),
            "s from kill to re-synced": round(back_after, 1),
            "calls ended by re-sync": 2,
            "exit on SIGTERM": code,
            "stderr lines": len(stderr.splitlines()),
        },
    )
    assert code == 0
    assert "Traceback" not in stderr and stderr.strip() == ""
    assert went_recovering_then_live(states(watch.lines))
    assert call_lines(watch.lines, answered) == ["active", "ended"]
    assert call_lines(watch.lines, ringing) == ["ringing", "ended"]
    assert call_lines(watch.lines, fresh) == ["ringing"]
