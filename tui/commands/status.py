"""`calldeck status [--json] [--server ...]`: who is signed in and the current calls."""

from __future__ import annotations

import argparse
import json
from typing import Any

from tui.calls import Call, CallBook
from tui.ringcentral.callcontrol import CallControl
from tui.ringcentral.cli_support import run_command
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.errors import NotFound
from tui.ringcentral.servers import server_label
from tui.ringcentral.signin import sign_in
from tui.safe_text import clean


async def current_calls(client: RingCentralClient) -> list[Call]:
    """The live calls: GET presence, then GET each active session, through a CallBook."""
    control = CallControl(client)
    presence = await control.get_presence()
    sessions: list[dict[str, Any]] = []
    seen: set[str] = set()
    for active in presence.get("activeCalls") or []:
        sid = active.get("telephonySessionId")
        if not sid or sid in seen:
            continue
        seen.add(sid)
        try:
            sessions.append(await control.get_session(sid))
        except NotFound:
            continue  # ended between the two requests
    book = CallBook(client.extension_id, account_id=client.account_id)
    book.load(presence, sessions)
    return book.live()


def _endpoint(data: dict[str, Any]) -> str:
    # Names and numbers come from strangers: never terminal control on the way out.
    parts = [data.get("name"), data.get("phoneNumber")]
    return " ".join(clean(p) for p in parts if p) or "-"


def call_table(calls: list[Call]) -> str:
    """The calls as a plain text table."""
    if not calls:
        return "No current calls."
    rows = [("STATE", "DIRECTION", "FROM", "TO", "FLAGS")]
    for call in calls:
        data = call.to_json()
        flags = [
            name
            for name, on in (
                ("muted", data.get("muted")),
                ("remote hold", data.get("remoteHold")),
                (f"recording {data.get('recording')}", data.get("recording") not in (None, "off")),
                ("queue", data.get("queueCall")),
            )
            if on
        ]
        rows.append(
            (
                str(data.get("state") or "-"),
                str(data.get("direction") or "-"),
                _endpoint(data.get("from") or {}),
                _endpoint(data.get("to") or {}),
                ", ".join(flags),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


async def _status(args: argparse.Namespace) -> int:
    async with await sign_in(args.server) as client:
        me = await client.extension_info()
        calls = await current_calls(client)
    if args.json:
        print(json.dumps({"calls": [call.to_json() for call in calls]}))
        return 0
    number = me.get("extensionNumber")
    print(
        clean(
            f"Signed in as {me.get('name') or 'extension'}"
            + (f" (ext {number})" if number else "")
            + f" on {server_label(client.server)}"
        )
    )
    print(call_table(calls))
    return 0


def run(args: argparse.Namespace) -> int:
    """Print the signed-in user and the current calls (table, or JSON with --json)."""
    return run_command(lambda: _status(args))
