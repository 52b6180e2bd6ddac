"""Every piece of `python -m bench` runs on tiny sizes and produces every key.

No timing assertions, ever: the benchmark is the measurement. What is asserted is what the
numbers mean: every change sent was counted, every key press reached the emulator.
"""

from __future__ import annotations

from bench import event_latency, key_latency, reducer, scale
from bench.plan import KEYS


def assert_every_key(name: str, result: dict) -> None:
    missing = [key for key in KEYS[name] if key not in result]
    assert missing == []


async def test_event_latency_counts_every_change_on_screen() -> None:
    result = await event_latency.measure(rate=40, events=24)
    assert_every_key("event_latency", result)
    assert result["transport"] == "pubnub"
    assert result["events"] == 24 and result["missing"] == 0
    assert result["p99_ms"] >= result["p50_ms"] > 0
    assert result["baseline_p99_ms"] > 0 and result["ratio_p99"] > 0


async def test_key_presses_each_reach_the_emulator() -> None:
    result = await key_latency.measure(presses=4)
    assert_every_key("key_latency", result)
    assert result["presses"] == 4
    assert result["p99_ms"] >= result["p50_ms"] > 0


async def test_scale_accounts_for_every_change_sent() -> None:
    result = await scale.measure(sessions=6, events_per_s=12, duration_s=1)
    assert_every_key("scale", result)
    assert result["sent"] == 12
    assert result["applied"] + result["lost"] == result["sent"]
    assert result["lost"] == 0
    assert result["envelopes_received"] == result["envelopes_sent"] == 12
    assert result["rss_mb"] > 0


async def test_reducer_compares_apply_with_parsing_the_same_stream() -> None:
    result = await reducer.measure(actions=15, passes=2)
    assert_every_key("reducer", result)
    assert result["envelopes"] >= 15  # a telephony event (plus presence) per change
    assert result["ratio"] > 0 and result["events_per_s"] > 0
