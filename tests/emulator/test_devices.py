"""Devices: only an Online desk phone or softphone may call out, answer or pick up."""

from __future__ import annotations

import pytest

from tests.emulator.helpers import CallDriver, driver, error_code, parameter_name
from tui.emulator.directory import DESK_PHONE_ID, DEVICES, MOBILE_APP_ID, SOFTPHONE_ID

__all__ = ["driver"]
DEVICES_PATH = "/restapi/v1.0/account/~/extension/~/device"
CALL_OUT = "/restapi/v1.0/account/~/telephony/call-out"
OFFLINE_SOFTPHONE = next(d.id for d in DEVICES if not d.online)
WEBPHONE = next(d.id for d in DEVICES if d.type == "WebPhone")


async def _call_out(driver: CallDriver, device_id: str):
    body = {"from": {"deviceId": device_id}, "to": {"extensionNumber": "103"}}
    return await driver.rest.post(CALL_OUT, json=body)


@pytest.mark.parametrize("device_id", [MOBILE_APP_ID, WEBPHONE, OFFLINE_SOFTPHONE])
async def test_call_out_refuses_a_device_that_cannot_ring(
    driver: CallDriver, device_id: str
) -> None:
    response = await _call_out(driver, device_id)
    assert response.status_code == 400
    assert (error_code(response), parameter_name(response)) == ("CMN-101", "from.deviceId")
    calls = (await driver.control.get("/calls")).json()["records"]
    assert calls == []  # nothing rang


async def test_call_out_from_the_desk_phone_rings_the_colleague(driver: CallDriver) -> None:
    response = await _call_out(driver, DESK_PHONE_ID)
    assert response.status_code == 201, response.text
    session = response.json()["session"]
    mine = next(p for p in session["parties"] if p["direction"] == "Outbound")
    assert mine["from"]["deviceId"] == DESK_PHONE_ID


async def test_answer_and_pickup_refuse_the_mobile_app(driver: CallDriver) -> None:
    sid, pid = await driver.ring()
    refused = await driver.act(sid, pid, "answer", json={"deviceId": MOBILE_APP_ID})
    assert refused.status_code == 400 and parameter_name(refused) == "deviceId"
    assert await driver.status(sid, pid) == "Proceeding"
    answered = await driver.act(sid, pid, "answer", json={"deviceId": SOFTPHONE_ID})
    assert answered.status_code == 200, answered.text
    assert answered.json()["to"]["deviceId"] == SOFTPHONE_ID
    assert (await driver.act(sid, pid, "park")).status_code == 201
    refused = await driver.act(sid, pid, "pickup", json={"deviceId": WEBPHONE})
    assert refused.status_code == 400 and await driver.status(sid, pid) == "Parked"
    unknown = await driver.act(sid, pid, "pickup", json={"deviceId": "1"})
    assert unknown.status_code == 404 and error_code(unknown) == "CMN-102"


async def test_a_device_going_offline_is_listed_and_refused(driver: CallDriver) -> None:
    changed = await driver.control.post(f"/devices/{DESK_PHONE_ID}", json={"status": "Offline"})
    assert changed.status_code == 200, changed.text
    records = (await driver.rest.get(DEVICES_PATH)).json()["records"]
    desk = next(d for d in records if d["id"] == DESK_PHONE_ID)
    assert desk["status"] == "Offline"
    assert (await _call_out(driver, DESK_PHONE_ID)).status_code == 400
    bad = await driver.control.post(f"/devices/{DESK_PHONE_ID}", json={"status": "Away"})
    assert bad.status_code == 400
    assert (await driver.control.post("/devices/9", json={"status": "Online"})).status_code == 404
