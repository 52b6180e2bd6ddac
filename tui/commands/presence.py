"""`calldeck presence [available|busy|dnd|offline] [--queues on|off] [--json]`."""

from __future__ import annotations

import argparse
import json

from tui.people.availability import Availability, header_text
from tui.people.rest import read_availability, set_availability
from tui.ringcentral.cli_support import run_command
from tui.ringcentral.signin import sign_in
from tui.safe_text import clean


def availability_lines(availability: Availability) -> list[str]:
    """The plain text form: the state, then each queue on or off."""
    lines = [header_text(availability)]
    for queue in availability.queues:
        lines.append(f"  {clean(queue.name)}: {'on' if queue.accepting else 'off'}")
    return lines


async def _presence(args: argparse.Namespace) -> int:
    async with await sign_in(args.server) as client:
        current = await read_availability(client)
        if args.state is not None or args.queues is not None:
            queues = None if args.queues is None else args.queues == "on"
            await set_availability(client, current, args.state, queues)
            current = await read_availability(client)
    if args.json:
        print(json.dumps(current.to_json()))
    else:
        print("\n".join(availability_lines(current)))
    return 0


def run(args: argparse.Namespace) -> int:
    """Print (and with a state or --queues, first set) the person's availability."""
    return run_command(lambda: _presence(args))
