"""Issue 14: bad input a careless user (or an attacker) gives calldeck gets one clear line,
never a traceback, never a secret; logs are private; replay never prints terminal control."""

from __future__ import annotations

import json
import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.cli import cli_env, jwt_env, run_cli
from tests.reliability.figures import Figures
from tests.reliability.test_bad_input import check_refused, one_clear_line
from tui.emulator import Emulator
from tui.logging_setup import setup_file_logging

PASSWORD = "Pa55w0rd-secret"


@pytest.fixture
def file_logging() -> Iterator[None]:
    """Lets a test call `setup_file_logging`; puts the root logger back afterwards."""
    root = logging.getLogger()
    saved, level = list(root.handlers), root.level
    noisy = ("httpx", "httpcore", "websockets", "pubnub", "aiohttp.access")
    saved_levels = {name: logging.getLogger(name).level for name in noisy}
    yield
    for handler in list(root.handlers):
        if handler not in saved:
            root.removeHandler(handler)
            handler.close()
    for handler in saved:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(level)
    for name, old in saved_levels.items():
        logging.getLogger(name).setLevel(old)
    logging.captureWarnings(False)


def write_config(home: Path, content: bytes) -> Path:
    """Put `content` in the config file under CALLDECK_HOME `home`."""
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("command", ["demo", "devices", "app", "login"])
async def test_a_config_file_that_is_not_utf8_is_one_line(
    tmp_path: Path, figures: Figures, command: str
) -> None:
    write_config(tmp_path, b'# settings\nserver = "caf\xe9"\n')
    args = () if command == "app" else (command,)
    ran = await run_cli(*args, env=cli_env(tmp_path), timeout=10)
    assert ran.code not in (0, None), ran.out
    line = one_clear_line(ran.err)
    assert "unexpected error" not in line
    assert "line 2 is not UTF-8" in line and "save the file as UTF-8" in line, line
    figures.add("config file not UTF-8", "commands", 1)


@pytest.mark.parametrize(
    ("server", "words"),
    [("http://[::1", "is not a valid URL"), ("https://host:99x", "is not a valid URL")],
)
async def test_a_malformed_server_url_is_one_line(
    emulator: Emulator, tmp_path: Path, server: str, words: str
) -> None:
    await check_refused(emulator, tmp_path, ("status", "--server", server), words)


@pytest.mark.parametrize(
    "server", [f"http://ops:{PASSWORD}@example.com", f"https://ops:{PASSWORD}@127.0.0.1:9"]
)
async def test_credentials_in_a_server_url_are_never_echoed(
    emulator: Emulator, tmp_path: Path, figures: Figures, server: str
) -> None:
    for args in (("status", "--server", server), ("login", "--jwt", "--server", server)):
        line = await check_refused(emulator, tmp_path, args, "***@")
        assert PASSWORD not in line and "ops" not in line
    log_file = tmp_path / "log" / "calldeck.log"
    assert not log_file.exists() or PASSWORD not in log_file.read_text()
    figures.add("password in --server", "cases", 2)


@pytest.mark.usefixtures("file_logging")
def test_user_info_is_masked_in_log_lines(tmp_path: Path) -> None:
    path = setup_file_logging(path=tmp_path / "log" / "calldeck.log")
    try:
        logging.getLogger("calldeck.test").warning(
            "proxy is %s", f"socks5://ops:{PASSWORD}@127.0.0.1:1080"
        )
        logging.getLogger("calldeck.test").warning("server https://%s@example.com", "someone")
    finally:
        logging.getLogger().handlers[-1].flush()
    text = path.read_text()
    assert "socks5://***@127.0.0.1:1080" in text and "https://***@example.com" in text
    assert PASSWORD not in text and "someone" not in text


@pytest.mark.usefixtures("file_logging")
async def test_log_folder_is_0700_and_files_0600(
    emulator: Emulator, tmp_path: Path, figures: Figures
) -> None:
    ran = await run_cli("login", "--jwt", env=cli_env(tmp_path, jwt_env(emulator)))
    assert ran.code == 0, ran.err
    log_dir = tmp_path / "log"
    assert stat.S_IMODE(log_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((log_dir / "calldeck.log").stat().st_mode) == 0o600
    # A folder and file an older calldeck left readable are tightened; rotated files too.
    log_dir.chmod(0o755)
    (log_dir / "calldeck.log").chmod(0o644)
    path = setup_file_logging(path=log_dir / "calldeck.log")
    handler = logging.getLogger().handlers[-1]
    handler.doRollover()  # type: ignore[attr-defined]
    logging.getLogger("calldeck.test").warning("after the rotation")
    handler.flush()
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in log_dir.iterdir()}
    assert stat.S_IMODE(log_dir.stat().st_mode) == 0o700
    assert modes == {path.name: 0o600, f"{path.name}.1": 0o600}, modes
    figures.record("log files private", **{"folder": "700", "files": "600", "rotated": "600"})


async def test_replay_never_prints_terminal_control(tmp_path: Path) -> None:
    recording = tmp_path / "evil.json"
    envelope = {"uuid": "u1", "event": "/restapi/\x1b]0;pwned\x07\x1b[2J", "body": {}}
    recording.write_text(json.dumps(envelope))
    named = tmp_path / "bad\x1b[31mname.json"
    ran = await run_cli("replay", str(recording), env=cli_env(tmp_path))
    assert ran.code == 0, ran.err
    assert "ignored" in ran.err and "\x1b" not in ran.err and "\x07" not in ran.err
    ran = await run_cli("replay", str(named), env=cli_env(tmp_path))
    assert ran.code != 0 and "cannot read" in ran.err and "\x1b" not in ran.err
