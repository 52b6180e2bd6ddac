"""Event filters on their own: validation, `~` resolution, matching and body shaping."""

from __future__ import annotations

import pytest

from tests.emulator.push_harness import ACCOUNT, COLLEAGUE, ME, telephony_body
from tui.emulator.identity import TokenOwner
from tui.emulator.push.filters import FilterKind, InvalidFilter, parse_filter, parse_filters

OWNER = TokenOwner(ACCOUNT, ME, "app", "session")


def test_tilde_and_full_urls_resolve_to_the_owners_ids() -> None:
    parsed = parse_filter(
        "https://platform.ringcentral.com/restapi/v1.0/account/~/extension/~/telephony/sessions?sipData=true",
        OWNER,
    )
    assert (
        parsed.text
        == f"/restapi/v1.0/account/{ACCOUNT}/extension/{ME}/telephony/sessions?sipData=true"
    )
    assert (parsed.kind, parsed.account_id, parsed.extension_id) == (
        FilterKind.TELEPHONY,
        ACCOUNT,
        ME,
    )


def test_the_same_filter_twice_is_kept_once() -> None:
    filters = parse_filters(
        [
            "/restapi/v1.0/account/~/extension/~/presence",
            f"/restapi/v1.0/account/{ACCOUNT}/extension/{ME}/presence",
        ],
        OWNER,
    )
    assert len(filters) == 1


@pytest.mark.parametrize(
    "raw",
    [
        "/restapi/v1.0/account/~/extension/abc/presence",
        "/restapi/v1.0/account/~/extension/~/telephony/sessions?color=blue",
        "/restapi/v1.0/account/~/extension/~/telephony/sessions?missedCall=maybe",
        "/restapi/v1.0/account/~/extension/~/telephony/sessions?statusCode=Dancing",
        "/restapi/v1.0/account/~/extension/~/presence?detailedTelephonyState=yes",
        "/restapi/v1.0/subscription/~?threshold=60&interval=15",
        "/restapi/v1.0/account/~/message-store",
        "",
        42,
    ],
)
def test_filters_ringcentral_would_refuse(raw: object) -> None:
    with pytest.raises(InvalidFilter):
        parse_filter(raw, OWNER)


def test_status_codes_match_whatever_the_spelling() -> None:
    voicemail = parse_filter(
        "/restapi/v1.0/account/~/telephony/sessions?statusCode=Voicemail", OWNER
    )
    assert voicemail.matches_telephony(ACCOUNT, ME, telephony_body("s-1", 1, "VoiceMail"))
    assert not voicemail.matches_telephony(ACCOUNT, ME, telephony_body("s-1", 1, "Answered"))


def test_extension_filter_for_a_colleague_matches_only_that_colleague() -> None:
    colleague = parse_filter(f"/restapi/v1.0/account/~/extension/{COLLEAGUE}/presence", OWNER)
    assert colleague.matches_presence(ACCOUNT, COLLEAGUE)
    assert not colleague.matches_presence(ACCOUNT, ME)
    assert not colleague.matches_telephony(ACCOUNT, COLLEAGUE, telephony_body("s-1", 1))


def test_sip_data_reaches_only_filters_that_ask_for_it() -> None:
    body = telephony_body("s-1", 1)
    body["parties"][0]["sipData"] = {"callId": "abc"}
    plain = parse_filter("/restapi/v1.0/account/~/extension/~/telephony/sessions", OWNER)
    with_sip = parse_filter(
        "/restapi/v1.0/account/~/extension/~/telephony/sessions?sipData=true", OWNER
    )
    assert "sipData" not in plain.shape_body(body)["parties"][0]
    assert with_sip.shape_body(body)["parties"][0]["sipData"] == {"callId": "abc"}
    assert "sipData" in body["parties"][0]  # the published body itself is never changed
