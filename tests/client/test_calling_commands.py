"""`calldeck devices` and `calldeck call`, run as real processes against the emulator."""

from __future__ import annotations

import json
from pathlib import Path

from tests.client.test_commands import _jwt_env, _one_clean_line, calldeck
from tui.emulator import Emulator
from tui.emulator.directory import DESK_PHONE_ID, DEVICES


async def test_devices_json_lists_every_phone(emulator: Emulator) -> None:
    ran = await calldeck("devices", "--json", env=_jwt_env(emulator))
    assert ran.code == 0, ran.err
    data = json.loads(ran.out)
    assert list(data) == ["devices"]
    assert [set(d) for d in data["devices"]] == [{"id", "name", "type", "online"}] * len(DEVICES)
    desk = next(d for d in data["devices"] if d["id"] == DESK_PHONE_ID)
    assert desk == {"id": DESK_PHONE_ID, "name": desk["name"], "type": "HardPhone", "online": True}
    assert sorted(d["online"] for d in data["devices"]) == [False, True, True, True, True]


async def test_devices_table_marks_the_configured_phone(
    emulator: Emulator, isolated_home: Path
) -> None:
    config = isolated_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('device = "desk phone (polycom vvx 450)"\n')
    ran = await calldeck("devices", env=_jwt_env(emulator))
    assert ran.code == 0, ran.err
    lines = ran.out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "TYPE", "STATUS", "CALLS"]
    desk = next(line for line in lines if DESK_PHONE_ID in line)
    assert desk.startswith("*") and desk.rstrip().endswith("yes")
    mobile = next(line for line in lines if "WebRTC" in line)
    assert mobile.rstrip().endswith("no")


async def test_devices_with_a_broken_config(isolated_home: Path) -> None:
    config = isolated_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("device = 3\n")
    ran = await calldeck("devices")
    assert ran.code == 2 and "device must be a non-empty string" in _one_clean_line(ran)


def _call_requests(emulator: Emulator) -> list[str]:
    return [
        f"{ex.method} {ex.path}"
        for ex in emulator.exchanges
        if ex.path.endswith(("/call-out", "/ring-out"))
    ]


async def test_call_an_extension_from_the_desk_phone(emulator: Emulator, control) -> None:
    ran = await calldeck("call", "103", "--device", DESK_PHONE_ID, "--json", env=_jwt_env(emulator))
    assert ran.code == 0, ran.err
    placed = json.loads(ran.out)
    assert set(placed) == {"telephonySessionId", "partyId"}
    session = (await control.get(f"/calls/{placed['telephonySessionId']}")).json()
    mine = next(p for p in session["parties"] if p["id"] == placed["partyId"])
    assert mine["from"]["deviceId"] == DESK_PHONE_ID and mine["direction"] == "Outbound"
    assert mine["to"]["name"] == "Marcus Oyelaran"


async def test_call_uses_ringout_when_only_the_mobile_app_is_online(
    emulator: Emulator, control, isolated_home: Path
) -> None:
    for device in DEVICES:
        if device.type in ("HardPhone", "SoftPhone"):
            await control.post(f"/devices/{device.id}", json={"status": "Offline"})
    ran = await calldeck("call", "(650) 555-0177", "--json", env=_jwt_env(emulator))
    assert ran.code == 0, ran.err
    placed = json.loads(ran.out)
    assert set(placed) == {"ringOutId", "status"} and placed["status"] == "InProgress"
    assert _call_requests(emulator) == ["POST /restapi/v1.0/account/~/extension/~/ring-out"]
    ringout = next(ex for ex in emulator.exchanges if ex.path.endswith("/ring-out"))
    assert json.loads(ringout.request_body)["to"] == {"phoneNumber": "+16505550177"}
    ran = await calldeck("call", "103", env=_jwt_env(emulator))  # RingOut to a colleague
    assert ran.code == 0 and "by RingOut, ringing +14155550177 first" in ran.out
    config = isolated_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('ring_me_at = "(415) 555-0188"\n')  # the person's chosen "ring me at"
    ran = await calldeck("call", "103", env=_jwt_env(emulator))
    assert ran.code == 0 and "ringing +14155550188 first" in ran.out


async def test_bad_numbers_and_refused_phones_send_nothing(emulator: Emulator) -> None:
    env = _jwt_env(emulator)
    line = _one_clean_line(await calldeck("call", "555-01", env=env))
    assert "not a valid phone number" in line
    mobile = next(d for d in DEVICES if d.type == "WebRTC")
    line = _one_clean_line(await calldeck("call", "103", "--device", mobile.id, env=env))
    assert "WebRTC device" in line
    line = _one_clean_line(await calldeck("call", "103", "--device", "Fax", env=env))
    assert "no phone called 'Fax'" in line
    assert _call_requests(emulator) == []
