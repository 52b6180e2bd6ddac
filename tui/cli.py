"""The `calldeck` command line: one argparse tree, each subcommand in `tui.commands.<name>`.

Subcommand modules are imported lazily so `calldeck replay` never pays for Textual
and `calldeck` (the UI) never pays for aiohttp until it needs the emulator.

Global options (`--server`, `--transport`, `--account`) mean the same before or after the
subcommand: `calldeck --server sandbox login --jwt` is `calldeck login --jwt --server
sandbox`. A global option given to a subcommand it does not apply to is refused with one
line, never silently ignored.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import NamedTuple

from tui import __version__

TRANSPORTS = ("auto", "pubnub", "websocket")


def _server(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--server", default=default, help="production, sandbox or a URL")


def _transport(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--transport", choices=TRANSPORTS, default=default, help="push transport (default auto)"
    )


def _account(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--account",
        action="store_true",
        default=default,
        help="account-level view of every call in the account",
    )


# Global option name → how to add it. The top level adds each with its real default; a
# subcommand adds the ones it takes with SUPPRESS, so its copy only overrides when typed.
GLOBAL_OPTIONS: dict[str, Callable[[argparse.ArgumentParser, object], None]] = {
    "server": _server,
    "transport": _transport,
    "account": _account,
}
GLOBAL_DEFAULTS: dict[str, object] = {"server": None, "transport": None, "account": False}

ALL_GLOBAL = frozenset(GLOBAL_OPTIONS)
# The global options a bare `calldeck` (the UI on your account) takes.
APP_OPTIONS = ALL_GLOBAL


def _subcommand(
    sub: argparse._SubParsersAction, name: str, help_text: str, options: frozenset[str]
) -> argparse.ArgumentParser:
    """A subparser carrying the global `options` it takes (typed after its name)."""
    parser = sub.add_parser(name, help=help_text)
    for option in sorted(options):
        GLOBAL_OPTIONS[option](parser, argparse.SUPPRESS)
    return parser


def _emulator_arguments(emu: argparse.ArgumentParser) -> None:
    emu.add_argument("--host", default="127.0.0.1")
    emu.add_argument("--port", type=int, default=0)
    emu.add_argument("--scenario", choices=("demo", "quiet"), default="quiet")
    emu.add_argument("--credentials-file", metavar="PATH")
    emu.add_argument(
        "--no-pubnub", action="store_true", help="refuse PubNub like today's RingCentral"
    )
    emu.add_argument(
        "--newer-call-handling",
        action="store_true",
        help="the user is on RingCentral's newer call handling (dndStatusPersonal)",
    )
    emu.add_argument("--access-ttl", type=float, metavar="S", help="access token lifetime (s)")
    emu.add_argument(
        "--subscription-ttl", type=float, metavar="S", help="subscription lifetime (s)"
    )
    emu.add_argument(
        "--refresh-ttl", type=float, metavar="S", help="refresh token lifetime (s, default 7 days)"
    )
    emu.add_argument(
        "--redirect-uri",
        action="append",
        metavar="URI",
        help="register this redirect URI for both apps instead of calldeck's default (repeatable)",
    )
    emu.add_argument(
        "--scopes",
        metavar="NAMES",
        help='grant only these permissions, e.g. "ReadAccounts ReadPresence" (default: all)',
    )


def _demo_arguments(demo: argparse.ArgumentParser) -> None:
    demo.add_argument("--scenario", choices=("demo", "quiet"), default="demo")


def _replay_arguments(replay: argparse.ArgumentParser) -> None:
    replay.add_argument("--extension-id", metavar="ID")
    replay.add_argument("--all", action="store_true", help="include ended calls")
    replay.add_argument("files", nargs="+", metavar="FILE")


def _login_arguments(login: argparse.ArgumentParser) -> None:
    login.add_argument("--jwt", action="store_true", help="sign in with a JWT credential")
    login.add_argument("--no-browser", action="store_true", help="print the sign-in URL only")
    login.add_argument(
        "--timeout", type=float, default=300.0, help="seconds to wait for the browser"
    )
    login.add_argument(
        "--redirect-uri",
        metavar="URI",
        help="redirect URI registered for your app (default http://127.0.0.1:53135/callback)",
    )


def _json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true")


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """A subcommand with only the global options it takes."""


def _presence_arguments(presence: argparse.ArgumentParser) -> None:
    presence.add_argument("state", nargs="?", choices=("available", "busy", "dnd", "offline"))
    presence.add_argument("--queues", choices=("on", "off"), help="take call-queue calls")
    _json_argument(presence)


def _log_arguments(call_log: argparse.ArgumentParser) -> None:
    call_log.add_argument("--missed", action="store_true", help="missed calls only")
    call_log.add_argument("--since", metavar="DURATION", help="e.g. 30m, 12h, 2d, 1w")
    _json_argument(call_log)


def _call_arguments(call: argparse.ArgumentParser) -> None:
    call.add_argument("target", metavar="NUMBER_OR_EXTENSION")
    call.add_argument("--device", metavar="ID_OR_NAME", help="the phone to call from")
    call.add_argument(
        "--ringout-from", metavar="NUMBER", help="use RingOut: ring this number first"
    )
    _json_argument(call)


def _locate_arguments(locate: argparse.ArgumentParser) -> None:
    locate.add_argument("what", choices=("config", "data", "log"))


class Subcommand(NamedTuple):
    help: str  # its line in `calldeck --help`
    options: frozenset[str]  # the global options it takes (others are refused)
    arguments: Callable[[argparse.ArgumentParser], None]  # adds its own arguments


NONE: frozenset[str] = frozenset()
SERVER = frozenset({"server"})

# Every subcommand, in the order `--help` lists them.
SUBCOMMANDS: dict[str, Subcommand] = {
    "demo": Subcommand(
        "run the UI against the built-in emulator",
        frozenset({"transport", "account"}),
        _demo_arguments,
    ),
    "emulator": Subcommand("run the local RingCentral emulator", NONE, _emulator_arguments),
    "replay": Subcommand(
        "apply recorded notifications and print the calls", NONE, _replay_arguments
    ),
    "watch": Subcommand("print call changes as JSON Lines", ALL_GLOBAL, _no_arguments),
    "login": Subcommand("sign in to RingCentral", SERVER, _login_arguments),
    "logout": Subcommand("revoke the saved sign-in and forget it", NONE, _no_arguments),
    "status": Subcommand("who is signed in and the current calls", SERVER, _json_argument),
    "presence": Subcommand(
        "show or set your availability and queue calls", SERVER, _presence_arguments
    ),
    "log": Subcommand("your call log from RingCentral", SERVER, _log_arguments),
    "devices": Subcommand("list your phones and which can take calls", SERVER, _json_argument),
    "call": Subcommand(
        "call a number or extension from your phone (or RingOut)", SERVER, _call_arguments
    ),
    "doctor": Subcommand(
        "check sign-in, permissions, phones, push and clock", ALL_GLOBAL, _json_argument
    ),
    "locate": Subcommand("print where calldeck keeps a kind of file", NONE, _locate_arguments),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Return the parser for every calldeck subcommand, or for `only` that one."""
    parser = argparse.ArgumentParser(
        prog="calldeck", description="Keyboard-driven RingCentral call control in the terminal."
    )
    parser.add_argument("--version", action="version", version=f"calldeck {__version__}")
    for option, add in GLOBAL_OPTIONS.items():
        add(parser, GLOBAL_DEFAULTS[option])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in SUBCOMMANDS.items():
        if only is None or name == only:
            command.arguments(_subcommand(sub, name, command.help, command.options))
    return parser


