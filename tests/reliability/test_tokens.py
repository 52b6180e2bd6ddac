"""Token faults (issue 7): access tokens expiring mid-call, refresh tokens revoked.

Expiry: exactly one refresh, shared by every request that hit the 401 at once, and the
action the person asked for succeeds. Revocation: one clear "sign in again", the calls
stay on screen (push keeps them current), no crash and no retry storm.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import httpx

from tests.app.harness import (
    EmulatorControl,
    SavedSignInConnector,
    answered_call,
    left,
    running_app,
    sent,
    shown,
    shown_in,
    toasts,
    wait_for,
    wait_for_toast,
)
from tests.push.helpers import signed_in
from tests.push.processes import watch_process
from tests.reliability.cli import cli_env, jwt_env, run_cli
from tests.reliability.figures import Figures
from tests.reliability.oracle import token_grants
from tui.calls import CallState
from tui.emulator import Emulator
from tui.ringcentral.callcontrol import CallControl

REFRESH = "refresh_token"
JWT = "jwt-bearer"


def unauthorized(emulator: Emulator) -> int:
    """How many requests the emulator answered 401."""
    return sum(e.status == 401 for e in emulator.exchanges)


async def test_expired_access_token_is_refreshed_once_for_concurrent_requests(
    emulator: Emulator, emu: EmulatorControl, control: httpx.AsyncClient, figures: Figures
) -> None:
    sid = await emu.ring()
    await emu.act(sid, "answer")
    async with signed_in(emulator) as client:
        calls = await CallControl.for_account(client)
        party = (await calls.get_session(sid))["parties"][-1]["id"]
        before_401 = unauthorized(emulator)
        (await control.post("/faults", json={"expireAccessTokens": True})).raise_for_status()
        # Five requests at once all meet the expired token.
        _, *reads = await asyncio.gather(
            calls.hold(sid, party),
            calls.get_session(sid),
            calls.get_presence(),
            client.get_json("/restapi/v1.0/account/~/extension/~"),
            calls.get_session(sid),
        )
    rejected = unauthorized(emulator) - before_401
    figures.record(
        "expireAccessTokens, 5 concurrent requests",
        **{"401s": rejected, "refreshes": token_grants(emulator, REFRESH), "failed": 0},
    )
    assert token_grants(emulator, REFRESH) == 1
    assert token_grants(emulator, JWT) == 1  # the sign-in, nothing more
    assert 1 <= rejected <= 5
    assert all(reads)
    session = await emu.session(sid)
    assert any(p["status"]["code"] == "Hold" for p in session["parties"])
    assert [r["status"] for r in sent(await emu.requests(sid), "/hold")] == [200]


async def test_expired_access_token_mid_call_in_the_app_just_works(
    emulator: Emulator, emu: EmulatorControl, control: httpx.AsyncClient
) -> None:
    async with running_app(emulator, connector=SavedSignInConnector) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        (await control.post("/faults", json={"expireAccessTokens": True})).raise_for_status()
        await pilot.press("h")
        await wait_for(pilot, lambda: shown_in(app, sid, CallState.HELD), "the call held")
        await wait_for(pilot, lambda: app.main.table.pending_label(sid) is None, "settled")
        assert app.main.last_error is None
        # Only the action's own result is said ("Put … on hold."): no error, no sign-in prompt.
        assert [n.severity for n in app._notifications] in ([], ["information"]), toasts(app)
        assert app.main.status.info.banner is None
    assert token_grants(emulator, REFRESH) == 1


async def test_revoked_refresh_token_asks_to_sign_in_again_without_a_storm(
    emulator: Emulator, emu: EmulatorControl, control: httpx.AsyncClient, figures: Figures
) -> None:
    # A saved sign-in (as after `calldeck login`): no JWT to fall back on.
    async with running_app(emulator, connector=SavedSignInConnector) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        other = await emu.ring(caller="+14155550199", name="Ada Lovelace")
        await wait_for(pilot, lambda: shown_in(app, other, CallState.RINGING), "second call")
        app.main.table.select(sid)
        faults = {"revokeRefreshTokens": True, "expireAccessTokens": True}
        (await control.post("/faults", json=faults)).raise_for_status()
        await pilot.press("h")
        await wait_for(pilot, lambda: app.main.status.info.banner is not None, "the banner")
        requests_after_failure = len((await control.get("/requests")).json()["records"])
        # The person keeps pressing keys: nothing more goes out.
        for key in ("h", "m", "h", "m", "h"):
            await pilot.press(key)
            await pilot.pause(0.05)
        # Push still works without REST: the far end hangs up and the screen follows.
        await emu.act(sid, "hangup")
        await wait_for(pilot, lambda: left(app, sid), "the ended call to leave")
        await pilot.pause(0.3)
        records = (await control.get("/requests")).json()["records"]
        banner = app.main.status.info.banner
        told = toasts(app)
        assert app.is_running
        assert shown_in(app, other, CallState.RINGING)
    refresh_attempts = token_grants(emulator, REFRESH)
    figures.record(
        "revokeRefreshTokens",
        **{
            "refresh attempts": refresh_attempts,
            "requests after the failure": len(records) - requests_after_failure,
            "told": banner,
        },
    )
    assert banner == "sign in again: calldeck login"
    assert any("Sign-in needed" in t and "calldeck login" in t for t in told)
    assert refresh_attempts == 1
    assert len(records) == requests_after_failure
    assert sent(await emu.requests(sid), "/hold") == []


async def test_watch_says_sign_in_again_when_the_sign_in_ends_during_a_reconnect(
    emulator: Emulator, emu: EmulatorControl, control: httpx.AsyncClient, tmp_path: Path
) -> None:
    jwt = jwt_env(emulator)
    assert (await run_cli("login", "--jwt", env=cli_env(tmp_path, jwt))).code == 0
    async with watch_process(tmp_path, None, "--transport", "websocket") as watch:
        await watch.wait_for(lambda ls: any(line.get("state") == "live" for line in ls))
        faults = {"revokeRefreshTokens": True, "expireAccessTokens": True}
        (await control.post("/faults", json=faults)).raise_for_status()
        (await control.post("/faults", json={"dropPush": True})).raise_for_status()
        # Reconnecting needs a token, the refresh is refused: the person must be told.
        try:
            code = await asyncio.wait_for(watch.process.wait(), 5)
        except TimeoutError:
            code = None
        _, stderr = await watch.stop(signal.SIGTERM)
    assert token_grants(emulator, REFRESH) == 1  # and no storm while it waited
    assert code == 2 and "calldeck login" in stderr


async def test_the_app_says_sign_in_again_when_the_sign_in_ends_during_a_reconnect(
    emulator: Emulator, emu: EmulatorControl, control: httpx.AsyncClient
) -> None:
    async with running_app(emulator, connector=SavedSignInConnector) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        faults = {"revokeRefreshTokens": True, "expireAccessTokens": True}
        (await control.post("/faults", json=faults)).raise_for_status()
        (await control.post("/faults", json={"dropPush": True})).raise_for_status()
        # No key pressed: the reconnect itself finds the sign-in over.
        await wait_for(pilot, lambda: app.main.status.info.connection == "down", "down")
        await wait_for(pilot, lambda: app.main.status.info.banner is not None, "the banner")
        assert app.main.status.info.banner == "sign in again: calldeck login"
        await wait_for_toast(pilot, "Sign-in needed")
        assert shown(app, sid) is not None  # the call stays on screen
    assert token_grants(emulator, REFRESH) == 1
