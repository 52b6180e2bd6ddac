"""Fuzzing the notification path (issue 7), transport decode to CallBook, without sockets.

Legitimate events for three calls are interleaved with garbage: random JSON, frames with
random bodies, truncated frames, payloads under the wrong AES key or not even base64, huge
payloads, and copies of a call's latest event with one field of the wrong type. Garbage is
fed to the real transports' message handlers (WebSocketTransport, PubNubTransport) wired
to a CallBook. It must never raise, every bad message must be counted, and the calls
shown must be exactly those the legitimate events alone produce.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.calls.events import ACCOUNT, ME, event, party
from tests.reliability.figures import Figures
from tests.reliability.garbage import (
    LEGIT,
    LEGIT_SESSIONS,
    broken,
    frame_text,
    garbage,
    pubnub_payload,
    websocket_text,
)
from tui.calls import CallBook, CallState
from tui.emulator.push.crypto import encrypt_bytes, encrypt_envelope, new_encryption_key
from tui.ringcentral.push.connection import ConnectionState
from tui.ringcentral.push.pubnub_transport import PubNubTransport
from tui.ringcentral.push.websocket_transport import WebSocketTransport

EXAMPLES = 300
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class BookSink:
    """The PushSink LiveCalls would be, reduced to its CallBook and counters."""

    def __init__(self) -> None:
        self.book = CallBook(ME, account_id=ACCOUNT)
        self.ignored = 0

    def notification(self, envelope: dict) -> None:
        if self.book.apply(envelope).ignored:
            self.ignored += 1

    def connection(self, state: ConnectionState) -> None:
        """Connection changes do not matter here."""

    def gap(self, reason: str) -> None:
        """Neither do gaps."""


def views(book: CallBook) -> dict[str, dict[str, Any]]:
    """The legitimate calls as shown (every field of the CALL object)."""
    return {sid: book.get(sid).to_json() for sid in LEGIT_SESSIONS if book.get(sid) is not None}


EXPECTED = BookSink()
for _envelope in LEGIT:
    EXPECTED.notification(_envelope)
EXPECTED_VIEWS = views(EXPECTED.book)


def interleave(slots: list[list[tuple[str, Any]]]) -> list[tuple[str, Any, dict]]:
    """(kind, parameters, latest legitimate event so far) for garbage, ("legit", ...) else."""
    stream: list[tuple[str, Any, dict]] = []
    latest = LEGIT[0]
    for index, envelope in enumerate(LEGIT):
        for kind, params in slots[index]:
            stream.append((kind, params, latest))
        stream.append(("legit", None, envelope))
        latest = envelope
    return stream


slots = st.lists(st.lists(garbage, max_size=3), min_size=len(LEGIT), max_size=len(LEGIT))


def run_stream(
    slots: list[list[tuple[str, Any]]],
    *,
    legit: Callable[[int, dict], None],
    junk: Callable[[int, str, Any, dict], None],
) -> int:
    """Deliver the legitimate events with the garbage in between; return how much garbage."""
    garbage_count = 0
    for n, (kind, params, envelope) in enumerate(interleave(slots), start=1):
        if kind == "legit":
            legit(n, envelope)
        else:
            garbage_count += 1
            junk(n, kind, params, envelope)
    return garbage_count


def record(figures: Figures, name: str, garbage_count: int, ignored: int) -> None:
    """Add one case to the figures of a fuzz test."""
    figures.add(name, "cases", 1)
    figures.add(name, "garbage messages", garbage_count)
    figures.add(name, "ignored by CallBook", ignored)


def check(sink: BookSink) -> None:
    """The verdict shared by both transports."""
    assert views(sink.book) == EXPECTED_VIEWS
    # Nothing but the legitimate calls is live.
    assert {c.telephony_session_id for c in sink.book.live()} == {"s-a", "s-c"}


@FUZZ_SETTINGS
@given(slots=slots)
def test_websocket_garbage_never_shows_a_wrong_call(
    slots: list[list[tuple[str, Any]]], figures: Figures
) -> None:
    sink = BookSink()
    transport = WebSocketTransport(None, [], sink)  # type: ignore[arg-type]
    garbage_count = run_stream(
        slots,
        legit=lambda n, envelope: transport._handle(frame_text(envelope, n)),
        junk=lambda n, kind, params, envelope: transport._handle(
            websocket_text(kind, params, envelope, n)
        ),
    )
    check(sink)
    record(figures, "fuzz, WebSocket path", garbage_count, sink.ignored)
    figures.add("fuzz, WebSocket path", "malformed frames counted", transport.malformed_frames)


@FUZZ_SETTINGS
@given(slots=slots)
def test_pubnub_garbage_never_shows_a_wrong_call(
    slots: list[list[tuple[str, Any]]], figures: Figures
) -> None:
    sink = BookSink()
    key = new_encryption_key()
    transport = PubNubTransport(None, [], sink)  # type: ignore[arg-type]
    sdk = transport._pn = object()
    transport._key = key
    garbage_count = run_stream(
        slots,
        legit=lambda n, envelope: transport._on_message(sdk, n, encrypt_envelope(key, envelope)),
        junk=lambda n, kind, params, envelope: transport._on_message(
            sdk, n, pubnub_payload(kind, params, envelope, key)
        ),
    )
    check(sink)
    record(figures, "fuzz, PubNub path", garbage_count, sink.ignored)
    figures.add("fuzz, PubNub path", "undecryptable counted", transport.undecryptable)


@FUZZ_SETTINGS
@given(code=st.text(min_size=1, max_size=20), reason=st.none() | st.text(max_size=20))
def test_unknown_status_codes_never_pose_as_ringing_or_ended(
    code: str, reason: str | None, figures: Figures
) -> None:
    # Codes the model maps to a state of their own (VoiceMailScreening is RingCentral's
    # spelling of VMScreening: call-behaviour.md; Hypothesis found it).
    known = {
        "setup",
        "proceeding",
        "disconnected",
        "gone",
        "voicemail",
        "vmscreening",
        "voicemailscreening",
    }
    book = CallBook(ME, account_id=ACCOUNT)
    book.apply(event("s-a", 1, party("p-a-2", "Answered")))
    result = book.apply(event("s-a", 2, party("p-a-2", code, reason=reason)))
    call = book.get("s-a")
    figures.add("fuzz, unknown status codes", "cases", 1)
    assert call is not None and result.ignored is None
    if code.strip().lower().replace("_", "") not in known:
        # An unknown code keeps the call on screen, with the raw code for the person to see.
        assert call.state in (CallState.ACTIVE, CallState.HELD, CallState.PARKED)
        assert call.status == code
    # A later known code still applies.
    book.apply(event("s-a", 3, party("p-a-2", "Disconnected")))
    assert book.get("s-a").state is CallState.ENDED


def test_huge_flat_garbage_is_counted_and_logged_briefly(caplog: pytest.LogCaptureFixture) -> None:
    sink = BookSink()
    transport = WebSocketTransport(None, [], sink)  # type: ignore[arg-type]
    caplog.set_level(logging.WARNING)
    transport._handle("x" * 4 * 2**20)
    transport._handle('{"' + " " * 2**20)
    assert transport.malformed_frames == 2
    assert sum("malformed WebSocket frame" in r.getMessage() for r in caplog.records) == 2
    assert len(caplog.text) < 10_000  # the log says what, without copying megabytes


# -- found by the fuzzing above -----------------------------------------------------------


def latest_of(sid: str) -> dict:
    """The last legitimate event of one call."""
    return [e for e in LEGIT if e["body"]["telephonySessionId"] == sid][-1]


@pytest.mark.parametrize("bad_id", [None, "", [], {}])
def test_a_party_without_a_usable_id_does_not_change_a_known_call(bad_id: Any) -> None:
    sink = BookSink()
    for envelope in LEGIT:
        sink.notification(envelope)
    sink.notification(broken(latest_of("s-a"), ("body", "parties", 0, "id"), bad_id))
    # The muted, answered call must still show its party (actions need its id) and mute.
    assert views(sink.book) == EXPECTED_VIEWS


@pytest.mark.parametrize("sid", LEGIT_SESSIONS)
def test_a_status_without_a_code_does_not_change_a_call(sid: str) -> None:
    sink = BookSink()
    for envelope in LEGIT:
        sink.notification(envelope)
    sink.notification(broken(latest_of(sid), ("body", "parties", 0, "status"), {}))
    # In particular the missed call must stay ended, not come back as active.
    assert views(sink.book) == EXPECTED_VIEWS
    assert {c.telephony_session_id for c in sink.book.live()} == {"s-a", "s-c"}


DEEP = "[" * 2**20  # a megabyte of nesting: json.loads gives up with RecursionError


def test_deeply_nested_websocket_frame_is_counted_not_fatal(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sink = BookSink()
    transport = WebSocketTransport(None, [], sink)  # type: ignore[arg-type]
    caplog.set_level(logging.WARNING)
    # Raising here would end the reader task and with it the connection.
    transport._handle(DEEP)
    assert transport.malformed_frames == 1
    assert "malformed WebSocket frame" in caplog.text


def test_deeply_nested_pubnub_payload_is_counted_as_unreadable() -> None:
    sink = BookSink()
    key = new_encryption_key()
    transport = PubNubTransport(None, [], sink)  # type: ignore[arg-type]
    sdk = transport._pn = object()
    transport._key = key
    transport._on_message(sdk, 1, encrypt_bytes(key, DEEP.encode()))
    assert transport.undecryptable == 1
