"""`calldeck emulator`: run the local RingCentral emulator in the foreground."""

from __future__ import annotations

import argparse
import sys


def invalid_option(args: argparse.Namespace) -> str | None:
    """Why these options cannot start an emulator, or None when they can."""
    if not 0 <= args.port <= 65535:
        return f"--port must be 0-65535 (0: any free port), not {args.port}"
    for flag, seconds in (
        ("--access-ttl", args.access_ttl),
        ("--subscription-ttl", args.subscription_ttl),
        ("--refresh-ttl", args.refresh_ttl),
    ):
        if seconds is not None and not seconds > 0:  # `not >` also refuses nan
            return f"{flag} must be more than 0 seconds, not {seconds:g}"
    return _invalid_apps(args)


def _invalid_apps(args: argparse.Namespace) -> str | None:
    """Why --redirect-uri or --scopes cannot be registered, or None."""
    from tui.emulator.apps import MAX_REDIRECT_URIS, unknown_permissions, valid_redirect_uri

    uris = args.redirect_uri or []
    if len(uris) > MAX_REDIRECT_URIS:
        return f"at most {MAX_REDIRECT_URIS} --redirect-uri per app, as on RingCentral"
    for uri in uris:
        if not valid_redirect_uri(uri):
            return f"--redirect-uri {uri!r} must be an absolute URI without a fragment"
    if args.scopes is not None:
        names = args.scopes.split()
        if not names:
            return "--scopes needs at least one permission name"
        unknown = unknown_permissions(names)
        if unknown:
            return f"--scopes: unknown permission {', '.join(unknown)} (names as in the spec)"
    return None


def run(args: argparse.Namespace) -> int:
    """Start the emulator with the command-line options; exit 0 on SIGINT/SIGTERM."""
    from tui.emulator.config import EmulatorConfig
    from tui.emulator.runner import run as run_emulator

    problem = invalid_option(args)
    if problem is not None:
        print(f"calldeck emulator: {problem}", file=sys.stderr)
        return 2
    config = EmulatorConfig(
        host=args.host,
        port=args.port,
        scenario=args.scenario,
        allow_pubnub=not args.no_pubnub,
        newer_call_handling=args.newer_call_handling,
    )
    if args.access_ttl is not None:
        config.access_ttl = args.access_ttl
    if args.subscription_ttl is not None:
        config.subscription_ttl = args.subscription_ttl
    if args.refresh_ttl is not None:
        config.refresh_ttl = args.refresh_ttl
    config.redirect_uris = list(args.redirect_uri or [])
    if args.scopes is not None:
        config.scopes = tuple(args.scopes.split())
    try:
        return run_emulator(config, args.credentials_file)
    except OSError as error:
        print(f"calldeck emulator: cannot start: {error.strerror or error}", file=sys.stderr)
        return 1
