"""How one emulator instance is set up (the `calldeck emulator` flags, as a value)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class EmulatorConfig:
    """Options for `Emulator`; defaults match `calldeck emulator` with no flags."""

    host: str = "127.0.0.1"
    port: int = 0
    scenario: str = "quiet"
    allow_pubnub: bool = True
    access_ttl: float = 3600.0
    subscription_ttl: float = 900.0
    # How long a PubNub long-poll is held open before it answers empty.
    pubnub_hold_seconds: float = 20.0
    refresh_ttl: float = 604800.0
    # Redirect URIs registered for both apps (empty: calldeck's default URI).
    redirect_uris: list[str] = field(default_factory=list)
    # Permissions granted to both apps (None: every permission of the spec).
    scopes: tuple[str, ...] | None = None
    # How long a caller who reached voicemail (or got a reply) stays before the call ends.
    voicemail_seconds: float = 4.0
    # The signed-in user is on RingCentral's newer call handling (dndStatusPersonal, no dndStatus).
    newer_call_handling: bool = False
