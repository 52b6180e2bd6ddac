"""The one table of calldeck's actions: id, default key, label, where it applies.

Everything key-related is generated from `ACTIONS`: the BINDINGS of the main screen
and the app, the footer, the help screen, the command palette and `check_action`.
A user's `[keymap]` (action id → key) is applied on top with `App.set_keymap`.

Adding an action
----------------
Add one `ActionSpec` row to `ACTIONS` and a method `action_<id with . as _>` on the screen
(`call.*` rows) or the app (`app.*`); nothing else lists keys. The fields:

- `id` (`call.hold`): stable, what users write in `[keymap]`; `call.*` acts on the selected call.
- `key`, `label`, `description`: default key, key-bar label, one sentence for help/palette.
- `labels`: what the key does *now*, by the reducer action the call allows
  (`((Action.UNHOLD, "Unhold"),)`); `label_for(call)` picks it, else `label`.
- `states` (for help's "When") and `call_actions`: the row applies when the selected call
  allows one of `call_actions`.
- `destructive` (debounced), `show` (in the key bar).
- `scope`: empty for the main screen's keys; a pane's name (`team`, `history`) for keys that
  work only while that pane has focus (`scope_bindings(scope)` gives the pane its bindings, so
  `t` in the team pane can transfer to the colleague under the cursor while `t` elsewhere
  opens the transfer dialog). Keys must be unique within a scope, not across scopes.

Whether a key may run now is decided by `why_not(call, state)`, which runs the checks of
`tui.app.gate.CHECKS` (no call, call ended, wrong state, already silenced, request in flight,
and whatever other modules `register`: permissions, a stale feed). `check_action`, the key
bar (dimmed + tooltip), help ("Now" column) and the palette all use it, and a key pressed
while blocked says the reason. A new condition is a new check there, not an `if` here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from tui.app.action_spec import ANSWERED, CONNECTED, RINGING, ActionSpec
from tui.calls import Action, CallState
from tui.ringcentral.permissions import CALL_CONTROL, READ_ACCOUNTS

if TYPE_CHECKING:
    from textual.binding import Binding

__all__ = ["ANSWERED", "CONNECTED", "RINGING", "ActionSpec"]  # re-exported: rows use them


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "call.answer",
        "a",
        "Answer",
        "Answer the ringing call on your chosen phone.",
        RINGING,
        (Action.ANSWER,),
    ),
    ActionSpec(
        "call.ignore",
        "g",
        "Ignore",
        "Stop a call-queue call ringing for you; the queue goes on to others.",
        RINGING,
        (Action.IGNORE,),
        destructive=True,
    ),
    ActionSpec(
        "call.reply",
        "R",
        "Reply",
        "Reply to the ringing caller with a message they hear (picker or your own text).",
        RINGING,
        (Action.REPLY,),
    ),
    ActionSpec(
        "call.voicemail",
        "v",
        "Voicemail",
        "Send the ringing call to voicemail.",
        RINGING,
        (Action.VOICEMAIL,),
        destructive=True,
    ),
    ActionSpec(
        "call.reject",
        "x",
        "Reject",
        "Reject the ringing call.",
        RINGING,
        (Action.REJECT,),
        destructive=True,
    ),
    ActionSpec(
        "call.forward",
        "f",
        "Forward",
        "Forward the ringing call to a phone number.",
        RINGING,
        (Action.FORWARD,),
    ),
    ActionSpec(
        "call.silence",
        "s",
        "Silence",
        "Stop ringing the terminal bell for this call (the call keeps ringing).",
        RINGING,
        (Action.VOICEMAIL, Action.REJECT, Action.FORWARD),
        permission="",  # local: only the bell stops
    ),
    ActionSpec(
        "ringer.silence_all",
        "S",
        "Silence all",
        "Stop ringing the terminal bell for every call ringing now.",
        show=False,
    ),
    ActionSpec(
        "call.hold",
        "h",
        "Hold",
        "Put the call on hold, or take it off hold.",
        ANSWERED,
        (Action.HOLD, Action.UNHOLD),
        labels=((Action.UNHOLD, "Unhold"),),
    ),
    ActionSpec(
        "call.mute",
        "m",
        "Mute",
        "Mute or unmute your side of the call.",
        ANSWERED,
        (Action.MUTE, Action.UNMUTE),
        labels=((Action.UNMUTE, "Unmute"),),
    ),
    ActionSpec(
        "call.flip",
        "l",
        "Flip",
        "Flip the call to your default flip target (*2 unless configured).",
        ANSWERED,
        (Action.FLIP,),
    ),
    ActionSpec(
        "call.flip_pick",
        "L",
        "Flip to…",
        "Flip the call to one of your forwarding numbers (picker).",
        ANSWERED,
        (Action.FLIP,),
        show=False,
    ),
    ActionSpec(
        "call.park",
        "p",
        "Park",
        "Park the call and show the park location (*8xx) it got.",
        ANSWERED,
        (Action.PARK,),
        destructive=True,
    ),
    ActionSpec(
        "call.record",
        "r",
        "Record",
        "Start recording; then pause or resume it.",
        ANSWERED,
        (Action.RECORD_START, Action.RECORD_PAUSE, Action.RECORD_RESUME),
        labels=((Action.RECORD_PAUSE, "Pause rec"), (Action.RECORD_RESUME, "Resume rec")),
    ),
    ActionSpec(
        "call.transfer",
        "t",
        "Transfer",
        "Transfer to a number, an extension, voicemail or a park orbit.",
        ANSWERED,
        (Action.TRANSFER,),
    ),
    ActionSpec(
        "call.warm_transfer",
        "T",
        "Ask first",
        "Warm transfer: hold the caller and call a colleague first (b joins them, d cancels).",
        ANSWERED,
        (Action.WARM_TRANSFER,),
    ),
    ActionSpec(
        "call.complete_transfer",
        "b",
        "Join",
        "On the call asking a colleague: hand the held caller over to them.",
        frozenset({CallState.ACTIVE}),
        (Action.HOLD,),
    ),
    ActionSpec(
        "call.unpark",
        "u",
        "Pick up",
        "Pick the parked call up again on your chosen phone.",
        frozenset({CallState.PARKED}),
        (Action.UNPARK,),
    ),
    ActionSpec(
        "call.drop",
        "d",
        "Hang up",
        "Hang up the call (asks you to confirm with y); cancels an ask-first or a RingOut.",
        CONNECTED,
        (Action.DROP,),
        destructive=True,
    ),
    ActionSpec(
        "call.copy_ids",
        "i",
        "Copy ids",
        "Copy the selected call's session ids to the clipboard.",
        show=False,
    ),
    ActionSpec(
        "call.dial",
        "n",
        "Call",
        "Call someone: a name (directory search), an extension or a number.",
        any_time=True,
        permission=CALL_CONTROL,  # call-out; RingOut (its own permission) is the fallback
    ),
    ActionSpec(
        "app.device",
        "D",
        "Phone",
        "Choose the phone calldeck answers and dials on (saved in the config).",
        show=False,
        permission=READ_ACCOUNTS,
    ),
    ActionSpec(
        "view.history",
        "c",
        "History",
        "Show or hide your call log (RingCentral's, the last 7 days and on).",
    ),
    ActionSpec(
        "view.team",
        "w",
        "Team",
        "Show or hide your team: favorites (or department) with their presence.",
        show=False,
    ),
    ActionSpec(
        "presence.pick",
        "A",
        "Availability",
        "Set Available, Busy, Do not disturb or Offline, and call-queue calls.",
        show=False,
    ),
    ActionSpec(
        "team.transfer",
        "t",
        "Transfer here",
        "Transfer the selected call to the colleague under the cursor.",
        scope="team",
        permission=CALL_CONTROL,
    ),
    ActionSpec(
        "team.ask_first",
        "T",
        "Ask first",
        "Call the colleague first, then transfer the selected call (warm transfer).",
        scope="team",
        permission=CALL_CONTROL,
    ),
    ActionSpec("team.call", "n", "Call", "Call the colleague under the cursor.", scope="team"),
    ActionSpec(
        "team.filter", "slash", "Filter", "Filter the team by name or extension.", scope="team"
    ),
    ActionSpec(
        "history.filter", "slash", "Filter", "Filter History by name or number.", scope="history"
    ),
    ActionSpec(
        "history.call_back",
        "enter,n",
        "Call back",
        "Call the number of the History entry under the cursor back.",
        scope="history",
    ),
    ActionSpec(
        "view.events",
        "e",
        "Events",
        "Show or hide the raw push notifications received (pretty JSON).",
    ),
    ActionSpec(
        "view.error",
        "E",
        "Error",
        "Open the details of the last failed action (copyable).",
        show=False,
    ),
    ActionSpec("view.down", "j", "Next", "Select the next call.", show=False),
    ActionSpec("view.up", "k", "Previous", "Select the previous call.", show=False),
    ActionSpec(
        "app.retry",
        "r",
        "Retry",
        "Connect to RingCentral now instead of waiting for the next try (only while waiting).",
        shares_key=True,
    ),
    ActionSpec("app.help", "question_mark", "Help", "Show every key and what it does."),
    ActionSpec("app.quit", "q", "Quit", "Quit calldeck (asks first while calls are live)."),
)

ACTIONS_BY_ID: Mapping[str, ActionSpec] = {spec.id: spec for spec in ACTIONS}
ACTIONS_BY_NAME: Mapping[str, ActionSpec] = {spec.action_name: spec for spec in ACTIONS}

APP_ACTION_IDS = frozenset({"app.help", "app.quit", "app.retry"})


def screen_bindings() -> list[Binding]:
    """Bindings of the main screen: every call and view action.

    Priority bindings: the app runs them as the key arrives, instead of handing the key to
    the focused table to travel up through its containers first (key -> request 0.45 ms
    sooner at the median on 2 cores). A key the focused pane binds itself stays the pane's
    (`MainScreen.check_action` leaves the screen's row out), and Textual drops a priority
    key that a focused text input consumes.
    """
    return [
        spec.binding(priority=True)
        for spec in ACTIONS
        if spec.id not in APP_ACTION_IDS and not spec.scope
    ]


def keys_in_scope(scope: str, keymap: Mapping[str, str]) -> frozenset[str]:
    """Every key a pane's own rows are on (`t`, `T`, `n`, `/` in the team pane)."""
    keys: frozenset[str] = frozenset()
    for spec in ACTIONS:
        if spec.scope == scope:
            keys |= spec.keys(keymap)
    return keys


def scope_bindings(scope: str) -> list[Binding]:
    """Bindings of one pane (`team`, `history`): its rows of the table."""
    return [spec.binding() for spec in ACTIONS if spec.scope == scope]


SCOPES = ("team", "history")


def app_bindings() -> list[Binding]:
    """Bindings that live on the App so they work on every screen."""
    return [spec.binding() for spec in ACTIONS if spec.id in APP_ACTION_IDS]


def call_actions() -> Iterable[ActionSpec]:
    """The rows that act on the selected call."""
    return (spec for spec in ACTIONS if spec.needs_call)


def unknown_action_ids(ids: Iterable[str]) -> list[str]:
    """Ids in `ids` that are not rows of the table (for config validation)."""
    return [action_id for action_id in ids if action_id not in ACTIONS_BY_ID]
