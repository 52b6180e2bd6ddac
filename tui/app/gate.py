"""Why an action cannot run now: one answer shared by keys, the key bar, help and the palette.

A row of the action table applies to a call when the call's state allows one of the row's
reducer actions. Everything that can stop a key is a *check* in `CHECKS`: a function
`(spec, call, state) -> reason | None`, run in order; the first reason wins. The reason is

- a `Hidden` reason: the key does not apply at all (no call, wrong state, already silenced);
  `check_action` returns False, so the key bar leaves it out;
- a `Caution` reason: the key runs, but may fail (a stale feed: the call may have changed
  unseen, while REST may well still work, so hanging up must stay possible); the key bar's
  tooltip and help carry the reason and pressing the key says it as it sends;
- any other string: the key applies but not now (a request in flight, no permission);
  `check_action` returns None, so the key bar draws it dimmed with the reason as its
  tooltip.

Either way help lists the reason for the selected call, and pressing the key anyway says the
reason in one line instead of doing nothing. To add a check, append it with `register`
(in your own module, imported by the app), and add what it needs to `GateState` with a default
and fill it in `MainScreen.gate_state`.

Pure: no Textual import, so `tui.config` and tests can use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.calls import CallState
from tui.ringcentral.permissions import missing_permission

if TYPE_CHECKING:
    from tui.app.actions import ActionSpec
    from tui.calls import Call


class Hidden(str):
    """A reason meaning "the key does not apply here": left out of the key bar, not dimmed."""

    __slots__ = ()


class Caution(str):
    """A reason meaning "this may fail": the key still runs, and says why as it does."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class GateState:
    """What the checks look at besides the selected call (built by `MainScreen.gate_state`)."""

    pending: str | None = None
    """Label of the request in flight for the selected call (`Hold`), if any."""
    gone: bool = False
    """The selected call has ended; its row stays a moment so a late key finds it."""
    silenced: bool = False
    """The selected call's ringer was silenced (`s` is not offered again)."""
    call_name: str = ""
    """How the selected call reads in a sentence (`call from Ada Lovelace`), already clean."""
    feed: str = "live"
    """The live feed's state (`live`, `connecting`, `recovering`, `down`)."""
    feed_stale: bool = False
    """The feed has not been live for a while: calls on screen may be stale."""
    retry_waiting: bool = False
    """A failed start waits to try again (`r` tries now)."""
    consult: bool = False
    """The selected call is the consult of an open warm transfer (`b` joins, `d` cancels)."""
    granted: frozenset[str] | None = None
    """The app permissions the sign-in's `scope` lists; None when unknown (nothing disabled)."""


GateCheck = Callable[["ActionSpec", "Call | None", GateState], "str | None"]


def _no_call(spec: ActionSpec, call: Call | None, state: GateState) -> str | None:
    if spec.needs_call and call is None:
        return Hidden("No call selected.")
    return None


def _ended(spec: ActionSpec, call: Call | None, state: GateState) -> str | None:
    if spec.needs_call and call is not None and (state.gone or call.state is CallState.ENDED):
        return Hidden(f"The {state.call_name or 'call'} has ended; nothing was sent.")
    return None


def _state(spec: ActionSpec, call: Call | None, state: GateState) -> str | None:
    if spec.allowed_for(call):
        return None
    where = spec.where or "other calls"
    current = call.state.value if call is not None else "none"
    return Hidden(f"{spec.label} applies to {where} calls; this one is {current}.")


def _silenced(spec: ActionSpec, call: Call | None, state: GateState) -> str | None:
    if spec.id == "call.silence" and state.silenced:
        return Hidden(f"The {state.call_name or 'call'} is already silenced.")
    return None


def _pending(spec: ActionSpec, call: Call | None, state: GateState) -> str | None:
    if spec.call_actions and state.pending:
        return f"Waiting for RingCentral to confirm {state.pending}."
    return None


def _permission(spec: ActionSpec, call: Call | None, state: GateState) -> str | None:
    needed = spec.required_permission
    if needed and state.granted is not None and needed not in state.granted:
        return missing_permission(needed)
    return None


CHECKS: list[GateCheck] = [_no_call, _ended, _state, _silenced, _permission, _pending]
"""Every check, in order; the first reason wins. Other modules `register` theirs."""


def register(check: GateCheck) -> GateCheck:
    """Add `check` to `CHECKS` once (usable as a decorator); returns it unchanged."""
    if check not in CHECKS:
        CHECKS.append(check)
    return check


def why_not(spec: ActionSpec, call: Call | None, state: GateState) -> str | None:
    """The first reason `spec` cannot run on `call` now, else the first `Caution`, else None."""
    caution: str | None = None
    for check in CHECKS:
        reason = check(spec, call, state)
        if isinstance(reason, Caution):
            caution = caution or reason
        elif reason is not None:
            return reason
    return caution


def enabled_state(reason: str | None) -> bool | None:
    """`check_action`'s answer for a reason: True (run), None (dimmed) or False (left out)."""
    if reason is None or isinstance(reason, Caution):
        return True
    return False if isinstance(reason, Hidden) else None
