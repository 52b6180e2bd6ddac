"""The UI's link to one RingCentral account: sign-in, live call feed, call control.

Demo mode, a saved sign-in, RINGCENTRAL_* credentials and the tests' emulator all go
through exactly this path; only how the client signs in differs (the `Connector`).
The demo starts the emulator in-process on a free loopback port and signs in with its
JWT credentials, never touching the person's saved sign-in.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from tui.calls import CallState
from tui.paths import data_dir
from tui.ringcentral.push.tasks import cancel_task

if TYPE_CHECKING:
    from tui.calls import Call, CallBook
    from tui.people.feed import PeopleFeed, PeopleListener
    from tui.ringcentral.auth import Credentials
    from tui.ringcentral.callcontrol import CallControl
    from tui.ringcentral.client import RingCentralClient
    from tui.ringcentral.push.live import LiveCalls

log = logging.getLogger(__name__)


class Connector(Protocol):
    """How a link signs in; `demo` selects the DEMO badge."""

    demo: bool

    async def open(self) -> RingCentralClient:
        """Return a signed-in client."""
        ...

    async def close(self) -> None:
        """Release whatever `open` started (the demo's emulator)."""
        ...


@dataclass
class JwtConnector:
    """Sign in with JWT credentials (RINGCENTRAL_* env vars, or a test's emulator)."""

    credentials: Credentials
    demo: bool = False

    async def open(self) -> RingCentralClient:
        from tui.ringcentral.client import RingCentralClient

        return await RingCentralClient.sign_in_jwt(self.credentials)

    async def close(self) -> None:
        return None


@dataclass
class SignInConnector:
    """The person's own account: RINGCENTRAL_* JWT credentials, else `calldeck login`'s."""

    server: str | None = None
    demo: bool = False

    async def open(self) -> RingCentralClient:
        from tui.ringcentral.signin import sign_in

        return await sign_in(self.server)

    async def close(self) -> None:
        return None


def credentials_from_emulator(line: dict[str, Any]) -> Credentials:
    """Credentials from the emulator's credentials line."""
    from tui.ringcentral.auth import Credentials

    return Credentials(
        server=line["server"],
        client_id=line["clientId"],
        client_secret=line["clientSecret"],
        jwt=line["jwt"],
    )


@dataclass
class DemoConnector:
    """Start the emulator in-process with a scenario and sign in to it like a real account."""

    scenario: str = "demo"
    demo: bool = True
    emulator: Any = field(default=None, init=False)

    async def open(self) -> RingCentralClient:
        from tui.emulator import Emulator, EmulatorConfig
        from tui.ringcentral.client import RingCentralClient

        self.emulator = Emulator(EmulatorConfig(scenario=self.scenario))
        await self.emulator.start()
        log.info("demo emulator listening on %s", self.emulator.url)
        return await RingCentralClient.sign_in_jwt(
            credentials_from_emulator(self.emulator.credentials)
        )

    async def close(self) -> None:
        if self.emulator is not None:
            await self.emulator.stop()
            self.emulator = None


@dataclass(frozen=True, slots=True)
class Identity:
    """Who is signed in, for the status line."""

    name: str
    extension_number: str | None
    server: str


def identity_of(info: dict[str, Any], server: str) -> Identity:
    """Read `GET /account/~/extension/~` into an Identity."""
    contact = info.get("contact") or {}
    name = info.get("name") or " ".join(
        part for part in (contact.get("firstName"), contact.get("lastName")) if part
    )
    number = info.get("extensionNumber")
    return Identity(
        name=name or "signed in",
        extension_number=str(number) if number else None,
        server=server,
    )


@dataclass
class LinkCallbacks:
    """Where the live feed reports (the main screen posts these as messages)."""

    on_calls: Callable[[list[Call]], None]
    on_connection: Callable[[Any, str | None], None]
    on_notification: Callable[[dict], None] | None = None
    people: PeopleListener | None = None
    """Where availability, team presence and the call log report."""


class AccountLink:
    """A signed-in account with its live call feed and call control."""

    def __init__(
        self,
        connector: Connector,
        *,
        transport: str = "auto",
        account_level: bool = False,
        voicemail_target: str | None = None,
    ) -> None:
        self.connector = connector
        self.transport = transport
        self.account_level = account_level
        self.voicemail_target = voicemail_target
        self.client: RingCentralClient | None = None
        self.control: CallControl | None = None
        self.live: LiveCalls | None = None
        self.people: PeopleFeed | None = None
        self._people_start: asyncio.Task[None] | None = None
        self._people_tasks: set[asyncio.Task[None]] = set()

    @property
    def demo(self) -> bool:
        """True when this link talks to the built-in emulator's demo."""
        return self.connector.demo

    @property
    def granted_permissions(self) -> frozenset[str] | None:
        """The app permissions the sign-in was granted (`scope`); None when unknown."""
        return self.client.granted_permissions if self.client is not None else None

    @property
    def people_loaded(self) -> bool:
        """Availability, the team's presence and the call log have been read once."""
        return self._people_start is not None and self._people_start.done()

    @property
    def book(self) -> CallBook | None:
        """The live feed's call book (None before the link is up)."""
        return self.live.book if self.live is not None else None

    async def open(self, callbacks: LinkCallbacks) -> Identity:
        """Sign in, start the push feed, and return who is signed in."""
        # Imported here, not at module level: the first frame must not wait for httpx,
        # pubnub's transport code, the client or the people feed (start-up is measured
        # against a bare app).
        from tui.people.feed import PeopleFeed
        from tui.ringcentral.callcontrol import CallControl
        from tui.ringcentral.push.live import LiveCalls

        self.client = await self.connector.open()
        self.control = await CallControl.for_account(
            self.client, voicemail_target=self.voicemail_target
        )
        identity = identity_of(await self.client.extension_info(), self.client.server)
        people = self.people = PeopleFeed(self.client, data_dir(), callbacks.people)
        # The team's presence filters join the calls' subscription (account level has them all).
        team_filters = await people.prepare()
        self.live = LiveCalls(
            self.client,
            transport=self.transport,
            account_level=self.account_level,
            on_calls=_also_on_ended(callbacks.on_calls, people.call_ended),
            on_connection=self._refresh_people_when_back(callbacks.on_connection),
            on_notification=_also(people.notification, callbacks.on_notification),
            extra_filters=[] if self.account_level else team_filters,
        )
        await self.live.start()
        # Presence and the call log after subscribing, without holding up the calls.
        self._people_start = asyncio.get_running_loop().create_task(people.start())
        return identity

    def _refresh_people_when_back(
        self, on_connection: Callable[[Any, str | None], None]
    ) -> Callable[[Any, str | None], None]:
        """`on_connection`, plus a re-read of availability and team presence after an outage
        (presence events sent while the feed was down are lost, as the calls' are)."""
        lost = False

        def report(state: Any, transport: str | None) -> None:
            nonlocal lost
            on_connection(state, transport)
            if str(state) in ("recovering", "down"):
                lost = True
            elif str(state) == "live" and lost and self.people is not None:
                lost = False
                task = asyncio.get_running_loop().create_task(self.people.refresh())
                self._people_tasks.add(task)
                task.add_done_callback(self._people_tasks.discard)

        return report

    async def resync(self) -> None:
        """Re-read presence and sessions (after a failure or a missed event)."""
        if self.live is not None:
            await self.live.resync()

    async def close(self) -> None:
        """Stop the feed, close the client and the demo emulator; safe to call twice."""
        live, client = self.live, self.client
        self.live = self.client = self.control = None
        people, self.people = self.people, None
        try:
            for task in [self._people_start, *self._people_tasks]:
                await cancel_task(task)
            if people is not None:
                await people.close()
            if live is not None:
                await live.stop()
        finally:
            try:
                if client is not None:
                    await client.aclose()
            finally:
                await self.connector.close()


def _also(first: Callable[[dict], None], then: Callable[[dict], None] | None) -> Callable:
    """One notification callback that feeds `first` and then `then` (if any)."""

    def both(envelope: dict) -> None:
        first(envelope)
        if then is not None:
            then(envelope)

    return both


def _also_on_ended(
    on_calls: Callable[[list[Call]], None], ended: Callable[[], None]
) -> Callable[[list[Call]], None]:
    """`on_calls`, plus `ended()` whenever a report includes a call that ended."""

    def report(calls: list[Call]) -> None:
        on_calls(calls)
        if any(call.state is CallState.ENDED for call in calls):
            ended()

    return report
