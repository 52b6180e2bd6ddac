"""5xx bursts (issue 7): reads are retried with backoff; call-control POSTs are never
repeated behind the person's back (a repeated transfer could move the call twice)."""

from __future__ import annotations

import httpx
import pytest

from tests.app.harness import EmulatorControl, answered_call, running_app, shown, wait_for
from tests.app.test_keys_answered import _transfer_with_kind
from tests.reliability.figures import Figures
from tui.calls import CallState
from tui.emulator import Emulator
from tui.ringcentral.auth import Credentials
from tui.ringcentral.callcontrol import CallControl
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.errors import ServerError

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
        await _transfer_with_kind(app, pilot, 0, "415 555 0199", pick=False)
        await wait_for(pilot, lambda: app.main.last_error is not None, "the failure shown")
        told = app.main.last_error.message
        await pilot.pause(0.3)
        # Injected 503s never reach the call, so count what the emulator answered.
        after_failure = attempts(emulator, "/transfer", "POST")
        still_here = shown(app, sid)
        # The person decides to try again: that is the second transfer, and it works.
        await _transfer_with_kind(app, pilot, 0, "415 555 0199", pick=False)
        await wait_for(pilot, lambda: shown(app, sid) is None, "the call transferred away")
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
