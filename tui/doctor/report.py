"""One check's outcome, and the report: exit code, JSON, lines for a person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.safe_text import clean


@dataclass(frozen=True, slots=True)
class Check:
    """`name` passed or not; `detail` says what was found, `fix` what to do (None if ok)."""

    name: str
    ok: bool
    detail: str
    fix: str | None = None

    @classmethod
    def passed(cls, name: str, detail: str) -> Check:
        """A check that passed."""
        return cls(name, True, detail, None)

    @classmethod
    def failed(cls, name: str, detail: str, fix: str) -> Check:
        """A check that failed, with how to fix it."""
        return cls(name, False, detail, fix)

    def to_json(self) -> dict[str, Any]:
        """`{"name", "ok", "detail", "fix"}` exactly."""
        return {"name": self.name, "ok": self.ok, "detail": self.detail, "fix": self.fix}

    def lines(self) -> list[str]:
        """How the check reads in a terminal (server text cleaned of escapes)."""
        mark = "ok  " if self.ok else "FAIL"
        shown = [f"{mark} {clean(self.name)}: {clean(self.detail)}"]
        if self.fix:
            shown.append(f"     fix: {clean(self.fix)}")
        return shown


def to_json(checks: list[Check]) -> dict[str, Any]:
    """`{"checks": [...]}` as `calldeck doctor --json` prints it."""
    return {"checks": [check.to_json() for check in checks]}


def exit_code(checks: list[Check]) -> int:
    """0 when every check passed, else 1."""
    return 0 if all(check.ok for check in checks) else 1
