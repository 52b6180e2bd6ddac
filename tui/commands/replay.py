"""`calldeck replay [--extension-id ID] [--all] FILE...`: recorded notifications in, calls out.

A file holds one JSON envelope, a JSON array of envelopes, JSON Lines, or WebSocket frames
(`[meta, body]`, an array of frames, or JSON Lines of frames); `-` reads standard input.
Prints one JSON object `{"calls": [CALL, ...], "ignored": N}`; each ignored input's reason
goes to stderr, one line each. Imports nothing but the stdlib and `tui.calls`: it starts fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from tui.calls import CallBook
from tui.safe_text import clean

# Exit status when an input file cannot be read (argparse uses 2 for usage errors too).
EXIT_UNREADABLE = 2


def _is_frame(value: object) -> bool:
    """A WebSocket `[meta, body?]` frame: its first element is a meta object with a `type`."""
    if not isinstance(value, list) or not 1 <= len(value) <= 2:
        return False
    meta = value[0]
    return isinstance(meta, dict) and "type" in meta and "body" not in meta


def inputs_of(name: str, text: str) -> Iterator[tuple[str, object]]:
    """The notifications a file holds, each with a label (`file`, `file[3]`, `file:12`)."""
    try:
        whole = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        whole = None
    else:
        if isinstance(whole, list) and not _is_frame(whole):
            for index, item in enumerate(whole):
                yield f"{name}[{index}]", item
        else:
            yield name, whole
        return
    # Not one JSON document: JSON Lines (a bad line is one ignored input, not a failure).
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield f"{name}:{number}", json.loads(line)
        except ValueError as error:
            yield f"{name}:{number}", _Unparsable(f"not JSON ({getattr(error, 'msg', error)})")
        except RecursionError:
            yield f"{name}:{number}", _Unparsable("JSON nested too deeply")


class _Unparsable:
    """A line that is not JSON: carried through so it is counted and reported in order."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    return Path(name).read_text(encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    """Apply every notification of every file in order and print the resulting calls."""
    texts = []
    for name in args.files:
        try:
            texts.append((name, _read(name)))
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            print(clean(f"calldeck replay: cannot read {name}: {reason}"), file=sys.stderr)
            return EXIT_UNREADABLE
    book = CallBook(args.extension_id)
    ignored = 0
    for name, text in texts:
        for label, payload in inputs_of(name, text):
            if isinstance(payload, _Unparsable):
                reason: str | None = payload.reason
            else:
                reason = book.apply(payload).ignored
            if reason is not None:
                ignored += 1
                # The reason can quote the envelope (its `event`): data, never terminal control.
                print(clean(f"{label}: ignored: {reason}"), file=sys.stderr)
    calls = book.calls(include_ended=bool(args.all))
    json.dump({"calls": [call.to_json() for call in calls], "ignored": ignored}, sys.stdout)
    sys.stdout.write("\n")
    return 0
