"""The emulator's push side: subscriptions, the PubNub endpoint and the WebSocket gateway."""

from __future__ import annotations

from tui.emulator.push.hub import PushHub

__all__ = ["PushHub"]
