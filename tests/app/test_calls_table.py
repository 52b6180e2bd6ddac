"""The calls table updates in place by session id: order, ticking durations, minimal cell writes."""

from __future__ import annotations

from dataclasses import replace

from tests.app.scenes import ringing_scene, show_calls, snapshot_app, two_calls_scene
from tui.calls import CallState


async def test_rows_update_in_place_and_sort_ringing_first(monkeypatch) -> None:
    app = snapshot_app()
    async with app.run_test(size=(120, 30)) as pilot:
        calls = two_calls_scene()
        await show_calls(pilot, calls)
        table = app.main.table
        assert [c.state for c in table.calls] == [CallState.ACTIVE, CallState.HELD]

        writes: list[tuple[str, str]] = []
        original = table.update_cell
        monkeypatch.setattr(
            table,
            "update_cell",
            lambda row, column, value, **kw: (
                writes.append((str(row), str(column))),
                original(row, column, value, **kw),
            ),
        )
        await show_calls(pilot, calls)  # the same calls again: nothing to write
        assert writes == []

        held = calls[1]
        await show_calls(pilot, [replace(held, muted=True)])
        assert writes == [(held.telephony_session_id, "flags")]

        ringing = [c for c in ringing_scene() if c.state is CallState.RINGING]
        await show_calls(pilot, ringing)
        assert table.calls[0].telephony_session_id == ringing[0].telephony_session_id
        assert app.main.selected_call.telephony_session_id == ringing[0].telephony_session_id

        await show_calls(pilot, [replace(held, state=CallState.ENDED)])
        assert held.telephony_session_id not in {c.telephony_session_id for c in table.calls}


async def test_one_timer_ticks_every_duration() -> None:
    app = snapshot_app()
    async with app.run_test(size=(120, 30)) as pilot:
        calls = two_calls_scene()
        await show_calls(pilot, calls)
        table = app.main.table
        first = calls[0].telephony_session_id
        assert str(table.get_cell(first, "duration")) == "22:05"
        app.clock.advance(3600)
        app.main._tick()
        assert str(table.get_cell(first, "duration")) == "1:22:05"
        intervals = [t for t in app.main._timers if getattr(t, "name", "") == "durations"]
        assert len(intervals) == 1


async def test_i_copies_the_selected_calls_ids() -> None:
    app = snapshot_app()
    async with app.run_test(size=(120, 30)) as pilot:
        calls = two_calls_scene()
        await show_calls(pilot, calls)
        await pilot.press("i")
        assert f"telephonySessionId: {calls[0].telephony_session_id}" in app.clipboard
        assert f"partyId: {calls[0].party_id}" in app.clipboard


def test_connection_states_read_clearly() -> None:
    from tui.app.widgets.status_line import StatusInfo, status_text

    live = status_text(StatusInfo(name="Ada", connection="live"))
    recovering = status_text(StatusInfo(name="Ada", connection="recovering"))
    down = status_text(StatusInfo(name="Ada", connection="down", banner="sign in again"))
    assert "● live" in live.plain
    assert "recovering…" in recovering.plain
    assert "✖ down" in down.plain and "sign in again" in down.plain
    assert any("red" in str(span.style) for span in down.spans)
    assert "DEMO" in status_text(StatusInfo(demo=True)).plain
