"""`calldeck watch`: the live call feed as JSON Lines on stdout, until SIGINT/SIGTERM.

Lines: `{"type": "call", "call": CALL}` for every call found at start-up and then whenever
a call's view changes (including the final `ended`), and `{"type": "connection",
"transport": ..., "state": ...}` whenever the connection state changes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
from collections import OrderedDict
from collections.abc import Callable
from typing import IO, Any

from tui.calls import Call
from tui.calls.book import MAX_ENDED_SESSIONS
from tui.ringcentral.cli_support import run_command
from tui.ringcentral.errors import SIGN_IN_ENDED, SignInRequired
from tui.ringcentral.push.connection import ConnectionState
from tui.ringcentral.push.live import LiveCalls
from tui.ringcentral.signin import sign_in


class WatchPrinter:
    """Writes the JSON Lines; prints each distinct call view and connection state once.

    While LiveCalls starts, output is held back: the calls found at start-up are printed
    first (from the loaded CallBook), then the connection state, then every change.
    """

    def __init__(self, out: IO[str], on_closed: Callable[[], None] = lambda: None) -> None:
        self.out = out
        self.on_closed = on_closed
        self.closed = False
        self.holding = True
        # The last view printed per call, to print each change once. Ended calls are kept
        # only as long as the CallBook keeps them (oldest forgotten first): a feed that runs
        # for weeks holds the live calls and at most MAX_ENDED_SESSIONS ended ones.
        self._views: dict[str, dict[str, Any]] = {}
        self._ended: OrderedDict[str, None] = OrderedDict()
        self._connection: tuple[str | None, str] | None = None
        self._pending_connection: tuple[ConnectionState, str | None] | None = None

    def calls(self, calls: list[Call]) -> None:
        """LiveCalls callback: print the calls whose view changed."""
        if self.holding:
            return
        for call in calls:
            self._print_call(call)

    def connection(self, state: ConnectionState, transport: str | None) -> None:
        """LiveCalls callback: print the connection state when it changed."""
        if self.holding:
            self._pending_connection = (state, transport)
            return
        self._print_connection(state, transport)

    def release(
        self, calls: list[Call], state: ConnectionState | None, transport: str | None
    ) -> None:
        """Start-up is over: print the current calls, then the connection, then stream."""
        self.holding = False
        for call in calls:
            self._print_call(call)
        if state is not None:
            self._print_connection(state, transport)
        elif self._pending_connection is not None:
            self._print_connection(*self._pending_connection)

    @property
    def remembered(self) -> int:
        """How many call views the printer holds (bounded; see `__init__`)."""
        return len(self._views)

    def _print_call(self, call: Call) -> None:
        sid = call.telephony_session_id
        view = call.to_json()
        if self._views.get(sid) == view:
            return
        self._views[sid] = view
        self._write({"type": "call", "call": view})
        if call.is_live:
            self._ended.pop(sid, None)
            return
        self._ended[sid] = None
        self._ended.move_to_end(sid)
        while len(self._ended) > MAX_ENDED_SESSIONS:
            forgotten, _ = self._ended.popitem(last=False)
            self._views.pop(forgotten, None)

    def _print_connection(self, state: ConnectionState, transport: str | None) -> None:
        key = (transport, str(state))
        if key == self._connection:
            return
        self._connection = key
        self._write({"type": "connection", "transport": transport, "state": str(state)})

    def _write(self, line: dict[str, Any]) -> None:
        if self.closed:
            return
        try:
            self.out.write(json.dumps(line) + "\n")
            self.out.flush()
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly. Point stdout at /dev/null so
            # the interpreter's final flush does not complain on stderr.
            self.closed = True
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), self.out.fileno())
            self.on_closed()


async def _watch(args: argparse.Namespace) -> int:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    printer = WatchPrinter(sys.stdout, on_closed=stopping.set)
    async with await sign_in(args.server) as client:

        def connection(state: ConnectionState, transport: str | None) -> None:
            printer.connection(state, transport)
            if state == ConnectionState.DOWN and not client.signed_in:
                stopping.set()  # the sign-in is over: push cannot come back by itself

        live = LiveCalls(
            client,
            transport=args.transport or "auto",
            account_level=bool(args.account),
            on_calls=printer.calls,
            on_connection=connection,
        )
        try:
            await live.start()
            printer.release(live.book.calls(), live.state, live.transport_name)
            await stopping.wait()
        finally:
            await live.stop()
        if not client.signed_in:
            raise SignInRequired(SIGN_IN_ENDED)  # one line and exit 2, as for any command
    return 0


def run(args: argparse.Namespace) -> int:
    """Print call changes as JSON Lines until interrupted; 0 on SIGINT/SIGTERM."""
    from tui.logging_setup import setup_file_logging

    setup_file_logging()
    return run_command(lambda: _watch(args))
