"""Layering, checked in a fresh interpreter (as Harlequin does): the pure call model imports
only the stdlib, and no non-UI package ever pulls in Textual."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.shared import REPO_ROOT

# Prints the modules loaded by importing every module of PACKAGE, and any that failed.
_PROBE = """
import importlib, json, pkgutil, sys
before = set(sys.modules)
failed = {}
package = importlib.import_module(PACKAGE)
for info in pkgutil.walk_packages(package.__path__, PACKAGE + "."):
    try:
        importlib.import_module(info.name)
    except Exception as error:
        failed[info.name] = repr(error)
print(json.dumps({"before": sorted(before), "after": sorted(sys.modules), "failed": failed}))
"""

UI_AND_HTTP = ("textual", "httpx", "aiohttp")


def _load(package: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", f"PACKAGE = {package!r}\n{_PROBE}"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def _roots(modules: object) -> set[str]:
    return {name.split(".")[0] for name in modules}  # type: ignore[union-attr]


def test_calls_imports_the_stdlib_only() -> None:
    probe = _load("tui.calls")
    assert probe["failed"] == {}
    new = set(probe["after"]) - set(probe["before"])
    foreign = {root for root in _roots(new) if root not in sys.stdlib_module_names}
    assert foreign == {"tui"}, f"tui.calls pulled in {sorted(foreign - {'tui'})}"
    ours = {name for name in new if name.startswith("tui.")}
    assert all(name.startswith("tui.calls") for name in ours), sorted(ours)
    assert not _roots(new) & set(UI_AND_HTTP)


@pytest.mark.parametrize(
    "package", ["tui.calls", "tui.ringcentral", "tui.emulator", "tui.people", "tui.doctor"]
)
def test_non_ui_packages_never_import_textual(package: str) -> None:
    probe = _load(package)
    assert probe["failed"] == {}, f"modules of {package} that do not import: {probe['failed']}"
    assert "textual" not in _roots(probe["after"])
