"""OAuth against the emulator over loopback: JWT, PKCE, refresh rotation, revoke, expiry."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.emulator.helpers import JWT_GRANT, OUR_UA, jwt_token
from tui.emulator import Emulator
from tui.emulator.apps import DEFAULT_REDIRECT_URI

EXT = "/restapi/v1.0/account/~/extension/~"


def _client(emulator: Emulator) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=emulator.url, headers={"User-Agent": OUR_UA}, timeout=10)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_jwt_grant_gives_a_working_token(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        info = await jwt_token(client, emulator.credentials)
        assert info["token_type"] == "bearer"
        assert info["owner_id"] == emulator.credentials["extensionId"]
        assert info["expires_in"] == 3600
        assert {"refresh_token", "session_id", "scope"} <= info.keys()
        me = await client.get(EXT, headers=_bearer(info["access_token"]))
        assert me.status_code == 200
        assert str(me.json()["id"]) == emulator.credentials["extensionId"]


async def test_jwt_grant_refuses_a_wrong_secret_or_jwt(emulator: Emulator) -> None:
    creds = emulator.credentials
    async with _client(emulator) as client:
        bad_secret = await client.post(
            "/restapi/oauth/token",
            data={"grant_type": JWT_GRANT, "assertion": creds["jwt"]},
            auth=(creds["clientId"], "nope"),
        )
        bad_jwt = await client.post(
            "/restapi/oauth/token",
            data={"grant_type": JWT_GRANT, "assertion": "x.y.z"},
            auth=(creds["clientId"], creds["clientSecret"]),
        )
    assert bad_secret.status_code == 400
    assert bad_secret.json()["error"] == "invalid_client"
    assert bad_jwt.status_code == 400
    assert bad_jwt.json()["errors"][0]["errorCode"] == "OAU-140"


async def test_missing_and_unknown_tokens_are_refused(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        missing = await client.get(EXT)
        unknown = await client.get(EXT, headers=_bearer("not-a-token"))
    assert missing.status_code == 401
    assert unknown.status_code == 401
    assert unknown.json()["errors"][0]["errorCode"] == "OAU-213"


def _pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


async def _authorize(
    client: httpx.AsyncClient,
    emulator: Emulator,
    redirect: str,
    challenge: str | None,
    **extra: str,
) -> httpx.Response:
    """GET /restapi/oauth/authorize as the public app (S256 when a challenge is given)."""
    params = {
        "client_id": emulator.public_client_id,
        "response_type": "code",
        "redirect_uri": redirect,
    }
    if challenge is not None:
        params |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    return await client.get("/restapi/oauth/authorize", params=params | extra)


async def _approved(
    client: httpx.AsyncClient, emulator: Emulator, redirect: str, challenge: str, **extra: str
) -> httpx.Response:
    """Authorize, open the sign-in form it leads to and press "Allow": the final redirect."""
    start = await _authorize(client, emulator, redirect, challenge, **extra)
    assert start.status_code == 302, start.text
    form_page = await client.get(start.headers["Location"])
    assert form_page.status_code == 200 and "<form" in form_page.text
    fields = dict(re.findall(r"name='([^']+)' value='([^']*)'", form_page.text))
    fields = {name: html.unescape(value) for name, value in fields.items()}
    return await client.post(re.search(r"action='([^']+)'", form_page.text)[1], data=fields)


async def test_pkce_sign_in_end_to_end(emulator: Emulator) -> None:
    verifier, challenge = _pkce_pair()
    redirect = DEFAULT_REDIRECT_URI
    async with _client(emulator) as client:
        page = await _approved(client, emulator, redirect, challenge, state="xyz")
        assert page.status_code == 302
        location = urlsplit(page.headers["Location"])
        assert f"{location.scheme}://{location.netloc}{location.path}" == redirect
        query = parse_qs(location.query)
        assert query["state"] == ["xyz"] and query["expires_in"] == ["60"]
        form = {
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": redirect,
            "code_verifier": verifier,
            "client_id": emulator.public_client_id,
        }
        token = await client.post("/restapi/oauth/token", data=form)
        assert token.status_code == 200, token.text
        me = await client.get(EXT, headers=_bearer(token.json()["access_token"]))
        assert me.status_code == 200
        # Codes are single use.
        again = await client.post("/restapi/oauth/token", data=form)
        assert again.status_code == 400


async def test_pkce_refuses_a_wrong_verifier(emulator: Emulator) -> None:
    _, challenge = _pkce_pair()
    redirect = DEFAULT_REDIRECT_URI
    async with _client(emulator) as client:
        page = await _approved(client, emulator, redirect, challenge)
        code = parse_qs(urlsplit(page.headers["Location"]).query)["code"][0]
        token = await client.post(
            "/restapi/oauth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect,
                "code_verifier": "wrong-" + secrets.token_urlsafe(40),
                "client_id": emulator.public_client_id,
            },
        )
    assert token.status_code == 400
    assert token.json()["error"] == "invalid_grant"


async def test_authorize_refuses_an_unregistered_redirect_without_redirecting(
    emulator: Emulator,
) -> None:
    challenge = _pkce_pair()[1]
    async with _client(emulator) as client:
        for unregistered in (
            "https://evil.example/cb",
            "http://127.0.0.1:53136/callback",  # another port
            "http://localhost:53135/callback",  # another name for the same place
            DEFAULT_REDIRECT_URI + "/",
        ):
            page = await _authorize(client, emulator, unregistered, challenge)
            assert page.status_code == 400 and "Location" not in page.headers
            assert page.json()["errors"][0]["errorCode"] == "OAU-109"
            form = await client.get(
                "/emulator/signin",
                params={
                    "client_id": emulator.public_client_id,
                    "response_type": "code",
                    "redirect_uri": unregistered,
                    "code_challenge": challenge,
                },
            )
            assert form.status_code == 400 and "OAU-109" in form.text
            assert "<form" not in form.text
    assert emulator.credentials["redirectUris"] == [DEFAULT_REDIRECT_URI]


async def test_refresh_rotates_and_kills_the_old_access_token(emulator: Emulator) -> None:
    creds = emulator.credentials
    async with _client(emulator) as client:
        first = await jwt_token(client, creds)
        refresh_form = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
        second = await client.post(
            "/restapi/oauth/token",
            data=refresh_form,
            auth=(creds["clientId"], creds["clientSecret"]),
        )
        assert second.status_code == 200
        new = second.json()
        assert new["access_token"] != first["access_token"]
        assert new["refresh_token"] != first["refresh_token"]
        old = await client.get(EXT, headers=_bearer(first["access_token"]))
        assert old.status_code == 401
        assert (await client.get(EXT, headers=_bearer(new["access_token"]))).status_code == 200
        # Single use: the first refresh token is spent.
        reuse = await client.post(
            "/restapi/oauth/token",
            data=refresh_form,
            auth=(creds["clientId"], creds["clientSecret"]),
        )
        assert reuse.status_code == 400
        assert reuse.json()["error"] == "invalid_grant"


async def test_revoke_ends_the_whole_session(emulator: Emulator) -> None:
    creds = emulator.credentials
    async with _client(emulator) as client:
        info = await jwt_token(client, creds)
        revoked = await client.post(
            "/restapi/oauth/revoke",
            data={"token": info["refresh_token"]},
            auth=(creds["clientId"], creds["clientSecret"]),
        )
        assert revoked.status_code == 200
        assert (await client.get(EXT, headers=_bearer(info["access_token"]))).status_code == 401
        refresh = await client.post(
            "/restapi/oauth/token",
            data={"grant_type": "refresh_token", "refresh_token": info["refresh_token"]},
            auth=(creds["clientId"], creds["clientSecret"]),
        )
        assert refresh.status_code == 400


async def test_expired_access_token_gets_oau_128(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        info = await jwt_token(client, emulator.credentials)
        emulator.clock.advance(3601)
        expired = await client.get(EXT, headers=_bearer(info["access_token"]))
    assert expired.status_code == 401
    assert expired.json()["errors"][0]["errorCode"] == "OAU-128"


async def test_public_app_must_use_pkce(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        page = await _authorize(client, emulator, "http://127.0.0.1:9/cb", None)
    assert page.status_code == 400
    assert page.json()["error"] == "invalid_request"


async def test_wstoken_needs_a_bearer_token_and_gives_a_gateway_uri(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        assert (await client.post("/restapi/oauth/wstoken")).status_code == 401
        info = await jwt_token(client, emulator.credentials)
        ws = await client.post("/restapi/oauth/wstoken", headers=_bearer(info["access_token"]))
    assert ws.status_code == 200
    body = ws.json()
    assert body["uri"].startswith("ws://127.0.0.1:") and body["ws_access_token"]
    assert body["expires_in"] > 0


async def test_a_sixth_session_revokes_the_oldest(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        tokens = [await jwt_token(client, emulator.credentials) for _ in range(6)]
        statuses = [
            (await client.get(EXT, headers=_bearer(t["access_token"]))).status_code for t in tokens
        ]
    assert statuses == [401, 200, 200, 200, 200, 200]
