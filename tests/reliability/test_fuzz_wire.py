"""Garbage over the real sockets (issue 7): the emulator pushes raw bytes down a live
WebSocket and publishes raw payloads on the PubNub channel, between real calls.

The client must count and log every bad message, keep its connection, and show every call
exactly as the server has it.
"""

from __future__ import annotations

import logging
import random

import pytest

from tests.push.helpers import Control, Feed, signed_in, wait_until
from tests.reliability.figures import Figures
from tests.reliability.garbage import pubnub_payload, seeded_corpus, websocket_text
from tests.reliability.oracle import applied_twice, wrong_calls
from tui.emulator import Emulator
from tui.ringcentral.push.connection import ConnectionState
from tui.ringcentral.push.live import LiveCalls

GARBAGE_PER_CALL = 12
CALLS = 4


def inject(emulator: Emulator, live: LiveCalls, kind: str, params: object, latest: dict) -> None:
    """Send one piece of garbage to the client over its live push connection."""
    transport = live.transport
    if live.transport_name == "websocket":
        session = next(s for s in emulator.hub.websocket.sessions() if s.connection)
        session.connection.send(websocket_text(kind, params, latest, 0))
    else:
        delivery = transport.subscription.delivery
        payload = pubnub_payload(kind, params, latest, delivery["encryptionKey"])
        # Only strings travel as PubNub messages here; other JSON is sent as its text.
        text = payload if isinstance(payload, str) else repr(payload)
        emulator.hub.pubnub.publish(delivery["address"], text)


@pytest.mark.parametrize("transport", ["pubnub", "websocket"])
async def test_garbage_between_real_calls(
    emulator: Emulator,
    ctl: Control,
    figures: Figures,
    caplog: pytest.LogCaptureFixture,
    transport: str,
) -> None:
    caplog.set_level(logging.WARNING, logger="tui.ringcentral.push")
    rng = random.Random(f"calldeck-{transport}")
    feed = Feed()
    sids: list[str] = []
    async with signed_in(emulator) as client:
        live = feed.live(client, transport=transport)
        await live.start()
        used = live.transport
        try:
            for n in range(CALLS):
                sid = await ctl.call(**{"from": f"+1415555{n:04d}"})
                sids.append(sid)
                await wait_until(lambda s=sid: feed.states(s) == ["ringing"], what="ringing")
                latest = next(
                    n for n in reversed(feed.notifications) if "/telephony/" in n["event"]
                )
                for kind, params in seeded_corpus(rng, GARBAGE_PER_CALL):
                    inject(emulator, live, kind, params, latest)
                await ctl.act(sid, "answer")
                if n % 2:
                    await ctl.act(sid, "hangup")
            expected = ["active", "ended"] * (CALLS // 2)
            await wait_until(
                lambda: [feed.states(s)[-1] for s in sids] == expected, what="every call"
            )
            wrong = await wrong_calls(live.book, ctl, emulator)
            state = live.state
        finally:
            await live.stop()
    counted = used.malformed_frames if transport == "websocket" else used.undecryptable
    logged = sum(
        "malformed" in r.getMessage() or "could not be read" in r.getMessage()
        for r in caplog.records
    )
    figures.record(
        f"garbage over the real {transport} connection",
        **{
            "garbage sent": CALLS * GARBAGE_PER_CALL,
            "counted": counted,
            "logged": logged,
            "calls": CALLS,
            "shown wrong": len(wrong),
            "connection at end": str(state),
        },
    )
    assert wrong == []
    assert state == ConnectionState.LIVE
    assert applied_twice([n for n in feed.notifications if "uuid" in n]) == 0
    # Every message that is not even a notification is counted, and each is logged once.
    assert counted >= CALLS * GARBAGE_PER_CALL // 2
    assert logged == counted


UNUSABLE = [
    {"uuid": "u-1", "event": "/restapi/v1.0/account/~/extension/~/message-store", "body": {}},
    {"uuid": "u-2", "event": "/restapi/v1.0/account/~/telephony/sessions", "body": []},
    {"uuid": "u-3", "event": "/restapi/v1.0/account/~/telephony/sessions", "body": {"parties": 7}},
    {"uuid": "u-4", "body": {"telephonySessionId": "s-x", "parties": []}},
    {"uuid": "u-5"},
]


async def test_notifications_the_call_book_cannot_use_are_counted_and_logged(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tui.ringcentral.push")
    feed = Feed()
    async with signed_in(emulator) as client:
        live = feed.live(client, transport="websocket")
        await live.start()
        try:
            session = next(s for s in emulator.hub.websocket.sessions() if s.connection)
            for n, envelope in enumerate(UNUSABLE):
                session.connection.send(websocket_text("frame-body", envelope, {}, n))
            await wait_until(lambda: len(feed.notifications) >= len(UNUSABLE), what="delivery")
        finally:
            await live.stop()
    assert live.ignored_notifications == len(UNUSABLE)
    assert caplog.text.count("notification ignored") == len(UNUSABLE)
