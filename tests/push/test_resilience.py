"""No bad input reaches past the transports' edges: listeners never raise, garbage is counted."""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace

import pytest

from tests.shared import fixture_path
from tui.ringcentral.push import pubnub_sdk
from tui.ringcentral.push.connection import ConnectionState
from tui.ringcentral.push.pubnub_transport import PubNubTransport
from tui.ringcentral.push.websocket_transport import WebSocketTransport

KEY = fixture_path("raw/pubnub_aes_key.b64.txt").read_text().strip()
CIPHERTEXT = fixture_path("raw/pubnub_aes_ciphertext_presence_onhold.b64.txt").read_text().strip()


class Sink:
    """Collects what a transport reports."""

    def __init__(self) -> None:
        self.envelopes: list[dict] = []
        self.states: list[ConnectionState] = []
        self.gaps: list[str] = []

    def notification(self, envelope: dict) -> None:
        self.envelopes.append(envelope)

    def connection(self, state: ConnectionState) -> None:
        self.states.append(state)

    def gap(self, reason: str) -> None:
        self.gaps.append(reason)


def test_listener_swallows_every_exception(caplog: pytest.LogCaptureFixture) -> None:
    def explode(*_: object) -> None:
        raise RuntimeError("boom")

    listener = pubnub_sdk.make_listener(explode, explode)
    message = SimpleNamespace(timetoken="17000000000000000", message=CIPHERTEXT)
    with caplog.at_level(logging.ERROR):
        listener.message(None, message)
        listener.message(None, SimpleNamespace())  # no timetoken at all
        listener.status(None, SimpleNamespace(category=None))
        listener.presence(None, None)
    assert caplog.text.count("failed") == 3


def test_pubnub_messages_are_decrypted_and_redeliveries_dropped() -> None:
    sink = Sink()
    transport = PubNubTransport(SimpleNamespace(), [], sink)  # type: ignore[arg-type]
    sdk = object()
    transport._pn, transport._key = sdk, KEY
    transport._on_message(sdk, 100, CIPHERTEXT)
    transport._on_message(sdk, 100, CIPHERTEXT)  # the SDK's re-delivery after a reconnect
    transport._on_message(sdk, 90, CIPHERTEXT)  # older still
    transport._on_message(sdk, 101, "bm90IGVuY3J5cHRlZA==")  # not ours to read
    transport._on_message(object(), 102, CIPHERTEXT)  # from a torn-down SDK instance
    transport._on_message(sdk, 103, CIPHERTEXT)
    assert [e["body"]["telephonyStatus"] for e in sink.envelopes] == ["OnHold", "OnHold"]
    assert transport.duplicates_dropped == 2
    assert transport.undecryptable == 1
    assert transport.last_timetoken == 103


def test_malformed_websocket_frames_are_counted_and_the_feed_goes_on() -> None:
    sink = Sink()
    transport = WebSocketTransport(SimpleNamespace(), [], sink)  # type: ignore[arg-type]
    notification = fixture_path("ws_server_notification_message_store.json").read_text()
    for garbage in ("", "{", "[]", '[{"type": 1}]', '[{"type": "ServerNotification"}, "text"]'):
        transport._handle(garbage)
    transport._handle(notification)
    transport._handle(fixture_path("ws_heartbeat_response.json").read_text())
    transport._handle(
        fixture_path("ws_error_wsg808_debug_printed_by_ringcentral_net.json").read_text()
    )
    assert transport.malformed_frames == 6  # the last one is {meta, body}, not an array
    assert sink.envelopes == [json.loads(notification)[1]]


def test_wsc_follows_the_frames_received() -> None:
    transport = WebSocketTransport(SimpleNamespace(), [], Sink())  # type: ignore[arg-type]
    transport._handle(fixture_path("ws_connection_details.json").read_text())
    assert transport._wsc == {"token": "RTFhRG5nfExxxxxxxxxxxcHE3bXkyRURQVQ", "sequence": 1}
    frame = [
        {"type": "ServerNotification", "wsc": {"token": "later", "sequence": 2}},
        {"uuid": "u"},
    ]
    transport._handle(json.dumps(frame))
    assert transport._wsc == {"token": "later", "sequence": 2}


def test_pubnub_warnings_reach_the_log_file_never_the_terminal(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    log_file = tmp_path / "calldeck.log"
    file_handler = logging.FileHandler(log_file)
    terminal_handler = logging.StreamHandler(sys.stderr)
    root = logging.getLogger()
    root.addHandler(file_handler)
    root.addHandler(terminal_handler)
    try:
        pubnub_sdk.quiet_pubnub_logger()
        pubnub_sdk.quiet_pubnub_logger()  # idempotent
        logging.getLogger("pubnub").warning("Will reconnect in 1.3s")
    finally:
        root.removeHandler(file_handler)
        root.removeHandler(terminal_handler)
        file_handler.close()
    assert "Will reconnect" in log_file.read_text()
    assert capsys.readouterr().err == ""
