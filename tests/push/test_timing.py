"""Renewal timing and reconnect backoff (pure)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from tests.shared import fixture_path
from tui.ringcentral.errors import (
    LONGEST_SERVER_WAIT_S,
    RateLimited,
    ServerError,
    Unreachable,
    server_wait,
)
from tui.ringcentral.push.subscription import subscription_lifetime
from tui.ringcentral.push.timing import Backoff, renew_delay


@pytest.mark.parametrize(("lifetime", "lead"), [(900, 90), (899, 90), (480, 90), (360, 90)])
def test_long_lifetimes_renew_60_to_120_s_before_expiry(lifetime: float, lead: float) -> None:
    assert lifetime - renew_delay(lifetime) == pytest.approx(lead)
    assert 60 <= lifetime - renew_delay(lifetime) <= 120


@pytest.mark.parametrize("lifetime", [2, 4, 10, 60])
def test_short_lifetimes_renew_at_three_quarters(lifetime: float) -> None:
    assert renew_delay(lifetime) == pytest.approx(0.75 * lifetime)


def test_lifetime_prefers_expires_in_and_falls_back_to_expiration_time() -> None:
    import json

    info = json.loads(fixture_path("post_subscription_pubnub_encrypted_response.json").read_text())
    assert subscription_lifetime(info) == 899
    now = datetime(2026, 1, 1, tzinfo=UTC)
    later = (now + timedelta(seconds=300)).isoformat().replace("+00:00", "Z")
    assert subscription_lifetime({"expirationTime": later}, now) == pytest.approx(300)
    assert subscription_lifetime({"expirationTime": "garbage"}, now) == 60.0


def test_backoff_grows_to_its_cap_with_jitter_and_resets() -> None:
    backoff = Backoff(0.5, 4.0, random.Random(7))
    delays = [backoff.next_delay() for _ in range(8)]
    ceilings = [0.5, 1, 2, 4, 4, 4, 4, 4]
    for delay, ceiling in zip(delays, ceilings, strict=True):
        assert ceiling / 2 <= delay <= ceiling
    backoff.reset()
    assert backoff.next_delay() <= 0.5


def test_server_wait_is_the_retry_after_a_server_sent_bounded() -> None:
    def maintenance(seconds: float | None) -> ServerError:
        return ServerError("down", status=503, retry_after=seconds)

    assert server_wait(maintenance(30)) == 30
    assert server_wait(RateLimited("slow", status=429, retry_after=2.5)) == 2.5
    assert server_wait(maintenance(None)) == 0
    assert server_wait(Unreachable("no route")) == 0
    assert server_wait(maintenance(-4)) == 0
    assert server_wait(maintenance(86_400)) == LONGEST_SERVER_WAIT_S
