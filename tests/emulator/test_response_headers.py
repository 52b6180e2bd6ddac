"""Headers RingCentral puts on its responses: the quota of each throttling group and RCRequestId."""

from __future__ import annotations

import httpx
from websockets.asyncio.client import connect

from tests.emulator.helpers import JWT_GRANT, CallDriver, driver

__all__ = ["driver"]

QUOTA_HEADERS = (
    "X-Rate-Limit-Group",
    "X-Rate-Limit-Limit",
    "X-Rate-Limit-Remaining",
    "X-Rate-Limit-Window",
)


def quota(response: httpx.Response) -> tuple[str, int, int, int]:
    """(group, limit, remaining, window) from a response's X-Rate-Limit-* headers."""
    group, limit, remaining, window = (response.headers[name] for name in QUOTA_HEADERS)
    return group, int(limit), int(remaining), int(window)


async def test_every_throttled_response_names_its_spec_group_and_quota(
    driver: CallDriver,
) -> None:
    rest = driver.rest
    extension = await rest.get("/restapi/v1.0/account/~/extension/~")
    assert quota(extension)[:2] == ("light", 50) and quota(extension)[3] == 60
    # The spec puts listing extensions in Medium and account presence in Heavy.
    assert quota(await rest.get("/restapi/v1.0/account/~/extension"))[:2] == ("medium", 40)
    assert quota(await rest.get("/restapi/v1.0/account/~/presence"))[:2] == ("heavy", 10)
    # Errors count and say so too; each request spends one of the window's quota.
    missing = await rest.get("/restapi/v1.0/account/~/telephony/sessions/nope")
    assert missing.status_code == 404 and quota(missing)[:2] == ("light", 50)
    assert quota(missing)[2] == quota(extension)[2] - 1


async def test_token_requests_count_against_the_auth_group(emulator) -> None:
    creds = emulator.credentials
    form = {"grant_type": JWT_GRANT, "assertion": creds["jwt"]}
    async with httpx.AsyncClient(base_url=emulator.url, timeout=10) as client:
        auth = (creds["clientId"], creds["clientSecret"])
        first = await client.post("/restapi/oauth/token", data=form, auth=auth)
        second = await client.post("/restapi/oauth/token", data=form, auth=auth)
    assert quota(first) == ("auth", 5, 4, 60) and quota(second) == ("auth", 5, 3, 60)


async def test_quota_window_slides_with_the_emulator_clock(driver: CallDriver, emulator) -> None:
    path = "/restapi/v1.0/account/~/extension/~"
    await driver.rest.get(path)
    before = quota(await driver.rest.get(path))[2]
    emulator.clock.advance(61)  # the two requests above leave the window
    assert quota(await driver.rest.get(path))[2] == before + 1


async def test_every_response_carries_an_rc_request_id(driver: CallDriver, emulator) -> None:
    async with httpx.AsyncClient(base_url=emulator.url, timeout=10) as anonymous:
        responses = [
            await driver.rest.get("/restapi/v1.0/account/~/extension/~"),
            await driver.rest.get("/restapi/v1.0/account/~/telephony/sessions/nope"),
            await anonymous.get("/restapi/v1.0/account/~/extension/~"),  # 401
            await anonymous.post("/restapi/oauth/token", data={"grant_type": "password"}),
            await driver.control.get("/requests"),
        ]
        token = (await driver.rest.post("/restapi/oauth/wstoken")).json()
    assert [r.status_code for r in responses] == [200, 404, 401, 400, 200]
    ids = [r.headers["RCRequestId"] for r in responses]
    assert all(ids) and len(set(ids)) == len(ids)
    url = f"{token['uri']}?access_token={token['ws_access_token']}"
    async with connect(url, open_timeout=5) as ws:
        assert ws.response.headers["RCRequestId"]
