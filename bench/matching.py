"""Pair each emulator action with the refresh that first showed its result."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Matched:
    """Latencies (s) of actions that reached the screen, and how many never did."""

    latencies: list[float] = field(default_factory=list)
    missing: int = 0

    @property
    def applied(self) -> int:
        """Actions whose result was shown."""
        return len(self.latencies)


def handoff_time(action: dict, subscription: str | None = None) -> float:
    """When the action's first envelope was handed to `subscription` (or to anyone)."""
    handoffs: dict[str, float] = action["handoffs"]
    if subscription is not None:
        return handoffs[subscription]
    return min(handoffs.values())


def match(actions: list[dict], painted: dict[str, list[tuple[float, str]]]) -> Matched:
    """For each action, in order per session, the first later refresh showing its result.

    A refresh is consumed once matched, so a session that changes back and forth (held,
    resumed, held) needs a refresh per change; a change never shown counts as missing.
    """
    result = Matched()
    position: dict[str, int] = defaultdict(int)
    for action in actions:
        sid, expect = action["sid"], action["expect"]
        start = handoff_time(action)
        shown = painted.get(sid, [])
        index = position[sid]
        while index < len(shown) and not (shown[index][1] == expect and shown[index][0] >= start):
            index += 1
        if index < len(shown):
            result.latencies.append(shown[index][0] - start)
            position[sid] = index + 1
        else:
            result.missing += 1
    return result


class Drained:
    """`Drained(actions, painted)()`: True once every session's last action has been shown.

    Built once per run and polled many times (`painted` fills in meanwhile): sessions
    already seen in their final state are not looked at again, so polling a 30,000-action
    run costs the app under test (same process, same CPU) next to nothing.
    """

    def __init__(self, actions: list[dict], painted: dict[str, list[tuple[float, str]]]) -> None:
        self._painted = painted
        self._waiting: dict[str, str] = {}
        for action in actions:
            self._waiting[action["sid"]] = action["expect"]

    def __call__(self) -> bool:
        painted = self._painted
        done = [
            sid
            for sid, expect in self._waiting.items()
            if (shown := painted.get(sid)) and shown[-1][1] == expect
        ]
        for sid in done:
            del self._waiting[sid]
        return not self._waiting


def all_shown(actions: list[dict], painted: dict[str, list[tuple[float, str]]]) -> bool:
    """True once the last action of every session has been shown (a one-off check)."""
    return Drained(actions, painted)()
