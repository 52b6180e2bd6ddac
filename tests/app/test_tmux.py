"""§1 and §2 in a real terminal: calldeck in tmux, signed in to the emulator as the README says.

A caller whose name carries OSC 0 (set the title), OSC 52 (write the clipboard), CSI 2J
(clear the screen), markup and a newline rings while another call is selected, and `x` is
pressed the moment it shows. tmux keeps what a terminal would have obeyed: the pane title
and tmux's paste buffers (`set-clipboard on` stores OSC 52 there) must stay as they were,
the screen must still show both calls, and only the selected call is rejected.
Skipped (with the reason) where tmux is not installed.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.app.harness import EmulatorControl, sent

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

HOSTILE = (
    "Mallory [/bold]\x1b]0;pwned-title\x07\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\nRINGING \u202eevil"
)
WAIT_S = 20.0


class Tmux:
    """A private tmux server (own socket, no user config) with one 140x36 pane."""

    def __init__(self) -> None:
        self.socket = f"calldeck-test-{uuid.uuid4().hex[:8]}"

    def run(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=check,
        )
        return result.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "ui")

    def title(self) -> str:
        return self.run("display-message", "-p", "-t", "ui", "#{pane_title}").strip()

    def buffers(self) -> str:
        return self.run("list-buffers", check=False)


async def until(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(WAIT_S / 0.1)):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def test_a_hostile_name_in_tmux_changes_no_title_no_clipboard_and_no_selection(
    emulator, emu: EmulatorControl, tmp_path: Path
) -> None:
    credentials = emulator.credentials
    env = {
        "CALLDECK_HOME": str(tmp_path),
        "RINGCENTRAL_SERVER_URL": credentials["server"],
        "RINGCENTRAL_CLIENT_ID": credentials["clientId"],
        "RINGCENTRAL_CLIENT_SECRET": credentials["clientSecret"],
        "RINGCENTRAL_JWT": credentials["jwt"],
    }
    tmux = Tmux()
    command = f"{sys.executable} -m tui --transport websocket"
    settings = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
    tmux.run("new-session", "-d", "-s", "ui", "-x", "140", "-y", "36", *settings, command)
    try:
        tmux.run("set-option", "-g", "set-clipboard", "on")
        tmux.run("set-option", "-g", "allow-rename", "on")
        title = tmux.title()
        await until(lambda: "● live" in tmux.screen(), "calldeck to go live")
        first = await emu.ring(caller="+14155550101", name="Alice Ordinary")
        await until(lambda: "Alice Ordinary" in tmux.screen(), "the first call")
        second = await emu.ring(caller="+14155550666", name=HOSTILE)
        await until(lambda: "Mallory" in tmux.screen(), "the hostile call")
        tmux.run("send-keys", "-t", "ui", "x")  # at once: Alice is selected, not Mallory
        await until(lambda: _rejected(tmux), "the reject to show")
        await asyncio.sleep(0.5)
        assert [r["status"] for r in sent(await emu.requests(first), "/reject")] == [204]
        assert await emu.requests(second) == []
        screen = tmux.screen()
        assert "Mallory" in screen, "the hostile call is still shown (the screen was not cleared)"
        assert tmux.title() == title, "the pane title is unchanged"
        assert "pwned" not in tmux.title()
        assert tmux.buffers() == "", "nothing reached the clipboard"
        assert sum(line.lstrip().startswith("◉ RINGING") for line in screen.splitlines()) == 1
    finally:
        tmux.run("kill-server", check=False)


def _rejected(tmux: Tmux) -> bool:
    return "Alice Ordinary" not in tmux.screen() or "ended" in tmux.screen()
