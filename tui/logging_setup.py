"""File logging for the UI: everything to `tui.paths.log_file()`, nothing to the terminal.

While Textual owns the screen, any stray print or stderr line would tear the display, so
the root logger gets exactly one rotating file handler and no stream handlers. The
client's redaction filter (`tui.ringcentral.redact`) sits on that handler so no token or
secret reaches the file.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from tui import paths
from tui.logfiles import PrivateRotatingFileHandler
from tui.ringcentral.redact import install_redaction

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_MAX_BYTES = 2_000_000
_BACKUPS = 3


def _writes_to_terminal(handler: logging.Handler) -> bool:
    stream = getattr(handler, "stream", None)
    return stream in (sys.stderr, sys.stdout, sys.__stderr__, sys.__stdout__)


def setup_file_logging(level: int = logging.INFO, path: Path | None = None) -> Path:
    """Send all logging to the calldeck log file only; return the file's path.

    Removes stream handlers from the root logger (they would draw over the UI) and
    replaces any handler a previous call installed, so calling it twice is harmless.
    """
    path = path or paths.log_file()
    handler = PrivateRotatingFileHandler(path, _MAX_BYTES, _BACKUPS)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.set_name("calldeck-file")
    install_redaction(handler)
    root = logging.getLogger()
    for old in list(root.handlers):
        if _writes_to_terminal(old) or old.get_name() == "calldeck-file":
            root.removeHandler(old)
            old.close()
    root.addHandler(handler)
    root.setLevel(level)
    # Library chatter (httpx request lines carry URLs with query tokens on WS connect).
    for noisy in ("httpx", "httpcore", "websockets", "pubnub", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.captureWarnings(True)
    return path
