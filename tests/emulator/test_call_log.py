"""The emulator's call log: calls it handled land there with RingCentral's results; syncs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from tests.emulator.helpers import error_code, signed_in, wait_for
from tui.emulator import Emulator, EmulatorConfig
from tui.emulator.clock import iso
from tui.emulator.directory import USER

LOG = "/restapi/v1.0/account/~/extension/~/call-log"
# Requests another client sends are not held to the contract: refusals of bad ones are tested.
FOREIGN = "python-httpx/test"
SYNC = "/restapi/v1.0/account/~/extension/~/call-log-sync"


async def _call(control: httpx.AsyncClient, fate: str) -> str:
    sid = (await control.post("/calls", json={"from": "+14155550142"})).json()["telephonySessionId"]
    if fate == "answered":
        await control.post(f"/calls/{sid}/answer")
    await control.post(f"/calls/{sid}/hangup")
    return sid


async def test_handled_calls_land_in_the_call_log_with_results(
    emulator: Emulator, control: httpx.AsyncClient
) -> None:
    missed = await _call(control, "missed")
    answered = await _call(control, "answered")
    async with signed_in(emulator.credentials) as rest:
        simple = (await rest.get(LOG)).json()
        detailed = (await rest.get(LOG, params={"view": "Detailed"})).json()
    async with signed_in(emulator.credentials, user_agent=FOREIGN) as foreign:
        bad = await foreign.get(LOG, params={"view": "Everything"})
    results = {r["telephonySessionId"]: r["result"] for r in simple["records"]}
    assert results == {missed: "Missed", answered: "Accepted"}
    assert simple["records"][0]["telephonySessionId"] == answered  # newest first
    assert "legs" not in simple["records"][0] and detailed["records"][0]["legs"]
    assert bad.status_code == 400 and error_code(bad) == "CMN-101"


async def test_call_log_honours_date_from_and_paging(
    emulator: Emulator, control: httpx.AsyncClient
) -> None:
    now = datetime.now(UTC)
    for days in (1, 3, 5):
        body = {"startTime": iso(now - timedelta(days=days)), "result": "Missed"}
        assert (await control.post("/call-log", json=body)).status_code == 201
    async with signed_in(emulator.credentials) as rest:
        default = (await rest.get(LOG)).json()  # the last 24 hours
        week = (await rest.get(LOG, params={"dateFrom": iso(now - timedelta(days=7))})).json()
        page = (
            await rest.get(LOG, params={"dateFrom": iso(now - timedelta(days=7)), "perPage": 2})
        ).json()
    assert default["records"] == []
    assert len(week["records"]) == 3
    assert len(page["records"]) == 2 and page["paging"]["totalPages"] == 2


async def test_full_then_incremental_sync(emulator: Emulator, control: httpx.AsyncClient) -> None:
    await _call(control, "answered")
    async with signed_in(emulator.credentials) as rest:
        full = await rest.get(SYNC, params={"syncType": "FSync", "recordCount": 250})
        token = full.json()["syncInfo"]["syncToken"]
        nothing_new = (
            await rest.get(SYNC, params={"syncType": "ISync", "syncToken": token})
        ).json()
        later = await _call(control, "missed")
        await wait_for(lambda: len(emulator.call_log.records) == 2)
        news = (await rest.get(SYNC, params={"syncType": "ISync", "syncToken": token})).json()
    async with signed_in(emulator.credentials, user_agent=FOREIGN) as foreign:
        no_count = await foreign.get(SYNC, params={"syncType": "FSync"})
        no_token = await foreign.get(SYNC, params={"syncType": "ISync"})
        forged = await foreign.get(SYNC, params={"syncType": "ISync", "syncToken": "abc"})
    assert full.status_code == 200 and len(full.json()["records"]) == 1
    assert nothing_new["records"] == [] and nothing_new["syncInfo"]["syncType"] == "ISync"
    assert [r["telephonySessionId"] for r in news["records"]] == [later]
    assert news["records"][0]["result"] == "Missed"
    assert {no_count.status_code, no_token.status_code, forged.status_code} == {400}


async def test_the_demo_scenario_gives_the_person_a_week_of_history() -> None:
    emu = Emulator(EmulatorConfig(scenario="demo"))
    records = emu.call_log.of(USER.id)
    now = datetime.now(UTC)
    results = {r.result for r in records}
    assert len(records) >= 10 and {"Missed", "Accepted"} <= results
    assert all(now - timedelta(days=7) <= r.start <= now for r in records)
