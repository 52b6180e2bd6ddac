"""`calldeck emulator`: run the local RingCentral emulator in the foreground."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    """Start the emulator with the command-line options; exit 0 on SIGINT/SIGTERM."""
    from tui.emulator.config import EmulatorConfig
    from tui.emulator.runner import run as run_emulator

    config = EmulatorConfig(
        host=args.host,
        port=args.port,
        scenario=args.scenario,
        allow_pubnub=not args.no_pubnub,
    )
    if args.access_ttl is not None:
        config.access_ttl = args.access_ttl
    if args.subscription_ttl is not None:
        config.subscription_ttl = args.subscription_ttl
    try:
        return run_emulator(config, args.credentials_file)
    except OSError as error:
        print(f"calldeck emulator: cannot start: {error.strerror or error}", file=sys.stderr)
        return 1
