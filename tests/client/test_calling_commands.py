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
