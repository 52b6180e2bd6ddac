"""Start-up probe: `python -m bench.first_frame calldeck|baseline`.

Runs the app headless and, at its first painted frame, writes `FIRST_FRAME <monotonic>` to
stdout and exits at once. The first frame is the first `App._display` call with a rendered
compositor update: the moment a terminal would receive the screen. Both apps go through
this same probe (same interpreter start, same patch), so the ratio compares only the apps.
`calldeck` runs exactly what `python -m tui demo` runs (`tui.cli.main(["demo"])`).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any


def _install_probe() -> None:
    from textual.app import App

    display = App._display
    run = App.run

    def first_display(self: Any, screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        if renderable is not None:
            sys.stdout.write(f"FIRST_FRAME {time.monotonic()}\n")
            sys.stdout.flush()
            os._exit(0)  # the measurement is taken; tearing down would only add noise

    def run_headless(self: Any, *args: Any, **kwargs: Any) -> Any:
        kwargs["headless"] = True
        return run(self, *args, **kwargs)

    App._display = first_display  # type: ignore[method-assign]
    App.run = run_headless  # type: ignore[method-assign]


def main(which: str) -> int:
    """Run `which` app up to its first frame."""
    _install_probe()
    if which == "calldeck":
        from tui.cli import main as calldeck_main

        return int(calldeck_main(["demo"]) or 0)
    from bench.baseline_app import BaselineApp

    BaselineApp().run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
