"""No token anywhere (issue 7): a whole session, then a search of everything it left behind.

The session: `calldeck login --jwt`, `status --json`, `watch` through a call with an access
token expiring and push dropping (so tokens are refreshed and a new WebSocket token is
fetched), `status`, the UI through calls, a forced failure and its details, the event log
pane, screenshots, then `logout`. Every token, refresh token, WebSocket token, the JWT and
the client secret that crossed the wire are then searched for in: every stdout and stderr,
every file under CALLDECK_HOME (logs, config) except the 0600 token file, the screenshots
(SVG), the event log pane and the error details.
"""

from __future__ import annotations

import logging
import signal
import stat
from pathlib import Path

import httpx
import pytest

from tests.app.harness import EmulatorControl, answered_call, running_app, wait_for
from tests.push.processes import watch_process
from tests.reliability.cli import cli_env, jwt_env, run_cli
from tests.reliability.figures import Figures
from tests.reliability.secrets_seen import files_under, leaks, secrets_of
from tui.emulator import Emulator
from tui.logging_setup import setup_file_logging


async def ui_session(emulator: Emulator, emu: EmulatorControl, control: httpx.AsyncClient) -> dict:
    """The UI through calls, a refresh, a failure; returns screenshots and pane texts."""
    seen: dict[str, str] = {}
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        await pilot.press("h")
        await wait_for(pilot, lambda: app.main.table.pending_label(sid) is None, "hold")
        (await control.post("/faults", json={"expireAccessTokens": True})).raise_for_status()
        await pilot.press("h")
        await wait_for(pilot, lambda: app.main.table.pending_label(sid) is None, "unhold")
        (await control.post("/faults", json={"http5xx": 1})).raise_for_status()
        await pilot.press("m")
        await wait_for(pilot, lambda: app.main.last_error is not None, "the failure")
        await pilot.press("e")
        await pilot.pause(0.2)
        seen["screenshot, event log"] = app.export_screenshot()
        seen["event log pane"] = "\n".join(
            line.text for line in app.main.query_one("EventLog").lines
        )
        await pilot.press("E")
        await pilot.pause(0.2)
        seen["error details"] = app.screen.query_one("TextArea").text
        seen["screenshot, error details"] = app.export_screenshot()
    return seen


@pytest.mark.slow
async def test_no_secret_in_any_output_log_or_screenshot(
    emulator: Emulator,
    emu: EmulatorControl,
    control: httpx.AsyncClient,
    tmp_path: Path,
    figures: Figures,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "home"
    outputs: dict[str, str] = {}
    env = cli_env(home)

    login = await run_cli("login", "--jwt", env=cli_env(home, jwt_env(emulator)))
    assert login.code == 0, login.err
    token_file = home / "data" / "tokens.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    status = await run_cli("status", "--json", env=env)
    assert status.code == 0, status.err
    outputs |= {"login": login.out + login.err, "status --json": status.out + status.err}

    async with watch_process(home, None, "--transport", "websocket") as watch:
        await watch.wait_for(lambda ls: any(line.get("state") == "live" for line in ls))
        sid = await emu.ring()
        await emu.act(sid, "answer")
        (await control.post("/faults", json={"expireAccessTokens": True})).raise_for_status()
        (await control.post("/faults", json={"dropPush": True})).raise_for_status()
        await emu.act(sid, "hangup")
        await watch.wait_for(
            lambda ls: watch.states(sid)[-1:] == ["ended"], timeout=20, what="the hang-up"
        )
        code, stderr = await watch.stop(signal.SIGTERM)
    assert code == 0
    outputs["watch"] = "".join(watch.raw) + stderr
    status = await run_cli("status", env=env)
    assert status.code == 0, status.err
    outputs["status"] = status.out + status.err

    monkeypatch.setenv("CALLDECK_HOME", str(home))
    log_path = setup_file_logging(logging.DEBUG)
    try:
        outputs |= await ui_session(emulator, emu, control)
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if h.get_name() == "calldeck-file"]:
            root.removeHandler(handler)
            handler.close()
    saved_tokens = token_file.read_text()
    logout = await run_cli("logout", env=env)
    assert logout.code == 0, logout.err
    outputs["logout"] = logout.out + logout.err

    secrets = secrets_of(emulator)
    files = files_under(home, skip={token_file})
    everything = outputs | files
    found = leaks(everything, secrets)
    refreshes = sum(
        e.path == "/restapi/oauth/token" and b"refresh_token" in e.request_body
        for e in emulator.exchanges
    )
    figures.record(
        "secrets: a full session searched",
        **{
            "secret values": len(secrets),
            "token refreshes in the session": refreshes,
            "outputs and files searched": len(everything),
            "bytes searched": sum(len(t) for t in everything.values()),
            "leaks": len(found),
        },
    )
    assert found == []
    # The search is not vacuous: the tokens were there to find, in the one place allowed.
    assert log_path.exists() and log_path.stat().st_size > 0
    assert sum(secret in saved_tokens for secret in secrets) >= 2
    assert refreshes >= 2 and len(secrets) >= 8
    assert "telephony/sessions" in outputs["event log pane"]
    assert "http status: 503" in outputs["error details"]
    assert not token_file.exists()  # logout forgot it
