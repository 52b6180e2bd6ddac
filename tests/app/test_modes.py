"""Modes: the demo runs the emulator in-process through the real sign-in path; bare `calldeck`
falls back to the demo before any sign-in."""

from __future__ import annotations

import pytest

from tests.app.harness import wait_for
from tui.app.app import CalldeckApp
from tui.app.link import AccountLink, DemoConnector
from tui.commands.app import _has_sign_in
from tui.config import Settings


async def test_demo_signs_in_to_its_own_emulator_and_shows_calls(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CALLDECK_HOME", str(tmp_path))
    connector = DemoConnector()
    app = CalldeckApp(Settings(bell=False), link=AccountLink(connector))
    async with app.run_test(size=(120, 36)) as pilot:
        # The feed goes live while signing in; who signed in is shown once that returns.
        await wait_for(
            pilot,
            lambda: app.main.status.info.connection == "live" and app.main.status.info.name,
            "the demo to sign in and go live",
        )
        info = app.main.status.info
        assert info.demo and info.name and info.server.startswith("http://127.0.0.1:")
        assert connector.emulator is not None and connector.emulator.url == info.server
        await wait_for(pilot, lambda: app.main.table.calls, "the demo's first call")
        await pilot.press("q")
        await pilot.pause()
        if app.is_running and app.screen is not app.main:
            await pilot.press("y")
        await wait_for(pilot, lambda: not app.is_running, "the app to quit")
    assert connector.emulator is None, "the demo emulator stops with the app"
    assert not (tmp_path / "data" / "tokens.json").exists(), "the demo saves no sign-in"


@pytest.mark.parametrize(
    "variable", ["RINGCENTRAL_CLIENT_ID", "RINGCENTRAL_CLIENT_SECRET", "RINGCENTRAL_JWT"]
)
def test_no_sign_in_means_demo(tmp_path, monkeypatch, variable: str) -> None:
    monkeypatch.setenv("CALLDECK_HOME", str(tmp_path))
    monkeypatch.setattr("tui.ringcentral.tokens.usable_keyring", lambda: None)
    for name in ("RINGCENTRAL_CLIENT_ID", "RINGCENTRAL_CLIENT_SECRET", "RINGCENTRAL_JWT"):
        monkeypatch.delenv(name, raising=False)
    assert not _has_sign_in()
    monkeypatch.setenv(variable, "x" * 24)  # one variable alone is not a sign-in
    assert not _has_sign_in()


def test_env_credentials_mean_the_real_account(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CALLDECK_HOME", str(tmp_path))
    monkeypatch.setenv("RINGCENTRAL_CLIENT_ID", "client-id-123456")
    monkeypatch.setenv("RINGCENTRAL_CLIENT_SECRET", "client-secret-123456")
    monkeypatch.setenv("RINGCENTRAL_JWT", "jwt-value-1234567890")
    assert _has_sign_in()
