"""The contract the tests validate against: `call-control-subset.yaml`, extended test-locally.

Where calldeck uses an operation the subset lacks (RingOut, the call log, presence updates...),
its path item is copied from RingCentral's full spec (`rc-public-openapi.yml`), with every
component it references, transitively. Which operations are added is listed, one
`METHOD /path/template` per line, in `tests/contract_extra/*.txt` (one file per feature,
each line with a comment saying why). The subset's own operations are never replaced.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tests.shared import shared_path

EXTRA_DIR = Path(__file__).parent / "contract_extra"
_METHODS = ("get", "post", "put", "patch", "delete")


def extra_operations() -> list[tuple[str, str]]:
    """(method, path template) of every operation added to the subset, in file order."""
    added: list[tuple[str, str]] = []
    for listing in sorted(EXTRA_DIR.glob("*.txt")):
        for raw in listing.read_text(encoding="utf-8").splitlines():
            line = raw.split("#", 1)[0].strip()
            if line:
                method, path = line.split(maxsplit=1)
                added.append((method.lower(), path.strip()))
    return added


def _load(name: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with shared_path("ringcentral", name).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)  # a safe loader (C when built)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/components/"):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _copy_components(full: dict[str, Any], spec: dict[str, Any], roots: list[Any]) -> None:
    """Copy every component `roots` reference (transitively) that `spec` does not have yet."""
    pending = [ref for root in roots for ref in _refs(root)]
    components = spec.setdefault("components", {})
    while pending:
        _, _, kind, name = pending.pop().split("/", 3)
        have = components.setdefault(kind, {})
        if name in have:
            continue
        source = copy.deepcopy(full["components"][kind][name])
        have[name] = source
        pending.extend(_refs(source))


@lru_cache(maxsize=1)
def contract_spec() -> dict[str, Any]:
    """The subset, plus the operations of `tests/contract_extra` taken from the full spec."""
    spec = _load("call-control-subset.yaml")
    wanted = extra_operations()
    if not wanted:
        return spec
    full = _load("rc-public-openapi.yml")
    added: list[Any] = []
    for method, path in wanted:
        item = spec["paths"].setdefault(path, {})
        if method in item:
            continue  # the subset already has it: the subset wins
        operation = copy.deepcopy(full["paths"][path][method])
        item[method] = operation
        added.append(operation)
        shared = {k: v for k, v in full["paths"][path].items() if k not in _METHODS}
        for key, value in shared.items():
            item.setdefault(key, copy.deepcopy(value))
            added.append(value)
    _copy_components(full, spec, added)
    return spec
