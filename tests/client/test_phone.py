"""Phone numbers typed by a person become E.164, or are refused with the reason."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.shared import fixture_path
from tui.ringcentral.errors import InvalidNumber
from tui.ringcentral.phone import home_country_of, parse_phone_number


@pytest.mark.parametrize(
    ("typed", "country", "expected"),
    [
        ("(650) 555-0123", "US", "+16505550123"),
        ("650.555.0123", "US", "+16505550123"),
        ("650-555-0123", "US", "+16505550123"),
        ("+1 650 555 0123", "US", "+16505550123"),
        ("+44 20 7946 0958", "US", "+442079460958"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+18885551932*104", "US", "+18885551932*104"),
    ],
)
def test_typed_numbers_become_e164(typed: str, country: str, expected: str) -> None:
    assert parse_phone_number(typed, country) == expected


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("123", "too short"),
        ("555-0123", "include the area code"),
        ("650 555 01234567", "too long"),
        ("call me", "contains letters"),
        ("+999 1234", "unknown country code"),
        ("", "Type a phone number"),
        ("(000) 000-0000", "no such number"),
    ],
)
def test_invalid_numbers_say_why(typed: str, why: str) -> None:
    with pytest.raises(InvalidNumber) as caught:
        parse_phone_number(typed, "US")
    assert why in caught.value.message


def test_home_country_comes_from_regional_settings() -> None:
    import json

    info = json.loads(fixture_path("get_extension_info.json").read_text())
    assert home_country_of(info) == "US"
    info["regionalSettings"]["homeCountry"]["isoCode"] = "gb"
    assert home_country_of(info) == "GB"
    assert home_country_of({}) == "US"


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="0123456789+-(). *#abcx ", max_size=24), st.sampled_from(["US", "GB", "DE"])
)
def test_anything_typed_is_e164_or_refused(typed: str, country: str) -> None:
    try:
        number = parse_phone_number(typed, country)
    except InvalidNumber as error:
        assert error.message  # refused, with a reason
    else:
        assert re.fullmatch(r"\+[1-9]\d{6,14}(\*\d{1,8})?", number)
