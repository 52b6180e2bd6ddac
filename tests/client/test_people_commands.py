"""`calldeck presence` and `calldeck log`, run as real processes against the emulator."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.client.test_commands import _jwt_env, calldeck
from tui.emulator import Emulator, EmulatorConfig
from tui.emulator.clock import iso
from tui.emulator.directory import USER, queues_of


async def _control(emulator: Emulator, path: str, body: dict) -> httpx.Response:
    async with httpx.AsyncClient(base_url=f"{emulator.url}/_emulator", timeout=10) as control:
        return await control.post(path, json=body)


async def test_presence_json_has_exactly_the_issues_shape(emulator: Emulator) -> None:
    ran = await calldeck("presence", "--json", env=_jwt_env(emulator))
    assert ran.code == 0, ran.err
    body = json.loads(ran.out)
    assert set(body) == {"userStatus", "dndStatus", "queues"}
    assert (body["userStatus"], body["dndStatus"]) == ("Available", "TakeAllCalls")
    assert [q["name"] for q in body["queues"]] == [q.name for q in queues_of(USER.id)]
    assert all(set(q) == {"id", "name", "accepting"} and q["accepting"] for q in body["queues"])


async def test_presence_sets_each_state_and_queue_calls(emulator: Emulator) -> None:
    env = _jwt_env(emulator)
    seen = {}
    for state in ("busy", "dnd", "offline", "available"):
        ran = await calldeck("presence", state, "--json", env=env)
        assert ran.code == 0, ran.err
        body = json.loads(ran.out)
        seen[state] = (body["userStatus"], body["dndStatus"])
    assert seen == {
        "busy": ("Busy", "TakeAllCalls"),
        "dnd": ("Busy", "DoNotAcceptAnyCalls"),
        "offline": ("Offline", "TakeAllCalls"),
        "available": ("Available", "TakeAllCalls"),
    }
    ran = await calldeck("presence", "--queues", "off", env=env)
    assert ran.code == 0, ran.err
    assert ran.out.startswith("Available · no queue calls")
    assert emulator.availability.of(USER.id).dnd_status == "DoNotAcceptDepartmentCalls"


@pytest.mark.parametrize("emulator_config", [EmulatorConfig(newer_call_handling=True)])
async def test_presence_writes_dnd_status_personal_on_the_newer_call_handling(
    emulator: Emulator,
) -> None:
    env = _jwt_env(emulator)
    ran = await calldeck("presence", "dnd", "--queues", "off", "--json", env=env)
    assert ran.code == 0, ran.err
    assert json.loads(ran.out)["dndStatus"] == "DoNotAcceptAnyCalls"
    mine = emulator.availability.of(USER.id)
    assert (mine.dnd_personal, mine.accept_queue_calls) == ("DoNotAcceptAnyCalls", False)


async def test_presence_refuses_an_unknown_state_with_one_line(emulator: Emulator) -> None:
    ran = await calldeck("presence", "sleeping", env=_jwt_env(emulator))
    assert ran.code == 2 and "Traceback" not in ran.err
    assert "invalid choice" in ran.err


async def test_log_prints_the_call_log_then_syncs_incrementally(
    emulator: Emulator, isolated_home: Path
) -> None:
    env = _jwt_env(emulator) | {"CALLDECK_HOME": str(isolated_home)}
    now = datetime.now(UTC)
    for hours, result in ((2, "Missed"), (30, "Accepted"), (100, "Missed")):
        body = {"startTime": iso(now - timedelta(hours=hours)), "result": result, "duration": 61}
        assert (await _control(emulator, "/call-log", body)).status_code == 201
    ran = await calldeck("log", "--json", env=env)
    assert ran.code == 0, ran.err
    calls = json.loads(ran.out)["calls"]
    assert len(calls) == 3
    keys = {"id", "startTime", "direction", "from", "to", "result", "duration"}
    assert all(set(call) == keys for call in calls)
    assert [c["result"] for c in calls] == ["Missed", "Accepted", "Missed"]  # newest first

    missed_today = await calldeck("log", "--missed", "--since", "1d", "--json", env=env)
    assert [c["result"] for c in json.loads(missed_today.out)["calls"]] == ["Missed"]
    syncs = [e.query for e in emulator.exchanges if e.path.endswith("/call-log-sync")]
    assert "syncType=FSync" in syncs[0] and "syncType=ISync" in syncs[1]

    text = await calldeck("log", env=env)
    assert text.code == 0 and len(text.out.strip().splitlines()) == 3
    bad = await calldeck("log", "--since", "soon", env=env)
    assert bad.code == 2 and bad.err.strip().count("\n") == 0 and "--since" in bad.err
