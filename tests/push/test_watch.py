"""`calldeck watch` end to end: a subprocess against a subprocess emulator, over loopback."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.push.helpers import Control, signed_in
from tests.push.processes import emulator_process, watch_process
from tests.shared import CALL_KEYS
from tui.ringcentral.callcontrol import CallControl

TRANSPORTS = ["pubnub", "websocket"]


@pytest.fixture
async def ctl_for() -> AsyncIterator:
    clients: list[httpx.AsyncClient] = []

    def make(credentials: dict) -> Control:
        http = httpx.AsyncClient(base_url=f"{credentials['server']}/_emulator", timeout=10)
        clients.append(http)
        return Control(http)

    yield make
    for http in clients:
        await http.aclose()


def is_live(transport: str):
    return lambda lines: any(
        line == {"type": "connection", "transport": transport, "state": "live"} for line in lines
    )


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_watch_prints_every_transition_in_order(
    tmp_path: Path, ctl_for, transport: str
) -> None:
    async with emulator_process(tmp_path) as creds:
        ctl = ctl_for(creds)
        before = await ctl.call(**{"from": "+14155550100", "fromName": "Grace Hopper"})
        await ctl.act(before, "answer")
        async with watch_process(tmp_path, creds, "--transport", transport) as watch:
            await watch.wait_for(is_live(transport), what="live")
            # The call that existed at start-up comes first, before anything else.
            first = watch.lines[0]
            assert first["type"] == "call" and first["call"]["telephonySessionId"] == before
            assert first["call"]["state"] == "active"
            assert set(first["call"]) == CALL_KEYS
            answered = await ctl.call(**{"from": "+16505550123", "fromName": "Ada Lovelace"})
            await watch.wait_for(lambda _: watch.states(answered) == ["ringing"], what="ringing")
            await ctl.act(answered, "answer")
            await watch.wait_for(lambda _: watch.states(answered)[-1:] == ["active"], what="answer")
            # The user holds and resumes from calldeck's own REST client.
            async with signed_in(creds) as client:
                pid = watch.last(answered)["partyId"]
                await CallControl(client).hold(answered, pid)
                await watch.wait_for(lambda _: watch.states(answered)[-1:] == ["held"], what="held")
                await CallControl(client).unhold(answered, pid)
                await watch.wait_for(
                    lambda _: watch.states(answered)[-1:] == ["active"], what="resumed"
                )
            missed = await ctl.call(**{"from": "+16505550124"})
            await watch.wait_for(lambda _: watch.states(missed) == ["ringing"], what="2nd ringing")
            await ctl.act(missed, "hangup")
            await ctl.act(answered, "hangup")
            await ctl.act(before, "hangup")
            for sid in (missed, answered, before):
                await watch.wait_for(
                    lambda _, s=sid: watch.states(s)[-1:] == ["ended"], what="ended"
                )
            code, stderr = await watch.stop(signal.SIGTERM)
    assert code == 0, stderr
    assert stderr == ""
    assert watch.states(before) == ["active", "ended"]
    assert watch.states(answered) == ["ringing", "active", "held", "active", "ended"]
    assert watch.states(missed) == ["ringing", "ended"]
    assert watch.connections() == [(transport, "live")]
    ringing = next(
        line["call"]
        for line in watch.lines
        if line["type"] == "call" and line["call"]["telephonySessionId"] == answered
    )
    assert ringing["from"] == {"phoneNumber": "+16505550123", "name": "Ada Lovelace"}
    assert ringing["direction"] == "Inbound"
    assert all(raw.endswith("\n") for raw in watch.raw)


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_watch_through_a_push_outage_loses_nothing(
    tmp_path: Path, ctl_for, transport: str
) -> None:
    async with emulator_process(tmp_path) as creds:
        ctl = ctl_for(creds)
        async with watch_process(tmp_path, creds, "--transport", transport) as watch:
            await watch.wait_for(is_live(transport), what="live")
            sid = await ctl.call(**{"from": "+16505550123"})
            await watch.wait_for(lambda _: watch.states(sid) == ["ringing"], what="ringing")
            await ctl.fault(pushOutageSeconds=1.5)
            await ctl.fault(dropPush=True)
            # All of this happens while watch is cut off.
            await ctl.act(sid, "answer")
            other = await ctl.call(**{"from": "+16505550177"})
            await ctl.act(sid, "hangup")
            await watch.wait_for(
                lambda _: watch.states(sid)[-1:] == ["ended"], timeout=20, what="ended"
            )
            await watch.wait_for(lambda _: watch.states(other) == ["ringing"], what="other call")
            await watch.wait_for(
                lambda lines: watch.connections()[-1:] == [(transport, "live")], what="live"
            )
            # and the feed carries on afterwards
            await ctl.act(other, "answer")
            await watch.wait_for(
                lambda _: watch.states(other)[-1:] == ["active"], what="answer after"
            )
            code, stderr = await watch.stop(signal.SIGINT)
    assert code == 0, stderr
    assert stderr == "", "the SDK's reconnect warnings must go to the log file, not stderr"
    assert watch.states(sid) == ["ringing", "active", "ended"]
    assert watch.states(other) == ["ringing", "active"]
    if transport == "websocket":
        # The socket's loss is noticed at once; PubNub may heal before the SDK says anything.
        assert (transport, "recovering") in watch.connections()


async def test_watch_auto_lands_on_websocket_when_pubnub_is_refused(
    tmp_path: Path, ctl_for
) -> None:
    async with emulator_process(tmp_path, "--no-pubnub") as creds:
        ctl = ctl_for(creds)
        async with watch_process(tmp_path, creds) as watch:
            await watch.wait_for(is_live("websocket"), what="live on websocket")
            sid = await ctl.call()
            await watch.wait_for(lambda _: watch.states(sid) == ["ringing"], what="ringing")
            code, stderr = await watch.stop(signal.SIGTERM)
    assert code == 0, stderr
    assert watch.connections() == [("websocket", "live")]


async def test_watch_without_a_sign_in_says_so_in_one_line(tmp_path: Path) -> None:
    async with watch_process(tmp_path, None) as watch:
        await asyncio.wait_for(watch.process.wait(), 20)
        code, stderr = await watch.stop()
    assert code == 2
    assert watch.lines == []
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "Traceback" not in stderr and "calldeck login" in stderr


async def test_watch_account_level_sees_the_far_end_hold(tmp_path: Path, ctl_for) -> None:
    async with emulator_process(tmp_path) as creds:
        ctl = ctl_for(creds)
        async with watch_process(tmp_path, creds, "--account", "--transport", "websocket") as watch:
            await watch.wait_for(is_live("websocket"), what="live")
            sid = await ctl.call()
            await watch.wait_for(lambda _: watch.states(sid)[-1:] == ["ringing"], what="ringing")
            await ctl.act(sid, "answer")
            await ctl.act(sid, "hold")
            await watch.wait_for(
                lambda lines: any(
                    line["type"] == "call" and line["call"]["remoteHold"] for line in lines
                ),
                what="remote hold",
            )
            code, stderr = await watch.stop()
    assert code == 0, stderr


async def test_watch_forced_pubnub_refused_fails_in_one_line(tmp_path: Path) -> None:
    async with (
        emulator_process(tmp_path, "--no-pubnub") as creds,
        watch_process(tmp_path, creds, "--transport", "pubnub") as watch,
    ):
        await asyncio.wait_for(watch.process.wait(), 20)
        code, stderr = await watch.stop()
    assert code == 1
    assert watch.lines == []
    assert stderr.count("\n") == 1 and "PubNub" in stderr and "Traceback" not in stderr
