"""`calldeck log [--missed] [--since DURATION] [--json]`: RingCentral's call log for you."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime

from tui.people.calllog import LogEntry, parse_duration
from tui.people.sync import CallLogSync, cache_path
from tui.ringcentral.cli_support import fail, run_command
from tui.ringcentral.signin import sign_in
from tui.safe_text import clean


def entry_line(entry: LogEntry) -> str:
    """One call as a line: when, direction, who, result, duration."""
    other = entry.other
    who = " ".join(p for p in (other.get("name"), other.get("phoneNumber")) if p) or "-"
    when = entry.started.astimezone().strftime("%Y-%m-%d %H:%M")
    minutes, seconds = divmod(entry.duration, 60)
    arrow = "←" if entry.direction == "Inbound" else "→"
    return f"{when}  {arrow} {clean(who):<36}  {clean(entry.result):<15} {minutes}:{seconds:02d}"


async def _log(args: argparse.Namespace) -> int:
    from tui.paths import data_dir

    since = None
    if args.since is not None:
        try:
            since = datetime.now(UTC) - parse_duration(args.since)
        except ValueError as error:
            fail(f"--since: {error}")
            return 2
    async with await sign_in(args.server) as client:
        await client.extension_info()
        sync = CallLogSync(client, cache_path(data_dir()))
        await sync.sync()
    entries = sync.book.select(missed=args.missed, since=since)
    if args.json:
        print(json.dumps({"calls": [entry.to_json() for entry in entries]}))
    elif not entries:
        print("No calls.")
    else:
        print("\n".join(entry_line(entry) for entry in entries))
    return 0


def run(args: argparse.Namespace) -> int:
    """Sync the call log (incrementally when a cache exists) and print it."""
    return run_command(lambda: _log(args))
