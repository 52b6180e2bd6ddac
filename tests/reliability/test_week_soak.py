"""A week left open, compressed with the emulator's clock, on each transport (issue 13).

Both clocks move 810 s at a time (the PubNub renewal point of a 900 s subscription), so in
~750 steps the feed lives through: an access token that expires every hour, the gateway's
24 h absolute timeout (WebSocket), subscriptions that expire (PubNub every 15 minutes,
WebSocket after 24 h), one subscription deleted on the server (day 2) and one emulator
restart with empty state (day 4). A call is made every day and hung up half a day later.
At the end every call is shown as the server has it, the sign-in was never lost, and
nothing was printed to stderr or logged as an error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.contract import contract_failures
from tests.push.emulated_time import EmulatedTime, emulated_feed, settle
from tests.push.helpers import Control, Feed, wait_until
from tests.reliability.figures import Figures
from tests.reliability.oracle import token_grants, wrong_calls
from tui.emulator import Emulator, EmulatorConfig
from tui.ringcentral.push.live import LiveCalls

DAY = 86400
STEP = 810
WEEK = 7 * DAY


class Soak:
    """The emulator (restartable on its port), its control API, the shared clock."""

    def __init__(self) -> None:
        self.time = EmulatedTime()
        self.emulator = Emulator(EmulatorConfig())
        self.served: list[Emulator] = [self.emulator]
        self.http: httpx.AsyncClient | None = None

    @property
    def ctl(self) -> Control:
        assert self.http is not None
        return Control(self.http)

    async def start(self) -> None:
        await self.emulator.start()
        self._connect_control()

    def _connect_control(self) -> None:
        self.http = httpx.AsyncClient(base_url=f"{self.emulator.url}/_emulator", timeout=10)

    async def restart(self) -> None:
        """Stop the emulator and start an empty one on the same port with the same apps."""
        old = self.emulator
        port = int(old.url.rsplit(":", 1)[1])
        assert self.http is not None
        await self.http.aclose()
        await old.stop()
        self.emulator = Emulator(EmulatorConfig(port=port))
        self.emulator.apps = old.apps
        self.served.append(self.emulator)
        await self.emulator.start()
        self.time.join(self.emulator)
        self._connect_control()

    async def stop(self) -> None:
        if self.http is not None:
            await self.http.aclose()
        await self.emulator.stop()


async def delete_subscription(soak: Soak, live: LiveCalls) -> None:
    """Another client of the same app deletes our subscription on the server."""
    from tests.push.emulated_time import signed_in_at

    transport: Any = live.transport
    sub = transport.subscription
    sub_id = sub.id if hasattr(sub, "id") else sub["id"]
    async with signed_in_at(soak.emulator, soak.time) as other:
        await other.request("DELETE", f"/restapi/v1.0/subscription/{sub_id}")


def shown(feed: Feed, sid: str, state: str) -> Callable[[], bool]:
    return lambda: feed.states(sid)[-1:] == [state]


@pytest.mark.slow
@pytest.mark.timeout(180)
@pytest.mark.parametrize("transport", ["pubnub", "websocket"])
async def test_a_week_on_the_emulators_clock(
    transport: str,
    figures: Figures,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    soak = Soak()
    await soak.start()
    made: list[str] = []
    try:
        async with emulated_feed(soak.emulator, transport, soak.time) as (feed, live):
            answered: str | None = None
            elapsed = 0
            while elapsed < WEEK:
                soak.time.advance(soak.emulator, STEP)
                elapsed += STEP
                await settle(live, since=soak.time.monotonic())
                hour = (elapsed % DAY) // 3600
                day = elapsed // DAY
                if hour == 2 and answered is None and elapsed % 3600 < STEP:
                    answered = await soak.ctl.call(**{"from": f"+1650555{len(made):04d}"})
                    made.append(answered)
                    await wait_until(shown(feed, answered, "ringing"), 20, "a call rings")
                    await soak.ctl.act(answered, "answer")
                    await wait_until(shown(feed, answered, "active"), 20, "answered")
                elif hour == 14 and answered is not None:
                    await soak.ctl.act(answered, "hangup")
                    await wait_until(shown(feed, answered, "ended"), 20, "hung up")
                    answered = None
                elif day == 2 and hour == 20 and elapsed % 3600 < STEP:
                    await delete_subscription(soak, live)
                elif day == 4 and hour == 20 and elapsed % 3600 < STEP:
                    await soak.restart()
            last = await soak.ctl.call(**{"from": "+16505559999"})
            made.append(last)
            await wait_until(shown(feed, last, "ringing"), 30, "a call rings at the end")
            wrong = await wrong_calls(live.book, soak.ctl, soak.emulator)
            signed_in = live.client.signed_in and not live.client.keeper.ended
            transport_now: Any = live.transport
            counters = {
                key: getattr(transport_now, key, 0)
                for key in (
                    "recoveries",
                    "resubscribes",
                    "planned_reconnects",
                    "subscriptions_lost",
                )
            }
            subscription = getattr(transport_now, "subscription", None)
            renewals = getattr(subscription, "renewals", None)
            if renewals is None:  # WebSocket: the transport renews its subscription itself
                renewals = transport_now.subscription_renewals
            recreations = getattr(subscription, "recreations", 0)
    finally:
        await soak.stop()
    grants = sum(token_grants(served, "refresh_token") for served in soak.served)
    jwt = sum(token_grants(served, "jwt-bearer") for served in soak.served)
    figures.record(
        f"week soak ({transport})",
        emulated_days=WEEK // DAY,
        calls=len(made),
        refreshes=grants,
        jwt_sign_ins=jwt,
        renewals=renewals,
        recreations=recreations,
        resyncs=live.resyncs,
        **counters,
    )
    for calls_of in (feed.states(sid) for sid in made[:-1]):
        assert calls_of[-1:] == ["ended"], calls_of
    assert wrong == []
    assert signed_in
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
    assert capfd.readouterr().err == ""
    for served in soak.served:
        assert contract_failures(served.exchanges) == []
