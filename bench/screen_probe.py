"""The real calldeck app, with a recorder of when each call's change reached the screen.

`ProbedMainScreen` subclasses the app's `MainScreen` without changing what it does: every
change reaches the screen through `MainScreen.show_calls` (straight from the live feed, or
from a `CallsChanged` message under a burst), which the probe extends to note the changes
before the screen shows them as usual. The changes are stamped with `time.monotonic()`
when the screen next hands a rendered frame to the driver (`Screen._compositor_refresh`,
which calls `App._display`): the moment the screen shows them. Changes to rows scrolled out
of view paint nothing; they are stamped when showing is done (the screen is then as current
as it can be). Two changes of one call shown by the same frame both count as shown by it
(neither was lost). `running_probed_app` starts measuring once the app is live and its
people feed (presence, team, call log) has loaded.

Why not `call_after_refresh`: Textual runs those callbacks on the screen's next idle,
and a changed widget reaches the screen only through its own idle and an `Update`
message, so the callback usually ran before the frame was even composed. Profiling the
event path showed it stamping ~1.5 ms before the frame reached the driver.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

from textual.pilot import Pilot
from textual.widget import Widget

from bench.load import ACTIVE, GONE, REMOTE_HOLD
from bench.waiting import wait_until
from tui.app.app import CalldeckApp
from tui.app.link import AccountLink, JwtConnector, credentials_from_emulator
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
    """MainScreen that records (time, what is shown) per session at each painted frame."""

    def __init__(self, *, account_level: bool = False) -> None:
        super().__init__(account_level=account_level)
        self.painted: dict[str, list[tuple[float, str]]] = defaultdict(list)
        self.notifications = 0  # envelopes the live feed handed to the screen
        self._unpainted: list[tuple[str, str]] = []

    def record_envelope(self, envelope: dict) -> None:
        self.notifications += 1
        super().record_envelope(envelope)

    def show_calls(self, changed: list[Call]) -> None:
        # Every change reaches the screen here, straight from the feed or via a message.
        self._unpainted.extend((c.telephony_session_id, observed(c)) for c in changed)
        super().show_calls(changed)

    def _compositor_refresh(self) -> None:
        super()._compositor_refresh()
        self._stamp()

    def paint_now(self, widgets: Iterable[Widget]) -> None:
        # MainScreen calls this at the end of its CallsChanged handler. If it painted,
        # the changes are stamped already; if nothing needed painting (the calls' rows
        # are scrolled out of view), the screen is as current as it can be: stamp now.
        super().paint_now(widgets)
        self._stamp()

    def _stamp(self) -> None:
        if self._unpainted:
            now = time.monotonic()
            for sid, shown in self._unpainted:
                self.painted[sid].append((now, shown))
            self._unpainted.clear()


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
        # Started: the team's presence and the call log are read right after going live;
        # measuring during those reads would time the start-up, not the events.
        link = app.link
        await wait_until(
            lambda: link is None or link.people_loaded, "the people feed to load", READY_TIMEOUT_S
        )
        yield app, screen, pilot
