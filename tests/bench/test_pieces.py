"""Every piece of `python -m bench` runs on tiny sizes and produces every key.

No timing assertions, ever: the benchmark is the measurement. What is asserted is what the
numbers mean: every change sent was counted, every key press reached the emulator.
"""

from __future__ import annotations

from typing import Any

from bench import event_latency, idle, key_latency, reducer, scale
from bench.emulator_client import EmulatorProcess
from bench.matching import Drained
from bench.plan import KEYS
from bench.screen_probe import running_probed_app
from bench.waiting import poll


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


class StampLog(list):
    """A call's (time, shown) stamps that also note, in a shared log, each visible change.

    A stamp whose state differs from the call's previous one changed its line on screen;
    a stamp of the same state (a change the table does not show, such as a start time
    moving by a millisecond) needs no frame.
    """

    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    def append(self, item: tuple[float, str]) -> None:
        if not self or self[-1][1] != item[1]:
            self.log.append("shown")
        super().append(item)


async def test_a_change_is_stamped_only_once_a_frame_showing_it_reached_the_driver() -> None:
    log: list[str] = []
    async with (
        EmulatorProcess() as emu,
        running_probed_app(emu.credentials, transport="pubnub") as (app, screen, _),
    ):
        display, update_calls = app._display, screen.table.update_calls

        def logged_display(*args: Any) -> None:
            display(*args)
            log.append("frame")

        def logged_update(*args: Any) -> Any:
            log.append("handled")
            return update_calls(*args)

        app._display = logged_display  # type: ignore[method-assign]
        screen.table.update_calls = logged_update  # type: ignore[method-assign]
        screen.painted.default_factory = lambda: StampLog(log)
        run = await emu.call("lifecycle", rate=40, count=12)
        await poll(Drained(run["actions"], screen.painted), 10.0)
    shown = [i for i, what in enumerate(log) if what == "shown"]
    assert len(shown) >= 12
    for index in shown:
        before = [what for what in log[:index] if what != "shown"]
        # The change was handled, then a frame went out, and only then was it stamped.
        assert before[-1] == "frame" and "handled" in before


async def test_key_presses_each_reach_the_emulator() -> None:
    result = await key_latency.measure(presses=4, rounds=2)
    assert_every_key("key_latency", result)
    assert result["presses"] == result["baseline_presses"] == 4
    assert result["p99_ms"] >= result["p50_ms"] > 0
    assert result["baseline_p99_ms"] >= result["baseline_p50_ms"] > 0 and result["ratio_p99"] > 0
    # Each side's p99 per round, so a run can show how far the machine moved within it.
    assert len(result["round_p99_ms"]) == len(result["round_baseline_p99_ms"]) == 2


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


async def test_idle_compares_calldeck_with_five_calls_to_the_bare_app() -> None:
    result = await idle.measure(duration_s=1, rounds=1)
    assert_every_key("idle", result)
    assert result["calls"] == 5
    assert result["cpu_percent"] > 0 and result["baseline_cpu_percent"] > 0


async def test_each_transport_is_compared_with_its_own_bare_client() -> None:
    result = await event_latency.measure(rate=40, events=12, websocket=True, rounds=2)
    assert len(result["round_p99_ms"]) == len(result["websocket"]["round_baseline_p99_ms"]) == 2
    websocket = result["websocket"]
    assert websocket["events"] == 12 and websocket["missing"] == 0
    assert websocket["baseline_p99_ms"] > 0 and websocket["ratio_p99"] > 0


async def test_a_schedules_long_reply_comes_after_its_events_not_among_them() -> None:
    # The reply lists every action with its handoff times; read and parsed by the measured
    # process while its last events arrive, it would be measured as their latency.
    import time

    from bench.ws_subscriber import WsSubscriber

    async with EmulatorProcess() as emu, WsSubscriber(emu.credentials):
        run = await emu.call("lifecycle", rate=40, count=6, quiet_s=event_latency.QUIET_S)
        replied = time.monotonic()  # the emulator stamps handoffs on the same clock
    last_handoff = max(max(action["handoffs"].values()) for action in run["actions"])
    assert replied - last_handoff >= event_latency.QUIET_S - 0.01
