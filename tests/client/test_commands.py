"""The login/logout/status/locate commands, run as real processes against the emulator."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser import approve, free_redirect_uri, registered_redirect_uri
from tests.client.conftest import Phone
from tests.shared import CALL_KEYS, REPO_ROOT
from tui.emulator import Emulator


@dataclass
class Ran:
    code: int
    out: str
    err: str


def _env(extra: dict[str, str] | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RINGCENTRAL_")}
    return env | (extra or {})


async def _spawn(args: tuple[str, ...], extra: dict[str, str] | None):
    # A new session has no controlling terminal, so getpass reads the piped stdin.
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tui",
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=_env(extra),
        cwd=REPO_ROOT,
        start_new_session=True,
    )


async def calldeck(*args: str, env: dict[str, str] | None = None, typed: str = "") -> Ran:
    """Run `python -m tui ARGS` (with `typed` on stdin) without blocking the emulator's loop."""
    process = await _spawn(args, env)
    out, err = await asyncio.wait_for(process.communicate(typed.encode()), 60)
    assert process.returncode is not None
    return Ran(process.returncode, out.decode(), err.decode())


def _jwt_env(emulator: Emulator) -> dict[str, str]:
    line = emulator.credentials
    return {
        "RINGCENTRAL_SERVER_URL": line["server"],
        "RINGCENTRAL_CLIENT_ID": line["clientId"],
        "RINGCENTRAL_CLIENT_SECRET": line["clientSecret"],
        "RINGCENTRAL_JWT": line["jwt"],
    }


def _one_clean_line(ran: Ran) -> str:
    """A failure shows exactly one stderr line and never a traceback."""
    assert ran.code != 0
    assert "Traceback" not in ran.err + ran.out
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1, ran.err
    return lines[0]


def _token_file(home: Path) -> Path:
    return home / "data" / "tokens.json"


async def test_status_without_sign_in(isolated_home: Path) -> None:
    ran = await calldeck("status")
    assert ran.code == 2
    assert "calldeck login" in _one_clean_line(ran)


async def test_login_jwt_status_logout(
    emulator: Emulator, phone: Phone, isolated_home: Path
) -> None:
    ran = await calldeck("login", "--jwt", env=_jwt_env(emulator))
    assert ran.code == 0, ran.err
    assert "Signed in as Jordan Reyes (ext 101)" in ran.out
    token_file = _token_file(isolated_home)
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    secrets = [emulator.credentials["jwt"], emulator.credentials["clientSecret"]]
    assert not any(s in ran.out + ran.err for s in secrets)

    ran = await calldeck("status")
    assert ran.code == 0, ran.err
    assert "Jordan Reyes (ext 101)" in ran.out and emulator.url in ran.out
    assert "No current calls." in ran.out

    sid, pid = await phone.ring(fromName="Ada Lovelace", **{"from": "+16505550123"})
    ran = await calldeck("status")
    assert "ringing" in ran.out and "Ada Lovelace +16505550123" in ran.out
    ran = await calldeck("status", "--json")
    data = json.loads(ran.out)
    assert list(data) == ["calls"] and len(data["calls"]) == 1
    call = data["calls"][0]
    assert set(call) == CALL_KEYS
    assert (call["telephonySessionId"], call["partyId"], call["state"]) == (sid, pid, "ringing")

    ran = await calldeck("logout")
    assert ran.code == 0 and "Signed out." in ran.out
    assert not token_file.exists()
    revokes = [ex for ex in emulator.exchanges if ex.path == "/restapi/oauth/revoke"]
    assert len(revokes) == 1 and revokes[0].status == 200
    ran = await calldeck("logout")
    assert ran.code == 0 and "not signed in" in ran.out
    ran = await calldeck("status")
    assert ran.code == 2


async def test_status_with_env_credentials(emulator: Emulator) -> None:
    ran = await calldeck("status", "--json", env=_jwt_env(emulator))
    assert ran.code == 0, ran.err
    assert json.loads(ran.out) == {"calls": []}


