"""Validate emulator exchanges against `call-control-subset.yaml` with openapi-core.

Every response whose path and method are in the subset is validated. Requests are
validated only when they come from our own client (User-Agent `calldeck/...`), because
tests send deliberately malformed requests with plain httpx to check the 400s.

RingCentral's spec and RingCentral's behaviour disagree in a few known places
(`../shared/docs/ringcentral-api.md` §8). Those, and nothing else, are tolerated by the
explicit allow-list `TOLERATED` below; each predicate says why in its docstring. Every
schema error is judged on its own, so a tolerance never hides a neighbouring error.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

from openapi_core import OpenAPI
from openapi_core.templating.paths.exceptions import (
    OperationNotFound,
    PathNotFound,
    ServerNotFound,
)
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.testing import MockRequest, MockResponse

from tests.contract_spec import contract_spec

SPEC_HOST = "https://platform.ringcentral.com"
OUR_CLIENT_PREFIX = "calldeck/"


@lru_cache(maxsize=1)
def load_spec() -> OpenAPI:
    """The contract (the subset, extended by `tests/contract_extra`), parsed once per session."""
    return OpenAPI.from_dict(contract_spec())


@dataclass(frozen=True, slots=True)
class Tolerance:
    """One deliberate spec discrepancy: when it applies and why we accept it."""

    why: str
    applies: Callable[[Any, str], bool]  # (exchange, one problem line) -> bool


def _is_flat_mute(exchange: Any, problem: str) -> bool:
    """§8.1: the spec wants PATCH party {party:{muted}}; docs and the official SDK send {muted}."""
    if exchange.method != "PATCH" or "/parties/" not in exchange.path:
        return False
    if "/recordings/" in exchange.path or not problem.startswith("request:"):
        return False
    try:
        body = json.loads(exchange.request_body or b"{}")
    except ValueError:
        return False
    return isinstance(body, dict) and "party" not in body


def _is_long_subscription_id(exchange: Any, problem: str) -> bool:
    """§8.4: subscriptionId has maxLength 20 in the spec, but real ids are UUIDs (36 chars)."""
    return (
        exchange.path.startswith("/restapi/v1.0/subscription/")
        and problem.startswith("request: InvalidParameter")
        and "is too long" in problem
    )


def _is_pubnub_delivery_mode(exchange: Any, problem: str) -> bool:
    """§4b: PubNub left the public request union and its response schema is deprecated, but
    the emulator still serves it, as RingCentral did (clients fall back to WebSocket)."""
    return (
        exchange.path.startswith("/restapi/v1.0/subscription")
        and "'transportType': 'PubNub'" in problem
        and "is not valid under any of the given schemas" in problem
    )


def _is_token_form(exchange: Any, problem: str) -> bool:
    """Not a RingCentral discrepancy but an openapi-core limit: it cannot deserialize a
    form-urlencoded body whose schema is `anyOf` (GetTokenRequest) and sees only the
    defaults. The token *response* is still validated in full."""
    return (
        exchange.path == "/restapi/oauth/token"
        and problem.startswith("request:")
        and "is not valid under any of the given schemas" in problem
    )


def _is_recording_start_body(exchange: Any, problem: str) -> bool:
    """§8.5: the spec has no request body for recordings POST; the docs show one."""
    return (
        exchange.method == "POST"
        and exchange.path.endswith("/recordings")
        and problem.startswith("request:")
    )


TOLERATED: tuple[Tolerance, ...] = (
    Tolerance("flat PATCH {muted} body", _is_flat_mute),
    Tolerance("subscription id longer than 20", _is_long_subscription_id),
    Tolerance("PubNub delivery mode in subscriptions", _is_pubnub_delivery_mode),
    Tolerance("openapi-core cannot read anyOf form bodies", _is_token_form),
    Tolerance("recordings POST with a body", _is_recording_start_body),
)


def _content_type(headers: dict[str, str], default: str) -> str:
    for key, value in headers.items():
        if key.lower() == "content-type":
            return value.split(";")[0].strip()
    return default


def _mock_request(exchange: Any) -> MockRequest:
    return MockRequest(
        SPEC_HOST,
        exchange.method,
        exchange.path,
        args=parse_qsl(exchange.query, keep_blank_values=True),  # type: ignore[arg-type]
        headers=exchange.request_headers,
        data=exchange.request_body,
        content_type=_content_type(exchange.request_headers, "application/json"),
    )


def _mock_response(exchange: Any) -> MockResponse:
    headers = dict(exchange.response_headers)
    return MockResponse(
        exchange.response_body,
        status_code=exchange.status,
        headers=headers,
        content_type=_content_type(headers, "application/json"),
    )


def _error_texts(error: BaseException) -> list[str]:
    """One short line per innermost schema error, else one for the exception chain."""
    current: BaseException | None = error
    names = []
    while current is not None:
        names.append(type(current).__name__)
        inner = getattr(current, "schema_errors", None)
        if inner:
            chain = "/".join(names)
            return [
                f"{chain}: {getattr(e, 'message', e)} at {list(getattr(e, 'absolute_path', []))}"[
                    :600
                ]
                for e in inner
            ]
        current = current.__cause__
    return [f"{'/'.join(names)}: {str(error)[:600]}"]


def _undeclared_error_problem(exchange: Any) -> str | None:
    """Statuses the spec does not declare (401/429/503...) must still carry an error body."""
    if exchange.status < 400:
        return f"status {exchange.status} is not declared by the spec"
    try:
        body = json.loads(exchange.response_body or b"null")
    except ValueError:
        return "undeclared error status without a JSON body"
    errors = body.get("errors") if isinstance(body, dict) else None
    if not errors or not all(
        isinstance(e, dict) and "errorCode" in e and "message" in e for e in errors
    ):
        return "undeclared error status without an errors[] body"
    return None


def check_exchange(exchange: Any) -> list[str]:
    """Problems with one exchange ([] when it matches the spec or a tolerated discrepancy)."""
    with warnings.catch_warnings():
        # The subset names OauthBasicScheme, whose type openapi-core does not implement.
        warnings.filterwarnings("ignore", "Unsupported scheme type", UserWarning)
        # The subset still uses allowEmptyValue on some query parameters.
        warnings.filterwarnings("ignore", "Use of allowEmptyValue", DeprecationWarning)
        problems = _problems(exchange)
    return [p for p in problems if not any(t.applies(exchange, p) for t in TOLERATED)]


def _problems(exchange: Any) -> list[str]:
    spec = load_spec()
    request = _mock_request(exchange)
    problems: list[str] = []
    if exchange.user_agent.startswith(OUR_CLIENT_PREFIX):
        try:
            spec.validate_request(request)
        except (PathNotFound, OperationNotFound, ServerNotFound):
            return []
        except Exception as error:  # openapi-core raises several unrelated types
            problems += ["request: " + text for text in _error_texts(error)]
    try:
        spec.validate_response(request, _mock_response(exchange))
    except (PathNotFound, OperationNotFound, ServerNotFound):
        return []
    except Exception as error:
        texts = _error_texts(error)
        if isinstance(error, ResponseNotFound) or any("ResponseNotFound" in t for t in texts):
            problem = _undeclared_error_problem(exchange)
            texts = [problem] if problem else []
        problems += ["response: " + text for text in texts]
    return problems


def contract_failures(exchanges: Iterable[Any]) -> list[str]:
    """A readable report line per problem of every exchange that breaks the contract."""
    return [
        f"{exchange.method} {exchange.path} -> {exchange.status}: {problem}"
        for exchange in exchanges
        for problem in check_exchange(exchange)
    ]
