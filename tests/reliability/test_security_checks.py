"""Security checks (issue 7): the token file, PKCE and its listener, TLS, loopback binding."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
import socket
import stat
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from aiohttp.test_utils import make_mocked_request

from tests.browser import approve, registered_redirect_uri
from tests.reliability.cli import cli_env, jwt_env, run_cli
from tests.reliability.figures import Figures
from tests.reliability.tls_server import https_server
from tests.shared import REPO_ROOT
from tui.cli import build_parser
from tui.emulator import Emulator, EmulatorConfig
from tui.emulator.middleware import build_middlewares
from tui.ringcentral.auth import Credentials
from tui.ringcentral.browser_login import BrowserSignInFailed, browser_sign_in
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.errors import Unreachable
from tui.ringcentral.push.pubnub_sdk import build_pubnub, pubnub_origin, shutdown
from tui.ringcentral.servers import BadServer, resolve_server


def refused(host: str, port: int) -> bool:
    """True when nothing accepts a TCP connection at host:port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.settimeout(2)
        try:
            probe.connect((host, port))
        except OSError:
            return True
    return False


# -- the token file ---------------------------------------------------------------------


@pytest.mark.parametrize("loose", [0o644, 0o666, 0o604])
async def test_token_file_is_0600_and_repaired_at_start(
    emulator: Emulator, tmp_path: Path, figures: Figures, loose: int
) -> None:
    jwt = jwt_env(emulator)
    ran = await run_cli("login", "--jwt", env=cli_env(tmp_path, jwt))
    assert ran.code == 0, ran.err
    token_file = tmp_path / "data" / "tokens.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    token_file.chmod(loose)
    ran = await run_cli("status", env=cli_env(tmp_path))
    assert ran.code == 0, ran.err
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    log = (tmp_path / "log" / "calldeck.log").read_text()
    assert f"token file permissions were {loose:o}; reset to 600" in log
    figures.add("token file loosened, repaired at start", "cases", 1)


# -- PKCE and the redirect listener -------------------------------------------------------


async def start_browser_sign_in(emulator: Emulator, timeout: float = 10.0):
    """Start a browser sign-in; return (task, the URL it asks the person to open)."""
    urls: asyncio.Queue[str] = asyncio.Queue()
    task = asyncio.create_task(
        browser_sign_in(
            emulator.url,
            emulator.public_client_id,
            announce=urls.put_nowait,
            timeout=timeout,
            redirect_uri=registered_redirect_uri(emulator),
        )
    )
    return task, await asyncio.wait_for(urls.get(), 5)


async def test_pkce_is_s256_of_the_verifier_with_a_fresh_state(emulator: Emulator) -> None:
    states, challenges = [], []
    for _ in range(2):
        task, url = await start_browser_sign_in(emulator)
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        states.append(query["state"])
        challenges.append(query["code_challenge"])
        assert query["code_challenge_method"] == "S256"
        assert (await approve(url)).status_code == 200
        await (await asyncio.wait_for(task, 10)).aclose()
    grants = [e for e in emulator.exchanges if b"grant_type=authorization_code" in e.request_body]
    verifiers = [parse_qs(g.request_body.decode())["code_verifier"][0] for g in grants]
    # S256: the challenge is the unpadded base64url SHA-256 of the verifier sent later.
    for verifier, challenge in zip(verifiers, challenges, strict=True):
        digest = hashlib.sha256(verifier.encode()).digest()
        assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge
        assert 43 <= len(verifier) <= 128
    assert states[0] != states[1] and len(states[0]) >= 20


async def test_wrong_state_sends_no_token_request_and_is_ignored_until_the_timeout(
    emulator: Emulator,
) -> None:
    task, url = await start_browser_sign_in(emulator, timeout=1.0)
    redirect = urlsplit(parse_qs(urlsplit(url).query)["redirect_uri"][0])
    async with httpx.AsyncClient(timeout=5) as attacker:
        page = await attacker.get(
            f"http://{redirect.netloc}{redirect.path}", params={"code": "stolen", "state": "x"}
        )
    assert page.status_code == 400
    with pytest.raises(BrowserSignInFailed, match="No sign-in arrived"):
        await asyncio.wait_for(task, 5)
    assert not any(e.path == "/restapi/oauth/token" for e in emulator.exchanges)
    assert refused("127.0.0.1", redirect.port)


