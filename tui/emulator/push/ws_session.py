"""WebSocket gateway sessions: what outlives a dropped socket so a client can recover.

A session holds the connection's one subscription, the `wsc` sequence and a buffer of the
last 100 notifications (ringcentral-api.md §4c.8). Each `wsc.token` names the session and the
sequence it was issued with, so a client recovering with its latest token gets exactly the
notifications after it (the most recent 100 if more were missed).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import secrets
from collections import deque
from dataclasses import dataclass, field

from aiohttp import web

from tui.emulator.identity import TokenOwner

RECOVERY_BUFFER_SIZE = 100


def encode_wsc(session_id: str, sequence: int) -> str:
    """The opaque `wsc.token` for a position in a session."""
    raw = f"{session_id}:{sequence}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_wsc(token: str) -> tuple[str, int] | None:
    """(session id, sequence) from a `wsc` token, or None if it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        session_id, sequence = raw.rsplit(":", 1)
        return session_id, int(sequence)
    except (ValueError, UnicodeDecodeError):
        return None


def dump(frame: list) -> str:
    """A frame as sent on the wire."""
    return json.dumps(frame, separators=(",", ":"))


class Connection:
    """One live socket: frames go through a queue and a single writer task, in order."""

    def __init__(self, request: web.Request, socket: web.WebSocketResponse) -> None:
        self.request = request
        self.socket = socket
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()  # None: close
        # Gateway clock readings: when the socket opened, when the client last sent a frame.
        self.opened_at = 0.0
        self.last_frame_at = 0.0
        self.closing = False
        self._writer = asyncio.create_task(self._write(), name="calldeck-ws-writer")

    def send(self, text: str) -> None:
        """Queue a frame; never blocks the publisher."""
        self._queue.put_nowait(text)

    def close_when_sent(self) -> None:
        """Close the socket politely once every queued frame is out."""
        self.closing = True
        self._queue.put_nowait(None)

    async def _write(self) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            while (text := await self._queue.get()) is not None:
                await self.socket.send_str(text)
            await self.socket.close()

    def abort(self) -> None:
        """Cut the TCP connection at once, as a network failure would."""
        self._writer.cancel()
        if self.request.transport is not None:
            self.request.transport.abort()

    async def close(self) -> None:
        """Stop writing and close the socket politely (server shutdown)."""
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._writer
        with contextlib.suppress(ConnectionError, RuntimeError):
            await self.socket.close()

    async def finished(self) -> None:
        """Stop the writer after the socket is gone and wait for it."""
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._writer


@dataclass(eq=False)
class WsSession:
    """Gateway state for one client session, live or waiting to be recovered."""

    owner: TokenOwner
    id: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    sequence: int = 0
    subscription_id: str | None = None
    connection: Connection | None = None
    disconnected_at: float | None = None
    buffer: deque[tuple[int, str]] = field(
        default_factory=lambda: deque(maxlen=RECOVERY_BUFFER_SIZE)
    )

    def next_wsc(self) -> dict:
        """A new `wsc` position: token plus the increasing sequence."""
        self.sequence += 1
        return self.wsc_at(self.sequence)

    def wsc_at(self, sequence: int) -> dict:
        """The `wsc` object for a given position."""
        return {"token": encode_wsc(self.id, sequence), "sequence": sequence}

    def notify(self, meta: dict, envelope: dict) -> None:
        """Buffer a ServerNotification and send it if a socket is attached."""
        wsc = self.next_wsc()
        text = dump([{**meta, "wsc": wsc}, envelope])
        self.buffer.append((wsc["sequence"], text))
        if self.connection is not None:
            self.connection.send(text)

    def missed_since(self, sequence: int) -> list[str]:
        """Buffered notifications after a position (at most the last 100)."""
        return [text for seq, text in self.buffer if seq > sequence]

    def send(self, frame: list) -> None:
        """Send a frame that is not buffered for recovery (replies, heartbeats, errors)."""
        if self.connection is not None:
            self.connection.send(dump(frame))
