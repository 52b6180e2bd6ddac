"""The UI's start retries like the live feed does, and a dead feed is visible on screen."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from textual.pilot import Pilot

from tests.app.harness import (
    EmulatorControl,
    ringing_call,
    running_app,
    sent,
    wait_for,
    wait_for_toast,
)
from tui.app import staleness
from tui.app.actions import ACTIONS_BY_ID
from tui.app.app import CalldeckApp
from tui.app.gate import Caution
from tui.app.link import AccountLink, JwtConnector, credentials_from_emulator
from tui.config import Settings


@asynccontextmanager
async def starting_app(emulator) -> AsyncIterator[tuple[CalldeckApp, Pilot]]:  # type: ignore[no-untyped-def]
    """The app as started for a real account, before it is live."""
    link = AccountLink(
        JwtConnector(credentials_from_emulator(emulator.credentials)), transport="websocket"
    )
    app = CalldeckApp(Settings(bell=False), link=link)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        yield app, pilot


async def wait_until_sent(emu: EmulatorControl, sid: str, path: str) -> None:
    """Wait (bounded) until the emulator received a request to `path` for `sid`."""
    for _ in range(100):
        if sent(await emu.requests(sid), path):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {path} request reached the emulator")


def is_live(app: CalldeckApp) -> bool:
    return app.main.controller is not None and app.main.status.info.connection == "live"


async def test_a_503_at_start_is_tried_again_and_goes_live_without_a_key(
    emulator, control: httpx.AsyncClient
) -> None:
    await control.post("/faults", json={"http5xx": 1})  # the sign-in meets one 503
    banners: list[str | None] = []
    async with starting_app(emulator) as (app, pilot):
        await wait_for(
            pilot,
            lambda: banners.append(app.main.status.info.banner) or is_live(app),
            "live after the failed start",
        )
        assert app.starter is not None and app.starter.attempts == 2
        assert any(b and "next try in" in b and "(r: now)" in b for b in banners), banners
        assert app.main.status.info.banner is None  # live again: the retry banner went


async def test_r_tries_at_once_instead_of_waiting_what_the_server_asked(
    emulator, control: httpx.AsyncClient
) -> None:
    # One 503 asking for a minute (a maintenance window): the start waits 60 s...
    await control.post("/faults", json={"http5xx": 1, "http5xxRetryAfter": 60})
    async with starting_app(emulator) as (app, pilot):
        await wait_for(pilot, lambda: app.retry_waiting, "the start waiting to retry")
        assert "next try in 60 s" in (app.main.status.info.banner or "")
        await pilot.press("r")  # ...unless the person says now
        await wait_for(pilot, lambda: is_live(app), "live after r")
        assert app.starter is not None and app.starter.attempts == 2
        assert app.check_action("app_retry", ()) is False  # live: r is the call row's again


async def test_calls_on_a_dead_feed_are_marked_stale_and_their_keys_say_why(
    emulator, emu: EmulatorControl, control: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staleness, "STALE_AFTER_S", 0.3)
    async with running_app(emulator) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        table = app.main.table
        assert not table.has_class("-stale")
        # The gateway goes away for a few seconds: the feed is recovering, not live.
        await control.post("/faults", json={"pushOutageSeconds": 2.5})
        await wait_for(pilot, lambda: table.has_class("-stale"), "calls marked stale")
        assert app.main.status.info.banner == staleness.STALE_BANNER
        # The key still works (REST may well, and a person must be able to act on a call),
        # but it says why it may fail.
        reason = app.main.why_not(ACTIONS_BY_ID["call.reject"])
        assert isinstance(reason, Caution) and "may have changed" in reason
        assert app.check_action("call_reject", ()) is True
        await pilot.press("x")
        await wait_for_toast(pilot, "may have changed since it was last seen")
        await wait_until_sent(emu, sid, "/reject")
        # Live again: the mark, the banner and the caution go.
        await wait_for(pilot, lambda: not table.has_class("-stale"), "the mark gone")
        assert app.main.status.info.banner is None
        # ...and the feed, live again, shows what the reject did.
        await wait_for(
            pilot,
            lambda: "has ended" in (app.main.why_not(ACTIONS_BY_ID["call.reject"]) or ""),
            "the rejected call shown ended",
        )
