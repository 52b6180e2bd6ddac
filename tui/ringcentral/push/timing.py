"""Time for the push transports: one injectable clock, the tunables, reconnect backoff."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from typing import Any


class PushClock:
    """Monotonic time and sleeping; tests pass a subclass to make waits instant."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds` (cancellable)."""
        await asyncio.sleep(max(0.0, seconds))

    async def wait_task(self, task: asyncio.Task[Any], seconds: float) -> None:
        """Wait until `task` is done or `seconds` have passed, whichever comes first."""
        await asyncio.wait({task}, timeout=max(0.0, seconds))


@dataclass(frozen=True)
class PushTiming:
    """Tunables of the push layer. Defaults are production values; tests shrink them."""

    # RingCentral's gateway wants a Heartbeat frame when nothing arrived for this long.
    heartbeat_idle: float = 30.0
    # Reconnect backoff: first delay and ceiling (jittered).
    reconnect_base: float = 0.5
    reconnect_cap: float = 15.0
    # Opening a socket / waiting for ConnectionDetails / a reply over the socket.
    connect_timeout: float = 10.0
    request_timeout: float = 10.0
    # PubNub SDK reconnect interval (LINEAR policy; the SDK adds U(0,1) s jitter).
    pubnub_reconnect_interval: float = 1.0
    # SDK retries before it gives up (-1: never). After a give-up the watchdog re-subscribes.
    pubnub_max_retries: int = -1
    # How often the PubNub watchdog looks at the SDK's state machine.
    pubnub_watchdog_interval: float = 0.5
    # A PubNub outage longer than this may outlive the server's message buffer: re-sync after.
    pubnub_long_outage: float = 120.0
    # While PubNub keeps failing this long, ask RingCentral whether our subscription still
    # exists (by renewing it early): a server that lost it makes PubNub refuse our key
    # forever, and only a new subscription (new channel and key) brings events back.
    pubnub_outage_check: float = 10.0
    # How often we ask whether our subscription still exists on the server (another app, an
    # admin or a server restart may delete it, and it may expire): noticed within 2 minutes.
    subscription_check: float = 60.0


class Backoff:
    """Exponential, jittered, bounded delays between reconnect attempts."""

    def __init__(self, base: float, cap: float, rng: random.Random | None = None) -> None:
        self.base = base
        self.cap = cap
        self.attempt = 0
        self._rng = rng or random.Random()

    def next_delay(self) -> float:
        """The delay before the next attempt; grows until `cap`."""
        ceiling = min(self.cap, self.base * (2**self.attempt))
        self.attempt += 1
        # "Equal jitter": at least half the ceiling, so retries never hammer the server.
        return ceiling / 2 + self._rng.uniform(0, ceiling / 2)

    def reset(self) -> None:
        """Start over after a success."""
        self.attempt = 0


def renew_delay(lifetime: float) -> float:
    """Seconds from now until a subscription that lives `lifetime` seconds should be renewed.

    RingCentral recommends renewing 1-2 minutes before expiry: we renew 90 s before, or at
    75% of the lifetime when that is earlier (short test TTLs of a few seconds).
    """
    lifetime = max(0.0, lifetime)
    lead = min(90.0, lifetime * 0.25)
    return lifetime - lead
