"""WebSocket gateway framing and wsc bookkeeping, on RingCentral's real frames."""

from __future__ import annotations

import json

import pytest

from tests.shared import fixture_path
from tui.ringcentral.push import wsg


def frame(name: str) -> wsg.Frame:
    return wsg.decode_frame(fixture_path(name).read_text())


def test_connection_details_fixture() -> None:
    details = frame("ws_connection_details.json")
    assert details.type == wsg.CONNECTION_DETAILS
    assert details.body["recoveryTimeout"] == 180
    assert wsg.newer_wsc(None, details) == {
        "token": "RTFhRG5nfExxxxxxxxxxxcHE3bXkyRURQVQ",
        "sequence": 1,
    }


def test_subscription_reply_without_wsg_header_correlates_by_message_id() -> None:
    reply = frame("ws_subscription_created_response_2025_no_wsg_header.json")
    assert reply.type == wsg.CLIENT_REQUEST
    assert reply.message_id == "29588305-dd9b-4bc4-8d61-4bb7957f2f2f"
    assert reply.status == 200
    assert "WSG-SubscriptionId" not in reply.meta["headers"]
    assert reply.body["id"] == "1b2a2e6b-2245-4278-b47c-16259ca003a8"


def test_204_reply_has_no_body() -> None:
    reply = frame("ws_client_request_response_204_no_body.json")
    assert reply.status == 204 and reply.body is None


def test_notification_fixture_body_is_the_envelope() -> None:
    note = frame("ws_server_notification_message_store.json")
    assert note.type == wsg.SERVER_NOTIFICATION
    assert note.body["uuid"] == note.message_id


def test_recovery_failed_details_replace_the_old_wsc() -> None:
    failed = frame("ws_connection_details_recovery_failed_wsg1005.json")
    old = {"token": "old", "sequence": 99}
    assert failed.body["recoveryState"] == "Failed"
    assert wsg.newer_wsc(old, failed)["token"].startswith("SEhiQTh3")


def test_wsc_keeps_the_highest_sequence() -> None:
    def note(sequence: int) -> wsg.Frame:
        meta = {
            "type": "ServerNotification",
            "wsc": {"token": f"t{sequence}", "sequence": sequence},
        }
        return wsg.Frame(meta=meta, body={})

    held = None
    for sequence in (3, 5, 4, 2):
        held = wsg.newer_wsc(held, note(sequence))
    assert held == {"token": "t5", "sequence": 5}
    # A frame without wsc (Heartbeat echo) keeps what we have.
    assert wsg.newer_wsc(held, frame("ws_heartbeat_response.json")) == held


def test_client_request_never_sends_a_null_body() -> None:
    message_id, text = wsg.client_request("DELETE", "/restapi/v1.0/subscription/x")
    sent = json.loads(text)
    assert sent == [
        {
            "type": "ClientRequest",
            "messageId": message_id,
            "method": "DELETE",
            "path": "/restapi/v1.0/subscription/x",
        }
    ]
    _, text = wsg.client_request("POST", "/restapi/v1.0/subscription/", {"eventFilters": ["/a"]})
    assert json.loads(text)[1] == {"eventFilters": ["/a"]}


def test_heartbeat_matches_the_docs_template() -> None:
    template = json.loads(fixture_path("ws_heartbeat_request_template.json").read_text())
    sent = json.loads(wsg.heartbeat())
    assert [set(m) for m in sent] == [set(m) for m in template]
    assert sent[0]["type"] == "Heartbeat"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "nope",
        "{}",
        "[]",
        "[1, 2]",
        '[{"no": "type"}]',
        b"\xff\xfe",
        '{"meta": {"type": "Error"}}',
    ],
)
def test_malformed_frames_are_refused(raw: str | bytes) -> None:
    with pytest.raises(wsg.MalformedFrame):
        wsg.decode_frame(raw)
