"""Running `python -m tui ...` as a user would, with a bound on how long it may take."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.shared import REPO_ROOT
from tui.emulator import Emulator

# Any connection that should not happen goes to a closed loopback port, never outside.
DEAD_PROXY = "http://127.0.0.1:9"


@dataclass
class Ran:
    """How one command ended."""

    code: int | None  # None: still running at the deadline (then killed)
    out: str
    err: str


def cli_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A private CALLDECK_HOME, no RingCentral variables, proxies pointing nowhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RINGCENTRAL_")}
    env.update(
        CALLDECK_HOME=str(home),
        HTTP_PROXY=DEAD_PROXY,
        HTTPS_PROXY=DEAD_PROXY,
        ALL_PROXY=DEAD_PROXY,
        NO_PROXY="",
    )
    return env | (extra or {})


def jwt_env(emulator: Emulator) -> dict[str, str]:
    """The RINGCENTRAL_* variables of the emulator's JWT credential."""
    creds = emulator.credentials
    return {
        "RINGCENTRAL_SERVER_URL": creds["server"],
        "RINGCENTRAL_CLIENT_ID": creds["clientId"],
        "RINGCENTRAL_CLIENT_SECRET": creds["clientSecret"],
        "RINGCENTRAL_JWT": creds["jwt"],
    }


async def run_cli(*args: str, env: dict[str, str], timeout: float = 20) -> Ran:
    """Run calldeck with `args`; kill it if it is still running after `timeout` seconds."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tui",
        *args,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        cwd=REPO_ROOT,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout)
        return Ran(process.returncode, out.decode(), err.decode())
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        out, err = await process.communicate()
        return Ran(None, out.decode(), err.decode())
