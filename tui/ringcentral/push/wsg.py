"""RingCentral's WebSocket gateway (WSG) framing: `[meta, body?]` JSON arrays.

Pure functions and small values only, so the protocol rules (call-behaviour.md §5,
ringcentral-api.md §4c) are testable without a socket.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

CLIENT_REQUEST = "ClientRequest"
SERVER_NOTIFICATION = "ServerNotification"
CONNECTION_DETAILS = "ConnectionDetails"
HEARTBEAT = "Heartbeat"
ERROR = "Error"


class MalformedFrame(ValueError):
    """A frame that is not a `[meta, body?]` array with a typed meta object."""


@dataclass(frozen=True, slots=True)
class Frame:
    """One decoded gateway message."""

    meta: dict[str, Any]
    body: Any = None

    @property
    def type(self) -> str:
        """`ClientRequest`, `ServerNotification`, `ConnectionDetails`, `Heartbeat` or `Error`."""
        return str(self.meta.get("type") or "")

    @property
    def message_id(self) -> str | None:
        """The id that correlates a ClientRequest with its reply."""
        value = self.meta.get("messageId")
        return str(value) if value is not None else None

    @property
    def status(self) -> int | None:
        """The HTTP status carried in meta (replies and errors)."""
        value = self.meta.get("status")
        return value if isinstance(value, int) else None


def decode_frame(raw: str | bytes) -> Frame:
    """Parse one message from the socket; raise MalformedFrame when it is not a WSG frame."""
    try:
        data = json.loads(raw)
    # RecursionError: deeply nested JSON (a hostile or broken frame), not a crash.
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise MalformedFrame(f"not JSON: {exc}") from None
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        raise MalformedFrame("not a [meta, body] array")
    if not isinstance(data[0].get("type"), str):
        raise MalformedFrame("meta has no type")
    return Frame(meta=data[0], body=data[1] if len(data) > 1 else None)


def new_message_id() -> str:
    """A fresh messageId for a frame we send."""
    return str(uuid.uuid4())


def client_request(method: str, path: str, body: dict | None = None) -> tuple[str, str]:
    """Encode a REST request tunnelled over the socket; return (messageId, text).

    A request without a body is sent as `[meta]`: a `null` body is refused with WSG-808.
    """
    message_id = new_message_id()
    meta = {"type": CLIENT_REQUEST, "messageId": message_id, "method": method, "path": path}
    frame: list[Any] = [meta] if body is None else [meta, body]
    return message_id, json.dumps(frame)


def heartbeat() -> str:
    """A Heartbeat frame, sent when nothing has arrived for a while."""
    return json.dumps([{"type": HEARTBEAT, "messageId": new_message_id()}])


def newer_wsc(current: dict | None, frame: Frame) -> dict | None:
    """The recovery token to keep after `frame` (the highest sequence wins).

    ConnectionDetails always replaces it: it is the first frame of a connection and says
    which session the socket now belongs to. Otherwise a frame's wsc is taken when there
    is none yet or when its sequence is higher.
    """
    wsc = frame.meta.get("wsc")
    if not isinstance(wsc, dict) or not isinstance(wsc.get("token"), str):
        return current
    if frame.type == CONNECTION_DETAILS or current is None:
        return wsc
    sequence, held = wsc.get("sequence"), current.get("sequence")
    if isinstance(sequence, int) and (not isinstance(held, int) or sequence > held):
        return wsc
    return current
