"""`/restapi/oauth/authorize` and the sign-in page it leads to, as a program or a person
drives them.

As in the spec, `GET` (and `POST`, "authorize2") of `/restapi/oauth/authorize` checks the
request (a known client, `response_type=code`, a `redirect_uri` registered for the app
*exactly*, PKCE for the public app) and redirects (302) to the login form, here
`/emulator/signin`; a refused request is 400 `OauthInvalidRequest` and never redirects (an
unregistered URI: OAU-109 "Redirect URIs do not match"; none registered: OAU-113). The
form posts back to `/emulator/signin` (the person pressing "Allow"), which issues a
single-use code and redirects to the `redirect_uri` with it and the `state`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

from aiohttp import web

from tui.emulator.apps import Apps
from tui.emulator.clock import Clock
from tui.emulator.errors import oauth_error
from tui.emulator.tokens import AuthorizationCode, TokenBook

CODE_TTL = 60.0
AUTHORIZE_PATH = "/restapi/oauth/authorize"
SIGNIN_PATH = "/emulator/signin"
# The fields the form carries from the GET to the POST.
FIELDS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "state",
    "code_challenge",
    "code_challenge_method",
    "scope",
)
_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title></head>
<body style="font-family:sans-serif">
<h1>{title}</h1>
{body}
</body></html>
"""


def _page(title: str, body: str, status: int = 200) -> web.Response:
    text = _PAGE.format(title=html.escape(title), body=body)
    return web.Response(
        text=text, status=status, content_type="text/html", headers={"Cache-Control": "no-store"}
    )


def _fields(source: Mapping[str, Any]) -> dict[str, str]:
    return {name: str(source[name]) for name in FIELDS if name in source}


class AuthorizePage:
    """The authorize endpoint (checks, then on to the form) and the sign-in form itself."""

    def __init__(self, *, apps: Apps, tokens: TokenBook, clock: Clock) -> None:
        self.apps = apps
        self.tokens = tokens
        self.clock = clock

    def add_routes(self, app: web.Application) -> None:
        """Register both methods of the authorize endpoint and the sign-in page."""
        app.router.add_get(AUTHORIZE_PATH, self.authorize)
        app.router.add_post(AUTHORIZE_PATH, self.authorize)
        app.router.add_get(SIGNIN_PATH, self.show)
        app.router.add_post(SIGNIN_PATH, self.approve)

    def _refusal(self, fields: Mapping[str, str]) -> tuple[str, str] | None:
        """(error code, message) for a request RingCentral would refuse, or None."""
        client_id = fields.get("client_id", "")
        if not self.apps.knows(client_id):
            return "OAU-123", "Invalid client: unknown client_id"
        if fields.get("response_type") != "code":
            return "OAU-101", "Parameter [response_type] must be code"
        if not self.apps.redirect_uris:
            return "OAU-113", "No redirect URIs are registered for this application"
        if fields.get("redirect_uri", "") not in self.apps.redirect_uris:
            return "OAU-109", "Redirect URIs do not match"
        if not fields.get("code_challenge") and client_id == self.apps.public_client_id:
            # A public app has no secret: PKCE is what protects its code.
            return "OAU-101", "Parameter [code_challenge] is required"
        if fields.get("code_challenge_method", "plain") not in ("plain", "S256"):
            return "OAU-101", "Unsupported code_challenge_method"
        return None

    def _error_page(self, code: str, message: str) -> web.Response:
        body = f"<p id='error'>{html.escape(code)}: {html.escape(message)}</p>"
        return _page("Sign-in error", body, status=400)

    async def authorize(self, request: web.Request) -> web.Response:
        """GET/POST /restapi/oauth/authorize: 302 to the sign-in form, or 400."""
        source = await request.post() if request.method == "POST" else request.query
        fields = _fields(source)
        refused = self._refusal(fields)
        if refused is not None:
            error = "invalid_client" if refused[0] == "OAU-123" else "invalid_request"
            return oauth_error(400, error, *refused)
        raise web.HTTPFound(f"{SIGNIN_PATH}?{urlencode(fields)}")

    async def show(self, request: web.Request) -> web.Response:
        """GET /emulator/signin: the sign-in page, a form that posts the fields back."""
        fields = _fields(request.query)
        refused = self._refusal(fields)
        if refused is not None:
            return self._error_page(*refused)
        hidden = "\n".join(
            f"<input type='hidden' name='{name}' value='{html.escape(value, quote=True)}'>"
            for name, value in fields.items()
        )
        form = (
            "<p>Allow this app to use your RingCentral account?</p>"
            f"<form id='approve' method='post' action='{SIGNIN_PATH}'>\n{hidden}\n"
            "<button type='submit'>Allow</button></form>"
        )
        return _page("Sign in to RingCentral (emulator)", form)

    async def approve(self, request: web.Request) -> web.Response:
        """POST /emulator/signin: the person approved; a code, then the redirect."""
        fields = _fields(await request.post())
        refused = self._refusal(fields)
        if refused is not None:
            return self._error_page(*refused)
        redirect_uri = fields["redirect_uri"]
        code = self.tokens.new_code(
            AuthorizationCode(
                client_id=fields["client_id"],
                redirect_uri=redirect_uri,
                code_challenge=fields.get("code_challenge", ""),
                code_challenge_method=fields.get("code_challenge_method", "plain"),
                expires_at=self.clock.monotonic() + CODE_TTL,
                scope=fields.get("scope", ""),
            )
        )
        params = {"code": code}
        if "state" in fields:
            params["state"] = fields["state"]
        params["expires_in"] = str(int(CODE_TTL))
        separator = "&" if urlsplit(redirect_uri).query else "?"
        raise web.HTTPFound(redirect_uri + separator + urlencode(params))
