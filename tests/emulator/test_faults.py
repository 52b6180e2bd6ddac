"""Faults and limits through the control API: rate limits, 503s, token faults, request log."""

from __future__ import annotations

import httpx

from tests.emulator.helpers import JWT_GRANT, CallDriver, driver, error_code
from tui.emulator.middleware import is_loopback_peer

__all__ = ["driver"]

EXT = "/restapi/v1.0/account/~/extension/~"


async def test_rate_limit_429_and_the_penalty_restarts(driver: CallDriver, emulator) -> None:
    rule = {"group": "Light", "limit": 2, "windowSeconds": 60, "penaltySeconds": 5}
    assert (await driver.control.post("/faults", json={"rateLimit": rule})).status_code == 200
    first = await driver.rest.get(EXT)
    assert first.status_code == 200
    assert first.headers["X-Rate-Limit-Group"] == "light"
    assert first.headers["X-Rate-Limit-Limit"] == "2"
    assert first.headers["X-Rate-Limit-Remaining"] == "1"
    assert first.headers["X-Rate-Limit-Window"] == "60"
    assert (await driver.rest.get(EXT)).status_code == 200
    limited = await driver.rest.get(EXT)
    assert limited.status_code == 429
    assert error_code(limited) == "CMN-301"
    assert limited.headers["Retry-After"] == "5"
    # Medium is its own group and still free.
    assert (await driver.rest.get("/restapi/v1.0/account/~/extension")).status_code == 200
    # 4 s into the penalty a request restarts it, so 4 s later it is still limited...
    emulator.clock.advance(4)
    assert (await driver.rest.get(EXT)).status_code == 429
    emulator.clock.advance(4)
    assert (await driver.rest.get(EXT)).status_code == 429
    # ...and once a whole quiet penalty (and the window) has passed, it works again.
    emulator.clock.advance(61)
    assert (await driver.rest.get(EXT)).status_code == 200
    await driver.control.post("/faults", json={"rateLimit": None})
    # Not enforced any more: the headers give RingCentral's default Light quota again.
    assert (await driver.rest.get(EXT)).headers["X-Rate-Limit-Limit"] == "50"


async def test_auth_group_limits_the_token_endpoint(emulator, control: httpx.AsyncClient) -> None:
    creds = emulator.credentials
    await control.post(
        "/faults", json={"rateLimit": {"group": "Auth", "limit": 1, "penaltySeconds": 30}}
    )
    async with httpx.AsyncClient(base_url=emulator.url) as client:
        form = {"grant_type": JWT_GRANT, "assertion": creds["jwt"]}
        auth = (creds["clientId"], creds["clientSecret"])
        assert (await client.post("/restapi/oauth/token", data=form, auth=auth)).status_code == 200
        limited = await client.post("/restapi/oauth/token", data=form, auth=auth)
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "30"


async def test_http5xx_fails_the_next_n_requests(driver: CallDriver) -> None:
    await driver.control.post("/faults", json={"http5xx": 2})
    statuses = [(await driver.rest.get(EXT)).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]


async def test_http5xx_retry_after_is_sent_until_cleared(driver: CallDriver) -> None:
    await driver.control.post("/faults", json={"http5xx": 1, "http5xxRetryAfter": 30})
    maintenance = await driver.rest.get(EXT)
    await driver.control.post("/faults", json={"http5xx": 1, "http5xxRetryAfter": None})
    plain = await driver.rest.get(EXT)
    assert (maintenance.status_code, maintenance.headers.get("Retry-After")) == (503, "30")
    assert (plain.status_code, plain.headers.get("Retry-After")) == (503, None)
    assert maintenance.json()["errorCode"] == "CMN-201"


async def test_expire_access_tokens_then_refresh_works(
    emulator, control: httpx.AsyncClient
) -> None:
    creds = emulator.credentials
    auth = (creds["clientId"], creds["clientSecret"])
    async with httpx.AsyncClient(base_url=emulator.url) as client:
        token = (
            await client.post(
                "/restapi/oauth/token",
                data={"grant_type": JWT_GRANT, "assertion": creds["jwt"]},
                auth=auth,
            )
        ).json()
        await control.post("/faults", json={"expireAccessTokens": True})
        expired = await client.get(
            EXT, headers={"Authorization": f"Bearer {token['access_token']}"}
        )
        assert expired.status_code == 401 and error_code(expired) == "OAU-128"
        refresh = {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}
        renewed = await client.post("/restapi/oauth/token", data=refresh, auth=auth)
        assert renewed.status_code == 200
        await control.post("/faults", json={"revokeRefreshTokens": True})
        dead = await client.post(
            "/restapi/oauth/token",
            data={"grant_type": "refresh_token", "refresh_token": renewed.json()["refresh_token"]},
            auth=auth,
        )
        assert dead.status_code == 400 and dead.json()["error"] == "invalid_grant"


async def test_request_log_lists_every_rest_request(driver: CallDriver) -> None:
    await driver.rest.get(EXT)
    await driver.rest.get("/restapi/v1.0/account/~/telephony/sessions/s-nope")
    records = (await driver.control.get("/requests")).json()["records"]
    assert [(r["method"], r["path"], r["status"]) for r in records] == [
        ("POST", "/restapi/oauth/token", 200),
        ("GET", EXT, 200),
        ("GET", "/restapi/v1.0/account/~/telephony/sessions/s-nope", 404),
    ]
    assert all(r["time"].endswith("Z") for r in records)


async def test_control_api_refuses_bad_input(control: httpx.AsyncClient) -> None:
    assert (await control.post("/faults", json={"meteorStrike": True})).status_code == 400
    assert (await control.post("/faults", json={"http5xx": -1})).status_code == 400
    assert (await control.post("/faults", json={"http5xxRetryAfter": "soon"})).status_code == 400
    assert (
        await control.post("/faults", json={"rateLimit": {"group": "Huge", "limit": 1}})
    ).status_code == 400
    assert (await control.post("/calls", json={"direction": "Sideways"})).status_code == 400
    assert (await control.post("/calls", json={"from": "555-0123"})).status_code == 400
    assert (await control.get("/calls/s-unknown")).status_code == 404
    broken = await control.post(
        "/calls", content=b"[1, 2", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400


async def test_internal_call_from_a_colleague(driver: CallDriver) -> None:
    sid, pid = await driver.ring(**{"from": "102"})
    view = await driver.view(sid)
    caller = next(p for p in view["parties"] if p["id"] != pid)
    assert caller["from"]["name"] == "Priya Natarajan"
    assert caller["owner"]["extensionId"] == "62264426016"
    assert view["history"] == ["Setup", "Proceeding"]


def test_only_loopback_peers_reach_the_control_api() -> None:
    assert is_loopback_peer("127.0.0.1") and is_loopback_peer("::1")
    assert not is_loopback_peer("192.168.1.20")
    assert not is_loopback_peer(None) and not is_loopback_peer("not an address")