async def test_bad_credentials(emulator: Emulator) -> None:
    env = _jwt_env(emulator) | {"RINGCENTRAL_JWT": "not-the-jwt"}
    line = _one_clean_line(await calldeck("status", env=env))
    assert "did not accept" in line and "not-the-jwt" not in line


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_server_unreachable(emulator: Emulator) -> None:
    env = _jwt_env(emulator) | {"RINGCENTRAL_SERVER_URL": f"http://127.0.0.1:{_closed_port()}"}
    line = _one_clean_line(await calldeck("status", env=env))
    assert "Could not reach RingCentral" in line


async def test_bad_server_name() -> None:
    line = _one_clean_line(await calldeck("status", "--server", "http://example.com"))
    assert "must use https" in line


async def test_logout_offline_still_forgets(emulator: Emulator, isolated_home: Path) -> None:
    assert (await calldeck("login", "--jwt", env=_jwt_env(emulator))).code == 0
    token_file = _token_file(isolated_home)
    saved = json.loads(token_file.read_text())
    saved["server"] = f"http://127.0.0.1:{_closed_port()}"  # the server is gone
    token_file.write_text(json.dumps(saved))
    line = _one_clean_line(await calldeck("logout"))
    assert "Signed out on this computer" in line and "could not revoke" in line
    assert not token_file.exists()


async def test_browser_login_prints_the_url_and_finishes(
    emulator: Emulator, isolated_home: Path
) -> None:
    env = {"RINGCENTRAL_CLIENT_ID": emulator.public_client_id}
    redirect = registered_redirect_uri(emulator)
    args = ("login", "--no-browser", "--server", emulator.url, "--redirect-uri", redirect)
    process = await _spawn(args, env)
    assert process.stdout is not None
    url = ""
    printed: list[str] = []
    for _ in range(10):  # bounded: the URL is the third line
        line = (await asyncio.wait_for(process.stdout.readline(), 20)).decode().strip()
        printed.append(line)
        if line.startswith("http"):
            url = line
            break
    assert url.startswith(f"{emulator.url}/restapi/oauth/authorize?")
    assert f"Redirect URI (register exactly this for your app): {redirect}" in printed
    page = await approve(url)  # a program in place of the browser, form post included
    assert "close this tab" in page.text
    out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    assert "Signed in as Jordan Reyes" in out.decode()
    assert stat.S_IMODE(_token_file(isolated_home).stat().st_mode) == 0o600
    status = await calldeck("status")
    assert status.code == 0, status.err
    assert "Jordan Reyes" in status.out


async def test_browser_login_with_an_unregistered_redirect_uri(emulator: Emulator) -> None:
    env = {"RINGCENTRAL_CLIENT_ID": emulator.public_client_id}
    unregistered = free_redirect_uri()
    ran = await calldeck(
        "login", "--no-browser", "--server", emulator.url, "--redirect-uri", unregistered, env=env
    )
    line = _one_clean_line(ran)
    assert "OAU-109" in line and f"Register exactly {unregistered}" in line


@pytest.mark.parametrize("bad", ["http://example.com:8080/cb", "https://127.0.0.1:1/cb", "x"])
async def test_browser_login_refuses_a_redirect_uri_it_cannot_listen_on(bad: str) -> None:
    env = {"RINGCENTRAL_CLIENT_ID": "some-app"}
    line = _one_clean_line(await calldeck("login", "--no-browser", "--redirect-uri", bad, env=env))
    assert "is not a redirect URI calldeck can use" in line


