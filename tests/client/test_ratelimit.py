"""Rate-limit bookkeeping: groups per endpoint, penalties on a fake clock, headers."""

from __future__ import annotations

import pytest

from tui.ringcentral.ratelimit import RateLimits, group_for, parse_retry_after

PARTY = "/restapi/v1.0/account/~/telephony/sessions/s-1/parties/p-1"


@pytest.mark.parametrize(
    ("method", "path", "group"),
    [
        ("POST", "/restapi/oauth/token", "auth"),
        ("POST", "/restapi/oauth/wstoken", "auth"),
        ("POST", f"{PARTY}/hold", "light"),
        ("GET", "/restapi/v1.0/account/~/telephony/sessions/s-1", "light"),
        ("POST", "/restapi/v1.0/account/~/telephony/call-out", "heavy"),
        ("GET", "/restapi/v1.0/account/~/presence", "heavy"),
        ("GET", "/restapi/v1.0/account/~/extension/~/presence", "light"),
        ("POST", "/restapi/v1.0/account/~/directory/entries/search", "heavy"),
        ("GET", "/restapi/v1.0/account/~/directory/entries", "medium"),
        ("GET", "/restapi/v1.0/account/~/extension", "medium"),
        ("GET", "/restapi/v1.0/account/~/extension/~", "light"),
        ("POST", "/restapi/v1.0/subscription", "medium"),
        ("POST", "/restapi/v1.0/subscription/abc/renew", "light"),
    ],
)
def test_endpoint_groups(method: str, path: str, group: str) -> None:
    assert group_for(method, path) == group


def test_penalty_blocks_until_it_passes() -> None:
    now = [1000.0]
    limits = RateLimits(lambda: now[0])
    assert limits.wait("light") is None
    limits.block("Light", 20)
    assert limits.wait("light") == pytest.approx(20)
    assert limits.wait("heavy") is None  # groups are separate
    now[0] += 15
    assert limits.wait("LIGHT") == pytest.approx(5)
    now[0] += 5
    assert limits.wait("light") is None


def test_retry_after_defaults_to_30() -> None:
    assert parse_retry_after("7") == 7
    assert parse_retry_after(None) == 30
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 30


def test_headers_are_read() -> None:
    limits = RateLimits(lambda: 5.0)
    named = limits.observe(
        "light",
        {
            "X-Rate-Limit-Group": "Light",
            "X-Rate-Limit-Limit": "50",
            "X-Rate-Limit-Remaining": "49",
            "X-Rate-Limit-Window": "60",
        },
    )
    assert named == "light"
    status = limits.status["light"]
    assert (status.limit, status.remaining, status.window) == (50, 49, 60.0)
