"""Availability (`A`), the team pane (`w`) and History as the call log, against the emulator."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from textual.content import Content

from tests.app.harness import (
    EmulatorControl,
    answered_call,
    running_app,
    sent,
    shown_in,
    wait_for,
)
from tui.app.widgets.call_log_history import CallLogHistory
from tui.app.widgets.team_pane import TeamPane
from tui.calls import CallState
from tui.config import Settings
from tui.emulator import Emulator, EmulatorConfig
from tui.emulator.clock import iso
from tui.emulator.directory import DESK_PHONE_ID, FAVORITE_IDS, USER, person_by_id

DESK = Settings(bell=False, device=DESK_PHONE_ID)

COLLEAGUE = person_by_id(FAVORITE_IDS[0])
assert COLLEAGUE is not None


def header(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.main.status.info.availability)


async def pick(pilot, label: str) -> None:  # type: ignore[no-untyped-def]
    """Open the availability picker and choose the line containing `label`."""
    await pilot.press("A")
    await wait_for(pilot, lambda: pilot.app.screen.__class__.__name__ == "ChoiceDialog", "picker")
    dialog = pilot.app.screen
    index = next(i for i, c in enumerate(dialog.choices) if label in c.label)
    dialog.dismiss(dialog.choices[index].value)


@pytest.mark.parametrize(
    ("label", "shown", "settings"),
    [
        ("Busy", "Busy", ("Busy", "TakeAllCalls")),
        ("Do not disturb", "Do not disturb", ("Busy", "DoNotAcceptAnyCalls")),
        ("Offline", "Offline", ("Offline", "TakeAllCalls")),
    ],
)
async def test_each_availability_state_reaches_the_emulator_and_the_header(
    emulator: Emulator, label: str, shown: str, settings: tuple[str, str]
) -> None:
    async with running_app(emulator) as (app, pilot):
        await wait_for(pilot, lambda: header(app) == "Available", "the header's availability")
        await pick(pilot, label)
        await wait_for(pilot, lambda: header(app) == shown, f"the header to say {shown}")
        mine = emulator.availability.of(USER.id)
        assert (mine.user_status, mine.dnd_status) == settings


async def test_queue_toggles_change_the_emulators_queue_presence(emulator: Emulator) -> None:
    async with running_app(emulator) as (app, pilot):
        await wait_for(pilot, lambda: header(app) == "Available", "the header's availability")
        await pick(pilot, "Take call-queue calls")
        await wait_for(pilot, lambda: "no queue calls" in header(app), "queue calls off")
        assert emulator.availability.of(USER.id).dnd_status == "DoNotAcceptDepartmentCalls"
        await pick(pilot, "Billing Queue")
        mine = emulator.availability.of(USER.id)
        await wait_for(pilot, lambda: not mine.queue_accepts["62264451016"], "the queue off")


async def test_a_change_made_elsewhere_shows_in_the_header(
    emulator: Emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator) as (app, pilot):
        await wait_for(pilot, lambda: header(app) == "Available", "the header's availability")
        answer = await emu.client.post(
            f"/presence/{USER.id}", json={"dndStatus": "DoNotAcceptAnyCalls"}
        )
        assert answer.status_code == 200
        await wait_for(pilot, lambda: header(app) == "Do not disturb", "the desk phone's DND")


@pytest.mark.parametrize("emulator_config", [EmulatorConfig(newer_call_handling=True)])
async def test_the_newer_call_handling_gets_dnd_status_personal(emulator: Emulator) -> None:
    async with running_app(emulator) as (app, pilot):
        await wait_for(pilot, lambda: header(app) == "Available", "the header's availability")
        await pick(pilot, "Do not disturb")
        await wait_for(pilot, lambda: header(app) == "Do not disturb", "DND")
        assert emulator.availability.of(USER.id).dnd_personal == "DoNotAcceptAnyCalls"


def team_presence(app) -> str:  # type: ignore[no-untyped-def]
    pane = app.main.query_one(TeamPane)
    return str(pane.get_cell(COLLEAGUE.id, "presence"))


async def test_the_team_pane_follows_a_colleagues_call_and_filters(
    emulator: Emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator) as (app, pilot):
        await pilot.press("w")
        await wait_for(pilot, lambda: app.main.query(TeamPane), "the team pane")
        await wait_for(pilot, lambda: team_presence(app) == "available", "presence read")
        sid = await emu.ring(to=COLLEAGUE.extension_number)
        await wait_for(pilot, lambda: team_presence(app) == "ringing", "the colleague ringing")
        await emu.act(sid, "answer")
        await wait_for(pilot, lambda: team_presence(app) == "on a call", "the colleague talking")
        pane = app.main.query_one(TeamPane)
        assert pane.row_count == len(FAVORITE_IDS)
        await pilot.press("slash")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "FilterDialog", "filter")
        await pilot.press(*COLLEAGUE.first_name[:3].lower())
        await wait_for(pilot, lambda: pane.row_count == 1, "the filtered team")
        await pilot.press("enter")
        assert pane.highlighted is not None and pane.highlighted.name == COLLEAGUE.name


async def test_t_in_the_team_pane_transfers_the_selected_call(
    emulator: Emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        await pilot.press("w")
        await wait_for(pilot, lambda: app.main.query(TeamPane), "the team pane")
        pane = app.main.query_one(TeamPane)
        await wait_for(pilot, lambda: pane.highlighted is not None, "a colleague highlighted")
        assert pane.highlighted.extension_id == FAVORITE_IDS[0]
        await pilot.press("t")
        for _ in range(100):
            transfers = sent(await emu.requests(sid), "/transfer")
            if transfers:
                break
            await pilot.pause(0.05)
        assert [t["body"] for t in transfers] == [{"extensionNumber": COLLEAGUE.extension_number}]


async def test_history_is_the_call_log_kept_across_restarts(
    emulator: Emulator, emu: EmulatorControl
) -> None:
    yesterday = datetime.now(UTC) - timedelta(days=1)
    for hours, result, name in ((0, "Missed", "Ada Lovelace"), (3, "Accepted", "Alan Turing")):
        body = {
            "startTime": iso(yesterday - timedelta(hours=hours)),
            "result": result,
            "name": name,
            "number": "+14155550142" if result == "Missed" else "+16175550123",
        }
        assert (await emu.client.post("/call-log", json=body)).status_code == 201
    async with running_app(emulator) as (app, pilot):
        await wait_for(pilot, lambda: app.main.status.info.missed == 1, "one missed call counted")
        await pilot.press("c")
        history = app.main.query_one(CallLogHistory)
        await wait_for(pilot, lambda: history.row_count == 2, "yesterday's calls in History")
        await wait_for(pilot, lambda: app.main.status.info.missed == 0, "missed calls seen")
        await pilot.press("slash")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "FilterDialog", "filter")
        await pilot.press(*"turing")
        await wait_for(pilot, lambda: history.row_count == 1, "History filtered")
        await pilot.press("enter")
        await pilot.press("enter")  # call back: the dialer's entry point, from the chosen phone
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ChoiceDialog", "phone picker")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: any(e.path.endswith("/call-out") for e in emulator.exchanges),
            "the call back placed",
        )
        call_out = next(e for e in emulator.exchanges if e.path.endswith("/call-out"))
        assert b'"+16175550123"' in call_out.request_body
    syncs = [e.query for e in emulator.exchanges if e.path.endswith("/call-log-sync")]
    assert len(syncs) == 1 and "FSync" in syncs[0]
    async with running_app(emulator) as (app, pilot):
        await pilot.press("c")
        history = app.main.query_one(CallLogHistory)
        await wait_for(pilot, lambda: history.row_count == 2, "the cached calls in History")
        await wait_for(pilot, lambda: len(_syncs(emulator)) == 2, "the second start's sync")
    assert "ISync" in _syncs(emulator)[1]  # no new full sync


def _posts(emulator: Emulator, suffix: str) -> list[dict]:
    return [
        json.loads(ex.request_body or b"null")
        for ex in emulator.exchanges
        if ex.method == "POST" and ex.path.endswith(suffix)
    ]


async def test_n_calls_and_shift_t_asks_the_colleague_first(
    emulator: Emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator, DESK) as (app, pilot):
        caller = await answered_call(app, pilot, emu, name="Ada Lovelace")
        await pilot.press("w")
        await wait_for(pilot, lambda: app.main.query(TeamPane), "the team pane")
        pane = app.main.query_one(TeamPane)
        await wait_for(pilot, lambda: pane.highlighted is not None, "a colleague highlighted")
        await pilot.press("T")
        await wait_for(pilot, lambda: app.calling.transfers, "the consult call")
        await wait_for(pilot, lambda: shown_in(app, caller, CallState.HELD), "the caller held")
        consult = _posts(emulator, "/call-out")
        assert consult[0]["to"] == {"extensionNumber": COLLEAGUE.extension_number}
        await pilot.press("n")
        await wait_for(pilot, lambda: len(_posts(emulator, "/call-out")) == 2, "the call")
        assert _posts(emulator, "/call-out")[1]["to"] == {
            "extensionNumber": COLLEAGUE.extension_number
        }


def _syncs(emulator: Emulator) -> list[str]:
    return [e.query for e in emulator.exchanges if e.path.endswith("/call-log-sync")]


async def test_availability_is_read_again_when_the_feed_comes_back(
    emulator: Emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator) as (app, pilot):
        await wait_for(pilot, lambda: header(app) == "Available", "the header's availability")
        # A change whose event is lost: made on the server with no notification at all.
        emulator.availability.update(USER.id, {"userStatus": "Offline"})
        states: list[object] = []
        status, change = app.main.status, app.main.status.change

        def noted(**changes: object) -> None:
            states.append(changes.get("connection"))
            change(**changes)

        status.change = noted  # type: ignore[method-assign]
        (await emu.client.post("/faults", json={"dropPush": True})).raise_for_status()
        await wait_for(pilot, lambda: "recovering" in states, "the feed to notice the drop")
        await wait_for(pilot, lambda: header(app) == "Offline", "presence read again")


async def test_a_filter_that_looks_like_markup_is_shown_as_typed(emulator: Emulator) -> None:
    async with running_app(emulator) as (app, pilot):
        await pilot.press("w")
        await wait_for(pilot, lambda: app.main.query(TeamPane), "the team pane")
        pane = app.main.query_one(TeamPane)
        await pilot.press("slash")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "FilterDialog", "filter")
        await pilot.press("left_square_bracket", "slash", "right_square_bracket", "enter")
        await wait_for(pilot, lambda: pane.filter_text == "[/]", "the filter applied")
        await pilot.pause()
        shown = Content.from_markup(str(pane.border_title)).plain  # what the border shows
        assert pane.row_count == 0 and shown.endswith("filter: [/]")
        assert app.is_running