def misplaced_options(args: argparse.Namespace) -> list[str]:
    """Global options set (before the subcommand) that the chosen subcommand does not take."""
    takes = SUBCOMMANDS[args.command].options if args.command else APP_OPTIONS
    return [
        f"--{option}"
        for option, default in GLOBAL_DEFAULTS.items()
        if option not in takes and getattr(args, option, default) != default
    ]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse `argv`; exits 2 with one line for a global option the subcommand cannot use."""
    argv = sys.argv[1:] if argv is None else list(argv)
    # A first word naming a subcommand sends every later word to that subcommand's parser,
    # so the others need not be built: building all thirteen took ~7 ms of the UI's
    # start-up (argparse looks its messages up in the translation catalogues per parser).
    only = argv[0] if argv and argv[0] in SUBCOMMANDS else None
    parser = build_parser(only)
    args = parser.parse_args(argv)
    misplaced = misplaced_options(args)
    if misplaced:
        command = args.command or "calldeck"
        parser.exit(
            2, f"calldeck: {', '.join(misplaced)} does not apply to `{command}`; leave it out.\n"
        )
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `calldeck` console script."""
    args = parse_args(argv)
    command = args.command or "app"
    module = importlib.import_module(f"tui.commands.{command}")
    try:
        code = module.run(args)
    except KeyboardInterrupt:
        code = 130
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
