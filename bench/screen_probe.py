"""The real calldeck app, with a recorder of when each call's change reached the screen.

`ProbedMainScreen` subclasses the app's `MainScreen` without changing it: Textual runs
message handlers along the MRO, so its `on_calls_changed` runs first and only asks for a
callback after the next refresh; `MainScreen.on_calls_changed` then updates the table as
usual. After the compositor has rendered that refresh, the callback stamps every change
of that message with `time.monotonic()`: the moment the screen showed it. Two changes of
one call handled before the same refresh both count as shown by it (neither was lost).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from textual.pilot import Pilot

from bench.load import ACTIVE, GONE, REMOTE_HOLD
from bench.waiting import wait_until
from tui.app.app import CalldeckApp
from tui.app.link import AccountLink, JwtConnector, credentials_from_emulator
from tui.app.messages import CallsChanged
from tui.app.screens.main import MainScreen
from tui.calls import Call, CallState
from tui.config import Settings

READY_TIMEOUT_S = 30.0


def observed(call: Call | None) -> str:
    """How a call reads on screen, in the vocabulary of `bench.load` expectations."""
    if call is None or call.state in (CallState.ENDED, CallState.VOICEMAIL):
        return GONE
    if call.state is CallState.ACTIVE:
        return REMOTE_HOLD if call.remote_hold else ACTIVE
    return str(call.state)


class ProbedMainScreen(MainScreen):
    """MainScreen that records (time, what is shown) per session after each refresh."""

    def __init__(self, *, account_level: bool = False) -> None:
        super().__init__(account_level=account_level)
        self.painted: dict[str, list[tuple[float, str]]] = defaultdict(list)
        self.notifications = 0  # envelopes the live feed handed to the screen

    def record_envelope(self, envelope: dict) -> None:
        self.notifications += 1
        super().record_envelope(envelope)

    def on_calls_changed(self, message: CallsChanged) -> None:
        # MainScreen.on_calls_changed runs right after this (MRO dispatch).
        changes = [(c.telephony_session_id, observed(c)) for c in message.calls]
        self.call_after_refresh(self._record, changes)

    def _record(self, changes: list[tuple[str, str]]) -> None:
        now = time.monotonic()
        for sid, shown in changes:
            self.painted[sid].append((now, shown))


def probed_app(
    credentials: dict[str, Any], *, transport: str, account_level: bool = False
) -> CalldeckApp:
    """calldeck signed in to the emulator exactly as for a real account, with the probe."""
    link = AccountLink(
        JwtConnector(credentials_from_emulator(credentials)),
        transport=transport,
        account_level=account_level,
    )
    app = CalldeckApp(Settings(bell=False), link=link, account_level=account_level)
    app.main = ProbedMainScreen(account_level=account_level)
    return app


@asynccontextmanager
async def running_probed_app(
    credentials: dict[str, Any], *, transport: str, account_level: bool = False
) -> AsyncIterator[tuple[CalldeckApp, ProbedMainScreen, Pilot]]:
    """The probed app, headless, signed in and live."""
    app = probed_app(credentials, transport=transport, account_level=account_level)
    screen = app.main
    assert isinstance(screen, ProbedMainScreen)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(
            lambda: screen.controller is not None and screen.status.info.connection == "live",
            "calldeck to sign in and go live",
            READY_TIMEOUT_S,
        )
        yield app, screen, pilot
