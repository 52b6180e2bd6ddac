"""OAuth endpoints: JWT bearer grant, authorization code with PKCE, refresh, revoke, wstoken.

Two apps are registered: a confidential one (client id + secret, signs in with the JWT in the
credentials line) and a public one (client id only, PKCE S256 from a loopback browser
redirect). Token bodies follow the spec's `TokenInfo`; errors follow `OauthInvalidRequest`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from aiohttp import web

from tui.emulator.clock import Clock
from tui.emulator.directory import ACCOUNT_ID, USER
from tui.emulator.errors import oauth_error
from tui.emulator.identity import OWNER_KEY, TokenOwner
from tui.emulator.tokens import AuthorizationCode, OAuthSession, TokenBook, TokenLookup

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
SCOPE = (
    "CallControl ReadAccounts ReadPresence EditPresence ReadContacts WebSocket"
    " SubscriptionWebSocket ReadCallLog RingOut"
)
CODE_TTL = 60.0
Form = Mapping[str, Any]  # what `await request.post()` returns (a MultiDictProxy)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass(frozen=True, slots=True)
class Apps:
    """The registered client applications and the JWT credential of the signed-in user."""

    client_id: str
    client_secret: str
    jwt: str
    public_client_id: str

    @classmethod
    def generate(cls) -> Apps:
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
        )


def _invalid(error: str, code: str, message: str) -> web.Response:
    return oauth_error(400, error, code, message)


def _basic_client(request: web.Request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, _, secret = decoded.partition(":")
    return client_id, secret


def _is_loopback_redirect(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme == "http" and (parts.hostname or "") in LOOPBACK_HOSTS


def _pkce_matches(code: AuthorizationCode, verifier: str) -> bool:
    if code.code_challenge_method == "S256":
        expected = _b64url(hashlib.sha256(verifier.encode()).digest())
    else:
        expected = verifier
    return hmac.compare_digest(expected, code.code_challenge)


class OAuthEndpoints:
    """The /restapi/oauth/* handlers over one `TokenBook`."""

    def __init__(
        self,
        *,
        apps: Apps,
        tokens: TokenBook,
        clock: Clock,
        ws_token: Callable[[TokenOwner], dict],
    ) -> None:
        self.apps = apps
        self.tokens = tokens
        self.clock = clock
        self._ws_token = ws_token

    def add_routes(self, app: web.Application) -> None:
        """Register the OAuth routes on `app`."""
        app.router.add_get("/restapi/oauth/authorize", self.authorize)
        app.router.add_post("/restapi/oauth/token", self.token)
        app.router.add_post("/restapi/oauth/revoke", self.revoke)
        app.router.add_post("/restapi/oauth/wstoken", self.wstoken)

    def _token_info(self, session: OAuthSession) -> web.Response:
        body = {
            "access_token": session.access_token,
            "token_type": "bearer",
            "expires_in": int(session.access_ttl),
            "refresh_token": session.refresh_token,
            "refresh_token_expires_in": int(session.refresh_ttl),
            "scope": SCOPE,
            "owner_id": session.owner.extension_id,
            "endpoint_id": secrets.token_urlsafe(16),
            "session_id": session.session_id,
        }
        # RingCentral marks token responses uncacheable (RFC 6749 §5.1).
        return web.json_response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    def _open(self, client_id: str) -> OAuthSession:
        return self.tokens.open_session(
            {"account_id": ACCOUNT_ID, "extension_id": USER.id, "client_id": client_id}
        )

    def _confidential_ok(self, request: web.Request) -> bool:
        basic = _basic_client(request)
        return basic is not None and (
            hmac.compare_digest(basic[0], self.apps.client_id)
            and hmac.compare_digest(basic[1], self.apps.client_secret)
        )

    async def token(self, request: web.Request) -> web.Response:
        """POST /restapi/oauth/token for the JWT, authorization code and refresh grants."""
        if request.content_type != "application/x-www-form-urlencoded":
            return oauth_error(415, "invalid_request", "OAU-250", "Unsupported Media Type")
        form = await request.post()
        grant = str(form.get("grant_type", ""))
        if grant == JWT_GRANT:
            return self._jwt_grant(request, str(form.get("assertion", "")))
        if grant == "authorization_code":
            return self._code_grant(request, form)
        if grant == "refresh_token":
            return self._refresh_grant(request, form)
        if not grant:
            return _invalid("invalid_request", "OAU-101", "Parameter [grant_type] is missing")
        return _invalid("unsupported_grant_type", "OAU-112", "Unsupported grant type")

    def _jwt_grant(self, request: web.Request, assertion: str) -> web.Response:
        if not self._confidential_ok(request):
            return _invalid("invalid_client", "OAU-123", "Invalid client: client credentials")
        if not assertion or not hmac.compare_digest(assertion, self.apps.jwt):
            return _invalid("invalid_grant", "OAU-140", "Invalid resource owner credentials")
        return self._token_info(self._open(self.apps.client_id))

    def _client_refused(self, request: web.Request, form: Form) -> web.Response | None:
        """Public clients name themselves; confidential ones use Basic auth."""
        if form.get("client_id") == self.apps.public_client_id or self._confidential_ok(request):
            return None
        return _invalid("invalid_client", "OAU-123", "Invalid client: client credentials")

    def _code_grant(self, request: web.Request, form: Form) -> web.Response:
        get = form.get
        refused = self._client_refused(request, form)
        if refused is not None:
            return refused
        code = self.tokens.take_code(str(get("code", "")))
        if code is None:
            return _invalid("invalid_grant", "OAU-106", "Invalid authorization code")
        if code.redirect_uri != str(get("redirect_uri", "")):
            return _invalid("invalid_grant", "OAU-109", "Redirect URI mismatch")
        if code.code_challenge and not _pkce_matches(code, str(get("code_verifier", ""))):
            return _invalid("invalid_grant", "OAU-106", "Invalid code_verifier")
        return self._token_info(self._open(code.client_id))

    def _refresh_grant(self, request: web.Request, form: Form) -> web.Response:
        refused = self._client_refused(request, form)
        if refused is not None:
            return refused
        result = self.tokens.refresh(str(form.get("refresh_token", "")))
        if result == TokenLookup.EXPIRED:
            return _invalid("invalid_grant", "OAU-211", "Token is expired")
        if not isinstance(result, OAuthSession):
            return _invalid("invalid_grant", "OAU-211", "Token is revoked or not found")
        return self._token_info(result)

    async def revoke(self, request: web.Request) -> web.Response:
        """POST /restapi/oauth/revoke: end the whole session of an access or refresh token."""
        form = await request.post()
        token = str(form.get("token") or request.query.get("token", ""))
        if not token:
            return _invalid("invalid_request", "OAU-101", "Parameter [token] is missing")
        self.tokens.revoke(token)
        # RFC 7009: revoking an unknown token is not an error.
        return web.Response(status=200)

    async def wstoken(self, request: web.Request) -> web.Response:
        """POST /restapi/oauth/wstoken: a WebSocket gateway token for the caller."""
        return web.json_response(self._ws_token(request[OWNER_KEY]))

    async def authorize(self, request: web.Request) -> web.Response:
        """GET /restapi/oauth/authorize: approve at once and redirect with a code."""
        query = request.query
        if query.get("client_id") not in (self.apps.public_client_id, self.apps.client_id):
            return _invalid("invalid_client", "OAU-123", "Invalid client: unknown client_id")
        if query.get("response_type") != "code":
            return _invalid("unsupported_response_type", "OAU-101", "response_type must be code")
        redirect_uri = query.get("redirect_uri", "")
        if not _is_loopback_redirect(redirect_uri):
            return _invalid("invalid_request", "OAU-109", "Redirect URI is not registered")
        challenge = query.get("code_challenge", "")
        if not challenge and query["client_id"] == self.apps.public_client_id:
            # A public app has no secret: PKCE is what protects its code.
            return _invalid("invalid_request", "OAU-101", "code_challenge is required")
        method = query.get("code_challenge_method", "plain")
        if method not in ("plain", "S256"):
            return _invalid("invalid_request", "OAU-101", "Unsupported code_challenge_method")
        code = self.tokens.new_code(
            AuthorizationCode(
                client_id=query["client_id"],
                redirect_uri=redirect_uri,
                code_challenge=challenge,
                code_challenge_method=method,
                expires_at=self.clock.monotonic() + CODE_TTL,
            )
        )
        params = {"code": code}
        if "state" in query:
            params["state"] = query["state"]
        params["expires_in"] = str(int(CODE_TTL))
        separator = "&" if urlsplit(redirect_uri).query else "?"
        raise web.HTTPFound(redirect_uri + separator + urlencode(params))
