"""What LiveCalls hands to its callbacks: each distinct view once, with bounded memory."""

from __future__ import annotations

import json
from dataclasses import replace
from types import SimpleNamespace

from tests.shared import fixture_path
from tui.calls import Call, CallBook, CallState
from tui.ringcentral.push.connection import ConnectionState
from tui.ringcentral.push.live import LiveCalls
from tui.ringcentral.push.snapshot import active_session_ids


def ringing_call() -> Call:
    envelope = json.loads(fixture_path("tsn_inbound_setup_seq3_empty_park.json").read_text())
    (call,) = CallBook().apply(envelope).changed
    assert call.state == CallState.RINGING
    return call


def make_live(reported: list[list[Call]], states: list[tuple]) -> LiveCalls:
    client = SimpleNamespace(extension_id="1", account_id="2")
    return LiveCalls(
        client,  # type: ignore[arg-type]
        on_calls=reported.append,
        on_connection=lambda state, transport: states.append((state, transport)),
    )


def test_a_view_is_reported_once_and_changes_are_reported() -> None:
    reported: list[list[Call]] = []
    live = make_live(reported, [])
    call = ringing_call()
    live._report([call])
    live._report([call])  # the same view again (a duplicate event, a re-sync)
    live._report([replace(call, state=CallState.ACTIVE)])
    assert [[c.state for c in batch] for batch in reported] == [["ringing"], ["active"]]


def test_memory_of_ended_calls_is_bounded() -> None:
    live = make_live([], [])
    call = replace(ringing_call(), state=CallState.ENDED)
    for n in range(3000):
        live._report([replace(call, telephony_session_id=f"s-{n}")])
    assert len(live._reported) <= 1000
    assert "s-2999" in live._reported  # the newest are kept


def test_a_busy_account_never_forgets_a_live_call() -> None:
    reported: list[list[Call]] = []
    live = make_live(reported, [])
    call = ringing_call()
    live_calls = [replace(call, telephony_session_id=f"live-{n}") for n in range(2500)]
    live._report(live_calls)
    ended = replace(call, state=CallState.ENDED)
    for n in range(3000):
        live._report([replace(ended, telephony_session_id=f"s-{n}")])
    live._report(live_calls)  # the same views again: nothing new to say
    assert len(reported) == 1 + 3000
    assert len(live._reported) <= 2500 + 1000


def test_connection_changes_only_are_reported() -> None:
    states: list[tuple] = []
    live = make_live([], states)
    for state in (ConnectionState.CONNECTING, ConnectionState.CONNECTING, ConnectionState.LIVE):
        live.connection(state)
    live.connection(ConnectionState.LIVE)
    assert states == [(ConnectionState.CONNECTING, None), (ConnectionState.LIVE, None)]


def test_active_session_ids_of_extension_and_account_presence() -> None:
    one = json.loads(fixture_path("get_presence_detailed_one_call_connected.json").read_text())
    account = json.loads(fixture_path("get_account_presence_detailed_records.json").read_text())
    none = json.loads(fixture_path("get_presence_no_call_total_active_calls_0.json").read_text())
    assert active_session_ids(one) == [one["activeCalls"][0]["telephonySessionId"]]
    expected = [
        call["telephonySessionId"]
        for record in account["records"]
        for call in record.get("activeCalls", [])
    ]
    assert expected and active_session_ids(account) == expected
    assert active_session_ids(none) == []
