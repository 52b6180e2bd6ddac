"""Validation of Call Control request bodies: 400 CMN-101 naming the bad parameter."""

from __future__ import annotations

import re
from typing import Any

from tui.emulator.calls import CallError
from tui.emulator.directory import DEVICES, PEOPLE

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
# "+18885551932*104": a company number followed by an extension (docs, transfer).
E164_WITH_EXTENSION = re.compile(r"^\+[1-9]\d{6,14}\*\d{1,8}$")
USER_DEVICES = tuple(device.id for device in DEVICES)


def bad(parameter: str, message: str | None = None) -> CallError:
    """400 CMN-101 for `parameter`."""
    return CallError(
        400, "CMN-101", message or f"Parameter [{parameter}] value is invalid", parameter
    )


def require_object(body: Any, *, optional: bool = False) -> dict:
    """The JSON body as a dict (an absent body counts as {} when optional)."""
    if body is None and optional:
        return {}
    if not isinstance(body, dict):
        raise CallError(400, "CMN-101", "Request body must be a JSON object", "body")
    return body


def string_field(body: dict, name: str) -> str:
    """A required, non-empty string field, or 400 naming it."""
    value = body.get(name)
    if value is None:
        raise bad(name, f"Parameter [{name}] is required")
    if not isinstance(value, str) or not value.strip():
        raise bad(name)
    return value


def bool_field(body: dict, name: str, *, required: bool = True) -> bool | None:
    """A boolean field, or 400 naming it."""
    value = body.get(name)
    if value is None:
        if required:
            raise bad(name, f"Parameter [{name}] is required")
        return None
    if not isinstance(value, bool):
        raise bad(name)
    return value


def device_id(body: dict) -> str:
    """`deviceId`: required, and one of the signed-in user's devices."""
    value = string_field(body, "deviceId")
    if value not in USER_DEVICES:
        raise CallError(
            404, "CMN-102", "Resource for parameter [deviceId] is not found", "deviceId"
        )
    return value


def phone_number(value: Any, name: str = "phoneNumber", *, allow_extension: bool = False) -> str:
    """An E.164 number (optionally `+number*ext`), or 400 naming the parameter."""
    if not isinstance(value, str):
        raise bad(name)
    if E164.match(value) or (allow_extension and E164_WITH_EXTENSION.match(value)):
        return value
    raise bad(name, f"Parameter [{name}] must be a phone number in E.164 format")


def one_target(body: dict, allowed: tuple[str, ...]) -> tuple[str, str]:
    """Exactly one of `allowed` must be given: returns (name, value)."""
    given = [name for name in allowed if body.get(name) not in (None, "")]
    if len(given) != 1:
        parameter = given[1] if len(given) > 1 else allowed[0]
        raise bad(parameter, f"Exactly one of [{', '.join(allowed)}] must be specified")
    name = given[0]
    value = body[name]
    if not isinstance(value, str):
        raise bad(name)
    return name, value


def known_extension_id(value: str, name: str) -> str:
    """An extension id of the account (voicemail owner, transfer target)."""
    if not any(p.id == value for p in PEOPLE):
        raise CallError(404, "CMN-102", f"Resource for parameter [{name}] is not found", name)
    return value


def known_extension_number(value: str, name: str = "extensionNumber") -> str:
    """An extension number of the account."""
    if not any(p.extension_number == value for p in PEOPLE):
        raise CallError(404, "CMN-102", f"Resource for parameter [{name}] is not found", name)
    return value
