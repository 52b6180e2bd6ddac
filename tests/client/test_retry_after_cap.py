"""Issue 14 #5: a 429 with a day-long `Retry-After` does not silence calldeck for a day.

The penalty is capped at 300 s (as 5xx waits are), the person is told the server's figure
and when calldeck tries again, and after the cap one request goes out: with the limit
lifted meanwhile, it succeeds."""

from __future__ import annotations

import pytest

from tests.client.conftest import emulator_requests, set_fault
from tui.emulator import Emulator
from tui.ringcentral.auth import Credentials
from tui.ringcentral.client import ME_PATH, RingCentralClient
from tui.ringcentral.errors import RateLimited

DAY = 86_400
CAP = 300  # seconds: the longest wait calldeck keeps (tui.ringcentral.ratelimit)


async def test_a_day_long_retry_after_is_capped(
    jwt_credentials: Credentials, emulator: Emulator
) -> None:
    now = [5_000_000.0]
    client = await RingCentralClient.sign_in_jwt(jwt_credentials, now=lambda: now[0])
    async with client:
        rule = {"group": "Light", "limit": 1, "windowSeconds": 60, "penaltySeconds": DAY}
        await set_fault(emulator, rateLimit=rule)
        caught: RateLimited | None = None
        for _ in range(3):  # bounded: the limit is 1
            try:
                await client.get_json(ME_PATH)
            except RateLimited as error:
                caught = error
                break
        assert caught is not None and caught.status == 429
        assert caught.message == (
            f"RingCentral asked us to slow down for {DAY} s; calldeck tries again in 300 s."
        )
        assert caught.retry_after == CAP
        await set_fault(emulator, rateLimit=None)  # the limit is lifted
        sent = len(await emulator_requests(emulator))
        now[0] += CAP - 1
        with pytest.raises(RateLimited, match="try again in 1 s"):
            await client.get_json(ME_PATH)
        assert len(await emulator_requests(emulator)) == sent
        now[0] += 1
        assert (await client.get_json(ME_PATH))["id"]
