"""App-level messages: how the account link and the call controller talk to the screen.

The push feed and the action workers run on the app's event loop but outside the
widget tree; they post these messages and the main screen updates its widgets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from tui.calls import Call


@dataclass
class CallsChanged(Message):
    """Calls changed (new, updated or ended), from a push event or a re-read."""

    calls: list[Call]


@dataclass
class ConnectionChanged(Message):
    """The push connection's state (`live`, `recovering`, `down`, `connecting`)."""

    state: str
    transport: str | None = None

    def can_replace(self, message: Message) -> bool:
        # Only the newest connection state matters when several queue up.
        return isinstance(message, ConnectionChanged)


@dataclass
class SignedIn(Message):
    """Who is signed in, shown on the status line."""

    name: str
    extension_number: str | None
    server: str
    demo: bool = False
    account_level: bool = False


@dataclass
class ActionPending(Message):
    """An action was sent for a call; show a pending marker until confirmed."""

    telephony_session_id: str
    label: str


@dataclass
class ActionSettled(Message):
    """The pending marker of a call can go (confirmed, re-read or failed)."""

    telephony_session_id: str


@dataclass
class ActionFailed(Message):
    """An action failed: toast the reason, keep details for the error modal."""

    title: str
    message: str
    details: str
    telephony_session_id: str | None = None
    persistent: bool = False


@dataclass
class ActionSucceeded(Message):
    """An action finished with something to tell (a park location, a recording)."""

    message: str


@dataclass
class SignInLost(Message):
    """The saved sign-in no longer works: show a banner, keep the calls on screen."""

    message: str = field(default="Sign in again with `calldeck login`.")


@dataclass
class LinkRetrying(Message):
    """Connecting at start failed for a reason that may pass; the next try is in `seconds`."""

    message: str
    seconds: float


@dataclass
class LinkFailed(Message):
    """Connecting to the account failed before anything could be shown."""

    message: str


@dataclass
class ExtensionsLoaded(Message):
    """The account's extensions ("101 Ada Lovelace") by extension id, for the account view."""

    labels: dict[str, str]
