"""Pending markers and the session re-read, the command palette, and the account view."""

from __future__ import annotations

import httpx

from tests.app.harness import (
    EmulatorControl,
    answered_call,
    ringing_call,
    running_app,
    sent,
    shown_in,
    wait_for,
)
from tui.calls import CallState


async def test_pending_until_confirmed_then_reread_without_push(
    emulator, emu: EmulatorControl, control: httpx.AsyncClient
) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        (await control.post("/faults", json={"pushOutageSeconds": 60})).raise_for_status()
        await pilot.press("h")
        await wait_for(pilot, lambda: sent_hold(app, sid), "the pending marker")
        assert "hold…" in str(app.main.table.get_cell(sid, "state"))
        assert app.main.check_action("call_hold", ()) is None  # dimmed while pending
        # No push event comes: after a few seconds the app re-reads the session.
        await wait_for(pilot, lambda: shown_in(app, sid, CallState.HELD), "the re-read")
        await wait_for(pilot, lambda: app.main.table.pending_label(sid) is None, "settled")
        assert "hold…" not in str(app.main.table.get_cell(sid, "state"))
        requests = await emu.requests(sid)
        assert len(sent(requests, "/hold")) == 1
        assert [r for r in requests if r["method"] == "GET"], "the session was re-read"
        # Meanwhile the status line says the push connection is not live.
        assert app.main.status.info.connection in ("recovering", "down")


def sent_hold(app, sid: str) -> bool:
    return app.main.table.pending_label(sid) == "hold"


async def test_palette_offers_the_selected_calls_actions(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"reject")
        await wait_for(pilot, lambda: palette_has(app, "Reject"), "the Reject command")
        assert not palette_has(app, "Hold")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not shown_in(app, sid, CallState.RINGING), "the reject")
        assert len(sent(await emu.requests(sid), "/reject")) == 1


def palette_has(app, label: str) -> bool:
    from textual.command import CommandList

    lists = app.screen.query(CommandList)
    if not lists:
        return False
    return any(label in str(option.prompt) for option in lists.first().options)


async def test_account_view_shows_the_extension_column(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator, account_level=True) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        assert "ext" in app.main.table.column_keys
        owner = str(app.main.table.get_cell(sid, "ext"))
        call = app.main.table.call(sid)
        assert owner != "—" and call.owner_extension_id not in owner, "a name, not an id"
        assert call.to.name and call.to.name in owner
        assert app.main.status.info.account_level
        await pilot.press("x")
        await wait_for(pilot, lambda: not shown_in(app, sid, CallState.RINGING), "the reject")


async def test_account_view_names_each_extension_by_number_and_name(
    emulator, emu: EmulatorControl
) -> None:
    async with running_app(emulator, account_level=True) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        me = app.main.status.info
        wanted = f"{me.extension_number} {me.name}"  # e.g. "101 Ada Lovelace"
        await wait_for(
            pilot, lambda: str(app.main.table.get_cell(sid, "ext")) == wanted, "the extension"
        )
        assert me.name not in str(app.main.table.get_cell(sid, "party")), "the caller is not me"
