"""Global options mean the same before or after the subcommand, or are refused (never dropped)."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.push.processes import emulator_process, watch_process
from tui.cli import SUBCOMMANDS, build_parser, main, parse_args


@pytest.mark.parametrize(
    "argv",
    [
        ["--transport", "websocket", "watch"],
        ["watch", "--transport", "websocket"],
    ],
)
def test_transport_before_or_after_watch(argv: list[str]) -> None:
    assert parse_args(argv).transport == "websocket"


@pytest.mark.parametrize(
    "argv",
    [
        ["--server", "sandbox", "login", "--jwt"],
        ["login", "--jwt", "--server", "sandbox"],
        ["--server", "sandbox", "status"],
    ],
)
def test_server_before_or_after_the_subcommand(argv: list[str]) -> None:
    assert parse_args(argv).server == "sandbox"


@pytest.mark.parametrize(
    "argv",
    [
        ["demo", "--scenario", "quiet", "--transport", "pubnub"],
        ["emulator", "--port", "5", "--scopes", "ReadAccounts", "--redirect-uri", "x://y"],
        ["replay", "--all", "a.json", "b.json"],
        ["login", "--jwt", "--timeout", "9", "--server", "sandbox"],
        ["presence", "dnd", "--queues", "off", "--json"],
        ["log", "--missed", "--since", "2d"],
        ["call", "101", "--device", "Desk", "--json"],
        ["locate", "log"],
        ["status"],
    ],
)
def test_a_subcommand_parses_as_in_the_whole_tree(argv: list[str]) -> None:
    # parse_args builds only the named subcommand's parser; the result must not differ.
    assert parse_args(argv) == build_parser().parse_args(argv)


def test_help_still_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--help"])
    listed = capsys.readouterr().out
    assert all(f"    {name} " in listed for name in SUBCOMMANDS)


def test_a_subcommand_typo_is_refused_with_the_choices(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args(["demoo"])
    assert exited.value.code == 2
    assert "invalid choice: 'demoo'" in capsys.readouterr().err


def test_account_before_watch() -> None:
    assert parse_args(["--account", "watch"]).account is True
    assert parse_args(["watch"]).account is False


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--transport", "websocket", "replay", "x.json"], "--transport"),
        (["--server", "sandbox", "demo"], "--server"),
        (["--account", "login"], "--account"),
        (["--server", "sandbox", "locate", "config"], "--server"),
    ],
)
def test_a_global_option_a_subcommand_cannot_use_is_refused(
    argv: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and named in err[0] and "does not apply" in err[0]


async def test_transport_before_watch_is_obeyed(tmp_path: Path) -> None:
    # The emulator offers PubNub, so `auto` would pick it: only an obeyed flag gives WebSocket.
    async with (
        emulator_process(tmp_path) as creds,
        watch_process(tmp_path, creds, before=("--transport", "websocket")) as watch,
    ):
        await watch.wait_for(
            lambda lines: any(line.get("state") == "live" for line in lines), what="live"
        )
        assert watch.connections()[-1] == ("websocket", "live")
        code, stderr = await watch.stop(signal.SIGTERM)
    assert code == 0, stderr
