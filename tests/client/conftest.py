"""Client test fixtures: an isolated home (never the real keyring or sign-in) and clients
signed in to the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tui.emulator import Emulator
from tui.ringcentral.auth import Credentials
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.tokens import TokenStore


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """CALLDECK_HOME in a tmp dir, the file token store, no RINGCENTRAL_* from outside."""
    home = tmp_path / "home"
    monkeypatch.setenv("CALLDECK_HOME", str(home))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    for name in (
        "RINGCENTRAL_SERVER_URL",
        "RINGCENTRAL_CLIENT_ID",
        "RINGCENTRAL_CLIENT_SECRET",
        "RINGCENTRAL_JWT",
    ):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def jwt_credentials(emulator: Emulator) -> Credentials:
    """The emulator's confidential app and JWT as client Credentials."""
    line = emulator.credentials
    return Credentials(line["server"], line["clientId"], line["clientSecret"], line["jwt"])


@pytest.fixture
def store(isolated_home: Path) -> TokenStore:
    """A file token store in the isolated home."""
    return TokenStore()


class FakeSleep:
    """Records backoff pauses instead of sleeping."""

    def __init__(self) -> None:
        self.pauses: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.pauses.append(seconds)


@pytest.fixture
def fake_sleep() -> FakeSleep:
    """A sleep that returns at once and remembers how long it was asked to wait."""
    return FakeSleep()


@pytest.fixture
async def rc(
    jwt_credentials: Credentials, store: TokenStore, fake_sleep: FakeSleep
) -> AsyncIterator[RingCentralClient]:
    """A client signed in to the emulator with the JWT grant (sign-in saved in `store`)."""
    client = await RingCentralClient.sign_in_jwt(jwt_credentials, store=store, sleep=fake_sleep)
    try:
        yield client
    finally:
        await client.aclose()


async def set_fault(emulator: Emulator, **faults: object) -> None:
    """POST /_emulator/faults with `faults` (the control API)."""
    import httpx

    async with httpx.AsyncClient(base_url=emulator.url, timeout=10) as http:
        response = await http.post("/_emulator/faults", json=faults)
        response.raise_for_status()


async def emulator_requests(emulator: Emulator) -> list[dict]:
    """GET /_emulator/requests: every REST request the emulator received, in order."""
    import httpx

    async with httpx.AsyncClient(base_url=emulator.url, timeout=10) as http:
        response = await http.get("/_emulator/requests")
        response.raise_for_status()
        body = response.json()
    return body["records"] if isinstance(body, dict) else body


def token_grants(emulator: Emulator, grant: str) -> int:
    """How many token requests of one grant type the emulator saw."""
    return sum(
        1
        for ex in emulator.exchanges
        if ex.path == "/restapi/oauth/token" and f"grant_type={grant}".encode() in ex.request_body
    )


class Phone:
    """The control API (`/_emulator/calls...`): make calls happen and read what was sent."""

    def __init__(self, emulator: Emulator) -> None:
        import httpx

        self._http = httpx.AsyncClient(base_url=f"{emulator.url}/_emulator", timeout=10)

    async def ring(self, **call: object) -> tuple[str, str]:
        """A new call (default: inbound to the user); returns (telephonySessionId, partyId)."""
        body = {"direction": "Inbound", "from": "+16505550123", "fromName": "Ada Lovelace"}
        response = await self._http.post("/calls", json=body | call)
        assert response.status_code == 201, response.text
        data = response.json()
        return data["telephonySessionId"], data["partyId"]

    async def answered(self) -> tuple[str, str]:
        """An inbound call answered on the desk phone."""
        sid, pid = await self.ring()
        response = await self._http.post(f"/calls/{sid}/answer")
        assert response.status_code < 300, response.text
        return sid, pid

    async def session(self, sid: str) -> dict:
        """The session as GET …/sessions/{id} shows it, plus `history` and `requests`."""
        response = await self._http.get(f"/calls/{sid}")
        response.raise_for_status()
        return response.json()

    async def my_party(self, sid: str, pid: str) -> dict:
        """The user's party in the session now."""
        session = await self.session(sid)
        return next(p for p in session["parties"] if p["id"] == pid)

    async def aclose(self) -> None:
        await self._http.aclose()


@pytest.fixture
async def phone(emulator: Emulator) -> AsyncIterator[Phone]:
    """Control-API helper for making calls in the emulator."""
    helper = Phone(emulator)
    try:
        yield helper
    finally:
        await helper.aclose()


@pytest.fixture
async def cc(rc: RingCentralClient) -> object:
    """CallControl over the signed-in client, home country from the account."""
    from tui.ringcentral.callcontrol import CallControl

    return await CallControl.for_account(rc)
