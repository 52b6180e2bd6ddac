"""`calldeck doctor` against the emulator: all checks pass; a reduced scope, PubNub where it
is not offered, or a stopped server fails the right check with its fix, exit 1."""

from __future__ import annotations

import json

from tests.client.test_commands import _jwt_env, calldeck
from tests.conftest import contract_checked_emulator
from tui.emulator import Emulator, EmulatorConfig

NAMES = [
    "config",
    "server",
    "sign-in",
    "permission ReadAccounts",
    "permission CallControl",
    "permission ReadPresence",
    "permission WebSocket",
    "permission ReadCallLog",
    "permission EditPresence",
    "permission RingOut",
    "phones",
    "push",
    "account",
    "clock",
]


async def _doctor(emulator: Emulator, *flags: str) -> tuple[int | None, dict]:
    ran = await calldeck("doctor", "--json", *flags, env=_jwt_env(emulator))
    assert "Traceback" not in ran.err, ran.err
    report = json.loads(ran.out)
    assert set(report) == {"checks"}
    for check in report["checks"]:
        assert set(check) == {"name", "ok", "detail", "fix"}
        assert isinstance(check["ok"], bool) and isinstance(check["detail"], str)
        assert (check["fix"] is None) == check["ok"]
    return ran.code, {check["name"]: check for check in report["checks"]}


async def test_every_check_passes_against_the_emulator(emulator: Emulator) -> None:
    code, checks = await _doctor(emulator, "--account")
    assert list(checks) == NAMES
    assert code == 0, [c for c in checks.values() if not c["ok"]]
    assert "Jordan Reyes" in checks["sign-in"]["detail"]
    assert "ms" in checks["server"]["detail"]
    assert "websocket" in checks["push"]["detail"] or "pubnub" in checks["push"]["detail"]


async def test_a_missing_permission_is_named_with_what_it_disables() -> None:
    granted = (
        "ReadAccounts",
        "ReadPresence",
        "WebSocket",
        "ReadCallLog",
        "EditPresence",
        "RingOut",
    )
    async with contract_checked_emulator(EmulatorConfig(scopes=granted)) as emulator:
        code, checks = await _doctor(emulator)
    assert code == 1
    failed = [name for name, check in checks.items() if not check["ok"]]
    assert failed == ["permission CallControl"]
    check = checks["permission CallControl"]
    assert "answering" in check["detail"] and "Developer Console" in check["fix"]


async def test_pubnub_where_it_is_not_offered_fails_push() -> None:
    async with contract_checked_emulator(EmulatorConfig(allow_pubnub=False)) as emulator:
        code, checks = await _doctor(emulator, "--transport", "pubnub")
    assert code == 1
    assert not checks["push"]["ok"] and "--transport websocket" in checks["push"]["fix"]
    assert [name for name, check in checks.items() if not check["ok"]] == ["push"]


async def test_a_stopped_server_fails_the_server_check() -> None:
    async with contract_checked_emulator(EmulatorConfig()) as emulator:
        env = _jwt_env(emulator)
    ran = await calldeck("doctor", env=env)
    assert ran.code == 1 and "Traceback" not in ran.err
    lines = ran.out.splitlines()
    assert lines[0].startswith("ok   config")
    assert lines[1].startswith("FAIL server") and lines[2].strip().startswith("fix: Check your")


async def test_not_signed_in_fails_the_sign_in_check(emulator: Emulator) -> None:
    ran = await calldeck("doctor", "--json", "--server", emulator.url)
    assert ran.code == 1 and "Traceback" not in ran.err
    checks = json.loads(ran.out)["checks"]
    assert [c["name"] for c in checks] == ["config", "server", "sign-in"]
    assert not checks[2]["ok"] and "calldeck login" in checks[2]["fix"]
