"""Building, listening to and tearing down the real `pubnub` SDK (pubnub.md §4, §9, §10).

Everything here works around facts observed with pubnub 10.8.0: construct inside the running
loop, keep its logger off stderr, never let a listener raise (it silently kills the
subscription), and tear down with the state-machine-aware `shutdown` (the stock
`unsubscribe_all()` + `stop()` leaks a reconnect task while reconnecting). `pubnub` is
imported lazily: it is slow to import and only needed when PubNub is actually used.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from tui.ringcentral.servers import is_loopback

log = logging.getLogger(__name__)

# Event-engine states (pubnub/event_engine/models/states.py) as the watchdog reads them.
RECEIVING = "ReceivingState"
RECONNECTING_STATES = frozenset({"HandshakeReconnectingState", "ReceiveReconnectingState"})
FAILED_STATES = frozenset({"HandshakeFailedState", "ReceiveFailedState"})
_ACTIVE_STATES = frozenset({"HandshakingState", RECEIVING, *RECONNECTING_STATES})

MessageHandler = Callable[[Any, int, object], None]  # (sdk instance, timetoken, payload)
StatusHandler = Callable[[Any, str], None]  # (sdk instance, status category name)


def pubnub_origin(server_url: str) -> str | None:
    """The PubNub origin for a RingCentral server: its own host:port when it is loopback.

    The emulator serves PubNub's subscribe endpoint itself; a real RingCentral account
    keeps PubNub's own origin (None).
    """
    if not is_loopback(server_url):
        return None
    return urlsplit(server_url).netloc


class _ToLogFiles(logging.Handler):
    """Hands `pubnub` records to the root logger's file handlers, never to a stream."""

    def emit(self, record: logging.LogRecord) -> None:
        for handler in logging.getLogger().handlers:
            # A plain StreamHandler writes to a terminal or a pipe (stderr, stdout).
            streaming = isinstance(handler, logging.StreamHandler) and not isinstance(
                handler, logging.FileHandler
            )
            if not streaming and record.levelno >= handler.level:
                handler.handle(record)


def quiet_pubnub_logger() -> None:
    """Keep the `pubnub` logger off the terminal (pubnub.md §10.8).

    With no handler its warnings reach stderr through `logging.lastResort`, which would
    corrupt the UI and `calldeck watch` output. It stops propagating and forwards only to
    calldeck's log file (the root logger's non-terminal handlers).
    """
    sdk_log = logging.getLogger("pubnub")
    sdk_log.propagate = False
    if not any(isinstance(h, _ToLogFiles) for h in sdk_log.handlers):
        sdk_log.addHandler(_ToLogFiles())


def build_pubnub(
    subscribe_key: str,
    *,
    origin: str | None,
    user_id: str,
    reconnect_interval: float,
    max_retries: int = -1,
) -> Any:
    """A `PubNubAsyncio` for one subscriber key. Call only inside the running event loop."""
    from pubnub.enums import PNReconnectionPolicy
    from pubnub.pnconfiguration import PNConfiguration
    from pubnub.pubnub_asyncio import PubNubAsyncio

    quiet_pubnub_logger()
    cfg = PNConfiguration()
    cfg.subscribe_key = subscribe_key
    cfg.user_id = user_id
    if origin:
        cfg.origin = origin
        cfg.ssl = False
    cfg.reconnect_policy = PNReconnectionPolicy.LINEAR
    cfg.reconnection_interval = reconnect_interval
    cfg.maximum_reconnection_retries = max_retries
    cfg.disable_config_locking = False
    pn = PubNubAsyncio(cfg)
    # The event-engine manager creates a loop it never uses or closes (ResourceWarning).
    stray_loop = getattr(pn._subscription_manager, "loop", None)
    if stray_loop is not None and not stray_loop.is_running():
        stray_loop.close()
    return pn


def make_listener(on_message: MessageHandler, on_status: StatusHandler) -> Any:
    """A SubscribeCallback whose methods can never raise into the SDK."""
    from pubnub.callbacks import SubscribeCallback

    class _Listener(SubscribeCallback):
        def message(self, pubnub: Any, message: Any) -> None:
            try:
                on_message(pubnub, int(message.timetoken), message.message)
            except Exception:  # an escaping exception would kill the SDK's subscription
                log.exception("PubNub message handler failed")

        def status(self, pubnub: Any, status: Any) -> None:
            try:
                category = getattr(status.category, "name", str(status.category))
                on_status(pubnub, category)
            except Exception:
                log.exception("PubNub status handler failed")

        def presence(self, pubnub: Any, presence: Any) -> None:
            """RingCentral does not use PubNub presence."""

    return _Listener()


def subscribe(pn: Any, channel: str, timetoken: int | None) -> None:
    """Subscribe `pn` to `channel`, resuming after `timetoken` when given (pubnub.md §8.1)."""
    builder = pn.subscribe().channels([channel])
    if timetoken:
        builder = builder.with_timetoken(timetoken)
    builder.execute()


def engine_state(pn: Any) -> str:
    """The name of the SDK's subscribe state (e.g. ReceivingState); '' if unknown."""
    try:
        return str(pn._subscription_manager.event_engine.get_state_name())
    except Exception:
        return ""


async def shutdown(pn: Any) -> None:
    """Tear down a PubNubAsyncio in any state without leaking tasks (pubnub.md §9)."""
    from pubnub.event_engine.models import events

    try:
        engine = pn._subscription_manager.event_engine
        if engine.get_state_name() in _ACTIVE_STATES:
            # on_exit cancels the running receive/reconnect effect.
            engine.trigger(events.DisconnectEvent())
        pn.unsubscribe_all()
    except Exception:
        log.exception("PubNub unsubscribe failed")
    try:
        await pn.stop()
    except Exception:
        log.exception("PubNub stop failed")
