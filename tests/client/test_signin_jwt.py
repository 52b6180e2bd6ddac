"""JWT sign-in against the emulator, the saved sign-in, and refused credentials."""

from __future__ import annotations

import dataclasses

import pytest

from tui.emulator import Emulator
from tui.ringcentral.auth import Credentials
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.errors import SignInFailed, SignInRequired
from tui.ringcentral.exchange import USER_AGENT
from tui.ringcentral.signin import sign_in
from tui.ringcentral.tokens import TokenStore


async def test_jwt_sign_in_knows_who_and_saves(
    rc: RingCentralClient, emulator: Emulator, store: TokenStore
) -> None:
    assert rc.extension_id == emulator.credentials["extensionId"]
    assert rc.account_id == emulator.credentials["accountId"]
    saved = store.load()
    assert saved is not None and saved.server == emulator.url
    assert saved.extension_id == rc.extension_id
    assert USER_AGENT.startswith("calldeck/")
    user_agents = {ex.user_agent for ex in emulator.exchanges}
    assert user_agents == {USER_AGENT}


async def test_saved_sign_in_resumes(rc: RingCentralClient, store: TokenStore) -> None:
    async with await sign_in(store=store) as again:
        info = await again.extension_info()
    assert str(info["id"]) == rc.extension_id


async def test_env_credentials_sign_in(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    line = emulator.credentials
    monkeypatch.setenv("RINGCENTRAL_SERVER_URL", line["server"])
    monkeypatch.setenv("RINGCENTRAL_CLIENT_ID", line["clientId"])
    monkeypatch.setenv("RINGCENTRAL_CLIENT_SECRET", line["clientSecret"])
    monkeypatch.setenv("RINGCENTRAL_JWT", line["jwt"])
    async with await sign_in() as client:
        assert client.extension_id == line["extensionId"]


async def test_wrong_jwt_is_refused_clearly(jwt_credentials: Credentials) -> None:
    bad = dataclasses.replace(jwt_credentials, jwt=jwt_credentials.jwt + "x")
    with pytest.raises(SignInFailed) as caught:
        await RingCentralClient.sign_in_jwt(bad)
    assert caught.value.message.startswith("RingCentral did not accept")
    assert jwt_credentials.jwt not in repr(caught.value) + str(caught.value)


async def test_wrong_secret_is_refused(jwt_credentials: Credentials) -> None:
    bad = dataclasses.replace(jwt_credentials, client_secret="wrong-secret")
    with pytest.raises(SignInFailed):
        await RingCentralClient.sign_in_jwt(bad)


async def test_no_sign_in_anywhere(store: TokenStore) -> None:
    with pytest.raises(SignInRequired) as caught:
        await sign_in(store=store)
    assert "calldeck login" in caught.value.message


async def test_other_server_than_saved(rc: RingCentralClient, store: TokenStore) -> None:
    with pytest.raises(SignInRequired) as caught:
        await sign_in("sandbox", store=store)
    assert "not sandbox" in caught.value.message


def test_server_and_client_id_from_the_config_file(isolated_home) -> None:
    from tui.ringcentral.signin import default_server, public_client_id

    assert default_server() == "https://platform.ringcentral.com"
    assert public_client_id() is None
    config = isolated_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('server = "sandbox"\nclient_id = "my-public-app"\ntheme = "nord"\n')
    assert default_server() == "https://platform.devtest.ringcentral.com"
    assert public_client_id() == "my-public-app"
    assert public_client_id({"RINGCENTRAL_CLIENT_ID": "from-env"}) == "from-env"
    config.write_text("server = [broken")
    assert default_server() == "https://platform.ringcentral.com"
