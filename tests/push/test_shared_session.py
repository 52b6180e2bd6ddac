"""Every calldeck process on one sign-in stays signed in: the UI, `calldeck watch` and ten
`calldeck status` runs side by side, through several refreshes of a short-lived access token
(and the emulator's clock moved past it), on both transports.

RingCentral keeps about five sessions per user and app and ends the oldest beyond that, and
refresh tokens are single-use; the emulator enforces both. Before the session was shared,
each process opened its own (ten `status` runs revoked the UI's and the watch's) and two
refreshing at once ended one of them."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.app.harness import wait_for
from tests.conftest import contract_checked_emulator
from tests.push.processes import base_env, watch_process
from tests.reliability.cli import run_cli
from tui.app.app import CalldeckApp
from tui.app.link import AccountLink, SignInConnector
from tui.config import Settings
from tui.emulator import Emulator, EmulatorConfig

STATUS_RUNS = 10
ROUNDS = 2


@pytest.mark.parametrize(
    ("transport", "config"),
    [
        ("websocket", EmulatorConfig(access_ttl=4, allow_pubnub=False)),
        ("pubnub", EmulatorConfig(access_ttl=4)),
    ],
)
async def test_the_ui_watch_and_ten_status_runs_share_one_sign_in(
    transport: str, config: EmulatorConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    async with contract_checked_emulator(config) as emulator:
        line = emulator.credentials
        jwt_vars = {
            "RINGCENTRAL_SERVER_URL": line["server"],
            "RINGCENTRAL_CLIENT_ID": line["clientId"],
            "RINGCENTRAL_CLIENT_SECRET": line["clientSecret"],
            "RINGCENTRAL_JWT": line["jwt"],
        }
        for name, value in {**jwt_vars, "CALLDECK_HOME": str(home)}.items():
            monkeypatch.setenv(name, value)
        env = base_env(home) | jwt_vars
        app = CalldeckApp(
            Settings(bell=False), link=AccountLink(SignInConnector(), transport=transport)
        )
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for(
                pilot, lambda: app.main.status.info.connection == "live", "the UI to go live"
            )
            async with watch_process(home, line, "--transport", transport) as watch:
                await watch.wait_for(
                    lambda lines: "live" in {s for _, s in watch.connections()},
                    what="the watch to go live",
                )
                for _ in range(ROUNDS):
                    emulator.clock.advance(5)  # every access token has expired
                    runs = await asyncio.gather(
                        *(run_cli("status", env=env, timeout=30) for _ in range(STATUS_RUNS))
                    )
                    assert [r.code for r in runs] == [0] * STATUS_RUNS, [r.err for r in runs]
                # Still signed in everywhere: a new call reaches the watch and the UI.
                response = await _ring(emulator)
                await watch.wait_for(
                    lambda lines: any(
                        ln["type"] == "call" and ln["call"]["telephonySessionId"] == response
                        for ln in lines
                    ),
                    timeout=20,
                    what="the new call",
                )
                await wait_for(
                    pilot, lambda: app.main.table.call(response) is not None, "the UI's call"
                )
                assert app.main.status.info.connection == "live"
                # Counted while everyone still runs (stopping is not what is tested here).
                token_requests = [
                    ex for ex in emulator.exchanges if ex.path == "/restapi/oauth/token"
                ]
                sessions = len(emulator.tokens._sessions)
                _, stderr = await watch.stop()
                assert "sign in" not in stderr.lower(), stderr
    refreshes = sum(1 for ex in token_requests if b"grant_type=refresh_token" in ex.request_body)
    jwt_grants = sum(1 for ex in token_requests if b"jwt-bearer" in ex.request_body)
    refused = [
        (ex.request_body[:24], ex.response_body[-80:]) for ex in token_requests if ex.status != 200
    ]
    # No process spent a refresh token another had already used, none opened a session.
    assert refused == [] and jwt_grants == 1, refused
    assert sessions == 1
    assert refreshes >= ROUNDS


async def _ring(emulator: Emulator) -> str:
    import httpx

    async with httpx.AsyncClient(base_url=f"{emulator.url}/_emulator", timeout=10) as control:
        response = await control.post(
            "/calls", json={"direction": "Inbound", "from": "+16505550123", "fromName": "Ada"}
        )
        response.raise_for_status()
        return response.json()["telephonySessionId"]
