"""Textual's private names are used in one place only: `tui/app/screens/prompt.py`.

Textual is pinned `<8.3` and its private API may change in any release. calldeck reaches into
it only in `PromptScreen` (the fast paint), guarded by `tests/app/test_painting.py`. This
test fails when any other module of `tui` overrides, reads or sets a private (`_name`)
attribute that Textual defines: on a class of ours that subclasses one of Textual's, or on
any other object where calldeck defines no attribute of that name itself.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import re
from functools import cache
from pathlib import Path

import textual

TUI = Path(__file__).parents[2] / "tui"
ALLOWED = {TUI / "app" / "screens" / "prompt.py"}
PRIVATE = re.compile(r"^_[a-zA-Z]\w*$")  # not dunders


def _private_names(tree: ast.AST) -> set[str]:
    """`self._x` / `cls._x` attributes and `def _x` methods a source defines or uses."""
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in ("self", "cls")
        ):
            names.add(node.attr)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
    return {name for name in names if PRIVATE.match(name)}


@cache
def _names_of_textual_class(base: type) -> frozenset[str]:
    names = {name for name in vars(base) if PRIVATE.match(name)}
    with contextlib.suppress(OSError, TypeError, SyntaxError):  # no source to read
        names |= _private_names(ast.parse(inspect.getsource(base)))
    return frozenset(names)


def textual_private_names(cls: type) -> frozenset[str]:
    """Private names of the Textual classes in `cls`'s MRO: attributes and `self._x`."""
    names: set[str] = set()
    for base in cls.__mro__:
        if base.__module__.startswith("textual"):
            names |= _names_of_textual_class(base)
    return frozenset(names)


@cache
def all_textual_private_names() -> frozenset[str]:
    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        names |= _private_names(ast.parse(path.read_text(encoding="utf-8")))
    return frozenset(names)


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(TUI.parent).with_suffix("").parts)


def _ours() -> list[Path]:
    return sorted(path for path in TUI.rglob("*.py") if path not in ALLOWED)


def _our_own_names() -> set[str]:
    names: set[str] = set()
    for path in _ours():
        names |= _private_names(ast.parse(path.read_text(encoding="utf-8")))
    return names


def violations() -> list[str]:
    """`path:line name` for every use of a Textual private name outside the allowed module."""
    found = []
    for path in _ours():
        if "textual" not in path.read_text(encoding="utf-8"):
            continue  # cannot subclass or hold a Textual object it never imports
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = importlib.import_module(_module_name(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            cls = getattr(module, node.name, None)
            if not isinstance(cls, type):
                continue
            textual_names = textual_private_names(cls)
            for name in sorted(_private_names(node) & textual_names):
                found.append(f"{path.relative_to(TUI.parent)}: {node.name}.{name}")
    own = _our_own_names()
    foreign = all_textual_private_names() - own
    for path in _ours():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in foreign:
                found.append(f"{path.relative_to(TUI.parent)}:{node.lineno} .{node.attr}")
    return found


def test_textual_private_names_appear_only_in_the_prompt_screen() -> None:
    assert violations() == []


def test_the_check_sees_the_prompt_screen_reach_into_textual() -> None:
    from tui.app.screens.prompt import PromptScreen

    assert {"_update_timer", "_dirty_widgets"} <= textual_private_names(PromptScreen)
    source = ast.parse(inspect.getsource(PromptScreen))
    assert {"_update_timer", "_dirty_widgets"} <= _private_names(source)
