"""What the client's commands share: file logging with redaction and the one-line failure rule.

Every command exits non-zero with one clear line on stderr when it cannot do its job,
never a traceback and never a token.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Awaitable, Callable

from tui.logfiles import PrivateFileHandler
from tui.ringcentral.errors import CalldeckError, SignInRequired
from tui.ringcentral.redact import install_redaction, redact_message

log = logging.getLogger("calldeck.ringcentral")

EXIT_FAILED = 1
EXIT_SIGN_IN = 2


def fail(message: str) -> None:
    """Print one failure line to stderr."""
    # One place for every failure line: no user info, token or secret reaches the terminal.
    print(f"calldeck: {redact_message(message)}", file=sys.stderr, flush=True)


def log_to_file() -> None:
    """Send calldeck's log records to the log file (redacted); nothing goes to the terminal."""
    root = logging.getLogger("calldeck")
    if any(getattr(h, "_calldeck_cli", False) for h in root.handlers):
        return
    try:
        from tui.paths import log_file

        handler: logging.Handler = PrivateFileHandler(log_file())
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    except OSError:
        handler = logging.NullHandler()
    handler._calldeck_cli = True  # type: ignore[attr-defined]
    install_redaction(handler)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False


def run_command(main: Callable[[], Awaitable[int]]) -> int:
    """Run an async command body; map every failure to one stderr line and an exit code."""
    log_to_file()
    try:
        return asyncio.run(main())
    except SignInRequired as exc:
        fail(exc.message)
        return EXIT_SIGN_IN
    except CalldeckError as exc:
        fail(exc.message)
        return EXIT_FAILED
    except BrokenPipeError:
        # The reader went away (`calldeck status --json | head`): nothing left to say.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # the promise is: never a traceback on screen
        log.exception("command failed")
        fail(f"unexpected error ({type(exc).__name__}); details are in `calldeck locate log`.")
        return EXIT_FAILED
