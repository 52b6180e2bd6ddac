"""The calldeck Textual app: thin on purpose.

It owns the settings, the clock, the ringer and the account link (started in an
App-level worker so it outlives any dialog), and hands everything visible to
`MainScreen`. Keys come from the action table; `[keymap]` is applied with `set_keymap`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding

from tui.app import (
    dialogs,
    staleness,  # noqa: F401  (registers the feed's gate checks)
)
from tui.app.actions import ACTIONS, ACTIONS_BY_NAME, app_bindings
from tui.app.calling import Calling
from tui.app.clock import ServerTime
from tui.app.controller import CallController
from tui.app.gate import enabled_state
from tui.app.idle_gc import settle_garbage_collection
from tui.app.messages import (
    CallsChanged,
    ConnectionChanged,
    ExtensionsLoaded,
    LinkFailed,
    LinkRetrying,
    SignedIn,
    SignInLost,
)
from tui.app.palette import CallActionsProvider
from tui.app.ringer import Ringer
from tui.app.screens.main import MainScreen
from tui.app.screens.prompt import write_to_terminal
from tui.config import Settings
from tui.ringcentral.errors import CalldeckError, SignInRequired
from tui.safe_text import clean

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from tui.app.actions import ActionSpec
    from tui.app.clock import Clock
    from tui.app.link import AccountLink
    from tui.app.link_start import LinkStarter
    from tui.calls import Call
    from tui.ringcentral.dialing import DialTarget

log = logging.getLogger(__name__)


class CalldeckApp(App[int]):
    """Live calls and one-key call control for a RingCentral user."""

    TITLE = "calldeck"
    CSS_PATH = "calldeck.tcss"
    BINDINGS = app_bindings()
    COMMANDS = App.COMMANDS | {CallActionsProvider}

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        link: AccountLink | None = None,
        clock: Clock | None = None,
        account_level: bool = False,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.link = link
        # The real clock follows the server's (its `Date`); a test's fixed clock stays put.
        self.clock: Clock = clock or ServerTime(self._server_skew)
        self.account_level = account_level or bool(link and link.account_level)
        self.ringer = Ringer(
            bell=self.bell,
            write=self._write_escape,
            enabled=self.settings.bell,
            desktop=self.settings.desktop_notifications,
        )
        self.main = MainScreen(account_level=self.account_level)
        self.starter: LinkStarter | None = None
        self.calling = Calling(self)

    def _server_skew(self) -> float:
        """Seconds the signed-in server's clock is ahead of this computer's (0 if unknown)."""
        client = self.link.client if self.link is not None else None
        return client.server_clock.skew if client is not None else 0.0

    # ----- entry points for features that place calls (dialer, History, team pane) -------

    def place_call(self, target: DialTarget) -> None:
        """Call `target` from the chosen phone, else by RingOut (see `tui.app.calling`)."""
        self.calling.place_call(target)

    def ask_first(self, call: Call, target: DialTarget) -> None:
        """Warm transfer: hold `call`'s caller and call `target` first (see `tui.app.calling`)."""
        self.calling.ask_first(call, target)

    def get_default_screen(self) -> MainScreen:
        return self.main

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast; its text is data, never markup, and never terminal control.

        Every toast in calldeck goes through here (`Widget.notify` calls it, passing its
        own `markup=True` default), and most hold a caller's name or RingCentral's reason:
        so `markup` is ignored and always off, and controls are made visible.
        """
        super().notify(
            clean(message, keep_newlines=True),
            title=clean(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def key_for(self, spec: ActionSpec) -> str:
        """How the key bound to `spec` reads now (after `[keymap]`)."""
        key = self.settings.keymap.get(spec.id, spec.key)
        return ", ".join(self.get_key_display(Binding(part, "")) for part in key.split(","))

    def on_mount(self) -> None:
        self.theme = self.settings.theme
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        if self.link is not None:
            # After the first frame: signing in (and the demo's emulator) must not delay it.
            self.call_after_refresh(self._open_link)

    async def on_unmount(self) -> None:
        if self.link is not None:
            try:
                await self.link.close()
            except Exception:  # quitting must not fail; the log keeps the reason
                log.exception("closing the account link failed")

    # ----- the account link -------------------------------------------------------------

    @work(group="link", exclusive=True, exit_on_error=False)
    async def _open_link(self) -> None:
        from tui.app.link import LinkCallbacks
        from tui.app.people_messages import PeopleMessages

        link = self.link
        assert link is not None
        post = self.main.post_message
        callbacks = LinkCallbacks(
            on_calls=self.main.inbox.add,
            on_connection=lambda state, transport: post(ConnectionChanged(str(state), transport)),
            # A plain call, not a message: hundreds a second, mostly for a hidden pane.
            on_notification=self.main.record_envelope,
            people=PeopleMessages(post),
        )
        from tui.app.link_start import LinkStarter

        self.starter = LinkStarter(
            link, callbacks, on_wait=lambda why, seconds: post(LinkRetrying(why, seconds))
        )
        try:
            identity = await self.starter.open()
        except SignInRequired as error:
            post(SignInLost(error.message))
            return
        except CalldeckError as error:
            log.warning("could not connect: %r", error)
            post(LinkFailed(error.message))
            return
        except Exception as error:  # shown on screen and logged with its traceback
            log.exception("could not connect")
            post(LinkFailed(f"Could not connect: {error}"))
            return
        assert link.control is not None
        self.main.controller = CallController(
            self,
            post=post,
            book=lambda: link.book,
            get_session=link.control.get_session,
            resync=link.resync,
        )
        post(
            SignedIn(
                identity.name,
                identity.extension_number,
                identity.server,
                demo=link.demo,
                account_level=link.account_level,
            )
        )
        book = link.book
        if book is not None:
            post(CallsChanged(book.live()))
        if link.account_level:
            self._load_extension_labels()
        self.calling.show_phone()
        self.main.idle_gc = settle_garbage_collection()

    @work(group="extensions", exclusive=True, exit_on_error=False)
    async def _load_extension_labels(self) -> None:
        """The account view's "101 Ada Lovelace" for every extension (read once, kept)."""
        from tui.people.extensions import read_extension_labels

        client = self.link.client if self.link is not None else None
        if client is None:
            return
        try:
            labels = await read_extension_labels(client)
        except CalldeckError as error:  # the column keeps the owner's name and number
            log.warning("could not list the account's extensions: %r", error)
            return
        self.main.post_message(ExtensionsLoaded(labels))

    # ----- app-wide actions -------------------------------------------------------------

    @property
    def retry_waiting(self) -> bool:
        """True while a failed start waits for its next try (`r` tries now)."""
        return self.starter is not None and self.starter.waiting

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """App rows go through the same gate as the screen's (`r` only while waiting)."""
        spec = ACTIONS_BY_NAME.get(action)
        if spec is None:
            return True
        return enabled_state(self.main.why_not(spec))

    def action_app_retry(self) -> None:
        if self.starter is not None and self.starter.retry_now():
            self.notify("Trying to connect now…", timeout=4)

    def action_app_help(self) -> None:
        from tui.app.screens.help import HelpScreen  # not needed for the first frame

        if not isinstance(self.screen, HelpScreen):
            reasons = {spec.id: self.main.why_not(spec) for spec in ACTIONS}
            self.push_screen(HelpScreen(self.settings.keymap, reasons))

    def action_quit(self) -> None:
        """Textual's quit (ctrl+q, the palette's "Quit"): asks first, like `q`."""
        self.action_app_quit()

    def action_app_quit(self) -> None:
        live = self.main.live_calls()
        if not live:
            self.exit(0)
            return
        count = f"{len(live)} call" + ("s are" if len(live) > 1 else " is")
        self.push_screen(
            dialogs.ConfirmDialog(
                f"{count} still live. Quit calldeck?", "The calls go on; only calldeck closes."
            ),
            lambda yes: yes and self.exit(0),
        )

    def _write_escape(self, sequence: str) -> None:
        # Desktop notifications are escape sequences for the terminal itself.
        write_to_terminal(self, sequence)
