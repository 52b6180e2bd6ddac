"""The UI paints its first frame before loading what only later work needs.

Start-up is measured against a bare Textual app (`python -m bench`, issue 17); these guard
the imports that made calldeck slower: the HTTP stack (the link loads it when it connects,
after the first frame), the dialogs (loaded when first opened), the call model's dataclasses
and the people feed (loaded with the first call or event), and the TOML parser (only with a
config file to read).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LOADED_LATER = (
    "httpx",
    "tui.ringcentral.exchange",
    "tui.emulator",
    "tui.app.dialogs.choice",
    "tui.app.dialogs.dialer",
    "tui.app.dialogs.filter",
    "tui.app.dialogs.reply",
    "tui.app.dialogs.transfer",
    "tui.calls.model",
    "tui.calls.parse",
    "tui.calls.book",
    "tui.people.feed",
    "tui.people.team",
    "tui.people.calllog",
    "tomllib",
)

# Runs the real demo headless and prints the modules loaded when its first frame is painted.
FIRST_FRAME_PROBE = """
import os, sys
from textual.app import App

display, run = App._display, App.run

def first_display(self, screen, renderable):
    display(self, screen, renderable)
    if renderable is not None:
        print("\\n".join(sys.modules), flush=True)
        os._exit(0)

App._display = first_display
App.run = lambda self, *args, **kwargs: run(self, *args, headless=True, **kwargs)
from tui.cli import main
main(["demo"])
"""


def _modules_after(statement: str, env: dict[str, str] | None = None) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{statement}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    return set(done.stdout.split())


def test_the_demo_paints_its_first_frame_before_loading_the_call_model(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "CALLDECK_HOME": str(tmp_path), "CALLDECK_TOKEN_STORE": "file"}
    for name in [name for name in env if name.startswith("RINGCENTRAL_")]:
        del env[name]
    loaded = _modules_after(FIRST_FRAME_PROBE, env)
    assert "tui.app.widgets.calls_table" in loaded  # the frame was the calls screen
    assert sorted(set(LOADED_LATER) & loaded) == []


def test_call_model_names_load_on_first_use() -> None:
    loaded = _modules_after(
        "from tui.calls import CallState\nassert CallState.RINGING == 'ringing'\n"
        "import tui.calls\nassert 'Call' in dir(tui.calls)"
    )
    assert "tui.calls.states" in loaded
    assert "tui.calls.model" not in loaded
    loaded = _modules_after("from tui.calls import Call, CallBook\nassert Call and CallBook")
    assert {"tui.calls.model", "tui.calls.book"} <= loaded


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
