"""Token lifetime: proactive refresh, one shared refresh on 401, saved before use, and a
clear "sign in again" when the refresh token is revoked or expired."""

from __future__ import annotations

import asyncio

import pytest

from tests.client.conftest import FakeSleep, Phone, emulator_requests, set_fault, token_grants
from tui.emulator import Emulator
from tui.ringcentral.auth import Credentials
from tui.ringcentral.callcontrol import CallControl
from tui.ringcentral.client import ME_PATH, RingCentralClient
from tui.ringcentral.errors import SIGN_IN_ENDED, SignInRequired
from tui.ringcentral.tokens import TokenStore


class ManualClock:
    """The client's wall clock, moved by hand: token lifetimes without waiting."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


async def client_on(
    clock: ManualClock, credentials: Credentials, store: TokenStore | None = None
) -> RingCentralClient:
    """A client signed in with `credentials` whose token times follow `clock`."""
    return await RingCentralClient.sign_in_jwt(
        credentials, store=store, now=clock, sleep=FakeSleep()
    )


def _bearer_of_last(emulator: Emulator, path: str) -> str:
    exchange = [ex for ex in emulator.exchanges if ex.path == path][-1]
    headers = {k.lower(): v for k, v in exchange.request_headers.items()}
    return headers["authorization"].removeprefix("Bearer ")


async def test_expired_access_token_gets_one_shared_refresh(
    rc: RingCentralClient, emulator: Emulator, store: TokenStore
) -> None:
    before = store.load()
    await set_fault(emulator, expireAccessTokens=True)
    results = await asyncio.gather(*(rc.get_json(ME_PATH) for _ in range(5)))
    assert all(r["id"] for r in results)
    assert token_grants(emulator, "refresh_token") == 1
    statuses = [r["status"] for r in await emulator_requests(emulator) if r["path"] == ME_PATH]
    assert statuses.count(401) >= 1 and statuses[-5:] == [200] * 5
    # The new pair was saved, and is what the retried requests used.
    after = store.load()
    assert before is not None and after is not None
    assert after.tokens.access_token != before.tokens.access_token
    assert after.tokens.refresh_token != before.tokens.refresh_token
    assert _bearer_of_last(emulator, ME_PATH) == after.tokens.access_token


async def test_proactive_refresh_before_expiry(
    jwt_credentials: Credentials, emulator: Emulator, store: TokenStore
) -> None:
    clock = ManualClock()
    async with await client_on(clock, jwt_credentials, store) as client:
        clock.now += 3600 - 59  # inside the 60 s margin
        await client.get_json(ME_PATH)
    assert token_grants(emulator, "refresh_token") == 1
    assert all(r["status"] != 401 for r in await emulator_requests(emulator))


async def test_revoked_refresh_token_means_sign_in_again(
    rc: RingCentralClient, emulator: Emulator, store: TokenStore
) -> None:
    # A saved sign-in (as after `calldeck login`) has no JWT to fall back on.
    async with RingCentralClient.from_saved(store) as client:
        await set_fault(emulator, expireAccessTokens=True, revokeRefreshTokens=True)
        with pytest.raises(SignInRequired) as caught:
            await client.get_json(ME_PATH)
        assert caught.value.message == SIGN_IN_ENDED
        sent = len(await emulator_requests(emulator))
        # No retry storm: later calls fail at once, locally.
        for _ in range(3):
            with pytest.raises(SignInRequired):
                await client.get_json(ME_PATH)
        assert len(await emulator_requests(emulator)) == sent
        assert not client.signed_in


async def test_expired_refresh_token_is_known_without_asking(
    jwt_credentials: Credentials, emulator: Emulator, store: TokenStore
) -> None:
    clock = ManualClock()
    await (await client_on(clock, jwt_credentials, store)).aclose()
    async with RingCentralClient.from_saved(store, now=clock) as client:
        clock.now += 8 * 24 * 3600  # past both lifetimes
        sent = len(await emulator_requests(emulator))
        with pytest.raises(SignInRequired):
            await client.get_json(ME_PATH)
    assert len(await emulator_requests(emulator)) == sent


async def test_env_jwt_starts_a_new_session_when_refresh_is_revoked(
    rc: RingCentralClient, emulator: Emulator
) -> None:
    # `rc` was signed in with a JWT it still holds (as with RINGCENTRAL_JWT).
    await set_fault(emulator, expireAccessTokens=True, revokeRefreshTokens=True)
    assert (await rc.get_json(ME_PATH))["id"]
    assert token_grants(emulator, "urn") == 2  # the sign-in, then one new session
    assert rc.signed_in


async def test_early_refresh_failing_briefly_keeps_the_valid_token(
    jwt_credentials: Credentials, emulator: Emulator
) -> None:
    clock = ManualClock()
    async with await client_on(clock, jwt_credentials) as client:
        clock.now += 3600 - 30  # refresh due, token still valid
        await set_fault(emulator, http5xx=1)  # the refresh meets a 503
        assert (await client.get_json(ME_PATH))["id"]
        assert client.signed_in
    statuses = [(r["path"], r["status"]) for r in await emulator_requests(emulator)]
    assert ("/restapi/oauth/token", 503) in statuses and statuses[-1] == (ME_PATH, 200)


async def test_early_refresh_meeting_maintenance_waits_as_asked_not_on_every_request(
    jwt_credentials: Credentials, emulator: Emulator
) -> None:
    clock = ManualClock()
    async with await client_on(clock, jwt_credentials) as client:
        clock.now += 3600 - 50  # refresh due, token valid for 50 s more
        await set_fault(emulator, http5xx=1, http5xxRetryAfter=20)  # the refresh meets it
        for _ in range(5):  # a burst of requests while RingCentral asked us to wait
            assert (await client.get_json(ME_PATH))["id"]
        tried_during_the_wait = token_grants(emulator, "refresh_token")
        clock.now += 21
        assert (await client.get_json(ME_PATH))["id"]
    assert tried_during_the_wait == 1
    assert token_grants(emulator, "refresh_token") == 2
    statuses = [(r["path"], r["status"]) for r in await emulator_requests(emulator)]
    after_the_503 = statuses[statuses.index(("/restapi/oauth/token", 503)) + 1 :]
    assert after_the_503 == [(ME_PATH, 200)] * 5 + [("/restapi/oauth/token", 200), (ME_PATH, 200)]


async def test_call_control_after_expiry_is_sent_again_once(
    rc: RingCentralClient, emulator: Emulator, phone: Phone
) -> None:
    control = CallControl(rc)
    sid, pid = await phone.answered()
    await set_fault(emulator, expireAccessTokens=True)
    held = await control.hold(sid, pid)  # 401 OAU-128 -> refresh -> the same POST once more
    assert held is not None and held["status"]["code"] == "Hold"
    holds = [r["status"] for r in await emulator_requests(emulator) if r["path"].endswith("/hold")]
    assert holds == [401, 200]
    assert token_grants(emulator, "refresh_token") == 1


async def test_ensure_fresh_refreshes_only_inside_the_asked_margin(
    jwt_credentials: Credentials, emulator: Emulator, store: TokenStore
) -> None:
    clock = ManualClock()
    async with await client_on(clock, jwt_credentials, store) as client:
        keeper = client.keeper
        assert keeper.refresh_due(300) == pytest.approx(3600 - 300)
        await keeper.ensure_fresh(300)  # an hour left: nothing to do
        assert token_grants(emulator, "refresh_token") == 0
        clock.now += 3600 - 200
        assert keeper.refresh_due(300) == 0
        await keeper.ensure_fresh(300)  # 200 s left: refreshed, and saved
        assert token_grants(emulator, "refresh_token") == 1
        assert keeper.refresh_due(300) == pytest.approx(3600 - 300)
        saved = store.load()
        assert saved is not None and keeper.tokens is not None
        assert saved.tokens.access_token == keeper.tokens.access_token
        assert (await client.get_json(ME_PATH))["id"]
