"""The `calldeck` command line: one argparse tree, each subcommand in `tui.commands.<name>`.

Subcommand modules are imported lazily so `calldeck replay` never pays for Textual
and `calldeck` (the UI) never pays for aiohttp until it needs the emulator.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tui import __version__

TRANSPORTS = ("auto", "pubnub", "websocket")


def _add_ui_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--server", help="production, sandbox or a URL")
    parser.add_argument("--transport", choices=TRANSPORTS, help="push transport (default auto)")
    parser.add_argument(
        "--account", action="store_true", help="account-level view of every call in the account"
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every calldeck subcommand."""
    parser = argparse.ArgumentParser(
        prog="calldeck", description="Keyboard-driven RingCentral call control in the terminal."
    )
    parser.add_argument("--version", action="version", version=f"calldeck {__version__}")
    _add_ui_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="run the UI against the built-in emulator")
    demo.add_argument("--scenario", choices=("demo", "quiet"), default="demo")

    emu = sub.add_parser("emulator", help="run the local RingCentral emulator")
    emu.add_argument("--host", default="127.0.0.1")
    emu.add_argument("--port", type=int, default=0)
    emu.add_argument("--scenario", choices=("demo", "quiet"), default="quiet")
    emu.add_argument("--credentials-file", metavar="PATH")
    emu.add_argument(
        "--no-pubnub", action="store_true", help="refuse PubNub like today's RingCentral"
    )
    emu.add_argument("--access-ttl", type=float, metavar="S", help="access token lifetime (s)")
    emu.add_argument(
        "--subscription-ttl", type=float, metavar="S", help="subscription lifetime (s)"
    )

    replay = sub.add_parser("replay", help="apply recorded notifications and print the calls")
    replay.add_argument("--extension-id", metavar="ID")
    replay.add_argument("--all", action="store_true", help="include ended calls")
    replay.add_argument("files", nargs="+", metavar="FILE")

    watch = sub.add_parser("watch", help="print call changes as JSON Lines")
    watch.add_argument("--server", help="production, sandbox or a URL")
    watch.add_argument("--transport", choices=TRANSPORTS, default=None)
    watch.add_argument("--account", action="store_true")

    login = sub.add_parser("login", help="sign in to RingCentral")
    login.add_argument("--jwt", action="store_true", help="sign in with a JWT credential")
    login.add_argument("--server", help="production, sandbox or a URL")
    login.add_argument("--no-browser", action="store_true", help="print the sign-in URL only")
    login.add_argument(
        "--timeout", type=float, default=300.0, help="seconds to wait for the browser"
    )

    sub.add_parser("logout", help="revoke the saved sign-in and forget it")

    status = sub.add_parser("status", help="who is signed in and the current calls")
    status.add_argument("--json", action="store_true")
    status.add_argument("--server", help="production, sandbox or a URL")

    locate = sub.add_parser("locate", help="print where calldeck keeps a kind of file")
    locate.add_argument("what", choices=("config", "data", "log"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `calldeck` console script."""
    args = build_parser().parse_args(argv)
    command = args.command or "app"
    module = importlib.import_module(f"tui.commands.{command}")
    try:
        code = module.run(args)
    except KeyboardInterrupt:
        code = 130
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
