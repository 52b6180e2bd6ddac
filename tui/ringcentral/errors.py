"""Typed errors of the RingCentral client, each with a sentence a person understands.

RingCentral error bodies (`ApiErrorResponseModel`, `ParameterizedErrorResponseModel`,
OAuth's `OauthInvalidRequest`) are parsed here into `ApiError` subclasses. Clients key on
`errorCode`, never on the message text (ringcentral-api.md §7). No error ever carries a
token: messages are built from status, codes and our own wording only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui.ringcentral.redact import redact_message

SIGN_IN_ENDED = "Your RingCentral sign-in has ended; run `calldeck login` to sign in again."

# How each call-control action reads in "a state that can be ___" (409 sentences).
_ACTION_PAST: dict[str, str] = {
    "forward": "forwarded",
    "voicemail": "sent to voicemail",
    "reject": "rejected",
    "ignore": "ignored",
    "reply": "answered with a message",
    "hold": "held",
    "unhold": "taken off hold",
    "mute": "muted",
    "unmute": "unmuted",
    "transfer": "transferred",
    "park": "parked",
    "flip": "flipped",
    "start_recording": "recorded",
    "pause_recording": "paused",
    "resume_recording": "resumed",
    "drop": "hung up",
    "answer": "answered",
    "pickup": "picked up",
    "bridge": "joined to another call",
}

# 404s that name a missing target rather than the call itself.
_MISSING_TARGET: dict[str, str] = {
    "extensionNumber": "There is no extension with that number.",
    "extensionId": "There is no such extension.",
    "voicemail": "There is no voicemail box for that extension.",
    "recordingId": "That recording no longer exists.",
    "deviceId": "That phone is not one of yours.",
    "parkOrbit": "There is no such park location.",
}


class CalldeckError(Exception):
    """Base of every error calldeck shows to a person: `title` plus one clear `message`."""

    title = "Something went wrong"

    def __init__(self, message: str) -> None:
        # Messages can quote what a person typed (a URL with a password): never show secrets.
        message = redact_message(message)
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class SignInRequired(CalldeckError):
    """No usable sign-in: none saved, or the refresh token was revoked or expired."""

    title = "Sign-in needed"


class Unreachable(CalldeckError):
    """The RingCentral server could not be reached (DNS, refused, timeout, TLS)."""

    title = "RingCentral unreachable"


class DeviceProblem(CalldeckError):
    """No phone can take the call, or the one asked for cannot; `message` is one line."""

    title = "No phone to use"


class InvalidNumber(CalldeckError):
    """A phone number typed by a person could not be parsed; nothing was sent."""

    title = "Invalid phone number"


class ApiError(CalldeckError):
    """An HTTP error answer from RingCentral, with its status and RingCentral error code."""

    title = "RingCentral refused the request"

    def __init__(
        self,
        message: str,
        *,
        status: int,
        error_code: str | None = None,
        api_message: str | None = None,
        parameter_name: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.api_message = api_message
        self.parameter_name = parameter_name
        self.retry_after = retry_after

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status}, error_code={self.error_code!r}, "
            f"message={self.message!r})"
        )


class BadRequest(ApiError):
    """400: RingCentral rejected the request's content."""

    title = "Request refused"


class Unauthorized(ApiError):
    """401 that survived a token refresh (kept for completeness; usually SignInRequired)."""

    title = "Not authorised"


class Forbidden(ApiError):
    """403: the app or user lacks a permission."""

    title = "Not allowed"


class NotFound(ApiError):
    """404: the call, party or resource does not exist (any more)."""

    title = "Not found"


class WrongState(ApiError):
    """409: the call is not in a state that allows the action."""

    title = "Not possible now"


