"""5xx bursts (issue 7): reads are retried with backoff; call-control POSTs are never
repeated behind the person's back (a repeated transfer could move the call twice)."""

from __future__ import annotations

import httpx
import pytest

from tests.app.harness import (
    EmulatorControl,
    answered_call,
    left,
    running_app,
    shown,
    wait_for,
    wait_for_toast,
)
from tests.app.test_keys_answered import _transfer_with_kind
from tests.push.helpers import Feed, signed_in, wait_until
from tests.reliability.figures import Figures
from tui.calls import CallState
from tui.emulator import Emulator
from tui.ringcentral.auth import Credentials
from tui.ringcentral.callcontrol import CallControl
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.errors import ServerError
from tui.ringcentral.push.timing import PushClock

SESSION = "/restapi/v1.0/account/~/telephony/sessions/{}"


async def client_with_recorded_pauses(emulator: Emulator, pauses: list[float]) -> RingCentralClient:
    """A signed-in client whose retry pauses are recorded (and not slept)."""

    async def pause(seconds: float) -> None:
        pauses.append(seconds)

    creds = emulator.credentials
    return await RingCentralClient.sign_in_jwt(
        Credentials(creds["server"], creds["clientId"], creds["clientSecret"], creds["jwt"]),
        sleep=pause,
    )


def attempts(emulator: Emulator, path_suffix: str, method: str = "GET") -> list[int]:
    """Statuses the emulator answered for one endpoint, in order."""
    return [
        e.status for e in emulator.exchanges if e.method == method and e.path.endswith(path_suffix)
    ]


async def test_reads_are_retried_with_growing_backoff(
    emulator: Emulator, emu: EmulatorControl, control: httpx.AsyncClient, figures: Figures
) -> None:
    sid = await emu.ring()
    pauses: list[float] = []
    async with await client_with_recorded_pauses(emulator, pauses) as client:
        (await control.post("/faults", json={"http5xx": 2})).raise_for_status()
        session = await client.get_json(SESSION.format(sid))
        statuses = attempts(emulator, sid)
        recovered_pauses = list(pauses)
        (await control.post("/faults", json={"http5xx": 10})).raise_for_status()
        with pytest.raises(ServerError) as failed:
            await client.get_json(SESSION.format(sid))
        (await control.post("/faults", json={"http5xx": 0})).raise_for_status()
    given_up = attempts(emulator, sid)[len(statuses) :]
    figures.record(
        "http5xx on reads",
        **{
            "burst of 2": f"{statuses} after pauses {[round(p, 2) for p in recovered_pauses]}",
            "burst of 10": f"{given_up}, then: {failed.value.message}",
        },
    )
    assert session["id"] == sid
    assert statuses == [503, 503, 200]
    assert len(recovered_pauses) == 2 and 0 < recovered_pauses[0] <= recovered_pauses[1]
    assert all(p <= 4.0 for p in pauses)
    # Bounded: three tries, then a sentence that says so.
    assert given_up == [503, 503, 503]
    assert "tried again and still failed" in failed.value.message


async def test_a_failed_post_is_never_repeated_by_the_client(
    emulator: Emulator, emu: EmulatorControl, control: httpx.AsyncClient
) -> None:
    sid = await emu.ring()
    await emu.act(sid, "answer")
    async with await client_with_recorded_pauses(emulator, []) as client:
        calls = await CallControl.for_account(client)
        party = (await calls.get_session(sid))["parties"][-1]["id"]
        (await control.post("/faults", json={"http5xx": 3})).raise_for_status()
        with pytest.raises(ServerError) as failed:
            await calls.transfer(sid, party, phone_number="+14155550199")
    assert attempts(emulator, "/transfer", "POST") == [503]
    assert "not repeated automatically" in failed.value.message


