"""Issue 14 #3: `ALL_PROXY=socks5://...` is used by every transport (REST and PubNub via
httpx[socks], the WebSocket gateway via python-socks), and a proxy calldeck cannot use is
one clear line. The servers are TEST-NET addresses that only the local recorder sees: it
refuses every CONNECT, so nothing leaves this computer."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.cli import cli_env, run_cli
from tests.reliability.figures import Figures
from tests.reliability.socks_proxy import socks_recorder
from tests.reliability.test_bad_input import one_clear_line
from tui.ringcentral.auth import Credentials
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.errors import Unreachable
from tui.ringcentral.proxy import BadProxy, websocket_proxy
from tui.ringcentral.push.websocket_transport import _default_connect

FAR_SERVER = "https://192.0.2.10"  # TEST-NET-1: reached only through the recorder


def socks_env(home: Path, proxy: str) -> dict[str, str]:
    """CLI environment with only ALL_PROXY set, and a JWT sign-in to the far server."""
    env = cli_env(home)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        env.pop(name, None)
    return env | {
        "ALL_PROXY": proxy,
        "RINGCENTRAL_SERVER_URL": FAR_SERVER,
        "RINGCENTRAL_CLIENT_ID": "client-id",
        "RINGCENTRAL_CLIENT_SECRET": "client-secret",
        "RINGCENTRAL_JWT": "a-jwt-credential",
    }


async def test_login_goes_through_a_socks5_proxy(tmp_path: Path, figures: Figures) -> None:
    async with socks_recorder() as proxy:
        env = socks_env(tmp_path, f"socks5://127.0.0.1:{proxy.port}")
        ran = await run_cli("login", "--jwt", env=env, timeout=15)
    assert ran.code not in (0, None)
    line = one_clear_line(ran.err)
    assert "unexpected error" not in line and "Could not reach RingCentral" in line, line
    assert proxy.destinations == [("192.0.2.10", 443)]
    figures.record("ALL_PROXY=socks5://", **{"REST": "through SOCKS", "WebSocket": "same"})


@pytest.mark.parametrize("proxy", ["socks4://127.0.0.1:1080", "ftp://127.0.0.1:21"])
async def test_a_proxy_calldeck_cannot_use_is_one_line(tmp_path: Path, proxy: str) -> None:
    ran = await run_cli("login", "--jwt", env=socks_env(tmp_path, proxy), timeout=15)
    assert ran.code not in (0, None)
    line = one_clear_line(ran.err)
    assert f"ALL_PROXY={proxy} uses" in line and "socks5://" in line, line


async def test_rest_and_websocket_use_the_socks_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    async with socks_recorder() as proxy:
        monkeypatch.setenv("ALL_PROXY", f"socks5h://127.0.0.1:{proxy.port}")
        with pytest.raises(Unreachable):
            await RingCentralClient.sign_in_jwt(Credentials(FAR_SERVER, "id", "secret", "jwt"))
        gateway = "wss://192.0.2.11/ws?access_token=x"
        assert websocket_proxy(gateway) == f"socks5h://127.0.0.1:{proxy.port}"
        with pytest.raises(Exception) as refused:
            async with _default_connect(gateway, open_timeout=5):
                pass
        assert not isinstance(refused.value, ImportError)
        # Loopback (the emulator) never goes through a proxy.
        assert websocket_proxy("ws://127.0.0.1:8080/ws") is None
    assert proxy.destinations == [("192.0.2.10", 443), ("192.0.2.11", 443)]


def test_bad_proxy_is_a_calldeck_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "socks4://ops:pw-secret@127.0.0.1:1080")
    with pytest.raises(BadProxy) as refused:
        RingCentralClient(Credentials(FAR_SERVER, "id", "secret", "jwt"))
    assert "pw-secret" not in refused.value.message and "HTTPS_PROXY=" in refused.value.message
