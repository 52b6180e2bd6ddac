"""The emulator refuses what RingCentral refuses at sign-in: token lifetimes from the token
request, refresh tokens that expire with the emulator's clock, revoke with the client's
credentials, a redirect URI that must match, and app permissions (scopes)."""

from __future__ import annotations

import httpx
import pytest

from tests.emulator.helpers import JWT_GRANT, OUR_UA
from tui.emulator import Emulator, EmulatorConfig
from tui.emulator.apps import DEFAULT_REDIRECT_URI

EXT = "/restapi/v1.0/account/~/extension/~"
TOKEN = "/restapi/oauth/token"


def _client(emulator: Emulator) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=emulator.url, headers={"User-Agent": OUR_UA}, timeout=10)


def _app(emulator: Emulator) -> tuple[str, str]:
    return emulator.credentials["clientId"], emulator.credentials["clientSecret"]


async def _jwt(client: httpx.AsyncClient, emulator: Emulator, **extra: str) -> httpx.Response:
    form = {"grant_type": JWT_GRANT, "assertion": emulator.credentials["jwt"]} | extra
    return await client.post(TOKEN, data=form, auth=_app(emulator))


async def _refresh(client: httpx.AsyncClient, emulator: Emulator, token: str) -> httpx.Response:
    form = {"grant_type": "refresh_token", "refresh_token": token}
    return await client.post(TOKEN, data=form, auth=_app(emulator))


async def _me(client: httpx.AsyncClient, access_token: str) -> httpx.Response:
    return await client.get(EXT, headers={"Authorization": f"Bearer {access_token}"})


