"""One row of the action table (`tui.app.actions.ACTIONS`): what a key is and when it applies.

The fields and how a row is added are described in `tui.app.actions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.app import gate
from tui.calls import CallState
from tui.ringcentral.permissions import CALL_CONTROL

if TYPE_CHECKING:
    from collections.abc import Mapping

    from textual.binding import Binding

    from tui.app.gate import GateState
    from tui.calls import Action, Call

RINGING = frozenset({CallState.RINGING})
ANSWERED = frozenset({CallState.ACTIVE, CallState.HELD})
CONNECTED = frozenset({CallState.DIALING, CallState.ACTIVE, CallState.HELD})


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One row of the action table."""

    id: str
    """Stable binding id (`call.hold`), the key users put in `[keymap]`."""
    key: str
    """Default key (Textual key name)."""
    label: str
    """Short footer label."""
    description: str
    """One sentence for the help screen and the command palette."""
    states: frozenset[CallState] = frozenset()
    """Call states where the action is offered (documentation; `call_actions` decides)."""
    call_actions: tuple[Action, ...] = ()
    """The reducer's actions this row sends; enabled iff the selected call allows one."""
    destructive: bool = False
    """Repeated presses within the debounce window are ignored."""
    show: bool = True
    """Shown in the footer when enabled."""
    labels: tuple[tuple[Action, str], ...] = ()
    """Label by what the key does now: the first whose action the call allows wins."""
    any_time: bool = False
    """A `call.*` row that needs no selected call (dial a new one)."""
    scope: str = ""
    """The pane whose focus the key needs (`team`, `history`); empty for the main screen."""
    shares_key: bool = False
    """The key may also be a call row's: this row applies only while no call row can (`r`
    retries a failed start, when no call is on screen; `tui.app.staleness`)."""
    permission: str | None = None
    """The RingCentral app permission the row needs (`CallControl`); None: by its kind (a row
    that sends call-control actions needs CallControl), "" for none."""

    @property
    def required_permission(self) -> str:
        """The app permission this row needs, or "" (see `permission`)."""
        if self.permission is not None:
            return self.permission
        return CALL_CONTROL if self.call_actions else ""

    @property
    def action_name(self) -> str:
        """Name of the Textual action method (`call.hold` → `call_hold`)."""
        return self.id.replace(".", "_")

    @property
    def needs_call(self) -> bool:
        """True for actions on the selected call (`call.*`, except those that start one)."""
        return self.id.startswith("call.") and not self.any_time

    def binding(self, *, priority: bool = False) -> Binding:
        """The Textual Binding for this row (id set so keymaps can remap it)."""
        # Imported here so `tui.config` can read the table without loading Textual.
        from textual.binding import Binding

        return Binding(
            self.key,
            self.action_name,
            self.label,
            show=self.show,
            tooltip=self.description,
            id=self.id,
            priority=priority,
        )

    def keys(self, keymap: Mapping[str, str]) -> frozenset[str]:
        """The keys this row is on with `keymap` (a user's `[keymap]`) applied."""
        return frozenset(keymap.get(self.id, self.key).split(","))

    @property
    def where(self) -> str:
        """Where the row applies, in words (help's "When" column, gate reasons)."""
        if self.scope:
            return f"in the {self.scope} pane"
        if self.shares_key:
            return "while waiting to connect"
        if not self.needs_call:
            return "always"
        if not self.states:
            return "any"
        if self.states == ANSWERED:
            return "answered"
        if self.states == CONNECTED:
            return "answered or dialing"
        return " or ".join(state.value for state in CallState if state in self.states)

    def label_for(self, call: Call | None) -> str:
        """The label for what the key does to `call` now (`Unhold` on a held call)."""
        if call is not None:
            allowed = call.actions
            for action, label in self.labels:
                if action in allowed:
                    return label
        return self.label

    def why_not(self, call: Call | None, state: GateState) -> str | None:
        """Why the row cannot run on `call` now (see `tui.app.gate`), or None when it can."""
        return gate.why_not(self, call, state)

    def allowed_for(self, call: Call | None) -> bool:
        """True when `call` is in a state where this action applies."""
        if not self.needs_call:
            return True
        if call is None:
            return False
        if not self.call_actions:
            return True
        return bool(call.actions.intersection(self.call_actions))
