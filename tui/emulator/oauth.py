"""OAuth endpoints: JWT bearer grant, authorization code with PKCE, refresh, revoke, wstoken.

The apps are in `tui.emulator.apps`, the sign-in page in `tui.emulator.authorize`. Token
bodies follow the spec's `TokenInfo`; errors follow `OauthInvalidRequest`. Every grant
takes the spec's `BaseTokenRequest` fields: `access_token_ttl` (600-3600 s),
`refresh_token_ttl` (0-2592000 s; 0 issues no refresh token) and `scope` (a subset of the
app's permissions).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import web

from tui.emulator.apps import Apps
from tui.emulator.authorize import AuthorizePage
from tui.emulator.clock import Clock
from tui.emulator.directory import ACCOUNT_ID, USER
from tui.emulator.errors import oauth_error
from tui.emulator.identity import OWNER_KEY, TokenOwner
from tui.emulator.tokens import AuthorizationCode, OAuthSession, TokenBook, TokenLookup

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
Form = Mapping[str, Any]  # what `await request.post()` returns (a MultiDictProxy)
# The spec's bounds (`BaseTokenRequest`).
ACCESS_TTL_RANGE = (600, 3600)
REFRESH_TTL_RANGE = (0, 2592000)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class BadRequest(Exception):
    """A token request field out of the spec's bounds; carries the error response."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


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


def _pkce_matches(code: AuthorizationCode, verifier: str) -> bool:
    if code.code_challenge_method == "S256":
        expected = _b64url(hashlib.sha256(verifier.encode()).digest())
    else:
        expected = verifier
    return hmac.compare_digest(expected, code.code_challenge)


