"""RingCentral-shaped error responses.

Bodies follow `ApiErrorResponseModel` / `ParameterizedErrorResponseModel` (an `errors[]`
list keyed by `errorCode`) with the top-level `errorCode`/`message` that many real
responses also carry. OAuth errors use `OauthInvalidRequest` (`error` + `errors[]`).
Call Control codes (TAS-xxx) are not public; the ones chosen here are emulator
conventions and are listed in the README.
"""

from __future__ import annotations

from aiohttp import web


def error_body(code: str, message: str, parameter_name: str | None = None) -> dict:
    """The JSON body of a RingCentral API error."""
    item: dict = {"errorCode": code, "message": message}
    if parameter_name is not None:
        item["parameterName"] = parameter_name
    return {"errorCode": code, "message": message, "errors": [item]}


def api_error(
    status: int,
    code: str,
    message: str,
    parameter_name: str | None = None,
    headers: dict[str, str] | None = None,
) -> web.Response:
    """An aiohttp JSON response carrying a RingCentral error body."""
    return web.json_response(
        error_body(code, message, parameter_name), status=status, headers=headers
    )


def oauth_error(status: int, error: str, code: str, message: str) -> web.Response:
    """An OAuth error (`OauthInvalidRequest`/401 bodies) with its RFC 6749 `error` code."""
    body = {
        "error": error,
        "errorCode": code,
        "message": message,
        "error_description": message,
        "errors": [{"errorCode": code, "message": message}],
    }
    return web.json_response(body, status=status)


def insufficient_permissions(permission: str) -> web.Response:
    """403 for an app lacking `permission`, shaped like RingCentral's (fixture
    error_403_insufficient_permissions_cmn401.json)."""
    message = (
        f"In order to call this API endpoint, application needs to have [{permission}] permission"
    )
    body = {
        "errorCode": "InsufficientPermissions",
        "message": message,
        "errors": [{"errorCode": "CMN-401", "message": message, "permissionName": permission}],
        "permissionName": permission,
    }
    return web.json_response(body, status=403)
