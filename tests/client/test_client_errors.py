"""Every error path a person can meet: 400/403/404/409/429/5xx and an unreachable server."""

from __future__ import annotations

import socket

import pytest

from tests.client.conftest import FakeSleep, Phone, emulator_requests, set_fault
from tui.emulator import Emulator
from tui.ringcentral.auth import Credentials
from tui.ringcentral.callcontrol import TELEPHONY, CallControl
from tui.ringcentral.client import ME_PATH, RingCentralClient
from tui.ringcentral.errors import (
    BadRequest,
    Forbidden,
    NotFound,
    RateLimited,
    ServerError,
    Unreachable,
    WrongState,
)
from tui.ringcentral.tokens import TokenSet


async def _paths(emulator: Emulator, suffix: str) -> list[int]:
    """Statuses of the REST requests whose path ends with `suffix`."""
    return [r["status"] for r in await emulator_requests(emulator) if r["path"].endswith(suffix)]


async def test_409_hold_while_ringing(cc: CallControl, phone: Phone) -> None:
    sid, pid = await phone.ring()
    with pytest.raises(WrongState) as caught:
        await cc.hold(sid, pid)
    error = caught.value
    assert error.message == "The call is no longer in a state that can be held."
    assert error.status == 409 and error.error_code and error.error_code.startswith("TAS-")
    assert (await phone.my_party(sid, pid))["status"]["code"] in ("Setup", "Proceeding")


async def test_404_unknown_call(cc: CallControl) -> None:
    with pytest.raises(NotFound) as caught:
        await cc.mute("s-unknown", "p-unknown-1")
    assert caught.value.message == "That call has already ended."
    assert caught.value.error_code == "CMN-102"


async def test_404_unknown_extension_target(cc: CallControl, phone: Phone) -> None:
    sid, pid = await phone.ring()
    with pytest.raises(NotFound) as caught:
        await cc.forward(sid, pid, extension_number="9999")
    assert caught.value.message == "There is no extension with that number."


async def test_403_acting_on_someone_elses_party(cc: CallControl, phone: Phone) -> None:
    sid, pid = await phone.answered()
    session = await phone.session(sid)
    other = next(p["id"] for p in session["parties"] if p["id"] != pid)
    with pytest.raises(Forbidden) as caught:
        await cc.hold(sid, other)
    assert caught.value.status == 403 and caught.value.error_code
    assert "does not allow" in caught.value.message


async def test_400_names_the_parameter(rc: RingCentralClient, phone: Phone) -> None:
    sid, pid = await phone.ring()
    with pytest.raises(BadRequest) as caught:
        await rc.post_json(f"{TELEPHONY}/{sid}/parties/{pid}/forward", {"phoneNumber": "12345"})
    assert caught.value.parameter_name == "phoneNumber"
    assert caught.value.message.startswith("RingCentral refused the request")


async def test_429_blocks_the_group_locally(
    jwt_credentials: Credentials, emulator: Emulator
) -> None:
    now = [5_000_000.0]
    client = await RingCentralClient.sign_in_jwt(jwt_credentials, now=lambda: now[0])
    async with client:
        await set_fault(
            emulator,
            rateLimit={"group": "Light", "limit": 2, "windowSeconds": 60, "penaltySeconds": 40},
        )
        caught: RateLimited | None = None
        for _ in range(5):  # bounded: the limit is 2
            try:
                await client.get_json(ME_PATH)
            except RateLimited as error:
                caught = error
                break
        assert caught is not None and caught.status == 429
        assert client.rate_limits.status["light"].limit == 2  # X-Rate-Limit-* were read
        assert caught.retry_after == pytest.approx(40, abs=1)
        assert "try again in 40 s" in caught.message
        sent = len(await emulator_requests(emulator))
        now[0] += 15
        for _ in range(3):
            with pytest.raises(RateLimited) as again:
                await client.get_json(ME_PATH)
            assert again.value.retry_after == pytest.approx(25, abs=1)
        assert client.rate_limit_wait("light") == pytest.approx(25, abs=1)
        assert len(await emulator_requests(emulator)) == sent  # nothing sent in the penalty
        # Other groups are still usable.
        await CallControl(client).search_directory("Reyes")
        now[0] += 26
        await set_fault(emulator, rateLimit=None)
        assert client.rate_limit_wait("light") is None
        assert (await client.get_json(ME_PATH))["id"]


async def test_5xx_get_is_retried_with_backoff(
    rc: RingCentralClient, emulator: Emulator, fake_sleep: FakeSleep
) -> None:
    await set_fault(emulator, http5xx=2)
    assert (await rc.get_json(ME_PATH))["id"]
    assert (await _paths(emulator, ME_PATH))[-3:] == [503, 503, 200]
    assert len(fake_sleep.pauses) == 2
    assert 0.25 <= fake_sleep.pauses[0] <= 0.5 <= fake_sleep.pauses[1] <= 1.0


async def test_5xx_get_gives_up_after_three_tries(
    rc: RingCentralClient, emulator: Emulator
) -> None:
    await set_fault(emulator, http5xx=5)
    with pytest.raises(ServerError) as caught:
        await rc.get_json(ME_PATH)
    assert "tried again" in caught.value.message
    assert (await _paths(emulator, ME_PATH))[-3:] == [503, 503, 503]


async def test_5xx_call_control_post_is_not_repeated(
    cc: CallControl, phone: Phone, emulator: Emulator, fake_sleep: FakeSleep
) -> None:
    sid, pid = await phone.answered()
    await set_fault(emulator, http5xx=1)
    with pytest.raises(ServerError) as caught:
        await cc.hold(sid, pid)
    assert "not repeated" in caught.value.message
    assert await _paths(emulator, "/hold") == [503]
    assert fake_sleep.pauses == []


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_unreachable_server(fake_sleep: FakeSleep) -> None:
    tokens = TokenSet("access-token-for-nowhere", expires_at=1e12, expires_in=3600)
    credentials = Credentials(f"http://127.0.0.1:{_closed_port()}", "app")
    async with RingCentralClient(credentials, tokens, sleep=fake_sleep) as client:
        with pytest.raises(Unreachable) as caught:
            await client.get_json(ME_PATH)
        assert len(fake_sleep.pauses) == 2  # three tries
        assert "Could not reach RingCentral" in caught.value.message
        with pytest.raises(Unreachable):
            await client.post_json(f"{TELEPHONY}/s-1/parties/p-1/hold")
        assert len(fake_sleep.pauses) == 2  # a POST is tried once
