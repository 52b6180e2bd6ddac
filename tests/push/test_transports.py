"""Each transport alone, against the emulator: a scripted call's every transition, in order."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.push.helpers import (
    FAST,
    STRAIGHT_TO_WEBSOCKET,
    Control,
    Feed,
    leftover_client_tasks,
    live_feed,
    ring,
    signed_in,
    wait_until,
)
from tui.emulator import Emulator
from tui.ringcentral.callcontrol import CallControl
from tui.ringcentral.push import pubnub_sdk
from tui.ringcentral.push.connection import ConnectionState, PushRefused

TRANSPORTS = ["pubnub", "websocket"]


async def run_scripted_call(feed: Feed, ctl: Control, *, remote_hold: bool) -> str:
    """Ring, answer, (far end holds,) hang up; wait for each step to show. Returns the sid."""
    sid = await ring(ctl, feed)
    ringing = feed.last(sid)
    assert ringing["direction"] == "Inbound"
    assert ringing["from"]["phoneNumber"] == "+16505550123"
    await ctl.act(sid, "answer")
    await wait_until(lambda: feed.states(sid)[-1:] == ["active"], what="active")
    if remote_hold:
        await ctl.act(sid, "hold")
        await wait_until(lambda: feed.last(sid)["remoteHold"] is True, what="remote hold")
        assert feed.last(sid)["state"] == "active"
    await ctl.act(sid, "hangup")
    await wait_until(lambda: feed.states(sid)[-1:] == ["ended"], what="ended")
    return sid


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_inbound_call_lifecycle_in_order(
    emulator: Emulator, ctl: Control, transport: str
) -> None:
    async with live_feed(emulator, transport=transport) as (feed, live):
        assert live.transport_name == transport
        assert live.state == ConnectionState.LIVE
        sid = await run_scripted_call(feed, ctl, remote_hold=False)
    assert feed.states(sid) == ["ringing", "active", "ended"]
    assert live.book.get(sid).state == "ended"
    assert leftover_client_tasks() == []
    # Every notification was delivered exactly once.
    uuids = [n["uuid"] for n in feed.notifications]
    assert len(uuids) == len(set(uuids))


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_account_level_feed_shows_the_far_end_holding(
    emulator: Emulator, ctl: Control, transport: str
) -> None:
    # RingCentral sends no extension-level event for a party that is not the subscriber's
    # (call-behaviour.md §1.3), so the far end's hold is seen with the account-level filters.
    async with live_feed(emulator, transport=transport, account_level=True) as (feed, _):
        sid = await run_scripted_call(feed, ctl, remote_hold=True)
    # In account mode the caller's PSTN leg can be the first party seen (CallBook shows it
    # until the user's own party arrives), so only the tail of the sequence is exact.
    assert feed.states(sid)[-3:] == ["ringing", "active", "ended"]
    holds = [v["remoteHold"] for v in feed.views if v["telephonySessionId"] == sid]
    assert holds[0] is False and True in holds
    events = {n["event"] for n in feed.notifications}
    assert any(e.endswith("/809646016/telephony/sessions") for e in events), events


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_calls_existing_at_start_are_loaded(
    emulator: Emulator, ctl: Control, transport: str
) -> None:
    answered = await ctl.call(**{"from": "+14155550100"})
    await ctl.act(answered, "answer")
    ringing = await ctl.call(**{"from": "+14155550101"})
    gone = await ctl.call(**{"from": "+14155550102"})
    await ctl.act(gone, "hangup")
    async with live_feed(emulator, transport=transport) as (_, live):
        states = {c.telephony_session_id: c.state for c in live.book.calls()}
        assert states == {answered: "active", ringing: "ringing"}
        # and the feed goes on from there
        await ctl.act(ringing, "answer")
        await wait_until(lambda: live.book.get(ringing).state == "active", what="answer")


async def test_auto_uses_pubnub_when_offered(emulator: Emulator) -> None:
    async with live_feed(emulator) as (feed, _):
        pass
    assert feed.connections == [
        (ConnectionState.CONNECTING, None),
        (ConnectionState.LIVE, "pubnub"),
    ]


async def test_auto_falls_back_to_websocket_when_pubnub_is_refused(
    emulator_without_pubnub: Emulator,
) -> None:
    async with live_feed(emulator_without_pubnub, transport="auto") as (feed, live):
        assert live.transport_name == "websocket"
    assert feed.connections == STRAIGHT_TO_WEBSOCKET


async def test_forced_pubnub_refused_is_an_error(emulator_without_pubnub: Emulator) -> None:
    with pytest.raises(PushRefused, match="PubNub"):
        async with live_feed(emulator_without_pubnub, transport="pubnub"):
            pass
    assert leftover_client_tasks() == []


async def test_pubnub_stop_deletes_the_subscription(emulator: Emulator, ctl: Control) -> None:
    async with signed_in(emulator) as client:
        live = Feed().live(client, transport="pubnub")
        await live.start()
        sub_id = live.transport.subscription.id
        await live.stop()
        listed = await client.get_json("/restapi/v1.0/subscription")
    assert sub_id not in [s["id"] for s in listed["records"]]
    deletes = [r for r in await ctl.requests() if r["method"] == "DELETE"]
    assert [r["path"] for r in deletes] == [f"/restapi/v1.0/subscription/{sub_id}"]


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_the_users_own_actions_come_back_as_events(
    emulator: Emulator, ctl: Control, transport: str
) -> None:
    async with live_feed(emulator, transport=transport) as (feed, live):
        control = CallControl(live.client)
        sid = await ring(ctl, feed)
        await ctl.act(sid, "answer")
        await wait_until(lambda: feed.states(sid)[-1:] == ["active"], what="active")
        pid = feed.last(sid)["partyId"]
        await control.hold(sid, pid)
        await wait_until(lambda: feed.states(sid)[-1:] == ["held"], what="held")
        await control.unhold(sid, pid)
        await wait_until(lambda: feed.states(sid)[-1:] == ["active"], what="unheld")
        await control.mute(sid, pid)
        await wait_until(lambda: feed.last(sid)["muted"] is True, what="muted")
        await control.drop(sid)
        await wait_until(lambda: feed.states(sid)[-1:] == ["ended"], what="dropped")
    assert feed.states(sid) == ["ringing", "active", "held", "active", "ended"]


async def test_auto_moves_on_to_websocket_when_pubnub_does_not_answer(
    emulator: Emulator, ctl: Control, monkeypatch: pytest.MonkeyPatch
) -> None:
    # RingCentral hands out a PubNub channel but PubNub is unreachable (a firewall): the
    # emulator cannot refuse only PubNub's network, so its address is made a dead port.
    monkeypatch.setattr(pubnub_sdk, "pubnub_origin", lambda _server: "127.0.0.1:9")
    timing = replace(FAST, connect_timeout=1.0)
    async with live_feed(emulator, transport="auto", timing=timing) as (feed, live):
        assert live.transport_name == "websocket"
        sid = await ring(ctl, feed)
    assert feed.connections == STRAIGHT_TO_WEBSOCKET
    assert feed.states(sid) == ["ringing"]
    # The PubNub subscription it gave up on was deleted again.
    listed = [r for r in await ctl.requests() if r["path"].startswith("/restapi/v1.0/subscription")]
    assert [r["method"] for r in listed] == ["POST", "DELETE"]
