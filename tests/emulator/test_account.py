"""Account data over loopback: extension, devices, presence, flip numbers, directory."""

from __future__ import annotations

from tests.emulator.helpers import CallDriver, driver

__all__ = ["driver"]

EXT = "/restapi/v1.0/account/~/extension/~"


async def test_extension_info_is_a_us_user(driver: CallDriver, credentials: dict) -> None:
    info = (await driver.rest.get(EXT)).json()
    assert info["id"] == int(credentials["extensionId"])
    assert info["type"] == "User" and info["status"] == "Enabled"
    assert info["regionalSettings"]["homeCountry"]["isoCode"] == "US"
    assert info["regionalSettings"]["timezone"]["name"] == "US/Pacific"
    assert info["account"]["id"] == credentials["accountId"]
    assert info["contact"]["email"].endswith("@northwind-dental.example")


async def test_extension_list_has_a_dozen_people_and_park_locations(driver: CallDriver) -> None:
    body = (await driver.rest.get("/restapi/v1.0/account/~/extension")).json()
    kinds = [r["type"] for r in body["records"]]
    assert kinds.count("User") == 12 and kinds.count("ParkLocation") == 2
    assert body["paging"]["totalElements"] == 14
    one = (
        await driver.rest.get(
            "/restapi/v1.0/account/~/extension", params={"extensionNumber": "103"}
        )
    ).json()
    assert [r["name"] for r in one["records"]] == ["Marcus Oyelaran"]
    page = (
        await driver.rest.get("/restapi/v1.0/account/~/extension", params={"perPage": 5, "page": 3})
    ).json()
    assert len(page["records"]) == 4 and "nextPage" not in page["navigation"]


async def test_devices_of_several_types_and_states(driver: CallDriver) -> None:
    body = (await driver.rest.get(f"{EXT}/device")).json()
    assert sorted((d["type"], d["status"]) for d in body["records"]) == [
        ("HardPhone", "Online"),
        ("SoftPhone", "Offline"),
        ("SoftPhone", "Online"),
        ("WebPhone", "Online"),
        ("WebRTC", "Online"),  # the mobile app: the spec has no MobileApp type
    ]


async def test_forwarding_numbers_carry_flip_numbers(driver: CallDriver) -> None:
    body = (await driver.rest.get(f"{EXT}/forwarding-number")).json()
    flips = {r["flipNumber"]: r for r in body["records"]}
    assert sorted(flips) == ["1", "2", "3"]
    assert all("CallFlip" in r["features"] for r in body["records"])
    one = await driver.rest.get(f"{EXT}/forwarding-number/{flips['2']['id']}")
    assert one.json()["label"] == "Mobile"
    assert (await driver.rest.get(f"{EXT}/forwarding-number/404")).status_code == 404
    v2 = (await driver.rest.get("/restapi/v2/accounts/~/extensions/~/call-flip-numbers")).json()
    assert [r["flipNumber"] for r in v2["records"]] == ["1", "2", "3"]


async def test_presence_follows_the_calls(driver: CallDriver) -> None:
    idle = (await driver.rest.get(f"{EXT}/presence")).json()
    assert idle["telephonyStatus"] == "NoCall" and idle["totalActiveCalls"] == 0
    sid, pid = await driver.ring(**{"from": "+16505550123", "fromName": "Ada Lovelace"})
    params = {"detailedTelephonyState": "true", "sipData": "true"}
    ringing = (await driver.rest.get(f"{EXT}/presence", params=params)).json()
    assert ringing["telephonyStatus"] == "Ringing"
    [call] = ringing["activeCalls"]
    assert (call["telephonySessionId"], call["partyId"]) == (sid, pid)
    assert call["fromName"] == "Ada Lovelace" and call["direction"] == "Inbound"
    assert "sipData" in call
    await driver.control.post(f"/calls/{sid}/answer")
    await driver.act(sid, pid, "hold")
    held = (
        await driver.rest.get(f"{EXT}/presence", params={"detailedTelephonyState": "true"})
    ).json()
    assert held["telephonyStatus"] == "OnHold"
    assert "sipData" not in held["activeCalls"][0]
    account = (
        await driver.rest.get(
            "/restapi/v1.0/account/~/presence", params={"detailedTelephonyState": "true"}
        )
    ).json()
    busy = [r for r in account["records"] if r.get("activeCalls")]
    assert len(account["records"]) == 12 and len(busy) == 1


async def test_directory_entries_and_search(driver: CallDriver) -> None:
    entries = (await driver.rest.get("/restapi/v1.0/account/~/directory/entries")).json()
    assert len(entries["records"]) == 14
    first = entries["records"][1]
    one = (await driver.rest.get(f"/restapi/v1.0/account/~/directory/entries/{first['id']}")).json()
    assert one["name"] == first["name"]
    search = await driver.rest.post(
        "/restapi/v1.0/account/~/directory/entries/search", json={"searchString": "billing"}
    )
    assert sorted(r["name"] for r in search.json()["records"]) == ["Grace Kim", "Samuel Okafor"]
    by_ext = await driver.rest.post(
        "/restapi/v1.0/account/~/directory/entries/search",
        json={"searchString": "10", "searchFields": ["extensionNumber"]},
    )
    assert len(by_ext.json()["records"]) == 10  # 101..110
