"""Phone numbers typed by a person, parsed to E.164 before anything is sent.

`(650) 555-0123`, `650.555.0123`, `+44 20 7946 0958` all work; national numbers are read
in the account's home country (extension info `regionalSettings.homeCountry.isoCode`).
RingCentral's "company number * extension" form (`+18885551932*104`) keeps its suffix.
"""

from __future__ import annotations

import re
from typing import Any

from tui.ringcentral.errors import InvalidNumber

_EXTENSION_SUFFIX = re.compile(r"^(?P<number>.+?)\*(?P<ext>\d{1,8})$")


def _why(enum: type, value: int, fallback: str) -> str:
    """A few words for a phonenumbers ValidationResult or NumberParseException code.

    The two are separate int enums with overlapping values, so the enum is part of the key.
    """
    words = {
        "TOO_SHORT": "too short",
        "TOO_SHORT_NSN": "too short",
        "TOO_SHORT_AFTER_IDD": "too short",
        "TOO_LONG": "too long",
        "INVALID_COUNTRY_CODE": "unknown country code",
        "INVALID_LENGTH": "wrong number of digits",
        "IS_POSSIBLE_LOCAL_ONLY": "too short, include the area code",
        "NOT_A_NUMBER": "not a phone number",
    }
    for name, text in words.items():
        if getattr(enum, name, None) == value:
            return text
    return fallback


def parse_phone_number(text: str, home_country: str = "US") -> str:
    """Return `text` as an E.164 number (`+16505550123`), or raise InvalidNumber saying why."""
    import phonenumbers

    typed = (text or "").strip()
    if not typed:
        raise InvalidNumber("Type a phone number first.")
    suffix = ""
    if match := _EXTENSION_SUFFIX.match(typed):
        typed, suffix = match["number"], "*" + match["ext"]
    if re.search(r"[A-Za-z]", typed):
        raise InvalidNumber(f"{text.strip()} is not a valid phone number: it contains letters.")
    region = (home_country or "US").upper()
    try:
        number = phonenumbers.parse(typed, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidNumber(
            f"{text.strip()} is not a valid phone number: {_why(type(exc), exc.error_type, 'not a phone number')}."
        ) from None
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise InvalidNumber(
            f"{text.strip()} is not a valid phone number: {_why(phonenumbers.ValidationResult, possible, 'not a number in use')}."
        )
    if not phonenumbers.is_valid_number(number):
        raise InvalidNumber(
            f"{text.strip()} is not a valid phone number: no such number in "
            f"{phonenumbers.region_code_for_number(number) or region}."
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) + suffix


def home_country_of(extension_info: dict[str, Any]) -> str:
    """The ISO country code of an extension's home country (US if RingCentral omits it)."""
    regional = extension_info.get("regionalSettings") or {}
    country = regional.get("homeCountry") or {}
    code = country.get("isoCode")
    return str(code).upper() if code else "US"
