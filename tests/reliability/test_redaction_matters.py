"""Issue 14 #8: the redaction filter is tested where it matters.

The leak session drives the paths where a token reaches a log line unless the filter masks
it: DEBUG logging of the WebSocket handshake (its URL carries the access token), an error
that carries the request (an HTTP error naming a URL with a token in it) and a traceback
through the CLI's "unexpected error" path, all into the real log file. The meta-test runs
the same session with `redact()` made a no-op and requires the secrets to show up: so the
leak test cannot pass without redaction.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.reliability.figures import Figures
from tests.reliability.secrets_seen import secrets_of
from tests.reliability.test_hostile_input import file_logging  # noqa: F401 - fixture
from tui.emulator import Emulator
from tui.logging_setup import setup_file_logging
from tui.ringcentral import redact as redaction
from tui.ringcentral.auth import Credentials
from tui.ringcentral.cli_support import run_command
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.push.connection import ConnectionState
from tui.ringcentral.push.live import LiveCalls

LIBRARIES = ("httpx", "httpcore", "websockets")


@pytest.fixture
def cli_logging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The CLI's log file under a private CALLDECK_HOME; the `calldeck` logger put back after."""
    monkeypatch.setenv("CALLDECK_HOME", str(tmp_path))
    logger = logging.getLogger("calldeck")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    yield tmp_path / "log"
    for handler in list(logger.handlers):
        if handler not in saved[0]:
            logger.removeHandler(handler)
            handler.close()
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


async def leak_session(emulator: Emulator, log_dir: Path) -> str:
    """Drive the leaky paths with file logging at DEBUG; return the log file's text."""
    path = setup_file_logging(logging.DEBUG, log_dir / "calldeck.log")
    for name in LIBRARIES:  # as a person chasing a problem would turn them up
        logging.getLogger(name).setLevel(logging.DEBUG)
    line = emulator.credentials
    credentials = Credentials(line["server"], line["clientId"], line["clientSecret"], line["jwt"])
    async with await RingCentralClient.sign_in_jwt(credentials) as client:
        states: list[ConnectionState] = []
        live = LiveCalls(
            client,
            transport="websocket",
            on_calls=lambda calls: None,
            on_connection=lambda state, name: states.append(state),
        )
        try:
            await live.start()  # the handshake URL carries ?access_token=
        finally:
            await live.stop()
        assert ConnectionState.LIVE in states
        token = client.saved_sign_in().tokens.access_token

    async def fails_carrying_the_request() -> int:
        async with httpx.AsyncClient(base_url=emulator.url) as http:
            answer = await http.get("/restapi/v1.0/nowhere", params={"access_token": token})
            answer.raise_for_status()  # the error names the URL, token included
        return 0

    # The CLI's own path for the unexpected: one line on stderr, the traceback to the log.
    assert await asyncio.to_thread(run_command, fails_carrying_the_request) == 1
    for handler in logging.getLogger().handlers:
        handler.flush()
    for handler in logging.getLogger("calldeck").handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def found_secrets(emulator: Emulator, text: str) -> list[str]:
    """Secrets of this session that appear in `text`."""
    return [secret for secret in secrets_of(emulator) if secret in text]


def leaky_paths_were_driven(text: str) -> None:
    """The log shows each leaky path ran (so an empty search proves nothing)."""
    assert "access_token=" in text  # the handshake line or the error's URL
    assert "HTTPStatusError" in text and "Traceback" in text


@pytest.mark.usefixtures("file_logging")
async def test_log_file_of_the_leak_session_holds_no_secret(
    emulator: Emulator, cli_logging: Path
) -> None:
    text = await leak_session(emulator, cli_logging)
    leaky_paths_were_driven(text)
    assert found_secrets(emulator, text) == []


@pytest.mark.usefixtures("file_logging")
async def test_without_redaction_the_leak_session_leaks(
    emulator: Emulator, cli_logging: Path, monkeypatch: pytest.MonkeyPatch, figures: Figures
) -> None:
    monkeypatch.setattr(redaction, "redact", lambda text: text)
    monkeypatch.setattr(redaction, "redact_message", lambda text: text)
    text = await leak_session(emulator, cli_logging)
    leaky_paths_were_driven(text)
    leaked = found_secrets(emulator, text)
    assert leaked, "the leak test would pass without redaction"
    figures.record(
        "redaction made a no-op (meta-test)",
        **{"secrets in the log file": len(leaked), "with redaction": 0},
    )
