"""Young garbage is collected in the quiet after events, not while one is being shown."""

from __future__ import annotations

from collections.abc import Callable

from tui.app.idle_gc import IDLE_AFTER_S, YOUNG_ENOUGH, IdleCollector


class FakeLoop:
    """A clock and `call_later` that run callbacks only when the test moves time on."""

    def __init__(self) -> None:
        self.time = 0.0
        self.timers: list[tuple[float, Callable[[], None]]] = []

    def call_later(self, delay: float, callback: Callable[[], None]) -> None:
        self.timers.append((self.time + delay, callback))

    def advance(self, seconds: float) -> None:
        end = self.time + seconds
        while due := sorted((t for t in self.timers if t[0] <= end), key=lambda t: t[0]):
            when, callback = due[0]
            self.timers.remove(due[0])
            self.time = when
            callback()
        self.time = end


def collector(loop: FakeLoop, counts: list[int]) -> tuple[IdleCollector, list[int]]:
    collected: list[int] = []
    idle = IdleCollector(
        lambda: loop.time,
        loop.call_later,
        collect=collected.append,
        counts=lambda: (counts[0], counts[1], 0),
        thresholds=lambda: (700, 1000, 100),
    )
    return idle, collected


def test_collects_only_once_the_app_has_been_quiet() -> None:
    loop = FakeLoop()
    idle, collected = collector(loop, [YOUNG_ENOUGH, 0])
    idle.busy()
    for _ in range(10):  # events keep coming, closer together than the quiet needed
        loop.advance(IDLE_AFTER_S / 2)
        idle.busy()
        assert collected == []
    loop.advance(IDLE_AFTER_S * 0.99)
    assert collected == []
    loop.advance(IDLE_AFTER_S * 0.02)
    assert collected == [0]  # the young generation, once
    loop.advance(1.0)
    assert collected == [0] and idle.collections == 1


def test_a_little_garbage_waits_and_a_full_middle_generation_goes_first() -> None:
    loop = FakeLoop()
    counts = [YOUNG_ENOUGH - 1, 0]
    idle, collected = collector(loop, counts)
    idle.busy()
    loop.advance(1.0)
    assert collected == []  # not worth a collection's fixed cost yet
    counts[:] = [YOUNG_ENOUGH, 900]
    idle.busy()
    loop.advance(1.0)
    assert collected == [1]  # the middle generation near its threshold: collected at idle
