"""The contract fixture really checks our client's requests: a malformed one is caught."""

from __future__ import annotations

import pytest

from tests.client.conftest import Phone
from tests.contract import contract_failures
from tui.emulator import Emulator
from tui.ringcentral.callcontrol import TELEPHONY
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.errors import ApiError


async def test_a_malformed_request_from_calldeck_fails_validation(
    rc: RingCentralClient, emulator: Emulator, phone: Phone
) -> None:
    sid, pid = await phone.answered()
    with pytest.raises(ApiError):
        await rc.post_json(f"{TELEPHONY}/{sid}/parties/{pid}/transfer", {"phoneNumber": 42})
    bad = [ex for ex in emulator.exchanges if ex.path.endswith("/transfer")]
    failures = contract_failures(bad)
    assert failures and "transfer" in failures[0]
    # Take the deliberate mistake out, so the fixture's own check of the run stays green.
    for exchange in bad:
        emulator.exchanges.remove(exchange)
    assert contract_failures(emulator.exchanges) == []