async def test_listener_binds_127_0_0_1_only_and_closes_on_timeout(emulator: Emulator) -> None:
    task, url = await start_browser_sign_in(emulator, timeout=1.0)
    redirect = urlsplit(parse_qs(urlsplit(url).query)["redirect_uri"][0])
    assert redirect.hostname == "127.0.0.1"
    assert not refused("127.0.0.1", redirect.port)
    # Another loopback address, IPv6 loopback: nothing there; it is not bound to "any".
    assert refused("127.0.0.2", redirect.port)
    assert refused("::1", redirect.port)
    with pytest.raises(BrowserSignInFailed, match="No sign-in arrived"):
        await asyncio.wait_for(task, 5)
    assert refused("127.0.0.1", redirect.port)


# -- TLS --------------------------------------------------------------------------------


async def test_tls_verification_cannot_be_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The usual switches people reach for; none of them may switch verification off.
    monkeypatch.setenv("PYTHONHTTPSVERIFY", "0")
    monkeypatch.setenv("CURL_CA_BUNDLE", "")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "")
    async with https_server(tmp_path) as (url, seen):
        with pytest.raises(Unreachable):
            await RingCentralClient.sign_in_jwt(Credentials(url, "id", "secret", "jwt"))
    assert seen == [], "the JWT was sent to a server whose certificate nobody vouches for"
    # Plain http is refused for anything but this computer.
    for server in ("http://platform.example.com", "http://10.0.0.8:8080", "http://[fe80::1]"):
        with pytest.raises(BadServer, match="must use https"):
            resolve_server(server)


def test_no_code_path_disables_certificate_checks() -> None:
    pattern = re.compile(
        r"verify\s*=\s*False|CERT_NONE|check_hostname\s*=\s*False|_create_unverified"
    )
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{number}"
        for path in (REPO_ROOT / "tui").rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


async def test_pubnub_keeps_tls_for_servers_that_are_not_this_computer() -> None:
    # Plain http to PubNub is only for the emulator's own endpoint on loopback.
    assert pubnub_origin("https://platform.ringcentral.com") is None
    assert pubnub_origin("http://127.0.0.1:8080") == "127.0.0.1:8080"
    pn = build_pubnub("sub-c-key", origin=None, user_id="calldeck-test", reconnect_interval=1)
    try:
        assert pn.config.ssl is True
    finally:
        await shutdown(pn)


# -- the emulator binds loopback only -------------------------------------------------------


async def test_emulator_and_its_control_api_are_loopback_only_by_default(
    figures: Figures,
) -> None:
    assert EmulatorConfig().host == "127.0.0.1"
    assert build_parser().parse_args(["emulator"]).host == "127.0.0.1"
    emulator = Emulator()
    await emulator.start()
    try:
        port = int(urlsplit(emulator.url).port or 0)
        assert urlsplit(emulator.url).hostname == "127.0.0.1"
        assert not refused("127.0.0.1", port)
        assert refused("127.0.0.2", port) and refused("::1", port)
    finally:
        await emulator.stop()
    # A peer that is not this computer gets 403 from the control API.
    guard = build_middlewares(
        clock=emulator.clock,
        log=emulator.log,
        faults=emulator.faults,
        limiter=emulator.limiter,
        tokens=emulator.tokens,
        base_url=lambda: emulator.url,
    )[0]

    async def handler(request: object) -> object:
        raise AssertionError("the control API answered a remote peer")

    for peer in ("10.0.0.5", "192.168.1.20", "2001:db8::1"):
        request = make_mocked_request(
            "POST", "/_emulator/faults", transport=_Transport((peer, 40000))
        )
        response = await guard(request, handler)
        assert response.status == 403
    figures.record(
        "loopback only",
        **{
            "emulator bound to": "127.0.0.1",
            "127.0.0.2 and ::1": "refused",
            "control API from remote peers": 403,
        },
    )


class _Transport:
    """The one thing the guard asks of a connection: who is on the other end."""

    def __init__(self, peer: tuple[str, int]) -> None:
        self.peer = peer

    def get_extra_info(self, name: str, default: object = None) -> object:
        return self.peer if name == "peername" else default

    def is_closing(self) -> bool:
        return False
