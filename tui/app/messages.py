"""App-level messages: how the account link and the call controller talk to the screen.

The push feed and the action workers run on the app's event loop but outside the
widget tree; they post these messages and the main screen updates its widgets.

Messages are plain classes with an `__init__`, as in Textual's own widgets, not dataclasses:
Python 3.11 compiles each dataclass's generated methods from source at import, and that was
a fifth of calldeck's start-up before its first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.calls import Call


class CallsChanged(Message):
    """Calls changed (new, updated or ended), from a push event or a re-read."""

    def __init__(self, calls: list[Call]) -> None:
        self.calls = calls
        super().__init__()


class ConnectionChanged(Message):
    """The push connection's state (`live`, `recovering`, `down`, `connecting`)."""

    def __init__(self, state: str, transport: str | None = None) -> None:
        self.state = state
        self.transport = transport
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        # Only the newest connection state matters when several queue up.
        return isinstance(message, ConnectionChanged)


class SignedIn(Message):
    """Who is signed in, shown on the status line."""

    def __init__(
        self,
        name: str,
        extension_number: str | None,
        server: str,
        demo: bool = False,
        account_level: bool = False,
    ) -> None:
        self.name = name
        self.extension_number = extension_number
        self.server = server
        self.demo = demo
        self.account_level = account_level
        super().__init__()


class ActionPending(Message):
    """An action was sent for a call; show a pending marker until confirmed."""

    def __init__(self, telephony_session_id: str, label: str) -> None:
        self.telephony_session_id = telephony_session_id
        self.label = label
        super().__init__()


class ActionSettled(Message):
    """The pending marker of a call can go (confirmed, re-read or failed)."""

    def __init__(self, telephony_session_id: str) -> None:
        self.telephony_session_id = telephony_session_id
        super().__init__()


class ActionFailed(Message):
    """An action failed: toast the reason, keep details for the error modal."""

    def __init__(
        self,
        title: str,
        message: str,
        details: str,
        telephony_session_id: str | None = None,
        persistent: bool = False,
    ) -> None:
        self.title = title
        self.message = message
        self.details = details
        self.telephony_session_id = telephony_session_id
        self.persistent = persistent
        super().__init__()


class ActionSucceeded(Message):
    """An action finished with something to tell (a park location, a recording)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__()


class SignInLost(Message):
    """The saved sign-in no longer works: show a banner, keep the calls on screen."""

    def __init__(self, message: str = "Sign in again with `calldeck login`.") -> None:
        self.message = message
        super().__init__()


class LinkRetrying(Message):
    """Connecting at start failed for a reason that may pass; the next try is in `seconds`."""

    def __init__(self, message: str, seconds: float) -> None:
        self.message = message
        self.seconds = seconds
        super().__init__()


class LinkFailed(Message):
    """Connecting to the account failed before anything could be shown."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__()


class ExtensionsLoaded(Message):
    """The account's extensions ("101 Ada Lovelace") by extension id, for the account view."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels
        super().__init__()
