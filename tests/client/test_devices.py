"""Choosing the phone calldeck answers and dials on, and remembering the choice."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tui.config import load_config, save_setting
from tui.ringcentral.devices import Device, DeviceProblem, can_take_calls, choose_device

DESK = Device("1", "Desk phone", "HardPhone", True)
APP = Device("2", "RingCentral for Desktop", "SoftPhone", True)
LAPTOP = Device("3", "Laptop softphone", "SoftPhone", False)
MOBILE = Device("4", "iPhone", "WebRTC", True)


def test_only_online_desk_phones_and_softphones_take_calls() -> None:
    assert [can_take_calls(d) for d in (DESK, APP, LAPTOP, MOBILE)] == [True, True, False, False]


def test_the_configured_phone_by_id_or_name() -> None:
    assert choose_device([DESK, APP], "2").device == APP
    assert choose_device([DESK, APP], "desk PHONE").device == DESK


def test_the_only_eligible_phone_else_ask() -> None:
    assert choose_device([DESK, LAPTOP, MOBILE]).device == DESK
    choice = choose_device([DESK, APP, MOBILE])
    assert choice.ask and choice.eligible == (DESK, APP)


@pytest.mark.parametrize(
    ("devices", "wanted", "says"),
    [
        ([DESK, MOBILE], "iPhone", "WebRTC device"),
        ([DESK, LAPTOP], "3", "offline"),
        ([DESK], "fax", "no phone called 'fax'"),
        ([LAPTOP, MOBILE], None, "no desk phone or softphone is online"),
    ],
)
def test_a_phone_that_cannot_take_calls_is_one_clear_line(
    devices: list[Device], wanted: str | None, says: str
) -> None:
    with pytest.raises(DeviceProblem) as caught:
        choose_device(devices, wanted)
    assert says in caught.value.message and "\n" not in caught.value.message


def test_saving_the_choice_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('bell = false\n\n[keymap]\n"call.hold" = "ctrl+h"\n')
    save_setting("device", 'Desk "phone"', config)
    save_setting("device", "805412016", config)
    data = tomllib.loads(config.read_text())
    assert data == {"bell": False, "device": "805412016", "keymap": {"call.hold": "ctrl+h"}}
    assert load_config(config).device == "805412016"
    fresh = tmp_path / "new" / "config.toml"
    save_setting("device", 'Desk "phone"', fresh)
    assert load_config(fresh).device == 'Desk "phone"'
