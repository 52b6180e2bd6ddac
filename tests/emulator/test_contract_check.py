"""The contract check itself: it must catch a response that breaks the spec."""

from __future__ import annotations

import json

from tests.contract import contract_failures
from tui.emulator.middleware import Exchange

PARTY = "/restapi/v1.0/account/~/telephony/sessions/s-abc/parties/p-abc-2"


def _exchange(
    method: str, path: str, status: int, body: object, request: object = None
) -> Exchange:
    return Exchange(
        method=method,
        path=path,
        query="",
        request_headers={"User-Agent": "calldeck/test", "Content-Type": "application/json"},
        request_body=json.dumps(request).encode() if request is not None else b"",
        status=status,
        response_headers={"Content-Type": "application/json"},
        response_body=json.dumps(body).encode(),
    )


def test_a_good_party_passes() -> None:
    party = {"id": "p-abc-2", "status": {"code": "Hold"}, "muted": False, "direction": "Inbound"}
    assert contract_failures([_exchange("POST", PARTY + "/hold", 200, party)]) == []


def test_a_wrong_type_in_a_response_fails() -> None:
    party = {"id": "p-abc-2", "status": {"code": "Hold"}, "muted": "no"}
    failures = contract_failures([_exchange("POST", PARTY + "/hold", 200, party)])
    assert len(failures) == 1 and "muted" in failures[0]


def test_an_unknown_status_code_fails() -> None:
    party = {"id": "p-abc-2", "status": {"code": "Ringing"}}
    assert contract_failures([_exchange("GET", PARTY, 200, party)])


def test_an_undeclared_error_status_needs_an_error_body() -> None:
    good = _exchange("GET", PARTY, 429, {"errors": [{"errorCode": "CMN-301", "message": "x"}]})
    bad = _exchange("GET", PARTY, 429, {"oops": True})
    assert contract_failures([good]) == []
    assert contract_failures([bad])


def test_a_bad_request_from_our_client_fails_but_the_flat_mute_is_tolerated() -> None:
    party = {"id": "p-abc-2", "status": {"code": "Answered"}, "muted": True}
    flat = _exchange("PATCH", PARTY, 200, party, request={"muted": True})
    assert contract_failures([flat]) == []
    wrong = _exchange("POST", PARTY + "/answer", 200, party, request={"device": "1"})
    assert contract_failures([wrong])


def test_paths_outside_the_spec_are_not_checked() -> None:
    assert contract_failures([_exchange("GET", "/restapi/v1.0/not-in-spec", 200, {"x": 1})]) == []
