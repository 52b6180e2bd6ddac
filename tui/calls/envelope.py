"""Find the notification inside whatever carried it: a plain envelope, a `pn_apns` mobile-push
wrapper, or a WebSocket `[meta, body]` frame; and tell telephony events from presence."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from tui.calls.parse import as_dict, as_str
from tui.calls.quick_init import quick_init


class NotificationKind(StrEnum):
    """Which of our two subscriptions a notification belongs to."""

    SESSION = "session"
    PRESENCE = "presence"


@quick_init
@dataclass(frozen=True, slots=True)
class Notification:
    """An unwrapped notification: its envelope (uuid, event, ownerId...) and its body."""

    kind: NotificationKind
    envelope: dict[str, Any]
    body: dict[str, Any]


def _from_frame(frame: list[Any]) -> dict[str, Any] | str:
    meta = as_dict(frame[0]) if frame else None
    if meta is None:
        return "array that is not a WebSocket [meta, body] frame"
    kind = as_str(meta.get("type")) or "untyped"
    if kind != "ServerNotification":
        return f"WebSocket {kind} frame, not a notification"
    body = as_dict(frame[1]) if len(frame) > 1 else None
    if body is None:
        return "WebSocket notification frame without a body"
    return body


def _unwrap(payload: object) -> dict[str, Any] | str:
    if isinstance(payload, list):
        payload = _from_frame(payload)
        if isinstance(payload, str):
            return payload
    envelope = as_dict(payload)
    if envelope is None:
        return f"{type(payload).__name__} is not a notification"
    inner = as_dict(envelope.get("pn_apns"))
    if inner is not None and "body" in inner:
        # The mobile-push shape repeats the envelope inside `pn_apns`; ownerId may sit outside.
        if "ownerId" not in inner and "ownerId" in envelope:
            inner = {**inner, "ownerId": envelope["ownerId"]}
        envelope = inner
    return envelope


def _kind(event: str | None, body: dict[str, Any]) -> NotificationKind | str:
    if event is not None:
        path = event.split("?", 1)[0]
        if path.endswith("/telephony/sessions"):
            return NotificationKind.SESSION
        if path.endswith("/presence"):
            return NotificationKind.PRESENCE
        return f"not a call event ({path.rsplit('/', 1)[-1] or path})"
    # Docs samples sometimes drop the envelope fields: recognise the body by its shape.
    if "telephonySessionId" in body and "parties" in body:
        return NotificationKind.SESSION
    if "activeCalls" in body or "telephonyStatus" in body:
        return NotificationKind.PRESENCE
    return "neither a telephony-session nor a presence notification"


def read_notification(payload: object) -> Notification | str:
    """The notification carried by `payload`, or a short reason why there is none."""
    envelope = _unwrap(payload)
    if isinstance(envelope, str):
        return envelope
    body = as_dict(envelope.get("body"))
    if body is None:
        if "telephonySessionId" in envelope and "parties" in envelope:
            body, envelope = envelope, {}  # a bare event body, as some docs print them
        else:
            return "notification without a body"
    kind = _kind(as_str(envelope.get("event")), body)
    if not isinstance(kind, NotificationKind):  # NotificationKind is a str too: test it first
        return kind
    return Notification(kind, envelope, body)
