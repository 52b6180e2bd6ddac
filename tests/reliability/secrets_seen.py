"""Every secret value of a session, read from what crossed the wire, and a search for them."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tui.emulator import Emulator

_FORM_KEYS = ("code", "code_verifier", "refresh_token", "token", "assertion", "client_secret")
_BODY_KEYS = ("access_token", "refresh_token", "ws_access_token", "id_token")


def secrets_of(emulator: Emulator) -> set[str]:
    """The JWT, client secret and every token and code the emulator issued or received."""
    found = {emulator.credentials["jwt"], emulator.credentials["clientSecret"]}
    for exchange in emulator.exchanges:
        if not exchange.path.startswith("/restapi/oauth/"):
            continue
        form = parse_qs(exchange.request_body.decode(errors="replace"))
        for key in _FORM_KEYS:
            found.update(form.get(key, []))
        try:
            body = json.loads(exchange.response_body or b"{}")
        except ValueError:
            body = {}
        if isinstance(body, dict):
            found.update(str(body[key]) for key in _BODY_KEYS if body.get(key))
        location = exchange.response_headers.get("Location", "")
        found.update(parse_qs(urlsplit(location).query).get("code", []))
    return {value for value in found if len(value) >= 8}


def leaks(texts: dict[str, str], secrets: set[str]) -> list[str]:
    """`where: which secret` for every secret found in any of the named texts."""
    return [
        f"{where}: {secret[:6]}…"
        for where, text in texts.items()
        for secret in secrets
        if secret in text
    ]


def files_under(root: Path, *, skip: set[Path]) -> dict[str, str]:
    """The text of every file under `root` except `skip` (binary files read leniently)."""
    return {
        str(path.relative_to(root)): path.read_bytes().decode("utf-8", errors="replace")
        for path in sorted(root.rglob("*"))
        if path.is_file() and path not in skip
    }
