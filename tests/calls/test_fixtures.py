"""Every real payload in ../shared/ringcentral/fixtures/ goes through the call model.

The expected values were written by reading each fixture (see fixtures/INDEX.md): what a
user of extension `me` would see on screen after that payload.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.calls.events import fixture
from tests.shared import shared_path
from tui.calls import Action, CallBook, CallState

A = Action
RINGING_ACTIONS = {A.VOICEMAIL, A.REJECT, A.FORWARD, A.ANSWER, A.REPLY}

# Notifications applied alone to a fresh book ("me" = the envelope's ownerId):
# the CALL subset expected, or None for "no call shown" plus the ignored reason fragment.
NOTIFICATIONS: dict[str, tuple[dict[str, Any] | None, str | None]] = {
    "tsn_inbound_setup_seq3_empty_park.json": (
        {
            "state": "ringing",
            "status": "Setup",
            "direction": "Inbound",
            "partyId": "p-a6abd24ca6774373a8120a3390d3cbe8-2",
            "from": {"phoneNumber": "+14083388064", "name": None},
            "to": {"phoneNumber": "+19043014558", "name": "TESTER Babji"},
            "recording": "off",
        },
        None,
    ),
    "tsn_inbound_answered_customer_to_operator_seq6.json": (
        {
            "state": "active",
            "direction": "Inbound",
            "from": {"phoneNumber": "101", "name": "Craig Chan"},
            "to": {"phoneNumber": "102", "name": "Agent J"},
            "muted": False,
        },
        None,
    ),
    "tsn_outbound_answered_operator_to_consult_seq4.json": (
        {
            "state": "active",
            "direction": "Outbound",
            "to": {"phoneNumber": "103", "name": "Agent K"},
        },
        None,
    ),
    "tsn_outbound_setup_seq2_call_control_js.json": (
        {
            "state": "dialing",
            "status": "Setup",
            "to": {"phoneNumber": "+16579991394", "name": None},
        },
        None,
    ),
    # Party -2 is the PSTN callee (accountId, no extensionId): not the owner's party.
    "tsn_account_event_inbound_party2_proceeding_seq3_no_extension.json": (None, None),
    # A call first seen already Disconnected is not shown (call-behaviour.md §2.5).
    "tsn_outbound_disconnected_seq8_call_control_js.json": (None, "already ended"),
    "tsn_partial_metrics_seq5_proceeding.json": ({"state": "ringing", "partyId": None}, None),
    "tsn_partial_metrics_seq6_answered.json": ({"state": "active"}, None),
    "tsn_partial_metrics_seq7_hold.json": ({"state": "held"}, None),
    "tsn_partial_metrics_seq8_answered-unhold.json": ({"state": "active"}, None),
    "tsn_partial_metrics_seq9_disconnected.json": (None, "already ended"),
    "presence_detailed_two_active_calls_queue_call.json": (
        {
            "telephonySessionId": "Y3MxNjk4ODA5MTYxMzUyOTU5OUAxMC4zMi40NS44NA",
            "state": "active",
            "queueCall": True,
            "from": {"phoneNumber": "+18775380038", "name": "John Wang"},
        },
        None,
    ),
    "presence_basic_call_connected.json": (None, "presence without call details"),
    "pubnub_decrypted_presence_onhold_plaintext.json": (None, "presence without call details"),
    "ws_server_notification_message_store.json": (None, "not a call event (message-store)"),
}

# Payloads that are not call data at all: apply() must say why it ignores them, not raise.
NOT_CALLS = {
    "error_400_sub524_subscription_webhook_cert.json": "without a body",
    "error_403_insufficient_permissions_cmn401.json": "without a body",
    "error_404_cmn102_inside_batch_207.json": "not a notification",
    "error_429_cmn301_request_rate_exceeded.json": "without a body",
    "get_extension_devices_softphone_online.json": "without a body",
    "get_extension_info.json": "without a body",
    "oauth_refresh_token_response_docs.json": "without a body",
    "oauth_wstoken_response.json": "without a body",
    "post_subscription_pubnub_encrypted_response.json": "without a body",
    "ws_client_request_create_subscription.json": "ClientRequest frame",
    "ws_client_request_response_204_no_body.json": "ClientRequest frame",
    "ws_connection_details.json": "ConnectionDetails frame",
    "ws_connection_details_recovery_failed_wsg1005.json": "ConnectionDetails frame",
    "ws_error_wsg808_debug_printed_by_ringcentral_net.json": "",
    "ws_heartbeat_request_template.json": "Heartbeat frame",
    "ws_heartbeat_response.json": "Heartbeat frame",
    "ws_subscription_created_response_2025_no_wsg_header.json": "ClientRequest frame",
    "ws_subscription_created_response_with_rate_limit_headers.json": "ClientRequest frame",
}

# GET session snapshots (and call-out/conference responses wrapping one), seen as `me`.
SNAPSHOTS: dict[str, tuple[str, dict[str, Any] | None]] = {
    "get_session_2018_quick_start_two_parties_answered.json": (
        "400415042004",
        {"state": "active", "direction": "Inbound", "partyId": "cs171835678153616548-2"},
    ),
    "get_session_docs_two_parties_answered.json": (
        "400415045004",
        {
            "state": "active",
            "direction": "Outbound",
            "from": {"phoneNumber": "+18885551932", "name": "The Cat Jerry"},
            "to": {"phoneNumber": "102", "name": "Tom Sawyer"},
        },
    ),
    "get_session_conference_legacy_ids_gone_participant.json": (
        "160751006",
        {"state": "active", "partyId": "cs1726225542272106109-1", "remoteHold": False},
    ),
    "get_session_inbound_ringing_party2_proceeding.json": (
        "170848004",
        {"state": "ringing", "partyId": "p-279e175539444bdc96d16c1e2fe4dbe9-2"},
    ),
    "get_session_outbound_both_parties_answered.json": (
        "170848004",
        {"state": "active", "partyId": "p-bb843f9bc3bd4366a83f9e953f2c9c58-1"},
    ),
    "post_call_out_response_setup.json": (
        "170848004",
        {"state": "dialing", "direction": "Outbound"},
    ),
    # A conference just created has no parties yet: nothing to show.
    "post_conference_response_2022.json": ("652388004", None),
    "post_conference_response_docs.json": ("170848004", None),
    "post_conference_response_empty_parties_call_control_js.json": ("170848004", None),
}

# Party responses of call-control requests, applied onto a session: (base session fixture or
# None for "the same party Answered"), me, expected CALL subset.
PARTIES: dict[str, tuple[str | None, str, dict[str, Any]]] = {
    "party_inbound_proceeding_answer_mock_base.json": (
        "get_session_inbound_ringing_party2_proceeding.json",
        "170848004",
        {"state": "ringing", "direction": "Inbound"},
    ),
    "post_forward_response_party_disconnected_blind_transfer.json": (
        "get_session_inbound_ringing_party2_proceeding.json",
        "170848004",
        {"state": "ended", "reason": "BlindTransfer"},
    ),
    "patch_party_response_muted_true.json": (
        "get_session_outbound_both_parties_answered.json",
        "170848004",
        {"state": "active", "muted": True},
    ),
    "post_transfer_response_party_disconnected_blind_transfer.json": (
        None,
        "170848004",
        {"state": "ended", "status": "Disconnected", "reason": "BlindTransfer"},
    ),
    "post_party_supervise_response_hold.json": (
        None,
        "1028960004",
        {"state": "held", "to": {"phoneNumber": "101", "name": "admin user"}},
    ),
    "post_bridge_response_party_gone_attended_transfer.json": (
        None,
        "153906004",
        {"state": "ended", "status": "Gone", "reason": "AttendedTransfer"},
    ),
    # Bring-in parties name no owner: an extension-level view takes such parties as its own.
    "post_bring_in_response_2022.json": (
        "post_conference_response_2022.json",
        "652388004",
        {"state": "ringing", "direction": "Inbound"},
    ),
    "post_bring_in_response_participant_setup.json": (
        None,
        "170848004",
        {"state": "ringing", "to": {"phoneNumber": "conference", "name": "Conference"}},
    ),
}

PRESENCE_GETS = {
    "get_presence_detailed_one_call_connected.json",
    "get_presence_no_call_total_active_calls_0.json",
    "get_account_presence_detailed_records.json",
}


def _assert_call(call_json: dict[str, Any], expected: dict[str, Any]) -> None:
    assert {key: call_json[key] for key in expected} == expected


def test_every_fixture_is_covered() -> None:
    """A new fixture must get an expectation here: none is silently skipped."""
    names = {p.name for p in shared_path("ringcentral", "fixtures").glob("*.json")}
    covered = set(NOTIFICATIONS) | set(NOT_CALLS) | set(SNAPSHOTS) | set(PARTIES) | PRESENCE_GETS
    assert names == covered


@pytest.mark.parametrize("name", sorted(NOTIFICATIONS))
def test_notification_fixture(name: str) -> None:
    expected, reason = NOTIFICATIONS[name]
    book = CallBook()
    result = book.apply(fixture(name))
    calls = book.calls()
    if expected is None:
        assert calls == []
        assert (result.ignored is None) if reason is None else (reason in (result.ignored or ""))
    else:
        assert result.ignored is None
        assert len(calls) == 1 and result.changed == calls
        _assert_call(calls[0].to_json(), expected)
        if calls[0].state is CallState.RINGING:
            assert calls[0].actions == RINGING_ACTIONS


@pytest.mark.parametrize("name", sorted(NOT_CALLS))
def test_non_call_payload_is_ignored_with_a_reason(name: str) -> None:
    book = CallBook()
    result = book.apply(fixture(name))
    assert result.changed == [] and result.ignored
    assert NOT_CALLS[name] in result.ignored
    assert book.calls(include_ended=True) == []


@pytest.mark.parametrize("name", sorted(SNAPSHOTS))
def test_session_snapshot_fixture(name: str) -> None:
    me, expected = SNAPSHOTS[name]
    book = CallBook(me)
    changed = book.apply_session(fixture(name))
    if expected is None:
        assert changed == [] and book.calls() == []
    else:
        assert [c.to_json() for c in changed] == [c.to_json() for c in book.calls()]
        _assert_call(changed[0].to_json(), expected)


@pytest.mark.parametrize("name", sorted(PARTIES))
def test_party_response_fixture(name: str) -> None:
    base_name, me, expected = PARTIES[name]
    raw = fixture(name)
    book = CallBook(me)
    if base_name is not None:
        base = fixture(base_name)
        sid = (base.get("session") or base)["id"]
    else:
        # The party's own session, with the party still Answered before the request.
        sid = f"s-{raw['id'].removeprefix('p-').rsplit('-', 1)[0]}"
        base = {"id": sid, "parties": [{**raw, "status": {"code": "Answered"}}]}
    book.apply_session(base)
    before = book.get(sid)  # None for an empty conference
    changed = book.apply_party(sid, raw)
    after = book.get(sid)
    assert after is not None
    _assert_call(after.to_json(), expected)
    # Reported as changed exactly when the user would see a difference.
    assert bool(changed) == (after != before)


def test_bridge_links_the_gone_call_to_the_session_that_continues() -> None:
    raw = fixture("post_bridge_response_party_gone_attended_transfer.json")
    peer = raw["status"]["peerId"]
    book = CallBook("153906004")
    sid = "s-a4a0d82257c9fz1803a3e5601z9856ea0000"
    book.apply_session({"id": sid, "parties": [{**raw, "status": {"code": "Hold"}}]})
    [gone] = book.apply_party(sid, raw)
    assert gone.continued_in == peer["sessionId"]
    continuing = {**raw, "id": peer["partyId"], "status": {"code": "Answered"}}
    [call] = book.apply_session({"id": peer["sessionId"], "parties": [continuing]})
    assert call.state is CallState.ACTIVE and call.continues_from == sid
    assert [c.telephony_session_id for c in book.calls()] == [peer["sessionId"]]


def test_partial_metrics_stream_in_order_goes_through_every_state() -> None:
    book = CallBook()
    states = []
    for name in sorted(n for n in NOTIFICATIONS if n.startswith("tsn_partial_metrics")):
        [call] = book.apply(fixture(name)).changed
        states.append(call.state.value)
    assert states == ["ringing", "active", "held", "active", "ended"]
    [ended] = book.calls(include_ended=True)
    assert ended.started_at is not None and ended.ended_at is not None
    assert (ended.ended_at - ended.started_at).total_seconds() == pytest.approx(11.509)


def test_partial_metrics_stream_in_any_order_ends_the_same() -> None:
    names = sorted(n for n in NOTIFICATIONS if n.startswith("tsn_partial_metrics"))
    payloads = [fixture(n) for n in names]
    for order in itertools.permutations(payloads):
        book = CallBook()
        for payload in order:
            book.apply(payload)
        assert book.calls() == []
        call = book.get("s-11112222333344445555666677778888")
        # Seen first as Disconnected, the call is never shown; otherwise it shows as ended.
        assert call is None if order[0] is payloads[-1] else call.state is CallState.ENDED


def test_outbound_stream_with_account_level_party_of_the_callee() -> None:
    book = CallBook()
    for name in (
        "tsn_outbound_setup_seq2_call_control_js.json",
        "tsn_account_event_inbound_party2_proceeding_seq3_no_extension.json",
        "tsn_outbound_disconnected_seq8_call_control_js.json",
    ):
        book.apply(fixture(name))
    [call] = book.calls(include_ended=True)
    assert call.state is CallState.ENDED and call.party_id.endswith("-1")
    assert len(call.parties) == 2


def test_account_level_view_names_the_owner_extension() -> None:
    book = CallBook(account_level=True)
    book.apply(fixture("tsn_account_event_inbound_party2_proceeding_seq3_no_extension.json"))
    book.apply(fixture("tsn_outbound_setup_seq2_call_control_js.json"))
    [call] = book.calls()
    assert call.owner_extension_id == "170848004" and call.state is CallState.DIALING


def test_get_presence_creates_the_call_and_a_later_empty_presence_ends_it() -> None:
    book = CallBook("170848004")
    [call] = book.load(fixture("get_presence_detailed_one_call_connected.json"), [])
    assert call.state is CallState.ACTIVE and call.direction == "Outbound"
    assert call.party_id == "p-bb843f9bc3bd4366a83f9e953f2c9c58-1"
    [ended] = book.load(fixture("get_presence_no_call_total_active_calls_0.json"), [])
    assert ended.state is CallState.ENDED and ended.reason == "Unknown"
    assert book.calls() == []


def test_get_presence_with_session_snapshot_uses_the_snapshot() -> None:
    book = CallBook("170848004")
    changed = book.load(
        fixture("get_presence_detailed_one_call_connected.json"),
        [fixture("get_session_outbound_both_parties_answered.json")],
    )
    [call] = changed
    assert len(call.parties) == 2 and call.to_json()["to"]["phoneNumber"] == "+16579991394"


def test_account_presence_records_in_account_mode() -> None:
    book = CallBook(account_level=True)
    [call] = book.load(fixture("get_account_presence_detailed_records.json"), [])
    # The record says NoCall, its call says CallConnected: the call wins.
    assert call.state is CallState.ACTIVE and call.owner_extension_id == "170848004"


def test_account_presence_record_of_another_extension_is_not_mine() -> None:
    book = CallBook("170853004")
    assert book.load(fixture("get_account_presence_detailed_records.json"), []) == []
