"""The real pubnub SDK (PubNubAsyncio) pointed at the emulator, per shared/docs/pubnub.md §4 and §9."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from pubnub.callbacks import SubscribeCallback
from pubnub.enums import PNReconnectionPolicy, PNStatusCategory
from pubnub.event_engine.models import events
from pubnub.pnconfiguration import PNConfiguration
from pubnub.pubnub_asyncio import PubNubAsyncio

from tests.emulator.helpers import wait_for
from tui.emulator.push.crypto import decrypt_envelope


@dataclass
class Received(SubscribeCallback):
    """Everything the SDK hands the app, deduplicated by timetoken as pubnub.md §8 advises."""

    keys: dict[str, str]  # channel -> encryptionKey
    envelopes: list[dict] = field(default_factory=list)
    timetokens: list[int] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    duplicates: int = 0
    statuses: list[PNStatusCategory] = field(default_factory=list)

    def message(self, pubnub, message) -> None:  # type: ignore[no-untyped-def]
        # Never raise in a listener: it silently kills the subscription (pubnub.md §10.1).
        try:
            if self.timetokens and message.timetoken <= self.timetokens[-1]:
                self.duplicates += 1
                return
            self.envelopes.append(decrypt_envelope(self.keys[message.channel], message.message))
            self.timetokens.append(message.timetoken)
            self.channels.append(message.channel)
        except Exception as error:  # recorded: the test then fails on it
            self.envelopes.append({"error": repr(error)})

    def status(self, pubnub, status) -> None:  # type: ignore[no-untyped-def]
        self.statuses.append(status.category)

    def presence(self, pubnub, presence) -> None:  # type: ignore[no-untyped-def]
        pass


async def shutdown_pubnub(pn: PubNubAsyncio) -> None:
    """Teardown that works in every state (pubnub.md §9)."""
    engine = pn._subscription_manager.event_engine
    if engine.get_state_name() in (
        "HandshakingState",
        "HandshakeReconnectingState",
        "ReceivingState",
        "ReceiveReconnectingState",
    ):
        engine.trigger(events.DisconnectEvent())
    pn.unsubscribe_all()
    await pn.stop()


@asynccontextmanager
async def pubnub_subscriber(port: int, infos: list[dict]) -> AsyncIterator[Received]:
    """A PubNubAsyncio subscribed (handshake done) to these PubNub SubscriptionInfos' channels."""
    logger = logging.getLogger("pubnub")
    handler = logging.NullHandler()
    logger.addHandler(handler)  # the SDK logs every reconnect attempt; keep the test output clean
    propagate, logger.propagate = logger.propagate, False
    modes = [info["deliveryMode"] for info in infos]
    cfg = PNConfiguration()
    cfg.subscribe_key = modes[0]["subscriberKey"]
    cfg.user_id = "calldeck-test"
    cfg.origin = f"127.0.0.1:{port}"
    cfg.ssl = False
    cfg.reconnect_policy = PNReconnectionPolicy.LINEAR
    cfg.reconnection_interval = 0.2
    cfg.maximum_reconnection_retries = -1
    cfg.disable_config_locking = False
    pn = PubNubAsyncio(cfg)  # built inside the running loop, as §9 requires
    pn._subscription_manager.loop.close()
    received = Received({m["address"]: m["encryptionKey"] for m in modes})
    pn.add_listener(received)
    pn.subscribe().channels([m["address"] for m in modes]).execute()
    try:
        await wait_for(lambda: PNStatusCategory.PNConnectedCategory in received.statuses)
        yield received
    finally:
        await shutdown_pubnub(pn)
        logger.removeHandler(handler)
        logger.propagate = propagate
