"""The call state machine: creates calls, moves parties between states, tells the notifier.

Actions a user takes through Call Control live in `partyactions.py`; what the far end or
the desk phone does (the control API and scenarios) lives here. Every status change goes
through `CallCenter.set_status`, so history, notifications and presence stay consistent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from tui.emulator.callmodel import ENDED, RINGING, CallSession, Party
from tui.emulator.clock import Clock
from tui.emulator.directory import ACCOUNT_ID, USER, person_by_number, person_by_phone
from tui.emulator.notify import Notifier, active_call


@dataclass(frozen=True, slots=True)
class CallError(Exception):
    """A refused request: HTTP status, RingCentral error code, message, parameter."""

    status: int
    code: str
    message: str
    parameter: str | None = None


def wrong_state(party: Party) -> CallError:
    """409 TAS-110: the party's state does not allow the operation (emulator convention).

    The message starts with "Incorrect State", the text RingCentral's own web client looks
    for in 409s (call-behaviour.md §3)."""
    return CallError(
        409,
        "TAS-110",
        f"Incorrect State: party state [{party.status}] does not allow the operation",
    )


def _endpoint(number: str, name: str | None) -> tuple[dict, str | None]:
    """PartyInfo for a number or extension number, and the extension id if it is ours."""
    person = person_by_number(number) or person_by_phone(number)
    if person is not None:
        info = {"phoneNumber": person.direct_number, "name": person.name, "extensionId": person.id}
        return info, person.id
    info = {"phoneNumber": number}
    if name:
        info["name"] = name
    return info, None


class CallCenter:
    """Every call session of the demo account."""

    def __init__(self, notifier: Notifier, clock: Clock, *, voicemail_seconds: float = 4.0) -> None:
        self.notifier = notifier
        self.clock = clock
        self.voicemail_seconds = voicemail_seconds
        self.sessions: dict[str, CallSession] = {}
        # The sessions that may still be in progress, oldest first: `sessions` keeps every
        # call ever made (the control API lists them), and scanning it for each presence
        # event made the emulator slower with every call of a demo left running for days.
        self._maybe_live: dict[str, CallSession] = {}
        # Told of every party change after the notifier (the call log listens here).
        self.observers: list[Callable[[CallSession, Party], None]] = []
        # Whether an extension takes this call now (`queue_call`); no: straight to voicemail.
        self.takes_call: Callable[[str, bool], bool] = lambda extension_id, queue_call: True
        self._timers: set[asyncio.TimerHandle] = set()

    # -- lookups ---------------------------------------------------------------------------

    def find(self, session_id: str, *, include_ended: bool = False) -> CallSession:
        """The session, or 404 CMN-102 (ended sessions are gone from the REST API)."""
        session = self.sessions.get(session_id)
        if session is None or not (include_ended or session.live):
            raise CallError(
                404, "CMN-102", "Resource for parameter [telephonySessionId] is not found",
                "telephonySessionId",
            )  # fmt: skip
        return session

    def find_party(self, session: CallSession, party_id: str) -> Party:
        """The party of `session`, or 404 CMN-102."""
        party = session.party(party_id)
        if party is None:
            raise CallError(
                404, "CMN-102", "Resource for parameter [partyId] is not found", "partyId"
            )
        return party

    def live_sessions(self) -> list[CallSession]:
        """Sessions still in progress, oldest first."""
        # A session never comes back once every party has ended (its REST resource is gone).
        for ended in [sid for sid, s in self._maybe_live.items() if not s.live]:
            del self._maybe_live[ended]
        return list(self._maybe_live.values())

    def _add(self, session: CallSession) -> None:
        self.sessions[session.id] = session
        self._maybe_live[session.id] = session

    def presence_calls(self, extension_id: str) -> list[dict]:
        """ActiveCallInfo for every live party of `extension_id`."""
        calls = []
        for session in self.live_sessions():
            for party in session.parties:
                if (
                    party.extension_id == extension_id
                    and not party.ended
                    and party.status != "VoiceMail"
                ):
                    calls.append(active_call(session, party))
        return calls

    # -- creating calls ---------------------------------------------------------------------

    def inbound(
        self,
        caller: str,
        caller_name: str | None,
        callee: str | None = None,
        *,
        queue_call: bool = False,
    ) -> tuple[CallSession, Party]:
        """A call ringing in; returns the session and the callee's party."""
        session = CallSession.new(self.clock.now())
        callee_info, callee_ext = _endpoint(callee or USER.extension_number, None)
        caller_info, caller_ext = _endpoint(caller, caller_name)
        far = Party(
            session.next_party_id(), "Outbound", caller_info, callee_info, ACCOUNT_ID, caller_ext
        )
        session.parties.append(far)
        mine = Party(
            session.next_party_id(),
            "Inbound",
            caller_info,
            callee_info,
            ACCOUNT_ID,
            callee_ext,
            queue_call=queue_call,
        )
        session.parties.append(mine)
        session.user_party_id = mine.id
        self._add(session)
        # A PSTN caller is already connected to RingCentral; an internal caller is dialling.
        self.set_status(session, far, "Proceeding" if caller_ext else "Answered")
        if caller_ext:  # RingCentral-to-RingCentral calls show Setup first
            self.set_status(session, mine, "Setup")
        if callee_ext and not self.takes_call(callee_ext, queue_call):
            # Do Not Disturb (or queue calls off): the caller reaches voicemail, no ringing.
            self.set_status(session, mine, "VoiceMail")
            self.later(self.voicemail_seconds, lambda: self.end_session(session))
            return session, mine
        self.set_status(session, mine, "Proceeding")
        return session, mine

    def outbound(
        self, callee: str, callee_name: str | None, *, origin: str = "Call"
    ) -> tuple[CallSession, Party]:
        """The signed-in user dials out (desk phone, call-out or RingOut); session and my party."""
        session = CallSession.new(self.clock.now(), origin)
        me = {"phoneNumber": USER.direct_number, "name": USER.name, "extensionId": USER.id}
        callee_info, callee_ext = _endpoint(callee, callee_name)
        mine = Party(session.next_party_id(), "Outbound", me, callee_info, ACCOUNT_ID, USER.id)
        session.parties.append(mine)
        far = Party(session.next_party_id(), "Inbound", me, callee_info, ACCOUNT_ID, callee_ext)
        session.parties.append(far)
        session.user_party_id = mine.id
        self._add(session)
        self.set_status(session, mine, "Setup")
        self.set_status(session, far, "Setup" if callee_ext else "Proceeding")
        self.set_status(session, mine, "Proceeding")
        return session, mine

    # -- state changes ------------------------------------------------------------------------

    def set_status(
        self, session: CallSession, party: Party, status: str, reason: str | None = None
    ) -> None:
        """Move `party` to `status`, record it and publish the change."""
        party.status = status
        party.reason = reason
        if status != "Parked":
            party.park_id = None if status in ENDED else party.park_id
        self.changed(session, party)

    def changed(self, session: CallSession, party: Party) -> None:
        """Publish a change of `party` (status, mute, recordings ...) and fix presence."""
        if party.extension_id == USER.id and (
            not session.history or session.history[-1] != party.status or party.ended
        ):
            session.history.append(party.status)
        self.notifier.party_changed(session, party)
        if party.extension_id:
            calls = self.presence_calls(party.extension_id)
            if party.ended or party.status == "VoiceMail":
                calls = [*calls, active_call(session, party, ended=True)]
            self.notifier.presence_changed(party.extension_id, calls)
        for observer in self.observers:
            observer(session, party)

    def end_session(
        self, session: CallSession, *, mine_reason: str | None = None, far_reason: str | None = None
    ) -> None:
        """Disconnect every party still in the call; owned parties first get `mine_reason`."""
        for party in session.parties:
            if party.ended:
                continue
            reason = mine_reason if party.extension_id == USER.id else far_reason
            if party.status in RINGING and party.direction == "Inbound":
                party.missed_call = True
            self.set_status(session, party, "Disconnected", reason)

    def far_parties(self, session: CallSession, party: Party) -> list[Party]:
        """The other live parties of `session`."""
        return [p for p in session.parties if p.id != party.id and not p.ended]

    # -- the far end and the desk phone (control API, scenarios) --------------------------------

    def desk_answer(self, session: CallSession) -> Party:
        """The callee's desk phone answers (or, for an outbound call, the far end answers)."""
        mine = session.user_party
        if mine is None or mine.ended:
            raise wrong_state(mine) if mine else CallError(409, "TAS-110", "No party to answer")
        if mine.status not in RINGING:
            raise wrong_state(mine)
        for party in self.far_parties(session, mine):
            if party.status in RINGING:
                self.set_status(session, party, "Answered")
        self.set_status(session, mine, "Answered")
        session.started_at = self.clock.now()
        return mine

    def remote_hold(self, session: CallSession) -> Party:
        """The far end puts the user on hold, or takes them off hold."""
        mine = session.user_party
        far = (
            next(
                (p for p in self.far_parties(session, mine) if p.status in ("Answered", "Hold")),
                None,
            )
            if mine
            else None
        )
        if far is None:
            raise CallError(409, "TAS-110", "The call is not connected")
        self.set_status(session, far, "Answered" if far.status == "Hold" else "Hold")
        return far

    def remote_hangup(self, session: CallSession) -> None:
        """The far end hangs up: the whole call ends."""
        if not session.live:
            raise CallError(409, "TAS-110", "The call has already ended")
        self.end_session(session)

    # -- timers ---------------------------------------------------------------------------------

    def later(self, delay: float, action: Callable[[], None]) -> None:
        """Run `action` after `delay` seconds on the running loop (cancelled by `close`)."""
        loop = asyncio.get_running_loop()
        handle: asyncio.TimerHandle

        def fire() -> None:
            self._timers.discard(handle)
            action()

        handle = loop.call_later(delay, fire)
        self._timers.add(handle)

    def close(self) -> None:
        """Cancel pending timers (the emulator is stopping)."""
        for handle in self._timers:
            handle.cancel()
        self._timers.clear()
