"""The client applications registered with the emulator, as in RingCentral's Developer Console.

Two apps share one set of registered redirect URIs and granted permissions: a confidential
one (client id + secret; signs in with the JWT of the credentials line) and a public one
(client id only; "client-side web app", PKCE S256 from a loopback browser redirect).
RingCentral matches `redirect_uri` exactly against the registered list (no wildcards, at
most 10 per app) and grants only the permissions ticked for the app: the token response's
`scope` lists them, and an endpoint that needs another answers 403 CMN-401.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field

from tui.emulator.directory import USER
from tui.emulator.operations import all_operations

# calldeck's default redirect URI (`calldeck login` without --redirect-uri).
DEFAULT_REDIRECT_URI = "http://127.0.0.1:53135/callback"
MAX_REDIRECT_URIS = 10


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def every_permission() -> tuple[str, ...]:
    """Every app permission the spec names (`x-app-permission`), sorted."""
    return tuple(sorted({op.permission for op in all_operations() if op.permission}))


@dataclass(slots=True)
class Apps:
    """The registered client applications and the JWT credential of the signed-in user."""

    client_id: str
    client_secret: str
    jwt: str
    public_client_id: str
    redirect_uris: list[str] = field(default_factory=lambda: [DEFAULT_REDIRECT_URI])
    permissions: tuple[str, ...] = field(default_factory=every_permission)

    @classmethod
    def generate(
        cls,
        redirect_uris: list[str] | None = None,
        permissions: tuple[str, ...] | None = None,
    ) -> Apps:
        """Fresh random credentials; the JWT looks like RingCentral's (header.claims.sig)."""
        header = _b64url(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
        claims = _b64url(
            json.dumps({"aud": "calldeck-emulator", "sub": USER.id, "iss": "calldeck"}).encode()
        )
        return cls(
            client_id=secrets.token_urlsafe(16),
            client_secret=secrets.token_urlsafe(32),
            jwt=f"{header}.{claims}.{_b64url(secrets.token_bytes(32))}",
            public_client_id=secrets.token_urlsafe(16),
            redirect_uris=list(redirect_uris) if redirect_uris else [DEFAULT_REDIRECT_URI],
            permissions=permissions if permissions is not None else every_permission(),
        )

    @property
    def scope(self) -> str:
        """The granted permissions as the token response's `scope` lists them."""
        return " ".join(self.permissions)

    def grants(self, permission: str | None) -> bool:
        """True when an endpoint needing `permission` (None: none) may be called."""
        return permission is None or permission in self.permissions

    def knows(self, client_id: str) -> bool:
        """True for the client id of either registered app."""
        return client_id in (self.client_id, self.public_client_id)


def valid_redirect_uri(uri: str) -> bool:
    """True for an absolute URI without a fragment (what RingCentral lets an app register)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(uri)
    except ValueError:
        return False
    return bool(parts.scheme and parts.netloc) and not parts.fragment


def unknown_permissions(names: list[str]) -> list[str]:
    """The names in `names` that are not permissions of the spec (for `--scopes`)."""
    known = set(every_permission())
    return [name for name in names if name not in known]
