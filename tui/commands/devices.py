"""`calldeck devices [--json]`: the signed-in extension's phones and which can take calls."""

from __future__ import annotations

import argparse
import json
from collections.abc import Awaitable, Callable

from tui.config import ConfigError, Settings, load_config
from tui.ringcentral.cli_support import fail, run_command
from tui.ringcentral.devices import Device, can_take_calls, find_device, list_devices
from tui.ringcentral.signin import sign_in
from tui.safe_text import clean

EXIT_CONFIG = 2


def device_table(devices: list[Device], chosen: str | None) -> str:
    """The devices as a plain text table; `*` marks the configured one."""
    if not devices:
        return "You have no phones registered."
    rows = [("", "ID", "NAME", "TYPE", "STATUS", "CALLS")]
    mark = find_device(devices, chosen) if chosen else None
    for device in devices:
        rows.append(
            (
                "*" if device == mark else "",
                clean(device.id),
                clean(device.name),
                clean(device.type),
                "Online" if device.online else "Offline",
                "yes" if can_take_calls(device) else "no",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


async def _devices(args: argparse.Namespace, chosen: str | None) -> int:
    async with await sign_in(args.server) as client:
        devices = await list_devices(client)
    if args.json:
        print(json.dumps({"devices": [device.to_json() for device in devices]}))
    else:
        print(device_table(devices, chosen))
    return 0


def with_settings(body: Callable[[Settings], Awaitable[int]]) -> int:
    """Run a command body with the config's settings (a broken config: one line, exit 2)."""
    try:
        settings = load_config()
    except ConfigError as exc:
        fail(str(exc))
        return EXIT_CONFIG
    return run_command(lambda: body(settings))


def run(args: argparse.Namespace) -> int:
    """Print the user's devices (table, or `{"devices": [...]}` with --json)."""
    return with_settings(lambda settings: _devices(args, settings.device))
