"""The README's "Performance" table, rendered from a full run's results."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bench.machine import machine_line

TARGETS = {
    ("startup", "ratio"): "≤ 1.3",
    ("event_latency", "ratio_p99"): "≤ 2",
    ("event_latency", "p99_ms"): "≤ 33 ms (2 frames)",
    ("key_latency", "ratio_p99"): "≤ 1.5",
    ("scale", "lost"): "0",
    ("scale", "lag_p99_ms"): "≤ 100 ms",
    ("scale", "rss_mb"): "≤ 250 MB",
    ("reducer", "ratio"): "≤ 3",
    ("idle", "ratio"): "≤ 1",
}


def _or_dash(value: object) -> str:
    return "—" if value is None else str(value)


def _value(results: dict[str, Any], piece: str, key: str) -> str:
    part = results.get(piece)
    return _or_dash(None if part is None else part.get(key))


def performance_table(results: dict[str, Any], when: datetime | None = None) -> str:
    """Markdown: one row per measured quantity with its target, plus how to reproduce."""
    moment = (when or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    machine = results.get("machine") or {}
    lines = [
        "## Performance",
        "",
        f"Full run of {moment}. Machine: {machine_line(machine)}.",
        *([f"**Warning: {machine['warning']}.**"] if machine.get("warning") else []),
        "",
        "Ratios are against a baseline measured in the same run. Reproduce from the repo root:",
        "`python -m bench` (about 11 minutes; `--quick` about 4; `--out FILE` writes the",
        "JSON). How each number is taken: `bench/README.md`.",
        "",
        "| Measure | Value | Target |",
        "|---|---|---|",
    ]
    rows = [
        ("Start-up to first frame (ms), calldeck demo", "startup", "first_frame_ms"),
        ("Start-up to first frame (ms), bare Textual app", "startup", "baseline_ms"),
        ("Start-up ratio", "startup", "ratio"),
        ("Event → screen p50 (ms), PubNub, 100/s", "event_latency", "p50_ms"),
        ("Event → screen p99 (ms), PubNub, 100/s", "event_latency", "p99_ms"),
        ("Bare PubNub SDK p99 (ms)", "event_latency", "baseline_p99_ms"),
        ("Event p99 ratio to the bare SDK", "event_latency", "ratio_p99"),
        ("Key → request p50 (ms)", "key_latency", "p50_ms"),
        ("Key → request p99 (ms)", "key_latency", "p99_ms"),
        ("Bare Textual + httpx app, key → request p99 (ms)", "key_latency", "baseline_p99_ms"),
        ("Key p99 ratio to the bare app", "key_latency", "ratio_p99"),
        ("Scale: sessions / events per s / s", "scale", "sessions"),
        ("Scale: sent", "scale", "sent"),
        ("Scale: lost", "scale", "lost"),
        ("Scale: lag p99 (ms)", "scale", "lag_p99_ms"),
        ("Scale: peak RSS (MB)", "scale", "rss_mb"),
        ("Reducer: CallBook.apply events/s", "reducer", "events_per_s"),
        ("Reducer: json.loads/s of the same envelopes", "reducer", "json_loads_per_s"),
        ("Reducer ratio (apply cost / loads cost)", "reducer", "ratio"),
        ("Idle CPU % (5 live calls, 60 s)", "idle", "cpu_percent"),
        (
            "Idle CPU %, bare Textual app with a DataTable and a 1 s clock",
            "idle",
            "baseline_cpu_percent",
        ),
        ("Idle CPU ratio", "idle", "ratio"),
    ]
    for label, piece, key in rows:
        value = _value(results, piece, key)
        if (piece, key) == ("scale", "sessions"):
            value = " / ".join(
                _value(results, "scale", k) for k in ("sessions", "events_per_s", "duration_s")
            )
        lines.append(f"| {label} | {value} | {TARGETS.get((piece, key), '')} |")
    websocket = (results.get("event_latency") or {}).get("websocket")
    if websocket:
        for label, key, target in (
            ("Event → screen p99 (ms), WebSocket, 100/s", "p99_ms", "≤ 33 ms (2 frames)"),
            ("Bare WebSocket client p99 (ms)", "baseline_p99_ms", ""),
            ("Event p99 ratio to the bare client, WebSocket", "ratio_p99", "≤ 2"),
        ):
            lines.append(f"| {label} | {_or_dash(websocket.get(key))} | {target} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.report`: re-render results/performance.md from results/latest.json.

    `--agree QUICK [FULL]`: say whether a quick run's JSON agrees with a full run's (by
    default results/latest.json); exit 1 if it does not.
    `--runs A.json B.json ...`: the table of consecutive full runs, each measure with its
    share of the target (`bench/margin.py`); exit 1 if any run is short of the margin.
    """
    import argparse
    import json
    from pathlib import Path

    results_dir = Path(__file__).parent / "results"
    latest = results_dir / "latest.json"
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=main.__doc__)
    parser.add_argument("--agree", nargs="+", type=Path, metavar="JSON", help="QUICK [FULL]")
    parser.add_argument("--runs", nargs="+", type=Path, metavar="JSON", help="full runs")
    args = parser.parse_args(argv)
    if args.runs:
        from bench.margin import runs_table, shortfalls

        runs = [(path.stem, json.loads(path.read_text())) for path in args.runs]
        print(runs_table(runs), end="")
        short = [f"{name}: {line}" for name, results in runs for line in shortfalls(results)]
        print("\n".join(short) if short else "every run met every target with the margin")
        return 1 if short else 0
    if args.agree:
        from bench.agree import compare

        quick = json.loads(args.agree[0].read_text())
        full = json.loads((args.agree[1] if len(args.agree) > 1 else latest).read_text())
        lines, agree = compare(quick, full)
        print("\n".join(lines))
        print("the quick run agrees with the full run" if agree else "they DISAGREE")
        return 0 if agree else 1
    when = datetime.fromtimestamp(latest.stat().st_mtime, UTC)
    table = performance_table(json.loads(latest.read_text()), when)
    (results_dir / "performance.md").write_text(table)
    print(table, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
