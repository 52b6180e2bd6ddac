"""The health of the live call feed, as the UI and `calldeck watch` show it."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from tui.ringcentral.errors import CalldeckError


class ConnectionState(StrEnum):
    """Where the push connection stands.

    `connecting` until the first subscription is live; `recovering` while a dropped
    connection is being re-established (events are buffered server-side or re-synced
    afterwards); `down` when the server cannot be reached at all.
    """

    CONNECTING = "connecting"
    LIVE = "live"
    RECOVERING = "recovering"
    DOWN = "down"


class PushRefused(CalldeckError):
    """The server will not deliver over this transport (e.g. PubNub refused with a 4xx)."""

    title = "Push refused"


class PushSink(Protocol):
    """What a transport reports to its owner (LiveCalls). Calls never raise into a transport."""

    def notification(self, envelope: dict) -> None:
        """One decoded RingCentral notification envelope, in delivery order."""

    def connection(self, state: ConnectionState) -> None:
        """The transport's health changed (or was re-affirmed; the owner filters repeats)."""

    def gap(self, reason: str) -> None:
        """Events may have been lost (new subscription, failed recovery): re-sync from REST."""
