"""`calldeck emulator` as a real process: one JSON line, credentials file, clean exit."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import stat
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.emulator.helpers import jwt_token
from tests.shared import REPO_ROOT


async def _start(*args: str) -> tuple[asyncio.subprocess.Process, dict, float]:
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tui", "emulator", "--port", "0", *args,
        cwd=REPO_ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), timeout=15)
    return process, json.loads(line), time.monotonic() - started


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
async def test_prints_one_json_line_serves_and_stops_cleanly(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    creds_file = tmp_path / "creds.json"
    process, line, seconds = await _start(
        "--credentials-file", str(creds_file), "--access-ttl", "600"
    )
    try:
        print(f"calldeck emulator printed its line after {seconds:.3f} s")
        assert set(line) == {
            "server",
            "clientId",
            "clientSecret",
            "jwt",
            "accountId",
            "extensionId",
            "publicClientId",
            "redirectUris",
        }
        assert line["redirectUris"] == ["http://127.0.0.1:53135/callback"]
        assert line["server"].startswith("http://127.0.0.1:")
        assert json.loads(creds_file.read_text()) == line
        assert stat.S_IMODE(os.stat(creds_file).st_mode) == 0o600
        async with httpx.AsyncClient(base_url=line["server"]) as client:
            token = await client.post(
                "/restapi/oauth/token",
                data={
                    "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                    "assertion": line["jwt"],
                },
                auth=(line["clientId"], line["clientSecret"]),
            )
            assert token.status_code == 200 and token.json()["expires_in"] == 600
    finally:
        process.send_signal(stop_signal)
        code = await asyncio.wait_for(process.wait(), timeout=15)
    assert code == 0
    rest = await process.stdout.read()  # type: ignore[union-attr]
    assert rest == b""  # exactly one line on stdout
    stderr = await process.stderr.read()  # type: ignore[union-attr]
    assert b"Traceback" not in stderr


async def test_a_busy_port_is_one_clear_line_and_exit_1() -> None:
    process, line, _ = await _start()
    port = line["server"].rsplit(":", 1)[1]
    try:
        second = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tui", "emulator", "--port", port,
            cwd=REPO_ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(second.communicate(), timeout=15)
        assert second.returncode == 1
        assert out == b""
        assert err.decode().startswith("calldeck emulator: cannot start")
        assert b"Traceback" not in err
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), timeout=15)


async def test_sign_in_options_register_uris_scopes_and_lifetimes() -> None:
    uris = ["http://127.0.0.1:8765/callback", "http://localhost:8765/cb"]
    process, line, _ = await _start(
        "--redirect-uri", uris[0], "--redirect-uri", uris[1],
        "--scopes", "ReadAccounts ReadPresence", "--refresh-ttl", "120",
    )  # fmt: skip
    try:
        assert line["redirectUris"] == uris and line["publicClientId"]
        async with httpx.AsyncClient(base_url=line["server"]) as client:
            info = await jwt_token(client, line)
            assert info["scope"] == "ReadAccounts ReadPresence"
            assert info["refresh_token_expires_in"] == 120
            calls = await client.get(
                "/restapi/v1.0/account/~/extension/~/active-calls",
                headers={"Authorization": f"Bearer {info['access_token']}"},
            )
            assert calls.status_code == 403
            assert calls.json()["errors"][0]["permissionName"] == "ReadCallLog"
    finally:
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), timeout=15) == 0
