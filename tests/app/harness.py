"""Running the real app against the test emulator, and asking the emulator what it received."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from textual.pilot import Pilot

from tui.app.app import CalldeckApp
from tui.app.link import AccountLink, JwtConnector, credentials_from_emulator
from tui.calls import Call, CallState
from tui.config import Settings
from tui.ringcentral.auth import Credentials
from tui.ringcentral.client import RingCentralClient

WAIT_SECONDS = 8.0
STEP = 0.05


async def wait_for(pilot: Pilot, condition: Callable[[], object], what: str) -> None:
    """Let the app run until `condition()` is truthy; fail after a bounded wait."""
    loops = int(WAIT_SECONDS / STEP)
    for _ in range(loops):
        if condition():
            return
        await pilot.pause(STEP)
    raise AssertionError(f"timed out waiting for {what}")


class SavedSignInConnector(JwtConnector):
    """Like a `calldeck login` sign-in: tokens only, no JWT to sign in again with."""

    async def open(self) -> RingCentralClient:
        signed = await super().open()
        saved = signed.saved_sign_in()
        await signed.aclose()
        credentials = Credentials(saved.server, saved.client_id, saved.client_secret)
        return RingCentralClient(
            credentials,
            saved.tokens,
            account_id=saved.account_id,
            extension_id=saved.extension_id,
        )


@asynccontextmanager
async def running_app(
    emulator: Any,
    settings: Settings | None = None,
    *,
    transport: str = "websocket",
    connector: type[JwtConnector] = JwtConnector,
    account_level: bool = False,
) -> AsyncIterator[tuple[CalldeckApp, Pilot]]:
    """The app signed in to `emulator` exactly as for a real account, live and ready."""
    link = AccountLink(
        connector(credentials_from_emulator(emulator.credentials)),
        transport=transport,
        account_level=account_level,
        voicemail_target=(settings.voicemail_target if settings else None),
    )
    app = CalldeckApp(settings or Settings(bell=False), link=link)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await wait_for(
            pilot,
            lambda: app.main.controller is not None and app.main.status.info.connection == "live",
            "the app to sign in and go live",
        )
        yield app, pilot


class EmulatorControl:
    """The emulator's control API, as the tests use it."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def ring(
        self, caller: str = "+14155550142", name: str = "Grace Hopper", **extra: Any
    ) -> str:
        """Start an inbound call to the user; returns its telephonySessionId."""
        response = await self.client.post(
            "/calls", json={"direction": "Inbound", "from": caller, "fromName": name, **extra}
        )
        response.raise_for_status()
        return response.json()["telephonySessionId"]

    async def act(self, sid: str, what: str) -> None:
        """The desk phone answers, or the far end holds / hangs up."""
        (await self.client.post(f"/calls/{sid}/{what}")).raise_for_status()

    async def session(self, sid: str) -> dict:
        """The emulator's view of a session, with `requests` it received for it."""
        response = await self.client.get(f"/calls/{sid}")
        response.raise_for_status()
        return response.json()

    async def requests(self, sid: str) -> list[dict]:
        """Call-control requests received for a session (method, path, body, status)."""
        return list((await self.session(sid)).get("requests") or [])


def shown(app: CalldeckApp, sid: str) -> Call | None:
    """The call as the calls table shows it now."""
    return app.main.table.call(sid)


def left(app: CalldeckApp, sid: str) -> bool:
    """True once the call is no longer live on screen (gone, or its ended row lingering)."""
    return shown(app, sid) is None or app.main.table.is_gone(sid)


def shown_in(app: CalldeckApp, sid: str, state: CallState) -> bool:
    """True when the table shows the call in `state`."""
    call = shown(app, sid)
    return call is not None and call.state is state


async def ringing_call(app: CalldeckApp, pilot: Pilot, emu: EmulatorControl, **extra: Any) -> str:
    """Ring the user, wait until the table shows the ringing call, and select it.

    A new call is never selected by itself while another is: the person moves to it.
    """
    sid = await emu.ring(**extra)
    await wait_for(pilot, lambda: shown_in(app, sid, CallState.RINGING), "the call to ring")
    app.main.table.select(sid)
    await wait_for(
        pilot,
        lambda: (c := app.main.selected_call) is not None and c.telephony_session_id == sid,
        "the ringing call to be selected",
    )
    return sid


async def answered_call(app: CalldeckApp, pilot: Pilot, emu: EmulatorControl, **extra: Any) -> str:
    """An inbound call answered on the desk phone, shown active and selected."""
    sid = await ringing_call(app, pilot, emu, **extra)
    await emu.act(sid, "answer")
    await wait_for(pilot, lambda: shown_in(app, sid, CallState.ACTIVE), "the call to be active")
    app.main.table.select(sid)
    await pilot.pause()
    return sid


def sent(requests: list[dict], suffix: str, method: str = "POST") -> list[dict]:
    """Requests whose path ends with `suffix` (and method)."""
    return [r for r in requests if r["method"] == method and r["path"].endswith(suffix)]


def toasts(app: CalldeckApp) -> list[str]:
    """Text of every notification currently shown (title and message)."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def wait_for_toast(pilot: Pilot, text: str) -> None:
    """Wait until a notification containing `text` is shown.

    `notify()` posts a message, so a toast is listed only once the app has handled it.
    """
    app: CalldeckApp = pilot.app  # type: ignore[assignment]
    await wait_for(pilot, lambda: any(text in t for t in toasts(app)), f"a toast saying {text!r}")
