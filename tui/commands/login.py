"""`calldeck login [--jwt] [--server production|sandbox|URL] [--no-browser] [--timeout S]
[--redirect-uri URI]`."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import webbrowser

from tui.ringcentral.auth import (
    DEFAULT_REDIRECT_URI,
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
    ENV_JWT,
    BadRedirectUri,
    Credentials,
    RedirectUri,
    credentials_from_env,
)
from tui.ringcentral.browser_login import browser_sign_in
from tui.ringcentral.cli_support import run_command
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.errors import CalldeckError
from tui.ringcentral.servers import resolve_server, server_label
from tui.ringcentral.signin import config_setting, default_server, public_client_id
from tui.ringcentral.tokens import SavedSignIn, TokenStore

log = logging.getLogger("calldeck.ringcentral")


class MissingCredential(CalldeckError):
    """A value the sign-in needs was not given."""

    title = "Sign-in needs more"


def _ask(prompt: str, *, secret: bool) -> str:
    """Read one value from the terminal (without echo for secrets)."""
    try:
        value = getpass.getpass(prompt) if secret else input(prompt)
    except EOFError:
        value = ""
    value = value.strip()
    if not value:
        raise MissingCredential(f"No {prompt.rstrip(': ').lower()} given; sign-in cancelled.")
    return value


def jwt_credentials(server_arg: str | None) -> Credentials:
    """JWT credentials from the environment, prompting for whatever is missing."""
    server = resolve_server(server_arg) if server_arg else default_server()
    from_env = credentials_from_env()
    if from_env is not None:
        return Credentials(server, from_env.client_id, from_env.client_secret, from_env.jwt)
    client_id = os.environ.get(ENV_CLIENT_ID) or _ask("Client ID: ", secret=False)
    secret = os.environ.get(ENV_CLIENT_SECRET) or _ask("Client secret: ", secret=True)
    jwt = os.environ.get(ENV_JWT) or _ask("JWT credential: ", secret=True)
    return Credentials(server, client_id, secret, jwt)


def redirect_uri(arg: str | None) -> str:
    """The redirect URI to listen on: --redirect-uri, then `redirect_uri` in the config,
    then calldeck's default. One clear line when it is not a loopback http URI."""
    value = arg or config_setting("redirect_uri") or DEFAULT_REDIRECT_URI
    try:
        return RedirectUri.parse(value).uri
    except BadRedirectUri as exc:
        raise CalldeckError(str(exc)) from None


def _announcer(timeout: float, redirect: str):
    def announce(url: str) -> None:
        print(f"Redirect URI (register exactly this for your app): {redirect}", flush=True)
        print("Sign in to RingCentral in your browser:", flush=True)
        print(f"  {url}", flush=True)
        print(f"Waiting up to {timeout:g} s for the browser...", flush=True)

    return announce


async def _revoke_quietly(previous: SavedSignIn) -> None:
    """End the sign-in this login replaces, so it does not linger on the server."""
    credentials = Credentials(previous.server, previous.client_id, previous.client_secret)
    async with RingCentralClient(credentials, previous.tokens) as old:
        try:
            await old.revoke()
        except CalldeckError as exc:  # it expires by itself; the new sign-in is what matters
            log.info("could not revoke the previous sign-in: %s", exc.message)


async def _login(args: argparse.Namespace) -> int:
    store = TokenStore()
    previous = store.load()
    if args.jwt:
        client = await RingCentralClient.sign_in_jwt(jwt_credentials(args.server), store=store)
    else:
        if not args.timeout > 0:
            raise CalldeckError(f"--timeout must be more than 0 seconds, not {args.timeout:g}.")
        server = resolve_server(args.server) if args.server else default_server()
        redirect = redirect_uri(args.redirect_uri)
        client_id = public_client_id()
        if not client_id:
            raise MissingCredential(
                "Browser sign-in needs your app's client id: set RINGCENTRAL_CLIENT_ID "
                "(or client_id in the config file), or use `calldeck login --jwt`."
            )
        client = await browser_sign_in(
            server,
            client_id,
            announce=_announcer(args.timeout, redirect),
            open_browser=None if args.no_browser else webbrowser.open,
            timeout=args.timeout,
            store=store,
            redirect_uri=redirect,
        )
    async with client:
        me = await client.extension_info()
    if previous is not None:
        await _revoke_quietly(previous)
    who = me.get("name") or "extension"
    number = me.get("extensionNumber")
    print(
        f"Signed in as {who}"
        + (f" (ext {number})" if number else "")
        + f" on {server_label(client.server)}; sign-in saved in the {store.backend}."
    )
    return 0


def run(args: argparse.Namespace) -> int:
    """Sign in (browser PKCE by default, JWT with --jwt) and save the sign-in."""
    return run_command(lambda: _login(args))
