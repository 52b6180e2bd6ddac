"""Warm ("ask first") transfer: hold the caller, call a colleague, then join them or go back.

RingCentral's "Warm transfer" guide and the spec's bridgeCallParty: the person's party in the
*active* call (the consult with the colleague) goes in the path, their party in the held
caller's call goes in the body; RingCentral connects the caller and the colleague and the
person drops out (both their parties become Gone/AttendedTransfer).

The caller is never left on hold by calldeck: if calling the colleague fails, if the colleague
declines or does not answer, or if the person cancels, the caller is taken off hold again.
`WarmTransfer` is the state of one such transfer; the UI keeps them and calls its methods.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from enum import StrEnum

from tui.ringcentral.callcontrol import CallControl
from tui.ringcentral.dialing import DialTarget, my_party_id
from tui.ringcentral.errors import CalldeckError, WrongState

log = logging.getLogger(__name__)

NO_ANSWER_SECONDS = 30.0
"""How long the colleague may ring before calldeck gives up and takes the caller off hold."""


class Stage(StrEnum):
    """Where one warm transfer is."""

    ASKING = "asking"
    """The colleague's phone rings, or they are talking with the person."""
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    DECLINED = "declined"


@dataclass
class WarmTransfer:
    """One warm transfer: the held caller's call and the consult call to the colleague."""

    control: CallControl
    caller_sid: str
    caller_pid: str
    caller_name: str
    target: DialTarget
    device_id: str
    consult_sid: str = ""
    consult_pid: str = ""
    stage: Stage = Stage.ASKING
    answered: bool = False
    """The colleague picked up (so "no answer" no longer applies)."""

    @property
    def colleague(self) -> str:
        """How the colleague reads: their name, else what was dialled."""
        return self.target.label or self.target.describe()

    def describe(self) -> str:
        """`asking Marcus Oyelaran about Ada Lovelace`."""
        return f"asking {self.colleague} about {self.caller_name}"

    def headline(self) -> str:
        """`Asking Marcus Oyelaran about Ada Lovelace`: the sentence that starts a line."""
        asking = self.describe()
        return asking[:1].upper() + asking[1:]

    async def start(self, *, caller_on_hold: bool = False) -> None:
        """Hold the caller (unless already held) and call the colleague from the same phone."""
        if not caller_on_hold:
            await self.control.hold(self.caller_sid, self.caller_pid)
        target = self.target
        try:
            session = await self.control.call_out(
                device_id=self.device_id,
                phone_number=target.value if target.kind == "number" else None,
                extension_number=target.value if target.kind == "extension" else None,
            )
        except CalldeckError:
            await self._caller_back()
            self.stage = Stage.CANCELLED
            raise
        self.consult_sid = str(session.get("id") or "")
        self.consult_pid = my_party_id(self.control, session)
        if not target.label:  # typed as a number: RingCentral names who it rings
            mine = next(
                (p for p in session.get("parties") or [] if p.get("id") == self.consult_pid), {}
            )
            name = (mine.get("to") or {}).get("name")
            if name:
                self.target = replace(target, label=str(name))

    async def complete(self) -> None:
        """Join the caller to the colleague (bridge) and drop out."""
        await self.control.bridge(
            self.consult_sid,
            self.consult_pid,
            other_sid=self.caller_sid,
            other_pid=self.caller_pid,
        )
        self.stage = Stage.COMPLETED

    async def cancel(self) -> None:
        """Hang up on the colleague and take the caller off hold."""
        self.stage = Stage.CANCELLED
        await self.control.drop(self.consult_sid)
        await self._caller_back()

    async def consult_ended(self) -> bool:
        """The consult call ended on its own (declined, no answer, hung up): if the transfer was
        still open, take the caller off hold. True if that happened."""
        if self.stage is not Stage.ASKING:
            return False
        self.stage = Stage.DECLINED
        await self._caller_back()
        return True

    async def _caller_back(self) -> None:
        """Take the caller off hold (a caller who hung up meanwhile is fine)."""
        try:
            await self.control.unhold(self.caller_sid, self.caller_pid)
        except WrongState:
            log.info("caller of %s was no longer on hold", self.caller_sid)