class RateLimited(ApiError):
    """429, or a request held back locally because its rate-limit group is in its penalty."""

    title = "Slow down"

    def __init__(self, message: str, *, group: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.group = group


class ServerError(ApiError):
    """5xx from RingCentral."""

    title = "RingCentral is having trouble"


# The longest server-requested wait honoured; a larger `Retry-After` is taken as this, so
# a bad header cannot silence the feed (or postpone a token refresh) for hours.
LONGEST_SERVER_WAIT_S = 300.0


def server_wait(exc: BaseException) -> float:
    """Seconds the server asked us to wait before trying again (429/5xx `Retry-After`), or 0."""
    wait = getattr(exc, "retry_after", None)
    if isinstance(wait, bool) or not isinstance(wait, int | float) or wait <= 0:
        return 0.0
    return min(float(wait), LONGEST_SERVER_WAIT_S)


def _whole_seconds(seconds: float) -> int:
    """A wait as a person reads it: rounded up to a whole second, at least 1."""
    return max(1, int(-(-seconds // 1)))


def slow_down_sentence(seconds: float, asked: float | None = None) -> str:
    """The 429 sentence: how long to wait, rounded up to a whole second; when the server
    asked for longer than calldeck waits (`asked`), its figure too."""
    wait = _whole_seconds(seconds)
    if asked is not None and _whole_seconds(asked) > wait:
        return (
            f"RingCentral asked us to slow down for {_whole_seconds(asked)} s; "
            f"calldeck tries again in {wait} s."
        )
    return f"RingCentral asked us to slow down; try again in {wait} s."


def server_trouble_sentence(
    status: int, *, retried: bool, repeatable: bool, retry_after: float | None = None
) -> str:
    """The 5xx sentence: what failed, how long RingCentral asked us to wait, what was repeated.

    `repeatable` requests (reads, token grants) are safe to send again, so there is nothing
    for the person to check; anything else may have gone through before the server failed.
    """
    wait = f"; try again in {_whole_seconds(retry_after)} s" if retry_after is not None else ""
    if retried:
        tail = " It was tried again and still failed."
    elif repeatable:
        tail = ""
    else:
        tail = (
            " The action was not repeated automatically, in case it went through; check the call."
        )
    return f"RingCentral is having trouble (HTTP {status}){wait}.{tail}"


def parse_error_body(body: object) -> tuple[str | None, str | None, str | None, str | None]:
    """Return (errorCode, message, parameterName, permissionName) from any RingCentral error body."""
    if not isinstance(body, Mapping):
        return None, None, None, None
    items = body.get("errors")
    first: Mapping[str, Any] = {}
    if isinstance(items, list) and items and isinstance(items[0], Mapping):
        first = items[0]
    code = first.get("errorCode") or body.get("errorCode") or body.get("error")
    message = (
        first.get("message")
        or body.get("message")
        or body.get("error_description")
        or body.get("description")
    )
    parameter = first.get("parameterName") or body.get("parameterName")
    permission = first.get("permissionName") or body.get("permissionName")
    return (
        str(code) if code else None,
        str(message) if message else None,
        str(parameter) if parameter else None,
        str(permission) if permission else None,
    )


def _sentence(
    status: int,
    code: str | None,
    api_message: str | None,
    parameter: str | None,
    permission: str | None,
    action: str | None,
) -> str:
    """The person-facing sentence for one error answer (5xx: `server_trouble_sentence`)."""
    if status == 409:
        past = _ACTION_PAST.get(action or "")
        if past:
            return f"The call is no longer in a state that can be {past}."
        return "That is not possible in the call's current state."
    if status == 404:
        missing = _MISSING_TARGET.get(parameter or "")
        if missing:
            return missing
        if action in _ACTION_PAST or action == "get_session":
            return "That call has already ended."
        return "RingCentral could not find that item."
    if status == 403:
        if code == "CMN-401" or permission:
            from tui.ringcentral.permissions import CALL_CONTROL, missing_permission

            return missing_permission(permission or CALL_CONTROL)
        return "RingCentral does not allow this for your account or app."
    if status == 400:
        detail = f" ({parameter})" if parameter else ""
        reason = api_message.rstrip(".") if api_message else "the request was not valid"
        return f"RingCentral refused the request: {reason}{detail}."
    if status == 401:
        return SIGN_IN_ENDED
    return f"RingCentral answered HTTP {status}" + (f": {api_message}" if api_message else ".")


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: WrongState,
}


def error_from_response(
    status: int,
    body: object,
    *,
    action: str | None = None,
    retried: bool = False,
    repeatable: bool = False,
    retry_after: float | None = None,
) -> ApiError:
    """Map an HTTP error status and RingCentral body to a typed ApiError.

    `action` is the call-control action (e.g. "hold") so the sentence can say what failed.
    For a 5xx: `retried` says the request was already repeated, `repeatable` that it was
    safe to repeat, and `retry_after` is the server's `Retry-After`, if it sent one.
    """
    code, api_message, parameter, permission = parse_error_body(body)
    if status >= 500:
        message = server_trouble_sentence(
            status, retried=retried, repeatable=repeatable, retry_after=retry_after
        )
    else:
        message = _sentence(status, code, api_message, parameter, permission, action)
    cls = _BY_STATUS.get(status, ServerError if status >= 500 else ApiError)
    return cls(
        message,
        status=status,
        error_code=code,
        api_message=api_message,
        parameter_name=parameter or permission,
        retry_after=retry_after if status >= 500 else None,
    )


def rate_limited(
    seconds: float,
    *,
    group: str | None,
    body: object = None,
    status: int = 429,
    asked: float | None = None,
) -> RateLimited:
    """A RateLimited error telling the caller how long to wait (`asked`: the server's
    `Retry-After` when calldeck waits less)."""
    code, api_message, _, _ = parse_error_body(body)
    return RateLimited(
        slow_down_sentence(seconds, asked),
        status=status,
        error_code=code,
        api_message=api_message,
        retry_after=seconds,
        group=group,
    )


class SignInFailed(ApiError):
    """The token endpoint refused a sign-in (wrong client id/secret, bad JWT or code)."""

    title = "Sign-in failed"


def sign_in_failed(status: int, body: object, what: str) -> SignInFailed:
    """A SignInFailed for a refused grant; `what` names the credential (e.g. "the JWT")."""
    code, api_message, parameter, _ = parse_error_body(body)
    reason = f": {api_message.rstrip('.')}" if api_message else ""
    return SignInFailed(
        f"RingCentral did not accept {what}{reason}.",
        status=status,
        error_code=code,
        api_message=api_message,
        parameter_name=parameter,
    )
