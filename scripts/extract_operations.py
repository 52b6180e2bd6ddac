"""Regenerate `tui/emulator/data/operations.json` from RingCentral's full OpenAPI spec.

The emulator needs, for every REST operation, the app permission it requires
(`x-app-permission`) and its rate-limit group (`x-throttling-group`). Reading the 50,000-line
spec at start-up would cost seconds, so the few fields are extracted once, here:

    python scripts/extract_operations.py [../shared/ringcentral/rc-public-openapi.yml]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SPEC = REPO.parent / "shared" / "ringcentral" / "rc-public-openapi.yml"
OUT = REPO / "tui" / "emulator" / "data" / "operations.json"
METHODS = ("get", "post", "put", "patch", "delete")


def extract(spec: dict) -> list[dict]:
    """One record per operation: method, path template, operationId, permission, group."""
    records = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            records.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "operationId": operation.get("operationId"),
                    "permission": operation.get("x-app-permission"),
                    "group": operation.get("x-throttling-group"),
                }
            )
    records.sort(key=lambda r: (r["path"], r["method"]))
    return records


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SPEC
    spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    records = extract(spec)
    lines = ",\n".join(json.dumps(record, sort_keys=True) for record in records)
    OUT.write_text(f"[\n{lines}\n]\n", encoding="utf-8")
    print(f"{len(records)} operations written to {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
