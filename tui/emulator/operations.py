"""RingCentral's REST operations as the spec describes them: permission and rate-limit group.

`data/operations.json` is extracted from `rc-public-openapi.yml` by
`scripts/extract_operations.py` (the spec's `x-app-permission` and `x-throttling-group` of
every operation). The emulator asks it which permission a request needs (403 CMN-401 when
the app lacks it) and which throttling group it counts against (the `X-Rate-Limit-*`
headers and enforced limits), so both follow RingCentral's spec, not our client's habits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

# RingCentral resolves `~` to the caller's own account or extension.
_ANY_SEGMENT = "{}"


@dataclass(frozen=True, slots=True)
class Operation:
    """One REST operation of the spec."""

    method: str
    path: str
    """The spec's path template, e.g. `/restapi/v1.0/account/{accountId}/presence`."""
    operation_id: str | None
    permission: str | None
    """The app permission (`x-app-permission`), e.g. `CallControl`; None when none is needed."""
    group: str
    """The throttling group (`x-throttling-group`): Light, Medium, Heavy, Auth, NoThrottling."""


def _segments(path: str) -> tuple[str, ...]:
    return tuple(path.strip("/").split("/"))


def _template_segments(path: str) -> tuple[str, ...]:
    return tuple(_ANY_SEGMENT if s.startswith("{") else s for s in _segments(path))


@cache
def _table() -> dict[tuple[str, int], list[tuple[tuple[str, ...], Operation]]]:
    """Operations grouped by (method, number of path segments), literal paths first."""
    raw = json.loads(
        resources.files("tui.emulator").joinpath("data/operations.json").read_text("utf-8")
    )
    table: dict[tuple[str, int], list[tuple[tuple[str, ...], Operation]]] = {}
    for record in raw:
        operation = Operation(
            method=record["method"],
            path=record["path"],
            operation_id=record["operationId"],
            permission=record["permission"],
            group=record["group"] or "Light",
        )
        template = _template_segments(operation.path)
        table.setdefault((operation.method, len(template)), []).append((template, operation))
    for entries in table.values():
        # `/extension/{id}/presence` and `/extension/bulk-update`: the more literal wins.
        entries.sort(key=lambda entry: entry[0].count(_ANY_SEGMENT))
    return table


@lru_cache(maxsize=4096)
def find_operation(method: str, path: str) -> Operation | None:
    """The spec operation a request is for, or None for a path the spec does not have."""
    segments = _segments(path)
    for template, operation in _table().get((method.upper(), len(segments)), ()):
        if all(t in (_ANY_SEGMENT, s) for t, s in zip(template, segments, strict=True)):
            return operation
    return None


def all_operations() -> list[Operation]:
    """Every operation of the spec (for tests and documentation)."""
    return [operation for entries in _table().values() for _, operation in entries]
