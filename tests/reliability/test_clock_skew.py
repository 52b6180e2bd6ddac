"""Issue 14 #6: call durations are right when the server's clock is far from this one.

Call times are the server's; the emulator's `Date` header follows its clock (jumps
included), the client reads the skew from it, and the UI measures durations against
server time. With the server an hour ahead, a call used to show 0:00 for an hour."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

import httpx
import pytest

from tests.app.harness import EmulatorControl, answered_call, running_app, wait_for
from tests.reliability.figures import Figures
from tui.emulator import Emulator
from tui.ringcentral.server_clock import ServerClock

HOUR = 3600


def test_skew_is_read_from_the_date_header() -> None:
    local = 1_700_000_000.0
    clock = ServerClock(lambda: local)
    ahead = datetime.fromtimestamp(local + HOUR, tz=UTC)
    clock.observe(format_datetime(ahead, usegmt=True))
    assert clock.skew == HOUR
    clock.observe("not a date")  # ignored: the last good reading stays
    assert clock.skew == HOUR
    behind = datetime.fromtimestamp(local - 90, tz=UTC)
    clock.observe(format_datetime(behind, usegmt=True))
    assert clock.skew == -90
    clock.observe(format_datetime(datetime.fromtimestamp(local + 1, tz=UTC), usegmt=True))
    assert clock.skew == 0  # a second is the header's own rounding, not a skewed clock


async def test_the_emulator_date_header_follows_its_clock(
    emulator: Emulator, control: httpx.AsyncClient
) -> None:
    (await control.post("/clock", json={"advanceSeconds": HOUR})).raise_for_status()
    answer = await control.get("/requests")
    server = parsedate_to_datetime(answer.headers["Date"])
    ahead = (server - datetime.now(UTC)).total_seconds()
    assert ahead == pytest.approx(HOUR, abs=5)


async def test_durations_count_with_the_server_an_hour_ahead(
    emulator: Emulator, emu: EmulatorControl, control: httpx.AsyncClient, figures: Figures
) -> None:
    (await control.post("/clock", json={"advanceSeconds": HOUR})).raise_for_status()
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        # Counting: past 0:00 within a few real seconds, and nowhere near an hour.
        await wait_for(
            pilot, lambda: app.main.table.get_cell(sid, "duration") != "0:00", "the call to count"
        )
        shown = str(app.main.table.get_cell(sid, "duration"))
        skew = app.link.client.server_clock.skew if app.link and app.link.client else None
    minutes, seconds = shown.split(":")
    assert minutes == "0" and int(seconds) < 30, shown
    assert skew == pytest.approx(HOUR, abs=2)
    figures.record("server clock 1 h ahead", **{"skew read": skew, "duration shown": shown})
