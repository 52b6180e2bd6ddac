"""The push layer stays light to import: no Textual, and no pubnub/websockets until used."""

from __future__ import annotations

import subprocess
import sys

from tests.shared import REPO_ROOT


def test_importing_the_push_layer_and_watch_pulls_in_no_heavy_packages() -> None:
    code = (
        "import sys, tui.ringcentral.push.live, tui.commands.watch; "
        "print(sorted(m for m in ('textual', 'pubnub', 'websockets') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