async def test_token_request_lifetimes_are_honoured_and_bounded(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        short = (await _jwt(client, emulator, access_token_ttl="600")).json()
        assert short["expires_in"] == 600 and short["refresh_token_expires_in"] == 604800
        emulator.clock.advance(601)
        assert (await _me(client, short["access_token"])).status_code == 401
        for field, value in (
            ("access_token_ttl", "599"),
            ("access_token_ttl", "3601"),
            ("refresh_token_ttl", "2592001"),
            ("refresh_token_ttl", "soon"),
        ):
            refused = await _jwt(client, emulator, **{field: value})
            assert refused.status_code == 400, (field, value)
            assert field in refused.json()["message"]
        no_refresh = (await _jwt(client, emulator, refresh_token_ttl="0")).json()
        assert "refresh_token" not in no_refresh and no_refresh["expires_in"] == 3600
        assert (await _me(client, no_refresh["access_token"])).status_code == 200


async def test_refresh_tokens_expire_by_the_emulator_clock(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        first = (await _jwt(client, emulator, refresh_token_ttl="7200")).json()
        emulator.clock.advance(3600 + 1)  # access expired, refresh still good
        second = await _refresh(client, emulator, first["refresh_token"])
        assert second.status_code == 200
        # The refreshed pair keeps the session's lifetimes.
        assert second.json()["refresh_token_expires_in"] == 7200
        emulator.clock.advance(7200 + 1)
        late = await _refresh(client, emulator, second.json()["refresh_token"])
    assert late.status_code == 400
    assert late.json()["error"] == "invalid_grant"
    assert late.json()["errors"][0]["errorCode"] == "OAU-211"


class TestRefreshTtlOption:
    @pytest.fixture
    def emulator_config(self) -> EmulatorConfig:
        # A 1 h default refresh lifetime (`calldeck emulator --refresh-ttl 3600`).
        return EmulatorConfig(refresh_ttl=3600)

    async def test_it_sets_the_default(self, emulator: Emulator) -> None:
        async with _client(emulator) as client:
            info = (await _jwt(client, emulator)).json()
            assert info["refresh_token_expires_in"] == 3600
            emulator.clock.advance(3601)
            assert (await _refresh(client, emulator, info["refresh_token"])).status_code == 400


async def test_revoke_needs_the_confidential_clients_credentials(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        info = (await _jwt(client, emulator)).json()
        token = {"token": info["refresh_token"]}
        anonymous = await client.post("/restapi/oauth/revoke", data=token)
        wrong = await client.post(
            "/restapi/oauth/revoke", data=token, auth=(_app(emulator)[0], "x")
        )
        as_public = await client.post(
            "/restapi/oauth/revoke", data=token | {"client_id": emulator.public_client_id}
        )
        for refused in (anonymous, wrong, as_public):
            assert refused.status_code == 400 and refused.json()["error"] == "invalid_client"
        assert (await _me(client, info["access_token"])).status_code == 200  # still alive
        revoked = await client.post("/restapi/oauth/revoke", data=token, auth=_app(emulator))
        assert revoked.status_code == 200
        assert (await _me(client, info["access_token"])).status_code == 401


async def test_a_code_is_exchanged_only_with_its_authorize_requests_redirect_uri(
    emulator: Emulator,
) -> None:
    from tests.emulator.test_oauth import _approved, _pkce_pair

    verifier, challenge = _pkce_pair()
    async with _client(emulator) as client:
        page = await _approved(client, emulator, DEFAULT_REDIRECT_URI, challenge)
        code = httpx.URL(page.headers["Location"]).params["code"]
        token = await client.post(
            TOKEN,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": "http://127.0.0.1:53135/other",
                "code_verifier": verifier,
                "client_id": emulator.public_client_id,
            },
        )
    assert token.status_code == 400
    body = token.json()
    assert body["error"] == "invalid_grant" and body["errors"][0]["errorCode"] == "OAU-109"


class TestScopes:
    @pytest.fixture
    def emulator_config(self) -> EmulatorConfig:
        # `calldeck emulator --scopes "ReadAccounts ReadPresence"`
        return EmulatorConfig(scopes=("ReadAccounts", "ReadPresence"))

    async def test_only_granted_permissions_are_in_scope_and_usable(
        self, emulator: Emulator
    ) -> None:
        async with _client(emulator) as client:
            info = (await _jwt(client, emulator)).json()
            assert info["scope"].split() == ["ReadAccounts", "ReadPresence"]
            bearer = {"Authorization": f"Bearer {info['access_token']}"}
            assert (await client.get(EXT + "/presence", headers=bearer)).status_code == 200
            refused = await client.get(EXT + "/active-calls", headers=bearer)
            wstoken = await client.post("/restapi/oauth/wstoken", headers=bearer)
        assert refused.status_code == 403
        body = refused.json()
        assert body["errorCode"] == "InsufficientPermissions"
        assert body["errors"][0] == {
            "errorCode": "CMN-401",
            "message": "In order to call this API endpoint, application needs to have "
            "[ReadCallLog] permission",
            "permissionName": "ReadCallLog",
        }
        assert wstoken.status_code == 403
        assert wstoken.json()["errors"][0]["permissionName"] == "WebSocket"


async def test_every_permission_is_granted_by_default(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        scope = (await _jwt(client, emulator)).json()["scope"].split()
    assert {"CallControl", "ReadAccounts", "ReadPresence", "ReadCallLog", "WebSocket"} <= set(scope)


@pytest.mark.parametrize(
    ("flags", "problem"),
    [
        (["--scopes", "ReadAccounts Telepathy"], "unknown permission Telepathy"),
        (["--scopes", " "], "at least one permission"),
        (["--refresh-ttl", "0"], "--refresh-ttl must be more than 0"),
        (["--redirect-uri", "callback"], "absolute URI"),
        ([f"--redirect-uri=http://127.0.0.1:{port}/cb" for port in range(11)], "at most 10"),
    ],
)
def test_emulator_options_are_checked(flags: list[str], problem: str) -> None:
    from tui.cli import parse_args
    from tui.commands.emulator import invalid_option

    assert problem in (invalid_option(parse_args(["emulator", *flags])) or "")
