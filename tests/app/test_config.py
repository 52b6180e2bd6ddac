"""Config: strict validation with one clear line, and the CLI's exit code 2 for a broken file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared import REPO_ROOT
from tui.config import ConfigError, Settings, check_theme, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    settings = load_config(tmp_path / "absent.toml")
    assert settings == Settings()
    assert settings.flip_target == "*2" and settings.bell and settings.transport == "auto"


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
server = "sandbox"
client_id = "abc123"
transport = "websocket"
voicemail_target = "62264427016"
flip_target = "*3"
bell = false
desktop_notifications = true
theme = "nord"

[keymap]
"call.hold" = "ctrl+o"
"app.quit" = "f10"
""",
    )
    settings = load_config(path)
    assert settings.server == "sandbox" and settings.client_id == "abc123"
    assert settings.transport == "websocket" and settings.voicemail_target == "62264427016"
    assert settings.flip_target == "*3" and not settings.bell and settings.desktop_notifications
    assert settings.theme == "nord"
    assert settings.keymap == {"call.hold": "ctrl+o", "app.quit": "f10"}
    assert settings.source == path


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('colour = "red"\n', ["unknown key 'colour'"]),
        ("bell = 1\n", ["bell must be true or false"]),
        ('transport = "carrier-pigeon"\n', ["transport must be one of"]),
        ('flip_target = ""\n', ["flip_target must be a non-empty string"]),
        ('[keymap]\n"call.teleport" = "z"\n', ["keymap.call.teleport", "no such action"]),
        ('[keymap]\n"call.hold" = 5\n', ["keymap.call.hold must be a key name"]),
        ('[keymap]\n"call.hold" = "m"\n', ["key 'm' is used by both"]),
        ("bell = \n", ["not valid TOML"]),
    ],
)
def test_bad_config_names_the_key_and_why(tmp_path: Path, text: str, names: list[str]) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, text))
    message = str(raised.value)
    assert "\n" not in message
    for name in names:
        assert name in message
    assert str(tmp_path) in message


def test_unknown_theme_is_refused_before_the_ui_starts(tmp_path: Path) -> None:
    settings = load_config(write(tmp_path, 'theme = "paisley"\n'))
    with pytest.raises(ConfigError, match="theme 'paisley' is not a Textual theme"):
        check_theme(settings)
    check_theme(load_config(write(tmp_path, 'theme = "nord"\n')))


def test_reading_the_config_does_not_load_textual(tmp_path: Path) -> None:
    path = write(tmp_path, '[keymap]\n"call.hold" = "o"\n')
    code = (
        "import sys; from pathlib import Path; from tui.config import load_config; "
        f"assert load_config(Path({str(path)!r})).keymap == {{'call.hold': 'o'}}; "
        "assert 'textual' not in sys.modules, 'textual was imported'"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_cli_exits_2_with_one_line_for_a_broken_config(tmp_path: Path) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("bell = 'loud'\n", encoding="utf-8")
    env = {**os.environ, "CALLDECK_HOME": str(tmp_path)}
    for argv in ([], ["demo"]):
        done = subprocess.run(
            [sys.executable, "-m", "tui", *argv],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "bell must be true or false" in lines[0]
        assert done.stdout == ""


def _load_keymap(tmp_path, body: str):  # type: ignore[no-untyped-def]
    from tui.config import ConfigError, load_config

    path = tmp_path / "config.toml"
    path.write_text("[keymap]\n" + body, encoding="utf-8")
    try:
        return load_config(path).keymap
    except ConfigError as exc:
        return str(exc)


def test_keymap_refuses_non_keys_reserved_keys_and_clashes_by_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for body, says in [
        ('"call.hold" = "ctrl+nope"\n', "keymap.call.hold: 'ctrl+nope': 'nope' is not a key"),
        ('"call.hold" = "hyperctrl+h"\n', "is not a modifier"),
        ('"call.hold" = "ctrl+q"\n', "keymap.call.hold: 'ctrl+q' is kept for quit"),
        ('"call.mute" = "?"\n', "keymap.call.mute: 'question_mark' is kept for help"),
        ('"call.mute" = "escape"\n', "is kept for closing dialogs"),
        ('"call.park" = "up"\n', "is kept for moving the selection"),
        ('"call.hold" = "Ctrl+K"\n"call.mute" = "ctrl+k"\n', "'ctrl+k' is used by both"),
    ]:
        result = _load_keymap(tmp_path, body)
        assert isinstance(result, str) and says in result, (body, result)
        assert "\n" not in result, "one line"
    assert _load_keymap(tmp_path, '"call.hold" = "Ctrl+H"\n"app.help" = "?"\n') == {
        "call.hold": "ctrl+h",
        "app.help": "question_mark",
    }
