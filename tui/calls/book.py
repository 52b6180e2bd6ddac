"""`CallBook`: the pure reducer that turns RingCentral events and snapshots into calls.

Merge rules (call-behaviour.md §2, RingCentral's call-control SDK):
- One party per event (several are handled party by party). Sequences are kept per party:
  an event older than one already applied for that party never overrides what a newer event
  said, and is ignored (reported as a stale sequence). Only if it carries a field no newer
  event did (a caller's name) is that field taken: field-by-field "last writer wins" makes
  the outcome independent of arrival order. An equal sequence is applied again, so
  duplicates are harmless.
- Parties merge field by field: fields an event leaves out keep their old values; `status`
  is replaced whole. Parties are never removed.
- A session whose parties are all over (Disconnected, Gone) when first seen is not shown;
  older events of those parties cannot resurrect it (their sequence is recorded). A later
  event of another party that is live does show it, as it would create it in the SDK.
- `Gone` with `peerId`: the call ends here and continues in the peer session. The continuing
  call keeps its own information (its events describe it); the two are linked both ways
  (`Call.continued_in` on the gone one, `Call.continues_from` on the continuing one).
- Presence creates calls no telephony event has described yet and fills in names. A presence
  EVENT lists only "the latest 7" calls, so it ends a call only through an entry saying so
  (`terminationType: final` or `NoCall`); a GET presence (in `load`) is the full list, and a
  known call missing from it has ended while we were not listening (reason "Unknown").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tui.calls.envelope import NotificationKind, read_notification
from tui.calls.model import ApplyResult, Call, CallState
from tui.calls.parse import (
    PresenceCall,
    SessionEvent,
    as_str,
    party_fields,
    presence_calls,
    presence_extension,
    presence_records,
    session_event,
    session_snapshot,
)
from tui.calls.presence_fill import endpoint_fields, fill_only, fully_known
from tui.calls.session import (
    Perspective,
    SessionRecord,
    derive_view,
    is_over,
    party_state,
)

# Party status codes of a call that is still being set up (lower case).
_STARTING = frozenset({"setup", "proceeding"})
# Reason given to calls that a re-sync finds gone: nothing told us how they ended.
RESYNC_END_REASON = "Unknown"
# Ended sessions kept (with their sequence state) before the oldest are forgotten.
MAX_ENDED_SESSIONS = 2000
_MAX_FORGOTTEN = 50_000

_LIVE_ORDER = {
    CallState.RINGING: 0,
    CallState.ACTIVE: 1,
    CallState.DIALING: 1,
    CallState.HELD: 2,
    CallState.PARKED: 3,
    CallState.VOICEMAIL: 4,
}


class CallBook:
    """Every call the signed-in user (or account) has, kept up to date from push and REST."""

    def __init__(
        self, me: str | None = None, *, account_id: str | None = None, account_level: bool = False
    ) -> None:
        """`me` is the signed-in extension id; without it each envelope's `ownerId` is "me"."""
        self._who = Perspective(as_str(me), account_level, as_str(account_id))
        self._sessions: dict[str, SessionRecord] = {}
        self._forgotten: dict[str, None] = {}  # ended sessions pruned from memory
        self._ended = 0

    @property
    def me(self) -> str | None:
        """The signed-in extension id, when given."""
        return self._who.me

    # ---- reading -------------------------------------------------------------------------

    def get(self, telephony_session_id: str) -> Call | None:
        """The current view of one call, or None if it is unknown or not the user's."""
        record = self._sessions.get(telephony_session_id)
        return record.view if record is not None else None

    def knows(self, telephony_session_id: str) -> bool:
        """True once any event or snapshot of the session was applied (shown or not)."""
        return telephony_session_id in self._sessions

    def missed_start(self, telephony_session_id: str) -> bool:
        """True for a live session whose beginning was never seen: not its sequence-1 event,
        no leg still being set up, and no party of the user's known yet or its first view
        already past ringing/dialing. A GET session snapshot describes such a call whole
        (events carry one party each)."""
        record = self._sessions.get(telephony_session_id)
        if record is None or _is_over(record) or record.terminated:
            return False
        if record.seen_first_event:
            return False  # the session's own first event (an account sees every party's)
        if any((p.status or "").lower() in _STARTING for p in record.parties.values()):
            return False  # a leg is still being set up: the call is just beginning
        view = record.view
        return view is None or view.state not in (CallState.RINGING, CallState.DIALING)

    def calls(self, *, include_ended: bool = False) -> list[Call]:
        """The calls in the order first seen; ended ones only when asked."""
        views = (record.view for record in self._sessions.values())
        return [v for v in views if v is not None and (include_ended or v.is_live)]

    def live(self) -> list[Call]:
        """Calls not ended: ringing first, then active/dialing, held, parked, voicemail."""
        return sorted(self.calls(), key=lambda call: _LIVE_ORDER.get(call.state, 9))

    # ---- push input ----------------------------------------------------------------------

    def apply(self, payload: object) -> ApplyResult:
        """Apply one notification (envelope, `pn_apns` wrapper or WebSocket frame). Never raises."""
        try:
            notification = read_notification(payload)
            if isinstance(notification, str):
                return ApplyResult(ignored=notification)
            if notification.kind is NotificationKind.SESSION:
                event = session_event(notification.envelope, notification.body)
                if isinstance(event, str):
                    return ApplyResult(ignored=event)
                return self._apply_event(event)
            owner = as_str(notification.envelope.get("ownerId"))
            return self._apply_presence_event(notification.body, owner)
        except Exception as error:  # the last line of defence: a bad payload never kills push
            return ApplyResult(ignored=f"unusable notification ({type(error).__name__})")

    def _apply_event(self, event: SessionEvent) -> ApplyResult:
        sid = event.telephony_session_id
        if sid in self._forgotten:
            return ApplyResult(ignored="call ended long ago")
        if not event.parties:
            return ApplyResult(ignored="telephony event without parties")
        record = self._sessions.get(sid)
        if record is None:
            record = self._new_record(sid, event)
            record.hidden = all(is_over(party.fields) for party in event.parties)
            if record.hidden:
                self._count_ended()
        if event.owner_id is not None:
            record.owner_id = event.owner_id
        if event.sequence == 1:
            record.seen_first_event = True
        # An older event that shows the call started earlier is news too.
        taken = record.note_time(event.event_time)
        stale = None
        for party in event.parties:
            newest = record.sequences.get(party.id)
            if event.sequence is not None and newest is not None and event.sequence < newest:
                stale = f"stale sequence {event.sequence} < {newest} for party {party.id or '?'}"
            taken |= record.merge(party.id, party.fields, event.sequence)
        if not taken:
            return ApplyResult(ignored=stale)
        if record.hidden and any(
            party_state(p) is not CallState.ENDED for p in record.parties.values()
        ):
            # As in RingCentral's SDK, the all-over first event did not create the call; this
            # live party does. Stale events of the ended party stay rejected by its sequence.
            record.hidden = False
        if record.hidden:
            return ApplyResult(ignored=stale or "call had already ended when first seen")
        return ApplyResult(changed=self._refresh(record, event.event_time))

    # ---- REST input ----------------------------------------------------------------------

    def apply_session(self, session: dict[str, Any]) -> list[Call]:
        """Apply one GET session snapshot (REST parties with `owner{}`); returns changed calls."""
        try:
            return self._apply_snapshot(session)
        except Exception:
            return []

    def apply_party(self, telephony_session_id: str, party: dict[str, Any]) -> list[Call]:
        """Apply a party returned by a call-control request (hold, mute...) before its event."""
        try:
            record = self._sessions.get(telephony_session_id)
            party_id = as_str(party.get("id")) if isinstance(party, dict) else None
            if record is None or party_id is None:
                return []
            record.merge(party_id, party_fields(party), None)
            return self._refresh(record, None)
        except Exception:
            return []

    def note_recording(
        self, telephony_session_id: str, recording_id: str, active: bool
    ) -> list[Call]:
        """Record what a recordings request returned (events do not always echo it)."""
        record = self._sessions.get(telephony_session_id)
        if record is None:
            return []
        record.recording_notes[str(recording_id)] = bool(active)
        return self._refresh(record, None)

    def load(
        self, presence: dict[str, Any] | list[dict[str, Any]], sessions: Iterable[dict[str, Any]]
    ) -> list[Call]:
        """Re-sync after a gap: GET presence (or account presence) plus GET session snapshots.

        Snapshots update or create their calls; presence creates any call still missing; a
        known call in neither has ended while we were away. Sequence state is kept, so events
        older than what we have learnt are still dropped afterwards. Returns changed calls.
        """
        changed: dict[str, Call] = {}
        present: set[str] = set()
        try:
            for session in sessions:
                for call in self._apply_snapshot(session):
                    changed[call.telephony_session_id] = call
                snapshot = session_snapshot(session)
                if not isinstance(snapshot, str):
                    present.add(snapshot.telephony_session_id)
            for record in presence_records(presence):
                for entry in self._presence_entries(record, None) or ():
                    if not entry.final:
                        present.add(entry.telephony_session_id)
                        for call in self._presence_call(entry):
                            changed[call.telephony_session_id] = call
            for sid, record in list(self._sessions.items()):
                # A call still live, or a session with parties but no call of ours yet; not
                # a bare placeholder for a transfer target that no event has described.
                live = record.view.is_live if record.view else bool(record.parties)
                live = live and not record.hidden
                if sid not in present and live and not record.terminated:
                    for call in self._terminate(record, RESYNC_END_REASON):
                        changed[call.telephony_session_id] = call
        except Exception:
            pass  # keep what was reconciled so far; a bad snapshot must not stop the app
        return list(changed.values())

    # ---- internals -----------------------------------------------------------------------

    def _new_record(self, sid: str, event: SessionEvent) -> SessionRecord:
        record = SessionRecord(sid, origin=event.origin)
        self._sessions[sid] = record
        return record

    def _refresh(self, record: SessionRecord, event_time: datetime | None) -> list[Call]:
        """Recompute one session's view; returns it (and a linked call) when it changed."""
        old = record.view
        new = derive_view(record, self._who, event_time)
        if new == old:
            return []
        record.view = new
        changed = [new] if new is not None else []
        if new is not None and not new.is_live and (old is None or old.is_live):
            self._count_ended()
        if new is not None and new.continued_in and new.continued_in != record.telephony_session_id:
            changed.extend(self._link(new.continued_in, record.telephony_session_id))
        return changed

    def _link(self, continuing: str, gone: str) -> list[Call]:
        record = self._sessions.get(continuing)
        if record is None:
            record = SessionRecord(continuing)  # events for it will fill it in
            self._sessions[continuing] = record
        if record.continues_from == gone:
            return []
        record.continues_from = gone
        return self._refresh(record, None)

    def _apply_snapshot(self, session: dict[str, Any]) -> list[Call]:
        snapshot = session_snapshot(session)
        if isinstance(snapshot, str):
            return []
        sid = snapshot.telephony_session_id
        if sid in self._forgotten:
            return []
        record = self._sessions.get(sid) or self._new_record(sid, snapshot)
        record.note_time(snapshot.event_time)
        for party in snapshot.parties:
            record.merge(party.id, party.fields, None)
        if any(not is_over(p.fields) for p in snapshot.parties):
            record.hidden = False  # the server says it is live: believe it over first impressions
            record.terminated = False
        elif snapshot.parties and record.view is None:
            record.hidden = True  # over before we ever showed it, like a first event
        return self._refresh(record, snapshot.event_time)

    def _presence_entries(
        self, record: dict[str, Any], owner: str | None, *, skip_known: bool = False
    ) -> list[PresenceCall] | None:
        """The calls of one presence record; None when it is someone else's presence."""
        extension = presence_extension(record) or owner
        me = self._who.me or owner
        if not self._who.account_level and me and extension and extension != me:
            return None  # someone else's presence (account presence records in extension mode)
        return presence_calls(record, extension, skip=self._fully_known if skip_known else None)

    def _fully_known(self, sid: str, entry: dict[str, Any]) -> bool:
        return fully_known(self._sessions.get(sid), entry)

    def _apply_presence_event(self, body: dict[str, Any], owner: str | None) -> ApplyResult:
        if not isinstance(body.get("activeCalls"), list):
            return ApplyResult(ignored="presence without call details (not detailed presence)")
        entries = self._presence_entries(body, owner, skip_known=True)
        if entries is None:
            extension = presence_extension(body) or owner
            return ApplyResult(ignored=f"presence of another extension ({extension})")
        changed: list[Call] = []
        for entry in entries:
            if entry.final:
                record = self._sessions.get(entry.telephony_session_id)
                if record is not None and not record.terminated:
                    changed.extend(self._terminate(record, None))
            else:
                changed.extend(self._presence_call(entry))
        return ApplyResult(changed=changed)

    def _presence_call(self, entry: PresenceCall) -> list[Call]:
        sid = entry.telephony_session_id
        if sid in self._forgotten:
            return []
        fields: dict[str, Any] = {
            "from_": endpoint_fields(entry.from_),
            "to": endpoint_fields(entry.to),
        }
        record = self._sessions.get(sid)
        if record is None or not record.parties:
            # Never described by an event: presence is all we know, so it sets the status too.
            if record is None:
                record = SessionRecord(sid)
                self._sessions[sid] = record
            fields.update(status=entry.status, queue_call=entry.queue_call)
            if entry.direction is not None:
                fields["direction"] = entry.direction
            if entry.extension_id is not None:
                fields["extension_id"] = entry.extension_id
        elif entry.party_id is None or entry.party_id not in record.parties:
            return []  # known call, unknown party: events and snapshots describe it better
        moved = record.note_time(entry.start_time)
        fill = fill_only(record, entry.party_id, fields)
        if (
            not moved
            and record.parties.get(entry.party_id or "") is not None
            and not any(fill.values())
        ):
            # Presence repeats up to 7 calls in every event: a known party with nothing new
            # to fill changes nothing, so skip re-deriving its view (presence is half the stream).
            return []
        record.merge(entry.party_id or "", fill, None)
        return self._refresh(record, None)

    def _terminate(self, record: SessionRecord, reason: str | None) -> list[Call]:
        record.terminated = True
        record.ended_reason = reason
        return self._refresh(record, None)

    def _count_ended(self) -> None:
        self._ended += 1
        if self._ended > MAX_ENDED_SESSIONS:
            self._prune()

    def _prune(self) -> None:
        # Forget the oldest ended calls; remember their ids so late events cannot revive them.
        over = [sid for sid, record in self._sessions.items() if _is_over(record)]
        for sid in over[: max(0, len(over) - MAX_ENDED_SESSIONS // 2)]:
            del self._sessions[sid]
            self._forgotten[sid] = None
        # Recounted here, so calls revived by a snapshot never leave the count drifting.
        self._ended = min(len(over), MAX_ENDED_SESSIONS // 2)
        while len(self._forgotten) > _MAX_FORGOTTEN:
            del self._forgotten[next(iter(self._forgotten))]


def _is_over(record: SessionRecord) -> bool:
    return record.hidden or (record.view is not None and not record.view.is_live)
