"""`Emulator`: one local RingCentral on a real loopback socket (aiohttp).

It wires the pieces together: OAuth, account data, Call Control, the control API, the
push hub (WebSocket gateway and PubNub endpoint, in `tui.emulator.push`) and a scenario.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine
from email.utils import format_datetime
from typing import Any

from aiohttp import web

from tui.emulator.account import AccountEndpoints
from tui.emulator.apps import Apps
from tui.emulator.availability import AvailabilityBook
from tui.emulator.callcontrol import CallControlEndpoints
from tui.emulator.calllog import CallLog
from tui.emulator.calllog_api import CallLogEndpoints, seed_demo_history
from tui.emulator.calls import CallCenter
from tui.emulator.clock import Clock
from tui.emulator.config import EmulatorConfig
from tui.emulator.control import ControlEndpoints
from tui.emulator.devices import DeviceBook
from tui.emulator.directory import ACCOUNT_ID, USER
from tui.emulator.middleware import (
    Exchange,
    Faults,
    RequestLog,
    build_middlewares,
    stamp_request_id,
)
from tui.emulator.notify import Notifier
from tui.emulator.oauth import OAuthEndpoints
from tui.emulator.presence import PresenceEndpoints
from tui.emulator.push.hub import PushHub
from tui.emulator.push.ws_rest import RestOverWebSocket
from tui.emulator.ratelimit import RateLimiter
from tui.emulator.ringout import RingOutEndpoints
from tui.emulator.scenarios import DemoScenario
from tui.emulator.team import TeamEndpoints
from tui.emulator.team_scenario import team_activity
from tui.emulator.tokens import TokenBook


def _make_hub(config: EmulatorConfig, clock: Clock, base_url: Callable[[], str]) -> PushHub:
    return PushHub(
        clock=clock,
        allow_pubnub=config.allow_pubnub,
        subscription_ttl=config.subscription_ttl,
        pubnub_hold_seconds=config.pubnub_hold_seconds,
        base_url=base_url,
    )


class Emulator:
    """A RingCentral emulator bound to a loopback port; `start()` then `stop()`."""

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        self.clock = Clock()
        self.apps = Apps.generate(self.config.redirect_uris, self.config.scopes)
        self.tokens = TokenBook(
            self.clock, access_ttl=self.config.access_ttl, refresh_ttl=self.config.refresh_ttl
        )
        self.log = RequestLog()
        self.faults = Faults()
        self.limiter = RateLimiter(self.clock)
        self.hub = _make_hub(self.config, self.clock, lambda: self.url)
        self.hub.websocket.rest = RestOverWebSocket(
            lambda: self.url, lambda owner: self.tokens.access_token_of(owner.session_id)
        )
        self.availability = AvailabilityBook(
            frozenset({USER.id}) if self.config.newer_call_handling else frozenset()
        )
        self.calls = CallCenter(
            Notifier(self.hub, self.clock, lambda ext: self.availability.of(ext).presence_fields()),
            self.clock,
            voicemail_seconds=self.config.voicemail_seconds,
        )
        self.devices = DeviceBook()
        self.calls.takes_call = lambda ext, queue: self.availability.of(ext).takes_call(queue)
        self.call_log = CallLog(self.clock)
        self.calls.observers.append(self.call_log.observe)
        if self.config.scenario == "demo":
            seed_demo_history(self.call_log, self.clock.now())
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._tasks: set[asyncio.Task] = set()

    # -- public surface -------------------------------------------------------------------

    @property
    def url(self) -> str:
        """`http://HOST:PORT` once started."""
        if self._port is None:
            raise RuntimeError("the emulator is not started")
        return f"http://{self.config.host}:{self._port}"

    @property
    def credentials(self) -> dict:
        """The credentials line: server, clientId, clientSecret, jwt, accountId, extensionId,
        publicClientId and redirectUris (registered for both apps)."""
        return {
            "server": self.url,
            "clientId": self.apps.client_id,
            "clientSecret": self.apps.client_secret,
            "jwt": self.apps.jwt,
            "accountId": ACCOUNT_ID,
            "extensionId": USER.id,
            "publicClientId": self.apps.public_client_id,
            "redirectUris": list(self.apps.redirect_uris),
        }

    @property
    def public_client_id(self) -> str:
        """Client id of the registered public (PKCE) app."""
        return self.apps.public_client_id

    @property
    def exchanges(self) -> list[Exchange]:
        """Every REST request and response seen so far, in order."""
        return self.log.exchanges

    @property
    def background_tasks(self) -> int:
        """How many background tasks (scenario) are running."""
        return len(self._tasks)

    def build_app(self) -> web.Application:
        """The aiohttp application with every route and middleware."""
        app = web.Application(
            middlewares=build_middlewares(
                clock=self.clock,
                log=self.log,
                faults=self.faults,
                limiter=self.limiter,
                tokens=self.tokens,
                base_url=lambda: self.url,
            ),
        )
        app.on_response_prepare.append(stamp_request_id)
        OAuthEndpoints(
            apps=self.apps, tokens=self.tokens, clock=self.clock, ws_token=self.hub.issue_ws_token
        ).add_routes(app)
        AccountEndpoints(lambda: self.url, self.devices).add_routes(app)
        PresenceEndpoints(self.calls, self.availability, lambda: self.url).add_routes(app)
        TeamEndpoints(self.availability, lambda: self.url).add_routes(app)
        CallLogEndpoints(self.call_log, lambda: self.url).add_routes(app)
        CallControlEndpoints(self.calls, self.devices).add_routes(app)
        RingOutEndpoints(self.calls, lambda: self.url).add_routes(app)
        ControlEndpoints(
            center=self.calls,
            tokens=self.tokens,
            faults=self.faults,
            limiter=self.limiter,
            log=self.log,
            hub=self.hub,
            devices=self.devices,
        ).add_routes(app)
        self.hub.add_routes(app)
        app.on_response_prepare.append(self._date_header)
        return app

    async def _date_header(self, request: web.Request, response: web.StreamResponse) -> None:
        """`Date` follows the emulator's clock (as RingCentral's follows its own), so a
        client can read the server's time, jumps included."""
        response.headers["Date"] = format_datetime(self.clock.now(), usegmt=True)

    async def start(self) -> None:
        """Bind the socket and start serving (and the scenario, if any)."""
        # handler_cancellation: a client that goes away cancels its handler (long-polls).
        runner = web.AppRunner(
            self.build_app(), handle_signals=False, access_log=None, handler_cancellation=True
        )
        await runner.setup()
        site = web.TCPSite(runner, self.config.host, self.config.port)
        await site.start()
        self._runner = runner
        self._port = runner.addresses[0][1]
        if self.config.scenario == "demo":
            self.spawn(DemoScenario(self.calls).run())
            self.spawn(team_activity(self.calls))

    async def stop(self) -> None:
        """Stop the scenario, close push connections and the socket."""
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        self.calls.close()
        await self.hub.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def spawn(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task:
        """Run a background coroutine that stops with the emulator."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task
