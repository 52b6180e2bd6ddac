"""REST over the WebSocket gateway: any REST path, answered as the REST front door answers it."""

from __future__ import annotations

from websockets.asyncio.client import connect

from tests.emulator.helpers import CallDriver, driver
from tests.emulator.push_harness import receive, ws_request

__all__ = ["driver"]


async def open_socket(driver: CallDriver):  # type: ignore[no-untyped-def]
    token = (await driver.rest.post("/restapi/oauth/wstoken")).json()
    ws = await connect(f"{token['uri']}?access_token={token['ws_access_token']}", open_timeout=5)
    assert (await receive(ws))[0]["type"] == "ConnectionDetails"
    return ws


async def test_any_rest_path_is_answered_over_the_socket_like_over_http(
    driver: CallDriver, emulator
) -> None:
    sid, _ = await driver.ring(**{"from": "+16505550123"})
    over_http = (await driver.rest.get(f"/restapi/v1.0/account/~/telephony/sessions/{sid}")).json()
    async with await open_socket(driver) as ws:
        me = await ws_request(ws, "m1", "GET", "/restapi/v1.0/account/~/extension/~")
        session = await ws_request(
            ws, "m2", "GET", f"/restapi/v1.0/account/~/telephony/sessions/{sid}"
        )
        presence = await ws_request(
            ws,
            "m3",
            "GET",
            "/restapi/v1.0/account/~/extension/~/presence?detailedTelephonyState=true",
        )
        missing = await ws_request(ws, "m4", "GET", "/restapi/v1.0/account/~/telephony/sessions/x")
    assert me[0]["status"] == 200 and str(me[1]["id"]) == emulator.credentials["extensionId"]
    assert me[0]["headers"]["RCRequestId"] and me[0]["headers"]["X-Rate-Limit-Group"] == "light"
    assert session[0]["status"] == 200 and session[1]["id"] == over_http["id"]
    assert [p["status"]["code"] for p in session[1]["parties"]] == [
        p["status"]["code"] for p in over_http["parties"]
    ]
    assert presence[0]["status"] == 200 and presence[1]["activeCalls"]
    assert missing[0]["status"] == 404 and missing[1]["errors"][0]["errorCode"]


async def test_a_call_is_answered_through_the_socket(driver: CallDriver, emulator) -> None:
    sid, party = await driver.ring(**{"from": "+16505550123"})
    path = f"/restapi/v1.0/account/~/telephony/sessions/{sid}/parties/{party}/answer"
    devices = (await driver.rest.get("/restapi/v1.0/account/~/extension/~/device")).json()
    desk = next(d["id"] for d in devices["records"] if d.get("type") in ("HardPhone", "SoftPhone"))
    async with await open_socket(driver) as ws:
        answered = await ws_request(ws, "a1", "POST", path, {"deviceId": desk})
    assert answered[0]["status"] == 200, answered
    state = (await driver.control.get(f"/calls/{sid}")).json()
    assert any(p["status"]["code"] == "Answered" for p in state["parties"])


async def test_oauth_is_not_tunnelled_and_an_ended_sign_in_gets_401(
    driver: CallDriver, emulator
) -> None:
    app = (emulator.credentials["clientId"], emulator.credentials["clientSecret"])
    async with await open_socket(driver) as ws:
        oauth = await ws_request(ws, "o1", "POST", "/restapi/oauth/wstoken")
        assert oauth[0]["status"] == 404
        token = driver.rest.headers["Authorization"].removeprefix("Bearer ")
        revoked = await driver.rest.post("/restapi/oauth/revoke", data={"token": token}, auth=app)
        assert revoked.status_code == 200
        ended = await ws_request(ws, "o2", "GET", "/restapi/v1.0/account/~/extension/~")
    assert ended[0]["status"] == 401
