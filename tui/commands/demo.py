"""`calldeck demo`: the UI against the built-in emulator, through the real sign-in path."""

from __future__ import annotations

import argparse

from tui.commands.app import run_ui


def run(args: argparse.Namespace) -> int:
    """Start the emulator in-process with the demo scenario and run the UI on it."""
    return run_ui(args, demo=True)
