"""OAuth pieces: app credentials, the token-request forms of each grant, client auth, PKCE.

Grants (ringcentral-api.md §5): JWT bearer with HTTP Basic client auth (confidential
apps), authorization code + PKCE S256 with `client_id` in the body and no secret
(public apps), and refresh, which authenticates the same way the sign-in did.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from tui.ringcentral.redact import register_secret
from tui.ringcentral.servers import resolve_server

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TOKEN_PATH = "/restapi/oauth/token"
REVOKE_PATH = "/restapi/oauth/revoke"
AUTHORIZE_PATH = "/restapi/oauth/authorize"

# calldeck's fixed redirect URI: RingCentral accepts only a URI registered for the app,
# exactly, so the listener cannot pick a random port.
DEFAULT_REDIRECT_URI = "http://127.0.0.1:53135/callback"
REDIRECT_HOSTS = ("127.0.0.1", "localhost")

# The environment variable names RingCentral's own samples use.
ENV_SERVER = "RINGCENTRAL_SERVER_URL"
ENV_CLIENT_ID = "RINGCENTRAL_CLIENT_ID"
ENV_CLIENT_SECRET = "RINGCENTRAL_CLIENT_SECRET"
ENV_JWT = "RINGCENTRAL_JWT"


@dataclass(frozen=True)
class Credentials:
    """An app (client id, optional secret) on a server, plus a JWT credential if any."""

    server: str
    client_id: str
    client_secret: str | None = field(default=None, repr=False)
    jwt: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        register_secret(self.client_secret)
        register_secret(self.jwt)

    @property
    def confidential(self) -> bool:
        """True for apps with a secret (Basic client auth); False for public PKCE apps."""
        return bool(self.client_secret)


def credentials_from_env(environ: Mapping[str, str] | None = None) -> Credentials | None:
    """JWT credentials from RINGCENTRAL_* variables, or None unless id, secret and JWT are all set."""
    env = os.environ if environ is None else environ
    client_id = env.get(ENV_CLIENT_ID, "").strip()
    secret = env.get(ENV_CLIENT_SECRET, "").strip()
    jwt = env.get(ENV_JWT, "").strip()
    if not (client_id and secret and jwt):
        return None
    return Credentials(
        server=resolve_server(env.get(ENV_SERVER) or None),
        client_id=client_id,
        client_secret=secret,
        jwt=jwt,
    )


def client_auth(client_id: str, client_secret: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """(headers, extra form fields) that authenticate the app at the token/revoke endpoints."""
    if client_secret:
        pair = f"{client_id}:{client_secret}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}, {}
    return {}, {"client_id": client_id}


def jwt_grant_form(jwt: str) -> dict[str, str]:
    """Token request form of the JWT bearer grant."""
    return {"grant_type": JWT_GRANT, "assertion": jwt}


def code_grant_form(code: str, redirect_uri: str, code_verifier: str) -> dict[str, str]:
    """Token request form of the authorization-code grant with PKCE."""
    return {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": code_verifier,
    }


def refresh_grant_form(refresh_token: str) -> dict[str, str]:
    """Token request form of the refresh grant."""
    return {"grant_type": "refresh_token", "refresh_token": refresh_token}


class BadRedirectUri(ValueError):
    """A redirect URI calldeck cannot listen on."""


@dataclass(frozen=True)
class RedirectUri:
    """A loopback redirect URI calldeck can listen on: `http://127.0.0.1:<port>/<path>`."""

    uri: str
    host: str
    port: int
    path: str

    @classmethod
    def parse(cls, uri: str) -> RedirectUri:
        """Check `uri`; BadRedirectUri (with the reason) unless it is an http loopback URI
        with an explicit port and a path."""
        from urllib.parse import urlsplit

        allowed = "it must be http://127.0.0.1:<port>/<path> or http://localhost:<port>/<path>"
        try:
            parts = urlsplit(uri.strip())
            port = parts.port
        except ValueError:
            raise BadRedirectUri(
                f"{uri!r} is not a redirect URI calldeck can use: {allowed}."
            ) from None
        host = parts.hostname or ""
        if (
            parts.scheme != "http"
            or host not in REDIRECT_HOSTS
            or not port
            or len(parts.path) < 2
            or parts.username
            or parts.password
            or parts.query
            or parts.fragment
        ):
            raise BadRedirectUri(
                f"{uri!r} is not a redirect URI calldeck can use: {allowed}."
            ) from None
        return cls(uri=uri.strip(), host=host, port=port, path=parts.path)


@dataclass(frozen=True)
class Pkce:
    """A PKCE verifier and its S256 challenge (RFC 7636)."""

    verifier: str = field(repr=False)
    challenge: str

    @classmethod
    def new(cls) -> Pkce:
        """A fresh random verifier (64 URL-safe characters) and its challenge."""
        verifier = secrets.token_urlsafe(48)
        digest = hashlib.sha256(verifier.encode("ascii")).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
        register_secret(verifier)
        return cls(verifier=verifier, challenge=challenge)


def new_state() -> str:
    """An unguessable `state` value that ties the redirect to this sign-in."""
    return secrets.token_urlsafe(24)


def authorize_url(server: str, client_id: str, redirect_uri: str, state: str, pkce: Pkce) -> str:
    """The URL a person opens to sign in (authorization code flow, PKCE S256)."""
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "state": state,
            "code_challenge": pkce.challenge,
            "code_challenge_method": "S256",
        }
    )
    return f"{server}{AUTHORIZE_PATH}?{query}"
