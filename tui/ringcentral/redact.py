"""A logging filter that masks tokens and secrets, wherever they turn up in a record.

Install it on the handlers that write logs (`install_redaction(handler)`). Values the
client knows are secret (tokens, client secret, JWT) are registered with
`register_secret`; patterns catch bearer headers and OAuth form/JSON fields besides.
"""

from __future__ import annotations

import logging
import re
import threading

MASK = "***"
# Shorter values are not worth masking and would garble ordinary text.
_MIN_SECRET_LENGTH = 8

_PATTERNS = (
    re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+"),
    re.compile(
        r"(?i)\b(access_token|refresh_token|ws_access_token|id_token|assertion|client_secret"
        r"|code_verifier|jwt|password|secret)"
        r"(\"?\s*[:=]\s*\"?)([^\s\"&,;}']+)"
    ),
    # OAuth values in query strings: `?code=...`, `&token=...`, `&state=...`.
    re.compile(r"(?i)([?&](?:code|token|state))(=)([^\s&#\"']+)"),
)
# User info in a URL: `http://user:password@host` (a password typed into --server).
_USER_INFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@\"']+(?=@)")

_secrets: set[str] = set()
_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Remember a value that must never appear in a log line."""
    if value and len(value) >= _MIN_SECRET_LENGTH:
        with _lock:
            _secrets.add(value)


def redact_message(text: str) -> str:
    """`text` with every known secret and a URL's user info masked (for sentences shown to
    a person, where `redact`'s `name: value` patterns would garble prose like "JWT: Invalid")."""
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    return _USER_INFO.sub(lambda m: f"{m.group(1)}{MASK}", text)


def redact(text: str) -> str:
    """`text` with every known secret, URL user info and token-shaped field masked."""
    text = redact_message(text)
    text = _PATTERNS[0].sub(lambda m: f"{m.group(1)} {MASK}", text)
    for pattern in _PATTERNS[1:]:
        text = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (and traceback text) with secrets masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the record in place; never drops it."""
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install_redaction(handler: logging.Handler) -> None:
    """Add the redacting filter to `handler` (once)."""
    if not any(isinstance(f, RedactingFilter) for f in handler.filters):
        handler.addFilter(RedactingFilter())
