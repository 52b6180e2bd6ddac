"""RingOut: two legs notified like any call, a status object, and cancel."""

from __future__ import annotations

from tests.emulator.helpers import CallDriver, driver, error_code, parameter_name, signed_in
from tui.emulator import Emulator

__all__ = ["driver"]
RING_OUT = "/restapi/v1.0/account/~/extension/~/ring-out"
BODY = {"from": {"phoneNumber": "+14155550177"}, "to": {"phoneNumber": "+16505550123"}}


async def _status(driver: CallDriver, ring_out_id: str) -> dict:
    response = await driver.rest.get(f"{RING_OUT}/{ring_out_id}")
    assert response.status_code == 200, response.text
    return response.json()["status"]


async def _session_id(driver: CallDriver) -> str:
    records = (await driver.control.get("/calls")).json()["records"]
    return next(r["id"] for r in records if r["origin"]["type"] == "RingOut")


async def test_ringout_rings_then_connects_then_finishes(driver: CallDriver) -> None:
    created = await driver.rest.post(RING_OUT, json=BODY)
    assert created.status_code == 200, created.text
    ring_out_id = created.json()["id"]
    assert created.json()["status"]["callStatus"] == "InProgress"
    sid = await _session_id(driver)
    view = await driver.view(sid)
    mine = next(p for p in view["parties"] if p["direction"] == "Outbound")
    assert mine["from"]["phoneNumber"] == "+14155550177"
    await driver.control.post(f"/calls/{sid}/answer")
    assert await _status(driver, ring_out_id) == {
        "callStatus": "Success",
        "callerStatus": "Success",
        "calleeStatus": "Success",
    }
    await driver.control.post(f"/calls/{sid}/hangup")
    assert (await _status(driver, ring_out_id))["callStatus"] == "Finished"


async def test_ringout_cancel_ends_both_legs(driver: CallDriver) -> None:
    ring_out_id = (await driver.rest.post(RING_OUT, json=BODY)).json()["id"]
    sid = await _session_id(driver)
    assert (await driver.rest.delete(f"{RING_OUT}/{ring_out_id}")).status_code == 204
    view = await driver.view(sid)
    assert all(p["status"]["code"] == "Disconnected" for p in view["parties"])
    gone = await driver.rest.get(f"{RING_OUT}/{ring_out_id}")
    assert gone.status_code == 404 and error_code(gone) == "CMN-102"


async def test_ringout_refuses_a_number_that_is_not_e164(emulator: Emulator) -> None:
    # Plain httpx: these requests break the contract on purpose, so they are not validated.
    async with signed_in(emulator.credentials, user_agent="python-httpx/test") as rest:
        bad = await rest.post(RING_OUT, json={**BODY, "to": {"phoneNumber": "103"}})
        assert bad.status_code == 400 and parameter_name(bad) == "to.phoneNumber"
        flip = {**BODY, "from": {"forwardingNumberId": "71420002016"}}
        assert (await rest.post(RING_OUT, json=flip)).status_code == 200
        assert (await rest.post(RING_OUT, json={"to": BODY["to"]})).status_code == 400
