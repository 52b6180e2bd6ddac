"""Which RingCentral server to talk to: production, sandbox, or any URL (the emulator)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from tui.ringcentral.errors import CalldeckError
from tui.ringcentral.redact import redact_message

SERVERS: dict[str, str] = {
    "production": "https://platform.ringcentral.com",
    "sandbox": "https://platform.devtest.ringcentral.com",
}
DEFAULT_SERVER = SERVERS["production"]


class BadServer(CalldeckError):
    """A --server value that is neither a known name nor a usable URL."""

    title = "Unknown server"


def is_loopback(url: str) -> bool:
    """True when `url` points at this machine (127.0.0.0/8, ::1 or localhost)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_server(name_or_url: str | None) -> str:
    """Turn `production`, `sandbox` or a URL into a base URL without a trailing slash.

    Plain http is only accepted for loopback servers (the emulator): tokens never
    travel unencrypted over a network.
    """
    if not name_or_url:
        return DEFAULT_SERVER
    text = name_or_url.strip()
    if text.lower() in SERVERS:
        return SERVERS[text.lower()]
    shown = redact_message(text)
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise BadServer(
            f"{shown!r} is not a valid URL (check the brackets and the port); "
            "use production, sandbox or a URL like https://host."
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadServer(
            f"{shown!r} is not a server: use production, sandbox or a URL like https://host."
        )
    if parts.username is not None or parts.password is not None:
        raise BadServer(
            f"{shown} carries a user name or password; leave them out: "
            "calldeck signs in with `calldeck login`."
        )
    if parts.scheme == "http" and not is_loopback(text):
        raise BadServer(f"{shown} must use https: only servers on this computer may use http.")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def server_label(url: str) -> str:
    """A short name for a server URL: `production`, `sandbox` or the URL itself."""
    for name, known in SERVERS.items():
        if known == url:
            return name
    return url