async def test_no_double_transfer_in_the_app(
    emulator: Emulator, emu: EmulatorControl, control: httpx.AsyncClient, figures: Figures
) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        (await control.post("/faults", json={"http5xx": 1})).raise_for_status()
        await _transfer_with_kind(app, pilot, "ctrl+n", "415 555 0199", pick=False)
        await wait_for(pilot, lambda: app.main.last_error is not None, "the failure shown")
        told = app.main.last_error.message
        await pilot.pause(0.3)
        # Injected 503s never reach the call, so count what the emulator answered.
        after_failure = attempts(emulator, "/transfer", "POST")
        still_here = shown(app, sid)
        # The person decides to try again: that is the second transfer, and it works.
        await _transfer_with_kind(app, pilot, "ctrl+n", "415 555 0199", pick=False)
        await wait_for(pilot, lambda: left(app, sid), "the call transferred away")
        transfers = attempts(emulator, "/transfer", "POST")
    figures.record(
        "http5xx on a transfer",
        **{
            "transfers sent": after_failure,
            "told": told,
            "after the person retried": transfers,
        },
    )
    assert after_failure == [503]
    assert "not repeated automatically" in told
    assert still_here is not None and still_here.state is CallState.ACTIVE
    assert transfers == [503, 200]


async def test_a_short_retry_after_on_a_503_is_waited_out_before_the_next_try(
    emulator: Emulator, emu: EmulatorControl, control: httpx.AsyncClient
) -> None:
    sid = await emu.ring()
    pauses: list[float] = []
    async with await client_with_recorded_pauses(emulator, pauses) as client:
        faults = {"http5xx": 1, "http5xxRetryAfter": 3}
        (await control.post("/faults", json=faults)).raise_for_status()
        session = await client.get_json(SESSION.format(sid))
    assert session["id"] == sid
    assert attempts(emulator, sid) == [503, 200]
    # Our own backoff would have waited at most 0.5 s; RingCentral asked for 3.
    assert pauses == [3.0]


async def test_a_long_retry_after_on_a_503_is_told_not_waited(
    emulator: Emulator, emu: EmulatorControl, control: httpx.AsyncClient
) -> None:
    sid = await emu.ring()
    await emu.act(sid, "answer")
    pauses: list[float] = []
    async with await client_with_recorded_pauses(emulator, pauses) as client:
        calls = await CallControl.for_account(client)
        party = (await calls.get_session(sid))["parties"][-1]["id"]
        faults = {"http5xx": 2, "http5xxRetryAfter": 60}
        (await control.post("/faults", json=faults)).raise_for_status()
        with pytest.raises(ServerError) as read:
            await calls.get_session(sid)
        with pytest.raises(ServerError) as hold:
            await calls.hold(sid, party)
    # Neither request sat for a minute, and neither was sent again behind the person's back.
    assert pauses == []
    assert attempts(emulator, sid) == [200, 503]
    assert attempts(emulator, "/hold", "POST") == [503]
    assert read.value.retry_after == hold.value.retry_after == 60
    assert read.value.message == "RingCentral is having trouble (HTTP 503); try again in 60 s."
    assert hold.value.message == (
        "RingCentral is having trouble (HTTP 503); try again in 60 s. The action was not "
        "repeated automatically, in case it went through; check the call."
    )


class RecordingClock(PushClock):
    """Real time that remembers every wait the push layer asks for."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await super().sleep(seconds)


async def test_a_resync_during_maintenance_waits_as_long_as_asked(
    emulator: Emulator, emu: EmulatorControl, control: httpx.AsyncClient
) -> None:
    clock = RecordingClock()
    feed = Feed()
    async with signed_in(emulator) as client:
        live = feed.live(client, transport="websocket", clock=clock)
        await live.start()
        try:
            faults = {"http5xx": 1, "http5xxRetryAfter": 45}
            (await control.post("/faults", json=faults)).raise_for_status()
            assert await live.resync() is False
            # Its own backoff would try again within about a second; RingCentral asked for 45.
            await wait_until(lambda: 45 in clock.sleeps, what="the wait RingCentral asked for")
            sid = await emu.ring()  # the feed itself carries on meanwhile
            await wait_until(lambda: feed.states(sid) == ["ringing"], what="the call")
        finally:
            await live.stop()


async def test_a_key_pressed_during_maintenance_says_how_long_to_wait(
    emulator: Emulator, emu: EmulatorControl, control: httpx.AsyncClient
) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        faults = {"http5xx": 1, "http5xxRetryAfter": 60}
        (await control.post("/faults", json=faults)).raise_for_status()
        await pilot.press("h")
        await wait_for_toast(pilot, "RingCentral is having trouble (HTTP 503); try again in 60 s.")
        await wait_for(pilot, lambda: app.main.table.pending_label(sid) is None, "hold settled")
        call = shown(app, sid)
        assert call is not None and call.state is CallState.ACTIVE
        assert attempts(emulator, "/hold", "POST") == [503]
