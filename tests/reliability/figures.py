"""Figures from the last reliability run: each test records what happened, the session writes
them to the pytest cache, and `python -m tests.reliability.figures` prints them as the table
in docs/reliability.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

CACHE_KEY = "calldeck/reliability-figures"
CACHE_FILE = Path(".pytest_cache/v/calldeck/reliability-figures")


class Figures:
    """Named rows of measurements, one per fault or check, in the order recorded."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}

    def record(self, name: str, **values: Any) -> None:
        """Add (or extend) the row `name`."""
        self.rows.setdefault(name, {}).update(values)

    def add(self, name: str, key: str, amount: int) -> None:
        """Add `amount` to a counter of row `name` (e.g. fuzz cases run)."""
        row = self.rows.setdefault(name, {})
        row[key] = int(row.get(key, 0)) + amount


def render(rows: dict[str, dict[str, Any]]) -> str:
    """The rows as a Markdown list: one line per row, its values as `key=value`."""
    lines = []
    for name, values in rows.items():
        shown = ", ".join(f"{key}={value}" for key, value in values.items())
        lines.append(f"- **{name}**: {shown}")
    return "\n".join(lines)


def main() -> int:
    """Print the figures of the last run (from the pytest cache)."""
    if not CACHE_FILE.exists():
        print("no figures yet: run pytest tests/reliability first", file=sys.stderr)
        return 1
    print(render(json.loads(CACHE_FILE.read_text())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
