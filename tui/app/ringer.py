"""The ringer: terminal bell (and optional desktop notification) while calls ring.

A new ringing call rings at once; the bell repeats every `REPEAT_SECONDS` while any
ringing call has not been silenced. Silencing (`s`) stops the bell for that call only;
the call itself keeps ringing on the person's phones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from tui.app.call_text import call_summary
from tui.safe_text import clean

if TYPE_CHECKING:
    from tui.calls import Call

REPEAT_SECONDS = 3


def desktop_notification_escapes(title: str, body: str) -> str:
    """OSC 777 (rxvt, foot, WezTerm) and OSC 9 (iTerm2, Windows Terminal) notifications."""
    # `;` separates the sequence's fields; every control (BEL, ESC...) would end or nest it.
    clean_title = clean(title).replace(";", ",")
    clean_body = clean(body).replace(";", ",")
    return f"\x1b]777;notify;{clean_title};{clean_body}\x07\x1b]9;{clean_title}: {clean_body}\x07"


class Ringer:
    """Decides when to ring; `bell` and `write` are the app's outputs (injectable)."""

    def __init__(
        self,
        *,
        bell: Callable[[], None],
        write: Callable[[str], None],
        enabled: bool = True,
        desktop: bool = False,
    ) -> None:
        self._bell = bell
        self._write = write
        self.enabled = enabled
        self.desktop = desktop
        self.silenced: set[str] = set()
        self._ticks = 0

    def new_ringing(self, calls: Iterable[Call]) -> None:
        """Ring now for calls that just started ringing."""
        calls = list(calls)
        if not calls:
            return
        if self.enabled:
            self._bell()
        if self.desktop:
            for call in calls:
                self._write(
                    desktop_notification_escapes("calldeck", f"Incoming {call_summary(call)}")
                )

    def silence(self, telephony_session_id: str) -> None:
        """Stop ringing for one call."""
        self.silenced.add(telephony_session_id)

    def is_silenced(self, telephony_session_id: str) -> bool:
        """True once `s` was pressed on the call."""
        return telephony_session_id in self.silenced

    def tick(self, ringing: Iterable[Call]) -> None:
        """Called once a second with the calls ringing now; repeats the bell."""
        self._ticks += 1
        loud = [call for call in ringing if call.telephony_session_id not in self.silenced]
        if self.enabled and loud and self._ticks % REPEAT_SECONDS == 0:
            self._bell()
