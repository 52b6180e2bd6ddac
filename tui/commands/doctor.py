"""`calldeck doctor [--json]`: check everything calldeck needs, say what is wrong and how to
fix it; exit 0 when all pass, 1 otherwise."""

from __future__ import annotations

import argparse
import json

from tui.ringcentral.cli_support import run_command


def _load_config() -> object:
    from tui.config import check_theme, load_config

    settings = load_config()
    check_theme(settings)
    return settings


def _transport(args: argparse.Namespace) -> str:
    """--transport, else the config's `transport`, else auto."""
    if getattr(args, "transport", None):
        return str(args.transport)
    try:
        return str(getattr(_load_config(), "transport", "auto") or "auto")
    except Exception:  # the config check reports a broken file
        return "auto"


async def _doctor(args: argparse.Namespace) -> int:
    from tui.doctor import exit_code, to_json
    from tui.doctor.checks import DoctorOptions, run_checks

    options = DoctorOptions(
        server=getattr(args, "server", None),
        transport=_transport(args),
        account_level=bool(getattr(args, "account", False)),
    )
    checks = await run_checks(options, _load_config)
    if args.json:
        print(json.dumps(to_json(checks)))
    else:
        for check in checks:
            print("\n".join(check.lines()))
    return exit_code(checks)


def run(args: argparse.Namespace) -> int:
    """Run every check and print the report."""
    return run_command(lambda: _doctor(args))
