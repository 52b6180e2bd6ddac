"""`calldeck replay` end to end, as a user (or an acceptance check) runs it: a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.calls.events import event, party
from tests.shared import CALL_KEYS, REPO_ROOT, fixture_path

SID = "s-0123456789abcdef0123456789abcdef"
MINE = f"p-{SID[2:]}-2"


def replay(*args: str | Path) -> tuple[int, dict[str, Any] | None, list[str]]:
    """Run `python -m tui replay ARGS`; returns exit code, parsed stdout, stderr lines."""
    done = subprocess.run(
        [sys.executable, "-m", "tui", "replay", *map(str, args)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = json.loads(done.stdout) if done.stdout.strip() else None
    return done.returncode, output, done.stderr.splitlines()


def _partials() -> list[Path]:
    return sorted(fixture_path("").glob("tsn_partial_metrics_seq*.json"))


def test_fixtures_in_order_end_the_call() -> None:
    code, out, err = replay("--all", *_partials())
    assert code == 0 and err == [] and out["ignored"] == 0
    [call] = out["calls"]
    assert set(call) == CALL_KEYS
    assert call["state"] == "ended" and call["status"] == "Disconnected"
    assert set(call["from"]) == {"phoneNumber", "name"}


def test_without_all_only_live_calls_are_printed() -> None:
    code, out, _ = replay(*_partials()[:3])
    assert code == 0
    assert [c["state"] for c in out["calls"]] == ["held"]
    assert replay(*_partials())[1] == {"calls": [], "ignored": 0}


def test_out_of_order_input_reports_each_ignored_event_on_stderr() -> None:
    partials = _partials()
    code, out, err = replay("--all", partials[-1], partials[0])
    assert code == 0 and out == {"calls": [], "ignored": 2}
    assert len(err) == 2
    assert "already ended" in err[0] and partials[-1].name in err[0]
    assert "stale sequence 5 < 9" in err[1]


def test_extension_id_decides_which_party_is_mine(tmp_path: Path) -> None:
    fixture = fixture_path("get_session_outbound_both_parties_answered.json")
    setup = fixture_path("tsn_outbound_setup_seq2_call_control_js.json")
    assert replay(setup)[1]["calls"][0]["state"] == "dialing"
    assert replay("--extension-id", "999", setup)[1] == {"calls": [], "ignored": 0}
    # Not a notification at all: counted, with the reason on stderr.
    code, out, err = replay(fixture)
    assert code == 0 and out == {"calls": [], "ignored": 1}
    assert err == [f"{fixture}: ignored: notification without a body"]


def _stream() -> list[dict[str, Any]]:
    return [
        event(SID, 2, party(MINE, "Proceeding")),
        event(SID, 3, party(MINE, "Answered", muted=True)),
        event(SID, 4, party(MINE, "Hold", muted=True)),
    ]


def _frame(envelope: dict[str, Any]) -> list[Any]:
    return [{"type": "ServerNotification", "messageId": envelope["uuid"], "status": 200}, envelope]


FORMATS = {
    "array of envelopes": lambda s: json.dumps(s),
    "json lines": lambda s: "\n".join(json.dumps(e) for e in s) + "\n",
    "array of frames": lambda s: json.dumps([_frame(e) for e in s]),
    "json lines of frames": lambda s: "\n".join(json.dumps(_frame(e)) for e in s),
    "pretty json lines": lambda s: "\n\n".join(json.dumps(e) for e in s),
}


@pytest.mark.parametrize("shape", sorted(FORMATS))
def test_every_input_format(tmp_path: Path, shape: str) -> None:
    path = tmp_path / "events.json"
    path.write_text(FORMATS[shape](_stream()), encoding="utf-8")
    code, out, err = replay(path)
    assert code == 0 and err == [] and out["ignored"] == 0
    [call] = out["calls"]
    assert (call["state"], call["muted"], call["partyId"]) == ("held", True, MINE)


def test_single_envelope_and_single_frame_files(tmp_path: Path) -> None:
    one, frame = tmp_path / "one.json", tmp_path / "frame.json"
    one.write_text(json.dumps(_stream()[0]), encoding="utf-8")
    frame.write_text(json.dumps(_frame(_stream()[1])), encoding="utf-8")
    code, out, _ = replay(one, frame)
    assert code == 0 and [c["state"] for c in out["calls"]] == ["active"]


def test_bad_lines_and_other_frames_are_counted_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    details = fixture_path("ws_connection_details.json").read_text(encoding="utf-8")
    lines = [json.dumps(_stream()[0]), "{not json", json.dumps(json.loads(details)), "[1, 2, 3]"]
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = replay(path)
    assert code == 0 and out["ignored"] == 3 and len(err) == 3
    assert err[0].startswith(f"{path}:2: ") and "not JSON" in err[0]
    assert "ConnectionDetails" in err[1]
    assert [c["state"] for c in out["calls"]] == ["ringing"]


def test_calls_are_printed_in_first_seen_order(tmp_path: Path) -> None:
    other = "s-ffff0000ffff0000ffff0000ffff0000"
    stream = [event(other, 2, party("p-o-2", "Answered")), *_stream()]
    path = tmp_path / "two.json"
    path.write_text(json.dumps(stream), encoding="utf-8")
    out = replay(path)[1]
    assert [c["telephonySessionId"] for c in out["calls"]] == [other, SID]


@pytest.mark.parametrize("make", ["missing", "directory", "binary"])
def test_unreadable_file_is_one_clear_line_and_exit_2(tmp_path: Path, make: str) -> None:
    path = tmp_path / "input"
    if make == "directory":
        path.mkdir()
    elif make == "binary":
        path.write_bytes(b"\xff\xfe\x00garbage")
    code, out, err = replay(path)
    assert code == 2 and out is None
    assert len(err) == 1 and err[0].startswith(f"calldeck replay: cannot read {path}")
    assert "Traceback" not in "\n".join(err)


def test_reads_standard_input() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "replay", "-"],
        input=json.dumps(_stream()),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert json.loads(done.stdout)["calls"][0]["state"] == "held"


def test_absurdly_nested_input_is_ignored_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, out, err = replay(path)
    assert code == 0 and out == {"calls": [], "ignored": 1}
    assert "nested too deeply" in err[0] and "Traceback" not in "\n".join(err)
