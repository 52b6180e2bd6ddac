"""The emulator's presence PUT, queue availability and favorites, as strict as RingCentral's."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.emulator.helpers import RecordingHub, error_code, signed_in, wait_for
from tui.emulator import Emulator, EmulatorConfig
from tui.emulator.calls import CallCenter
from tui.emulator.clock import Clock
from tui.emulator.directory import CALL_QUEUES, FAVORITE_IDS, PEOPLE, USER
from tui.emulator.notify import Notifier
from tui.emulator.scenarios import Pace
from tui.emulator.team_scenario import team_activity

PRESENCE = "/restapi/v1.0/account/~/extension/~/presence"
QUEUES = "/restapi/v1.0/account/~/extension/~/call-queue-presence"


def _record_presence(emulator: Emulator) -> list[dict]:
    """Collect every presence event body the emulator publishes from now on."""
    seen: list[dict] = []
    publish = emulator.hub.publish_presence

    def recording(account_id: str, extension_id: str, body: dict) -> None:
        seen.append(body)
        publish(account_id, extension_id, body)

    emulator.hub.publish_presence = recording  # type: ignore[method-assign]
    return seen


async def test_put_presence_sets_status_and_dnd_and_tells_subscribers(emulator: Emulator) -> None:
    events = _record_presence(emulator)
    async with signed_in(emulator.credentials) as rest:
        answer = await rest.put(
            PRESENCE, json={"userStatus": "Busy", "dndStatus": "DoNotAcceptAnyCalls"}
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["dndStatus"] == "DoNotAcceptAnyCalls"
        again = (await rest.get(PRESENCE)).json()
    assert (again["userStatus"], again["dndStatus"], again["presenceStatus"]) == (
        "Busy",
        "DoNotAcceptAnyCalls",
        "Busy",
    )
    assert events[-1]["extensionId"] == USER.id and events[-1]["userStatus"] == "Busy"


async def test_bad_presence_values_are_refused(emulator: Emulator) -> None:
    async with signed_in(emulator.credentials, user_agent="python-httpx/test") as rest:
        wrong = await rest.put(PRESENCE, json={"userStatus": "Sleeping"})
        newer_only = await rest.put(PRESENCE, json={"dndStatusPersonal": "DoNotAcceptAnyCalls"})
        unchanged = (await rest.get(PRESENCE)).json()
    assert wrong.status_code == 400 and error_code(wrong) == "CMN-101"
    assert newer_only.status_code == 400  # this extension is on the older call handling
    assert unchanged["userStatus"] == "Available"


@pytest.mark.parametrize("emulator_config", [EmulatorConfig(newer_call_handling=True)])
async def test_newer_call_handling_uses_dnd_status_personal(emulator: Emulator) -> None:
    async with signed_in(emulator.credentials) as rest:
        before = (await rest.get(PRESENCE)).json()
        legacy = await rest.put(PRESENCE, json={"dndStatus": "DoNotAcceptAnyCalls"})  # valid schema
        newer = await rest.put(
            PRESENCE,
            json={"dndStatusPersonal": "DoNotAcceptAnyCalls", "acceptCallQueueCalls": False},
        )
    assert "dndStatus" not in before and before["dndStatusPersonal"] == "TakeAllCalls"
    assert legacy.status_code == 400
    assert newer.status_code == 200
    assert newer.json()["dndStatusPersonal"] == "DoNotAcceptAnyCalls"
    assert newer.json()["acceptCallQueueCalls"] is False


async def test_control_api_changes_presence_as_the_desk_phone_would(
    emulator: Emulator, control: httpx.AsyncClient
) -> None:
    events = _record_presence(emulator)
    answer = await control.post(f"/presence/{USER.id}", json={"userStatus": "Offline"})
    assert answer.status_code == 200, answer.text
    assert events[-1]["userStatus"] == "Offline" and events[-1]["presenceStatus"] == "Offline"
    unknown = await control.post("/presence/1", json={"userStatus": "Offline"})
    assert unknown.status_code == 404


async def test_queue_presence_lists_my_queues_and_turns_one_off(emulator: Emulator) -> None:
    mine = [q for q in CALL_QUEUES if USER.id in q.member_ids]
    async with signed_in(emulator.credentials) as rest:
        listed = (await rest.get(QUEUES)).json()["records"]
        first = mine[0].id
        changed = await rest.put(
            QUEUES, json={"records": [{"callQueue": {"id": first}, "acceptCalls": False}]}
        )
        foreign = await rest.put(
            QUEUES, json={"records": [{"callQueue": {"id": "1"}, "acceptCalls": False}]}
        )
        members = (await rest.get(f"/restapi/v1.0/account/~/call-queues/{first}/presence")).json()
    assert [r["callQueue"]["name"] for r in listed] == [q.name for q in mine]
    assert all(r["acceptCalls"] for r in listed)
    states = {r["callQueue"]["id"]: r["acceptCalls"] for r in changed.json()["records"]}
    assert states[first] is False and all(v for k, v in states.items() if k != first)
    assert foreign.status_code == 404
    me = next(r for r in members["records"] if r["member"]["id"] == USER.id)
    assert me["acceptCurrentQueueCalls"] is False


async def test_favorites_are_the_users_colleagues(emulator: Emulator) -> None:
    async with signed_in(emulator.credentials) as rest:
        path = "/restapi/v1.0/account/~/extension/~/favorite"
        listed = (await rest.get(path)).json()["records"]
        replaced = await rest.put(path, json={"records": [{"extensionId": PEOPLE[3].id}]})
        unknown = await rest.put(path, json={"records": [{"extensionId": "999"}]})
    assert [r["extensionId"] for r in listed] == list(FAVORITE_IDS)
    assert [r["extensionId"] for r in replaced.json()["records"]] == [PEOPLE[3].id]
    assert unknown.status_code == 404


async def test_a_colleagues_call_publishes_their_presence(
    emulator: Emulator, control: httpx.AsyncClient
) -> None:
    events = _record_presence(emulator)
    colleague = PEOPLE[1]
    ringing = await control.post(
        "/calls", json={"from": "+14155550142", "to": colleague.extension_number}
    )
    sid = ringing.json()["telephonySessionId"]
    await control.post(f"/calls/{sid}/answer")
    theirs = [e["telephonyStatus"] for e in events if e["extensionId"] == colleague.id]
    assert theirs[:1] == ["Ringing"] and theirs[-1] == "CallConnected"


async def test_the_demo_keeps_the_team_busy() -> None:
    clock = Clock()
    hub = RecordingHub()
    center = CallCenter(Notifier(hub, clock), clock)
    task = asyncio.create_task(team_activity(center, Pace().scaled(400)))

    def statuses() -> set[str]:
        return {b["telephonyStatus"] for b in hub.presence if b["extensionId"] in FAVORITE_IDS}

    try:
        await wait_for(lambda: {"Ringing", "CallConnected", "NoCall"} <= statuses(), timeout=20)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert all(b["extensionId"] != USER.id for b in hub.presence)  # the user's calls are theirs


@pytest.mark.parametrize(
    ("presence", "queue_off", "ring", "rings"),
    [
        ({"dndStatus": "DoNotAcceptAnyCalls"}, False, {}, False),
        ({"dndStatus": "DoNotAcceptDepartmentCalls"}, False, {"queueCall": True}, False),
        ({"dndStatus": "DoNotAcceptDepartmentCalls"}, False, {}, True),
        ({}, True, {"queueCall": True}, False),
        ({}, True, {}, True),
    ],
)
async def test_dnd_and_queue_availability_route_calls(
    emulator: Emulator,
    control: httpx.AsyncClient,
    presence: dict,
    queue_off: bool,
    ring: dict,
    rings: bool,
) -> None:
    async with signed_in(emulator.credentials) as rest:
        if presence:
            assert (await rest.put(PRESENCE, json=presence)).status_code == 200
        if queue_off:
            body = {"records": [{"callQueue": {"id": CALL_QUEUES[0].id}, "acceptCalls": False}]}
            assert (await rest.put(QUEUES, json=body)).status_code == 200
    answer = await control.post("/calls", json={"from": "+14155550142", **ring})
    session = (await control.get(f"/calls/{answer.json()['telephonySessionId']}")).json()
    assert session["history"] == (["Proceeding"] if rings else ["VoiceMail"])
