"""How every command finds its sign-in.

Order: a complete JWT credential in the environment (RINGCENTRAL_SERVER_URL,
RINGCENTRAL_CLIENT_ID, RINGCENTRAL_CLIENT_SECRET, RINGCENTRAL_JWT, the names RingCentral's
samples use; its session is shared by every process through the token store), else the
sign-in `calldeck login` saved. Anything else is SignInRequired with
a sentence that says what to do.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from tui.ringcentral.auth import ENV_CLIENT_ID, ENV_SERVER, Credentials, credentials_from_env
from tui.ringcentral.client import NOT_SIGNED_IN, RingCentralClient
from tui.ringcentral.errors import CalldeckError, SignInRequired
from tui.ringcentral.servers import resolve_server, server_label
from tui.ringcentral.tokens import TokenStore

log = logging.getLogger("calldeck.ringcentral")


def config_setting(name: str) -> str | None:
    """A top-level string setting (`server`, `client_id`) from the config file, or None.

    Read with tomllib directly rather than through `tui.config`: its full validation
    loads Textual (themes, keymap), which the client must not import. A broken file is
    reported by the UI; here it simply gives nothing.
    """
    import tomllib

    from tui.paths import config_file

    try:
        with config_file().open("rb") as handle:
            value = tomllib.load(handle).get(name)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        log.debug("config not used: %s", type(exc).__name__)
        return None
    except UnicodeDecodeError as exc:
        # Not "nothing": the file may name the server, and guessing would sign in elsewhere.
        from tui.config import not_utf8_message

        raise CalldeckError(not_utf8_message(config_file(), exc)) from None
    return value.strip() or None if isinstance(value, str) else None


def default_server(environ: Mapping[str, str] | None = None) -> str:
    """The server to use when none is given: env, then config, then production."""
    env = os.environ if environ is None else environ
    return resolve_server(env.get(ENV_SERVER) or config_setting("server") or None)


def target_server(server: str | None = None) -> str:
    """The server a command would talk to: --server, the environment's JWT sign-in, the
    saved sign-in, then the default. Raises BadServer for an unusable --server."""
    if server:
        return resolve_server(server)
    credentials = credentials_from_env()
    if credentials is not None:
        return credentials.server
    saved = TokenStore().load()
    return saved.server if saved is not None else default_server()


def public_client_id(environ: Mapping[str, str] | None = None) -> str | None:
    """The client id for browser (PKCE) sign-in: env RINGCENTRAL_CLIENT_ID, then config."""
    env = os.environ if environ is None else environ
    value = env.get(ENV_CLIENT_ID) or config_setting("client_id")
    return str(value).strip() if value else None


async def sign_in(
    server: str | None = None,
    *,
    store: TokenStore | None = None,
    environ: Mapping[str, str] | None = None,
    **options: Any,
) -> RingCentralClient:
    """A signed-in client: from the environment's JWT credential, else the saved sign-in.

    `server` (a --server value) overrides the environment's server and must match the
    saved sign-in's. Raises SignInRequired, SignInFailed, Unreachable.
    """
    wanted = resolve_server(server) if server else None
    credentials = credentials_from_env(environ)
    if credentials is not None:
        if wanted:
            credentials = replace(credentials, server=wanted)
        return await shared_jwt_session(credentials, **options)
    store = store if store is not None else TokenStore()
    saved = store.load()
    if saved is None:
        raise SignInRequired(NOT_SIGNED_IN)
    if wanted and wanted != saved.server:
        raise SignInRequired(
            f"You are signed in to {server_label(saved.server)}, not {server_label(wanted)}; "
            f"run `calldeck login --server {server}` first."
        )
    return RingCentralClient.from_saved(store, **options)


async def shared_jwt_session(credentials: Credentials, **options: Any) -> RingCentralClient:
    """A client on the JWT sign-in every process with these credentials shares.

    RingCentral keeps about five sessions per user and app and ends the oldest beyond
    that, so a session per `calldeck status` would end a running `watch`. The session is
    kept in the token store under a fingerprint of server, app and JWT; the first process
    opens it (under the lock, so ten starting at once open one), the others reuse it.
    """
    assert credentials.jwt is not None
    store = TokenStore.for_jwt(credentials.server, credentials.client_id, credentials.jwt)
    async with store.lock():
        saved = store.load()
        now = options.get("now", time.time)()
        if (
            saved is not None
            and (saved.server, saved.client_id) == (credentials.server, credentials.client_id)
            and (saved.tokens.refresh_usable(now) or now < saved.tokens.expires_at)
        ):
            return RingCentralClient.from_saved(
                store, saved=saved, credentials=credentials, **options
            )
        return await RingCentralClient.sign_in_jwt(credentials, store=store, **options)


# The name the push and UI engineers code against.
signed_in_client = sign_in
