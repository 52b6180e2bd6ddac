"""The UI paints its first frame before loading what only later work needs.

Start-up is measured against a bare Textual app (`python -m bench`, issue 17); these guard
the imports that made calldeck slower: the HTTP stack (the link loads it when it connects,
after the first frame) and the dialogs (loaded when first opened).
"""

from __future__ import annotations

import subprocess
import sys

LOADED_LATER = (
    "httpx",
    "tui.ringcentral.exchange",
    "tui.emulator",
    "tui.app.dialogs.choice",
    "tui.app.dialogs.dialer",
    "tui.app.dialogs.filter",
    "tui.app.dialogs.reply",
    "tui.app.dialogs.transfer",
)


def _modules_after(statement: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{statement}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return set(done.stdout.split())


def test_the_ui_loads_no_http_stack_and_no_dialog_before_its_first_frame() -> None:
    loaded = _modules_after("import tui.app.app, tui.app.link, tui.commands.app, tui.logging_setup")
    assert "tui.app.screens.main" in loaded  # the probe did import the UI
    assert sorted(set(LOADED_LATER) & loaded) == []


def test_a_dialog_loads_when_first_used() -> None:
    loaded = _modules_after(
        "from tui.app import dialogs\nassert dialogs.TransferDialog.__name__ == 'TransferDialog'"
    )
    assert "tui.app.dialogs.transfer" in loaded
    assert "tui.app.dialogs.reply" not in loaded
