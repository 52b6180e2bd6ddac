"""`calldeck locate config|data|log`: print where calldeck keeps that kind of file."""

from __future__ import annotations

import argparse

from tui import paths

_WHERE = {
    "config": paths.config_file,
    "data": paths.data_dir,
    "log": paths.log_file,
}


def run(args: argparse.Namespace) -> int:
    """Print the path (the config file, the data folder, or the log file)."""
    print(_WHERE[args.what]())
    return 0
