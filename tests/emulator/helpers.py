"""Helpers for emulator tests: sign in over real HTTP and make authorised REST calls."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
import pytest

from tui.emulator import Emulator

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
# Requests with this User-Agent are validated against the spec too (see tests/contract.py).
OUR_UA = "calldeck/test"


async def jwt_token(client: httpx.AsyncClient, credentials: dict) -> dict:
    """Sign in with the JWT grant and return the TokenInfo body."""
    response = await client.post(
        "/restapi/oauth/token",
        data={"grant_type": JWT_GRANT, "assertion": credentials["jwt"]},
        auth=(credentials["clientId"], credentials["clientSecret"]),
    )
    assert response.status_code == 200, response.text
    return response.json()


@asynccontextmanager
async def signed_in(
    credentials: dict, *, user_agent: str = OUR_UA
) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client for the emulator that carries a fresh bearer token."""
    async with httpx.AsyncClient(
        base_url=credentials["server"], headers={"User-Agent": user_agent}, timeout=10
    ) as client:
        token = await jwt_token(client, credentials)
        client.headers["Authorization"] = f"Bearer {token['access_token']}"
        yield client


async def wait_for(check: Callable[[], Awaitable[bool] | bool], timeout: float = 5.0) -> None:
    """Poll `check` until it is true, failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if isinstance(result, Awaitable):
            result = await result
        if result:
            return
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


SESSIONS = "/restapi/v1.0/account/~/telephony/sessions"


class CallDriver:
    """Drives calls: the control API makes them ring, the REST client acts on them."""

    def __init__(self, rest: httpx.AsyncClient, control: httpx.AsyncClient) -> None:
        self.rest = rest
        self.control = control

    async def ring(self, **body: object) -> tuple[str, str]:
        """Start a call through the control API; returns (telephonySessionId, my partyId)."""
        response = await self.control.post("/calls", json=body)
        assert response.status_code == 201, response.text
        data = response.json()
        return data["telephonySessionId"], data["partyId"]

    async def answered(self, **body: object) -> tuple[str, str]:
        """A call that rang and was answered on the desk phone."""
        sid, pid = await self.ring(**body)
        response = await self.control.post(f"/calls/{sid}/answer")
        assert response.status_code == 200, response.text
        return sid, pid

    async def view(self, sid: str) -> dict:
        """The control API's view of a session (with history and requests)."""
        response = await self.control.get(f"/calls/{sid}")
        assert response.status_code == 200, response.text
        return response.json()

    async def act(
        self, sid: str, pid: str, action: str = "", *, method: str = "POST", json: object = None
    ) -> httpx.Response:
        """Call a party endpoint, e.g. act(sid, pid, "hold")."""
        path = f"{SESSIONS}/{sid}/parties/{pid}" + (f"/{action}" if action else "")
        return await self.rest.request(method, path, json=json)

    async def status(self, sid: str, pid: str) -> str:
        """My party's status code, from the REST API."""
        response = await self.act(sid, pid, method="GET")
        assert response.status_code == 200, response.text
        return response.json()["status"]["code"]


def error_code(response: httpx.Response) -> str:
    """The first RingCentral errorCode of an error response."""
    return response.json()["errors"][0]["errorCode"]


def parameter_name(response: httpx.Response) -> str | None:
    """The parameterName of the first error, if any."""
    return response.json()["errors"][0].get("parameterName")


@pytest.fixture
async def driver(emulator: Emulator, control: httpx.AsyncClient) -> AsyncIterator[CallDriver]:
    """A signed-in REST client (User-Agent calldeck/test) plus the control API."""
    async with signed_in(emulator.credentials) as rest:
        yield CallDriver(rest, control)


class RecordingHub:
    """The hub seam in memory: collects what call control publishes."""

    def __init__(self) -> None:
        self.telephony: list[dict] = []
        self.presence: list[dict] = []

    def publish_telephony(self, account_id: str, extension_id: str | None, body: dict) -> None:
        """Keep a telephony-session event body."""
        self.telephony.append(body)

    def publish_presence(self, account_id: str, extension_id: str, body: dict) -> None:
        """Keep a presence event body."""
        self.presence.append(body)
