"""The operations table is RingCentral's spec, and every REST route the emulator serves is in it."""

from __future__ import annotations

import json

import yaml

from tests.shared import shared_path
from tui.emulator.config import EmulatorConfig
from tui.emulator.operations import all_operations, find_operation
from tui.emulator.server import Emulator

CALL = "/restapi/v1.0/account/~/telephony/sessions/s-1/parties/p-2"


def test_table_is_the_spec() -> None:
    spec = yaml.safe_load(shared_path("ringcentral", "rc-public-openapi.yml").read_text())
    expected = {
        (method.upper(), path, op.get("x-app-permission"), op.get("x-throttling-group"))
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    }
    table = {(o.method, o.path, o.permission, o.group) for o in all_operations()}
    assert table == expected


def test_concrete_paths_find_their_operation() -> None:
    answer = find_operation("POST", CALL + "/answer")
    assert answer is not None
    assert (answer.operation_id, answer.permission, answer.group) == (
        "answerCallParty",
        "CallControl",
        "Light",
    )
    call_out = find_operation("POST", "/restapi/v1.0/account/~/telephony/call-out")
    assert call_out is not None and call_out.group == "Heavy"
    presence = find_operation("PUT", "/restapi/v1.0/account/~/extension/~/presence")
    assert presence is not None and presence.permission == "EditPresence"
    token = find_operation("POST", "/restapi/oauth/token")
    assert token is not None and (token.permission, token.group) == (None, "Auth")
    assert find_operation("GET", "/restapi/v1.0/no/such/thing") is None


def test_every_rest_route_of_the_emulator_is_a_spec_operation() -> None:
    app = Emulator(EmulatorConfig()).build_app()
    missing = []
    for route in app.router.routes():
        path = route.resource.canonical if route.resource else ""
        if not path.startswith("/restapi/") or route.method == "HEAD":
            continue
        if find_operation(route.method, path.replace("{", "x").replace("}", "")) is None:
            missing.append(f"{route.method} {path}")
    assert missing == [], json.dumps(missing, indent=1)
