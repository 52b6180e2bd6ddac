"""RingCentral's rate limits: throttling groups, sliding windows and the penalty trap.

Every request of a throttled group is counted against RingCentral's default quota for that
group (Light 50, Medium 40, Heavy 10, Auth 5 a minute) and its response says so in the
`X-Rate-Limit-*` headers, as RingCentral's do. Enforcing is off until the control API
switches a limit on (the `rateLimit` fault): over it RingCentral answers 429 CMN-301 with
`Retry-After`, and every request sent during the penalty restarts it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from tui.emulator.clock import Clock
from tui.emulator.operations import find_operation

GROUPS = ("Light", "Medium", "Heavy", "Auth")
# Operations in this group are not rate limited and their responses carry no quota headers.
UNTHROTTLED = "NoThrottling"
# RingCentral's default quotas per user and app (ringcentral-api.md §6).
DEFAULT_LIMITS = {"Light": 50, "Medium": 40, "Heavy": 10, "Auth": 5}


def throttling_group(method: str, path: str) -> str:
    """The throttling group RingCentral's spec gives a request (Light for unknown paths)."""
    operation = find_operation(method, path)
    return operation.group if operation is not None else "Light"


@dataclass(frozen=True, slots=True)
class RateLimitRule:
    """A limit for one group: `limit` requests per `window_seconds`, then a penalty."""

    group: str
    limit: int
    window_seconds: float = 60.0
    penalty_seconds: float = 60.0


@dataclass(frozen=True, slots=True)
class RateDecision:
    """What the limiter says about one request."""

    allowed: bool
    headers: dict[str, str]
    retry_after: float = 0.0


@dataclass
class _GroupState:
    rule: RateLimitRule
    enforced: bool
    sent: deque[float] = field(default_factory=deque)
    penalty_until: float = 0.0


def _default_state(group: str) -> _GroupState:
    return _GroupState(RateLimitRule(group, DEFAULT_LIMITS.get(group, 50)), enforced=False)


class RateLimiter:
    """Sliding-window counts per throttling group; enforced limits each have their penalty."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._groups: dict[str, _GroupState] = {}

    def set_rule(self, rule: RateLimitRule) -> None:
        """Switch on (or replace) the limit of one group; its counters start afresh."""
        self._groups[rule.group] = _GroupState(rule, enforced=True)

    def clear(self) -> None:
        """Switch every limit off (counting against the default quotas starts afresh)."""
        self._groups.clear()

    def check(self, group: str) -> RateDecision | None:
        """Count one request in `group`; None for an unthrottled operation."""
        if group == UNTHROTTLED:
            return None
        state = self._groups.get(group)
        if state is None:
            state = self._groups[group] = _default_state(group)
        rule = state.rule
        now = self.clock.monotonic()
        while state.sent and state.sent[0] <= now - rule.window_seconds:
            state.sent.popleft()
        over = state.enforced and (now < state.penalty_until or len(state.sent) >= rule.limit)
        if over:
            # The 429 trap: any request during the penalty starts the penalty again.
            state.penalty_until = now + rule.penalty_seconds
        else:
            state.sent.append(now)
        headers = {
            "X-Rate-Limit-Group": rule.group.lower(),
            "X-Rate-Limit-Limit": str(rule.limit),
            "X-Rate-Limit-Remaining": str(max(0, rule.limit - len(state.sent))),
            "X-Rate-Limit-Window": str(int(rule.window_seconds)),
        }
        if over:
            return RateDecision(False, headers, rule.penalty_seconds)
        return RateDecision(True, headers)
