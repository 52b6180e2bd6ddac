"""`calldeck` with no subcommand: the UI on your account, or the demo before any sign-in."""

from __future__ import annotations

import argparse
import gc
import logging
import sys

from tui.config import ConfigError, check_theme, load_config
from tui.safe_text import clean

log = logging.getLogger("calldeck")


def _has_sign_in() -> bool:
    """True when RINGCENTRAL_* credentials or a saved `calldeck login` exist."""
    from tui.ringcentral.auth import credentials_from_env
    from tui.ringcentral.tokens import TokenStore

    if credentials_from_env() is not None:
        return True
    try:
        return TokenStore().load() is not None
    except Exception as error:  # an unreadable store means "not signed in", said in the log
        log.warning("saved sign-in unreadable: %s", type(error).__name__)
        return False


def run_ui(args: argparse.Namespace, *, demo: bool | None = None) -> int:
    """Load settings, set up file logging, and run the UI until it quits.

    `demo=None` picks the real account when there is a sign-in, else the demo.
    """
    try:
        settings = load_config()
        check_theme(settings)
    except ConfigError as error:
        print(clean(f"calldeck: {error}"), file=sys.stderr)
        return 2

    # Importing the UI makes tens of thousands of objects that live as long as the app; the
    # collector would only walk them again and again before the first frame (the app freezes
    # them into the permanent generation once it is up).
    gc.disable()
    try:
        from tui.app.app import CalldeckApp
        from tui.app.link import AccountLink, DemoConnector, SignInConnector
    finally:
        gc.enable()
    from tui.logging_setup import setup_file_logging

    setup_file_logging()
    account_level = bool(getattr(args, "account", False))
    if demo is None:
        demo = not _has_sign_in()
    connector = (
        DemoConnector(scenario=getattr(args, "scenario", None) or "demo")
        if demo
        else SignInConnector(server=getattr(args, "server", None) or settings.server)
    )
    log.info("starting the UI (%s)", "demo" if demo else "account")
    link = AccountLink(
        connector,
        transport=getattr(args, "transport", None) or settings.transport,
        account_level=account_level,
        voicemail_target=settings.voicemail_target,
    )
    app = CalldeckApp(settings, link=link, account_level=account_level)
    code = app.run()
    return int(code or 0)


def run(args: argparse.Namespace) -> int:
    """Entry point of a bare `calldeck`."""
    return run_ui(args)