def _ttl(form: Form, name: str, bounds: tuple[int, int]) -> float | None:
    """A lifetime field of the token request, None when absent; BadRequest when invalid."""
    raw = form.get(name)
    if raw is None or raw == "":
        return None
    low, high = bounds
    try:
        value = int(str(raw))
    except ValueError:
        value = -1
    if not low <= value <= high:
        raise BadRequest(
            _invalid(
                "invalid_request", "OAU-101", f"Parameter [{name}] must be {low}-{high} seconds"
            )
        )
    return float(value)


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
        AuthorizePage(apps=self.apps, tokens=self.tokens, clock=self.clock).add_routes(app)
        app.router.add_post("/restapi/oauth/token", self.token)
        app.router.add_post("/restapi/oauth/revoke", self.revoke)
        app.router.add_post("/restapi/oauth/wstoken", self.wstoken)

    def _token_info(self, session: OAuthSession) -> web.Response:
        body: dict[str, Any] = {
            "access_token": session.access_token,
            "token_type": "bearer",
            "expires_in": int(session.access_ttl),
            "scope": session.scope,
            "owner_id": session.owner.extension_id,
            "endpoint_id": secrets.token_urlsafe(16),
            "session_id": session.session_id,
        }
        if session.refresh_token:
            body["refresh_token"] = session.refresh_token
            body["refresh_token_expires_in"] = int(session.refresh_ttl)
        # RingCentral marks token responses uncacheable (RFC 6749 §5.1).
        return web.json_response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    def _granted(self, requested: str) -> str:
        """The app's permissions, narrowed to those requested (`scope`) if any were."""
        wanted = set(requested.split())
        return " ".join(p for p in self.apps.permissions if not wanted or p in wanted)

    def _open(self, client_id: str, form: Form, requested_scope: str = "") -> OAuthSession:
        return self.tokens.open_session(
            {"account_id": ACCOUNT_ID, "extension_id": USER.id, "client_id": client_id},
            access_ttl=_ttl(form, "access_token_ttl", ACCESS_TTL_RANGE),
            refresh_ttl=_ttl(form, "refresh_token_ttl", REFRESH_TTL_RANGE),
            scope=self._granted(requested_scope or str(form.get("scope") or "")),
        )

    def _confidential_ok(self, request: web.Request) -> bool:
        basic = _basic_client(request)
        return basic is not None and (
            hmac.compare_digest(basic[0], self.apps.client_id)
            and hmac.compare_digest(basic[1], self.apps.client_secret)
        )

    def _authenticated_client(self, request: web.Request, form: Form) -> str | None:
        """The client id the request proves: Basic auth for the confidential app, the
        `client_id` field for the public one (no secret); None when neither holds."""
        if self._confidential_ok(request):
            return self.apps.client_id
        if _basic_client(request) is None and form.get("client_id") == self.apps.public_client_id:
            return self.apps.public_client_id
        return None

    async def token(self, request: web.Request) -> web.Response:
        """POST /restapi/oauth/token for the JWT, authorization code and refresh grants."""
        if request.content_type != "application/x-www-form-urlencoded":
            return oauth_error(415, "invalid_request", "OAU-250", "Unsupported Media Type")
        form = await request.post()
        grant = str(form.get("grant_type", ""))
        try:
            if grant == JWT_GRANT:
                return self._jwt_grant(request, form)
            if grant == "authorization_code":
                return self._code_grant(request, form)
            if grant == "refresh_token":
                return self._refresh_grant(request, form)
        except BadRequest as bad:
            return bad.response
        if not grant:
            return _invalid("invalid_request", "OAU-101", "Parameter [grant_type] is missing")
        return _invalid("unsupported_grant_type", "OAU-112", "Unsupported grant type")

    def _jwt_grant(self, request: web.Request, form: Form) -> web.Response:
        if not self._confidential_ok(request):
            return _invalid("invalid_client", "OAU-123", "Invalid client: client credentials")
        assertion = str(form.get("assertion", ""))
        if not assertion or not hmac.compare_digest(assertion, self.apps.jwt):
            return _invalid("invalid_grant", "OAU-140", "Invalid resource owner credentials")
        return self._token_info(self._open(self.apps.client_id, form))

    def _code_grant(self, request: web.Request, form: Form) -> web.Response:
        get = form.get
        client_id = self._authenticated_client(request, form)
        if client_id is None:
            return _invalid("invalid_client", "OAU-123", "Invalid client: client credentials")
        code = self.tokens.take_code(str(get("code", "")))
        if code is None or code.client_id != client_id:
            return _invalid("invalid_grant", "OAU-106", "Invalid authorization code")
        if code.redirect_uri != str(get("redirect_uri", "")):
            return _invalid("invalid_grant", "OAU-109", "Redirect URIs do not match")
        if code.code_challenge and not _pkce_matches(code, str(get("code_verifier", ""))):
            return _invalid("invalid_grant", "OAU-106", "Invalid code_verifier")
        return self._token_info(self._open(code.client_id, form, code.scope))

    def _refresh_grant(self, request: web.Request, form: Form) -> web.Response:
        client_id = self._authenticated_client(request, form)
        if client_id is None:
            return _invalid("invalid_client", "OAU-123", "Invalid client: client credentials")
        token = str(form.get("refresh_token", ""))
        session = self.tokens.session_of(token)
        if session is not None and session.owner.client_id != client_id:
            return _invalid("invalid_grant", "OAU-211", "Token is revoked or not found")
        result = self.tokens.refresh(
            token,
            access_ttl=_ttl(form, "access_token_ttl", ACCESS_TTL_RANGE),
            refresh_ttl=_ttl(form, "refresh_token_ttl", REFRESH_TTL_RANGE),
        )
        if result == TokenLookup.EXPIRED:
            return _invalid("invalid_grant", "OAU-211", "Token is expired")
        if not isinstance(result, OAuthSession):
            return _invalid("invalid_grant", "OAU-211", "Token is revoked or not found")
        return self._token_info(result)

    async def revoke(self, request: web.Request) -> web.Response:
        """POST /restapi/oauth/revoke: end the whole session of an access or refresh token.

        A confidential app's session is revoked only with its client credentials (Basic);
        a public app names itself with `client_id`."""
        form = await request.post()
        token = str(form.get("token") or request.query.get("token", ""))
        if not token:
            return _invalid("invalid_request", "OAU-101", "Parameter [token] is missing")
        session = self.tokens.session_of(token)
        client_id = self._authenticated_client(request, form)
        if session is not None and session.owner.client_id != client_id:
            return _invalid("invalid_client", "OAU-123", "Invalid client: client credentials")
        if session is None and client_id is None and _basic_client(request) is not None:
            return _invalid("invalid_client", "OAU-123", "Invalid client: client credentials")
        self.tokens.revoke(token)
        # RFC 7009: revoking an unknown token is not an error.
        return web.Response(status=200)

    async def wstoken(self, request: web.Request) -> web.Response:
        """POST /restapi/oauth/wstoken: a WebSocket gateway token for the caller."""
        return web.json_response(self._ws_token(request[OWNER_KEY]))
