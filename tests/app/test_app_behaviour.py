"""Failures, remapped keys, help, quit and the panes, against the emulator."""

from __future__ import annotations

import httpx

from tests.app.harness import (
    EmulatorControl,
    SavedSignInConnector,
    answered_call,
    left,
    ringing_call,
    running_app,
    sent,
    shown,
    shown_in,
    toasts,
    wait_for,
    wait_for_toast,
)
from tui.app.messages import ConnectionChanged
from tui.calls import CallState
from tui.config import load_config


async def test_409_shows_a_clear_toast_and_puts_the_call_right(
    emulator, emu: EmulatorControl, control: httpx.AsyncClient
) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        # Push goes dark, then the desk phone answers: the screen still says ringing.
        (await control.post("/faults", json={"pushOutageSeconds": 60})).raise_for_status()
        await emu.act(sid, "answer")
        assert shown_in(app, sid, CallState.RINGING)
        await pilot.press("x")
        await wait_for(pilot, lambda: app.main.last_error is not None, "the failure")
        rejects = sent(await emu.requests(sid), "/reject")
        assert [r["status"] for r in rejects] == [409]
        await wait_for_toast(pilot, "no longer in a state that can be rejected")
        # The re-sync after the 409 reads the truth over REST: the call is active.
        await wait_for(pilot, lambda: shown_in(app, sid, CallState.ACTIVE), "the call to be right")
        await pilot.press("E")
        await pilot.pause()
        assert type(app.screen).__name__ == "ErrorModal"
        details = app.screen.query_one("TextArea").text
        assert "http status: 409" in details and sid in details


async def test_remapped_keys_from_the_config_file(
    emulator, emu: EmulatorControl, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("CALLDECK_HOME", str(tmp_path))
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('bell = false\n[keymap]\n"call.hold" = "o"\n"app.help" = "f1"\n')
    async with running_app(emulator, load_config()) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        footer = {b.binding.key: b.binding.description for b in app.main.active_bindings.values()}
        assert footer.get("o") == "Hold" and "h" not in footer
        await pilot.press("h")  # the old key does nothing now
        await pilot.pause(0.2)
        assert sent(await emu.requests(sid), "/hold") == []
        await pilot.press("o")
        await wait_for(pilot, lambda: shown_in(app, sid, CallState.HELD), "hold via o")
        await pilot.press("f1")
        await pilot.pause()
        help_table = app.screen.query_one("#help-keys")
        assert str(help_table.get_cell("call.hold", help_table.ordered_columns[0].key)) == "o"
        assert str(help_table.get_cell("app.help", help_table.ordered_columns[0].key)) == "f1"


async def test_help_lists_every_action(emulator, emu: EmulatorControl) -> None:
    from tui.app.actions import ACTIONS

    async with running_app(emulator) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#help-keys")
        assert [str(k.value) for k in table.rows] == [spec.id for spec in ACTIONS]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main


async def test_quit_asks_first_while_calls_are_live(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        await answered_call(app, pilot, emu)
        await pilot.press("q")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and app.screen is app.main
        await pilot.press("q", "y")
        await wait_for(pilot, lambda: not app.is_running, "the app to quit")
        assert app.return_code == 0


async def test_event_log_shows_raw_notifications(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await ringing_call(app, pilot, emu)
        assert not app.main.query("#events")  # closed until asked for
        await pilot.press("e")
        await wait_for(pilot, lambda: app.main.query("#events"), "the event log pane")
        log = app.main.query_one("#events")
        await wait_for(pilot, lambda: log.display and log.lines, "the event log")
        text = "\n".join(line.text for line in log.lines)
        assert "/telephony/sessions" in text and sid in text


async def test_far_end_hangup_moves_the_call_to_history(emulator, emu: EmulatorControl) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        await pilot.press("c")
        await emu.act(sid, "hangup")
        await wait_for(pilot, lambda: left(app, sid), "the call to end")
        history = app.main.query_one("#history")
        await wait_for(pilot, lambda: sid in history.rows, "the history row")
        # Live: the events' garbage is collected once the app is quiet (`tui.app.idle_gc`).
        assert app.main.idle_gc is not None


async def test_rate_limited_action_says_how_long_to_wait(
    emulator, emu: EmulatorControl, control: httpx.AsyncClient
) -> None:
    async with running_app(emulator) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        rule = {"group": "Light", "limit": 0, "windowSeconds": 60, "penaltySeconds": 60}
        (await control.post("/faults", json={"rateLimit": rule})).raise_for_status()
        await pilot.press("h")
        await wait_for(pilot, lambda: app.main.last_error is not None, "the failure")
        await wait_for_toast(pilot, "try again in")
        assert shown_in(app, sid, CallState.ACTIVE)


async def test_revoked_sign_in_shows_a_banner_and_keeps_calls(
    emulator, emu: EmulatorControl, control: httpx.AsyncClient
) -> None:
    async with running_app(emulator, connector=SavedSignInConnector) as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        faults = {"expireAccessTokens": True, "revokeRefreshTokens": True}
        (await control.post("/faults", json=faults)).raise_for_status()
        await pilot.press("h")
        await wait_for(pilot, lambda: app.main.status.info.banner, "the sign-in banner")
        assert "sign in again" in app.main.status.info.banner
        assert shown(app, sid) is not None


async def test_a_feed_that_finds_the_sign_in_over_says_so_once_whatever_state_comes_last(
    emulator, emu: EmulatorControl
) -> None:
    # PubNub's transport reports `down` when renewing finds the sign-in over, and the SDK's
    # own retries report `recovering` right after: only the newest state reaches the screen
    # (e.g. after a server restart that rotated the app's credentials). The person must
    # still be told, once, and the feed shown down, not "recovering" for ever.
    async with running_app(emulator, transport="pubnub") as (app, pilot):
        sid = await answered_call(app, pilot, emu)
        app.link.client.keeper.end()  # what a refused refresh and a refused JWT grant do
        for state in ("down", "recovering"):
            app.main.post_message(ConnectionChanged(state, "pubnub"))
        await wait_for(pilot, lambda: app.main.status.info.banner, "the sign-in banner")
        assert "sign in again" in app.main.status.info.banner
        app.main.post_message(ConnectionChanged("recovering", "pubnub"))  # the SDK retries on
        await pilot.pause()
        assert app.main.status.info.connection == "down"
        assert sum("Sign-in needed" in toast for toast in toasts(app)) == 1
        assert shown(app, sid) is not None  # the calls stay on screen
