"""RingCentral's state rules, endpoint by endpoint: 409 in the wrong state, nothing changes.

The table is ringcentral-api.md §3: ringing-only actions are refused once answered, and
connected-only actions are refused while ringing.
"""

from __future__ import annotations

import pytest

from tests.emulator.helpers import CallDriver, driver, error_code

__all__ = ["driver"]

DESK = {"deviceId": "805412016"}

# (action, method, body) refused while the call still rings.
CONNECTED_ONLY = [
    ("hold", "POST", None),
    ("unhold", "POST", None),
    ("", "PATCH", {"muted": True}),
    ("transfer", "POST", {"phoneNumber": "+14155550123"}),
    ("park", "POST", None),
    ("flip", "POST", {"callFlipId": "*1"}),
    ("recordings", "POST", None),
    ("pickup", "POST", DESK),
]

# (action, method, body) refused once the call is answered.
RINGING_ONLY = [
    ("forward", "POST", {"phoneNumber": "+14155550123"}),
    ("reject", "POST", None),
    ("reply", "POST", {"replyWithText": "On my way"}),
    ("answer", "POST", DESK),
    ("ignore", "POST", DESK),
    ("pickup", "POST", DESK),
]


def _id(case: tuple) -> str:
    return f"{case[1]} {case[0] or 'party'}"


@pytest.mark.parametrize("case", CONNECTED_ONLY, ids=_id)
async def test_connected_only_actions_are_refused_while_ringing(
    driver: CallDriver, case: tuple
) -> None:
    action, method, body = case
    sid, pid = await driver.ring()
    response = await driver.act(sid, pid, action, method=method, json=body)
    assert response.status_code == 409, response.text
    assert error_code(response) == "TAS-110"
    assert response.json()["message"].startswith("Incorrect State")
    assert await driver.status(sid, pid) == "Proceeding"


@pytest.mark.parametrize("case", RINGING_ONLY, ids=_id)
async def test_ringing_only_actions_are_refused_once_answered(
    driver: CallDriver, case: tuple
) -> None:
    action, method, body = case
    sid, pid = await driver.answered()
    response = await driver.act(sid, pid, action, method=method, json=body)
    assert response.status_code == 409, response.text
    assert await driver.status(sid, pid) == "Answered"


async def test_nothing_is_allowed_on_a_party_that_has_left(driver: CallDriver) -> None:
    sid, pid = await driver.answered()
    await driver.act(sid, pid, "flip", json={"callFlipId": "*3"})  # my first leg leaves
    for action, method, body in CONNECTED_ONLY[:-1]:
        response = await driver.act(sid, pid, action, method=method, json=body)
        assert response.status_code == 409, (action, response.text)
