"""Error answers become typed exceptions with a sentence a person understands."""

from __future__ import annotations

import json

import pytest

from tests.shared import fixture_path
from tui.ringcentral import errors


def _fixture(name: str) -> dict:
    return json.loads(fixture_path(name).read_text())


def test_409_on_hold_reads_as_a_person_would_say_it() -> None:
    body = {
        "errors": [{"errorCode": "TAS-110", "message": "Incorrect State", "parameterName": "x"}]
    }
    error = errors.error_from_response(409, body, action="hold")
    assert isinstance(error, errors.WrongState)
    assert error.message == "The call is no longer in a state that can be held."
    assert (error.status, error.error_code, error.api_message) == (
        409,
        "TAS-110",
        "Incorrect State",
    )
    assert error.parameter_name == "x"


def test_404_on_a_call_action_says_the_call_ended() -> None:
    error = errors.error_from_response(404, {"errorCode": "CMN-102"}, action="mute")
    assert isinstance(error, errors.NotFound)
    assert error.message == "That call has already ended."


def test_403_missing_permission_names_it() -> None:
    error = errors.error_from_response(
        403, _fixture("error_403_insufficient_permissions_cmn401.json")
    )
    assert isinstance(error, errors.Forbidden)
    assert error.error_code == "CMN-401"
    assert "ReadCallLog permission" in error.message


def test_400_carries_parameter_name() -> None:
    body = {
        "errors": [
            {"errorCode": "CMN-101", "message": "Bad number", "parameterName": "phoneNumber"}
        ]
    }
    error = errors.error_from_response(400, body, action="forward")
    assert isinstance(error, errors.BadRequest)
    assert error.parameter_name == "phoneNumber"
    assert error.message == "RingCentral refused the request: Bad number (phoneNumber)."


def test_429_body_and_wait() -> None:
    error = errors.rate_limited(
        12.2, group="light", body=_fixture("error_429_cmn301_request_rate_exceeded.json")
    )
    assert isinstance(error, errors.RateLimited)
    assert error.message == "RingCentral asked us to slow down; try again in 13 s."
    assert (error.error_code, error.retry_after, error.group) == ("CMN-301", 12.2, "light")


@pytest.mark.parametrize(
    ("retried", "repeatable", "expected"),
    [
        (
            True,
            True,
            "RingCentral is having trouble (HTTP 503). It was tried again and still failed.",
        ),
        (
            False,
            False,
            "RingCentral is having trouble (HTTP 503). The action was not repeated "
            "automatically, in case it went through; check the call.",
        ),
        (False, True, "RingCentral is having trouble (HTTP 503)."),
    ],
)
def test_5xx_says_whether_it_was_repeated(retried: bool, repeatable: bool, expected: str) -> None:
    error = errors.error_from_response(
        503, None, action="hold", retried=retried, repeatable=repeatable
    )
    assert isinstance(error, errors.ServerError)
    assert error.message == expected
    assert error.retry_after is None


def test_5xx_with_retry_after_says_how_long_to_wait() -> None:
    error = errors.error_from_response(503, None, action="transfer", retry_after=29.2)
    assert error.retry_after == 29.2
    assert error.message.startswith("RingCentral is having trouble (HTTP 503); try again in 30 s.")
    assert "check the call" in error.message


def test_oauth_error_body_is_understood() -> None:
    body = {
        "error": "invalid_grant",
        "errors": [{"errorCode": "OAU-140", "message": "Invalid creds"}],
    }
    error = errors.sign_in_failed(400, body, "the JWT")
    assert error.error_code == "OAU-140"
    assert error.message == "RingCentral did not accept the JWT: Invalid creds."


def test_unparsable_body_still_gives_a_sentence() -> None:
    error = errors.error_from_response(418, "teapot")
    assert error.status == 418 and error.message == "RingCentral answered HTTP 418."
