"""File-only logging with secrets redacted; the ringer's bell, repeat and OSC notifications."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from tui.app.ringer import REPEAT_SECONDS, Ringer
from tui.calls import Call, CallState, Endpoint
from tui.logging_setup import setup_file_logging
from tui.ringcentral.redact import register_secret


def test_logs_go_to_the_file_only_and_secrets_are_masked(tmp_path: Path) -> None:
    root = logging.getLogger()
    saved = list(root.handlers)
    noisy = ("httpx", "httpcore", "websockets", "pubnub", "aiohttp.access")
    saved_levels = {name: logging.getLogger(name).level for name in (*noisy, "")}
    terminal = logging.StreamHandler(sys.stderr)
    root.addHandler(terminal)
    try:
        path = setup_file_logging(path=tmp_path / "log" / "calldeck.log")
        assert terminal not in root.handlers
        secret = "eyJhbGciOiJSUzI1NiJ9-very-secret-token-value"
        register_secret(secret)
        logging.getLogger("tui.test").warning("sent Authorization: Bearer %s", secret)
        for handler in root.handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "sent Authorization" in text and secret not in text
    finally:
        for handler in list(root.handlers):
            if handler not in saved:
                root.removeHandler(handler)
                handler.close()
        for handler in saved:
            if handler not in root.handlers:
                root.addHandler(handler)
        for name, level in saved_levels.items():
            logging.getLogger(name or None).setLevel(level)
        logging.captureWarnings(False)


def _ringing(sid: str) -> Call:
    caller = Endpoint(phone_number="+14155550142", name="Grace Hopper")
    return Call(sid, "p", CallState.RINGING, direction="Inbound", from_=caller)


def test_ringer_rings_repeats_and_silences_per_call() -> None:
    bells: list[int] = []
    written: list[str] = []
    ringer = Ringer(bell=lambda: bells.append(1), write=written.append, desktop=True)
    first, second = _ringing("s-1"), _ringing("s-2")
    ringer.new_ringing([first])
    assert len(bells) == 1
    assert (
        "\x1b]777;notify;calldeck;Incoming call from Grace Hopper (+14155550142)\x07" in written[0]
    )
    assert "\x1b]9;" in written[0]
    for _ in range(REPEAT_SECONDS):
        ringer.tick([first])
    assert len(bells) == 2
    ringer.silence("s-1")
    for _ in range(REPEAT_SECONDS * 2):
        ringer.tick([first])
    assert len(bells) == 2
    for _ in range(REPEAT_SECONDS):
        ringer.tick([first, second])
    assert len(bells) == 3  # the other call still rings


def test_ringer_respects_settings() -> None:
    bells: list[int] = []
    written: list[str] = []
    ringer = Ringer(bell=lambda: bells.append(1), write=written.append, enabled=False)
    ringer.new_ringing([_ringing("s-1")])
    for _ in range(REPEAT_SECONDS * 2):
        ringer.tick([_ringing("s-1")])
    assert bells == [] and written == []
