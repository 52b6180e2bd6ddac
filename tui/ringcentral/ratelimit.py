"""Rate-limit bookkeeping per RingCentral throttling group (Light, Medium, Heavy, Auth).

Every request sent during a 429 penalty restarts the penalty (the "429 trap",
ringcentral-api.md §6), so after a 429 nothing more is sent to that group until
`Retry-After` (else 30 s) has passed: callers get `RateLimited` locally instead.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

DEFAULT_RETRY_AFTER = 30.0
# The longest 429 penalty kept (as for 5xx waits): a `Retry-After` of a day must not stop
# every request for a day after the limit is lifted. After it, one request tries again.
LONGEST_PENALTY = 300.0

# (method or None for any, path pattern, group), first match wins; from the spec's
# x-throttling-group (ringcentral-api.md §1 and §6). Anything else is Light.
_GROUP_RULES: tuple[tuple[str | None, re.Pattern[str], str], ...] = (
    (None, re.compile(r"^/restapi/oauth/"), "auth"),
    ("POST", re.compile(r"/telephony/(call-out|conference)$"), "heavy"),
    ("GET", re.compile(r"^/restapi/v1\.0/account/[^/]+/presence$"), "heavy"),
    ("POST", re.compile(r"/directory/entries/search$"), "heavy"),
    ("GET", re.compile(r"^/restapi/v1\.0/account/[^/]+/extension$"), "medium"),
    ("GET", re.compile(r"/directory/entries(/[^/]+)?$"), "medium"),
    ("POST", re.compile(r"^/restapi/v1\.0/subscription$"), "medium"),
    ("PUT", re.compile(r"^/restapi/v1\.0/subscription/[^/]+$"), "medium"),
    ("DELETE", re.compile(r"^/restapi/v1\.0/subscription/[^/]+$"), "medium"),
)


def group_for(method: str, path: str) -> str:
    """The throttling group (lower case) of one endpoint."""
    method = method.upper()
    for rule_method, pattern, group in _GROUP_RULES:
        if (rule_method is None or rule_method == method) and pattern.search(path):
            return group
    return "light"


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds from a `Retry-After` header (delta seconds), or None when absent or unparsable."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def parse_retry_after(value: str | None) -> float:
    """Seconds from a 429's `Retry-After` header; 30 s when absent or unparsable."""
    seconds = retry_after_seconds(value)
    return DEFAULT_RETRY_AFTER if seconds is None else seconds


@dataclass(frozen=True, slots=True)
class GroupStatus:
    """What the last `X-Rate-Limit-*` headers said about one group."""

    limit: int | None
    remaining: int | None
    window: float | None
    seen_at: float


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class RateLimits:
    """Per-group penalties and the latest quota headers, on an injectable clock."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._blocked_until: dict[str, float] = {}
        self.status: dict[str, GroupStatus] = {}

    def wait(self, group: str) -> float | None:
        """Seconds until `group` may be used again, or None if it may be used now."""
        until = self._blocked_until.get(group.lower())
        if until is None:
            return None
        remaining = until - self._now()
        if remaining <= 0:
            del self._blocked_until[group.lower()]
            return None
        return remaining

    def block(self, group: str, seconds: float) -> None:
        """Send nothing to `group` for `seconds`."""
        self._blocked_until[group.lower()] = self._now() + seconds

    def observe(self, group: str, headers: Mapping[str, str]) -> str:
        """Record the `X-Rate-Limit-*` headers of a response; returns the group they name
        (the server's `X-Rate-Limit-Group`, else the endpoint's own group)."""
        named = (headers.get("X-Rate-Limit-Group") or group).lower()
        limit = _int(headers.get("X-Rate-Limit-Limit"))
        remaining = _int(headers.get("X-Rate-Limit-Remaining"))
        window = _int(headers.get("X-Rate-Limit-Window"))
        if limit is not None or remaining is not None:
            self.status[named] = GroupStatus(
                limit=limit,
                remaining=remaining,
                window=float(window) if window is not None else None,
                seen_at=self._now(),
            )
        return named