async def test_browser_login_on_a_taken_default_port_names_it(emulator: Emulator) -> None:
    # The one test that touches calldeck's fixed port 53135: it holds it (or something else
    # already does, which is the same case) so `calldeck login` cannot.
    env = {"RINGCENTRAL_CLIENT_ID": emulator.public_client_id}
    with socket.socket() as holder:
        # As calldeck's own listener does (asyncio sets SO_REUSEADDR): without it, a closed
        # connection whose ephemeral port was 53135 (TIME_WAIT) kept the holder out but
        # let `calldeck login` in, to wait for a browser that never came.
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        with contextlib.suppress(OSError):
            holder.bind(("127.0.0.1", 53135))
            holder.listen()
        ran = await calldeck("login", "--no-browser", "--server", emulator.url, env=env)
    line = _one_clean_line(ran)
    assert "Port 53135 on 127.0.0.1 is in use" in line and "--redirect-uri" in line


async def test_browser_login_needs_a_client_id() -> None:
    line = _one_clean_line(await calldeck("login", "--no-browser"))
    assert "RINGCENTRAL_CLIENT_ID" in line


async def test_browser_login_times_out(emulator: Emulator) -> None:
    env = {"RINGCENTRAL_CLIENT_ID": emulator.public_client_id}
    redirect = registered_redirect_uri(emulator)
    ran = await calldeck(
        "login",
        "--no-browser",
        "--server",
        emulator.url,
        "--timeout",
        "0.5",
        "--redirect-uri",
        redirect,
        env=env,
    )
    assert "No sign-in arrived from the browser" in _one_clean_line(ran)


@pytest.mark.parametrize(
    ("what", "tail"),
    [("config", "config/config.toml"), ("data", "data"), ("log", "log/calldeck.log")],
)
async def test_locate(what: str, tail: str, isolated_home: Path) -> None:
    ran = await calldeck("locate", what)
    assert ran.code == 0 and ran.out.strip() == str(isolated_home / tail)


async def test_login_jwt_prompts_for_what_the_environment_lacks(
    emulator: Emulator, isolated_home: Path
) -> None:
    line = emulator.credentials
    typed = f"{line['clientId']}\n{line['clientSecret']}\n{line['jwt']}\n"
    ran = await calldeck(
        "login", "--jwt", env={"RINGCENTRAL_SERVER_URL": emulator.url}, typed=typed
    )
    assert ran.code == 0, ran.err
    assert "Client ID: " in ran.out and "Signed in as Jordan Reyes" in ran.out
    assert line["clientSecret"] not in ran.out + ran.err and line["jwt"] not in ran.out + ran.err
    assert _token_file(isolated_home).exists()


async def test_login_jwt_with_nothing_typed(emulator: Emulator) -> None:
    ran = await calldeck("login", "--jwt", "--server", emulator.url)
    assert "No client id given" in _one_clean_line(ran)


async def test_logging_in_again_ends_the_previous_sign_in(emulator: Emulator) -> None:
    assert (await calldeck("login", "--jwt", env=_jwt_env(emulator))).code == 0
    assert (await calldeck("login", "--jwt", env=_jwt_env(emulator))).code == 0
    revokes = [ex.status for ex in emulator.exchanges if ex.path == "/restapi/oauth/revoke"]
    assert revokes == [200]
    ran = await calldeck("status")  # the new sign-in is the one that works
    assert ran.code == 0, ran.err


async def test_browser_login_takes_the_redirect_uri_from_the_config(
    emulator: Emulator, isolated_home: Path
) -> None:
    redirect = registered_redirect_uri(emulator)
    config = isolated_home / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'redirect_uri = "{redirect}"\nclient_id = "{emulator.public_client_id}"\n')
    ran = await calldeck("login", "--no-browser", "--server", emulator.url, "--timeout", "0.5")
    assert f"Redirect URI (register exactly this for your app): {redirect}" in ran.out
    assert "No sign-in arrived" in _one_clean_line(ran)


def test_a_config_redirect_uri_calldeck_cannot_listen_on_is_refused() -> None:
    from tui.config import ConfigError, parse_settings

    with pytest.raises(ConfigError, match="redirect_uri"):
        parse_settings({"redirect_uri": "https://example.com/cb"})
    assert parse_settings({"redirect_uri": "http://localhost:8080/cb"}).redirect_uri
