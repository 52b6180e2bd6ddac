"""The merge rules of call-behaviour.md §2, one behaviour per test, on built event streams."""

from __future__ import annotations

import pytest

from tests.calls.events import ME, active_call, event, party, presence_event, snapshot
from tui.calls import Action, CallBook, CallState
from tui.calls.book import MAX_ENDED_SESSIONS

SID = "s-0123456789abcdef0123456789abcdef"
MINE = f"p-{SID[2:]}-2"
REMOTE = f"p-{SID[2:]}-1"


def _only(book: CallBook):
    [call] = book.calls(include_ended=True)
    return call


def test_lower_sequence_for_a_party_is_ignored_and_equal_is_applied() -> None:
    book = CallBook()
    book.apply(event(SID, 5, party(MINE, "Answered")))
    stale = book.apply(event(SID, 4, party(MINE, "Proceeding")))
    assert stale.changed == [] and "stale sequence 4 < 5" in stale.ignored
    assert _only(book).state is CallState.ACTIVE
    equal = book.apply(event(SID, 5, party(MINE, "Hold")))
    assert equal.ignored is None and _only(book).state is CallState.HELD


def test_duplicates_are_harmless_and_not_counted_as_ignored() -> None:
    book = CallBook()
    payload = event(SID, 3, party(MINE, "Proceeding"))
    first = book.apply(payload)
    again = book.apply(payload)
    assert len(first.changed) == 1 and again.changed == [] and again.ignored is None


def test_sequence_is_kept_per_party() -> None:
    book = CallBook()
    book.apply(event(SID, 6, party(MINE, "Answered")))
    # The remote party's older event is still news about that party.
    result = book.apply(
        event(SID, 4, party(REMOTE, "Hold", direction="Outbound", extension_id=None))
    )
    assert result.ignored is None and _only(book).remote_hold is True


def test_fields_absent_from_an_event_keep_their_values() -> None:
    book = CallBook()
    book.apply(event(SID, 2, party(MINE, "Proceeding", muted=True)))
    bare = {"id": MINE, "status": {"code": "Answered"}}
    book.apply(event(SID, 3, bare))
    call = _only(book)
    assert call.state is CallState.ACTIVE and call.muted is True
    assert call.from_.name == "Caller" and call.direction == "Inbound"
    # `status` is replaced whole: the next code without a reason has no reason.
    book.apply(event(SID, 4, {"id": MINE, "status": {"code": "Hold", "reason": "X"}}))
    book.apply(event(SID, 5, {"id": MINE, "status": {"code": "Answered"}}))
    assert _only(book).reason is None


@pytest.mark.parametrize("code", ["VoiceMail", "Voicemail", "VMScreening", "VoiceMailScreening"])
def test_voicemail_spellings_are_one_state(code: str) -> None:
    book = CallBook()
    book.apply(event(SID, 4, party(MINE, code)))
    call = _only(book)
    assert call.state is CallState.VOICEMAIL and call.status == code
    assert call.actions == {Action.DROP}


@pytest.mark.parametrize(
    ("reason", "state"),
    [
        ("Pickup", CallState.ACTIVE),
        ("CallSwitch", CallState.ACTIVE),
        ("BlindTransfer", CallState.ENDED),
        (None, CallState.ENDED),
    ],
)
def test_disconnected_ends_the_call_unless_it_moved(reason: str | None, state: CallState) -> None:
    book = CallBook()
    book.apply(event(SID, 3, party(MINE, "Answered")))
    book.apply(event(SID, 4, party(MINE, "Disconnected", reason=reason)))
    assert _only(book).state is state


def test_call_switch_moves_the_call_to_my_other_party() -> None:
    book = CallBook()
    book.apply(event(SID, 3, party(MINE, "Answered")))
    book.apply(event(SID, 4, party(MINE, "Disconnected", reason="CallSwitch")))
    other = f"p-{SID[2:]}-3"
    book.apply(event(SID, 5, party(other, "Answered", direction="Outbound")))
    call = _only(book)
    assert call.party_id == other and call.state is CallState.ACTIVE
    book.apply(event(SID, 6, party(other, "Disconnected")))
    # All my parties are over: the last one speaks for the call.
    assert _only(book).party_id == other and _only(book).state is CallState.ENDED


def test_gone_ends_the_call_and_links_the_continuing_session() -> None:
    book = CallBook()
    other_sid = "s-fedcba9876543210fedcba9876543210"
    book.apply(event(SID, 3, party(MINE, "Answered")))
    status = {
        "code": "Gone",
        "reason": "AttendedTransfer",
        "peerId": {"telephonySessionId": other_sid, "partyId": "p-x-1"},
    }
    [gone] = book.apply(event(SID, 4, {**party(MINE, "Gone"), "status": status})).changed
    assert gone.state is CallState.ENDED and gone.continued_in == other_sid
    [cont] = book.apply(event(other_sid, 2, party("p-x-1", "Answered"))).changed
    assert cont.continues_from == SID and cont.state is CallState.ACTIVE


def test_unknown_status_code_gives_an_active_call() -> None:
    book = CallBook()
    for code in ("FaxReceive", "Tds", "SomethingNew"):
        result = book.apply(event(SID, None, party(MINE, code)))
        assert result.ignored is None and _only(book).state is CallState.ACTIVE


def test_first_seen_disconnected_is_hidden_and_older_setup_cannot_revive_it() -> None:
    book = CallBook()
    hidden = book.apply(event(SID, 8, party(MINE, "Disconnected")))
    assert "already ended" in hidden.ignored
    stale = book.apply(event(SID, 2, party(MINE, "Setup")))
    assert stale.ignored and book.calls(include_ended=True) == []


def test_first_seen_disconnected_is_shown_when_another_party_is_live() -> None:
    book = CallBook()
    book.apply(event(SID, 8, party(REMOTE, "Disconnected", extension_id=None)))
    [call] = book.apply(event(SID, 9, party(MINE, "Answered"))).changed
    assert call.state is CallState.ACTIVE and len(call.parties) == 2


def test_my_party_follows_the_explicit_extension_over_owner_id() -> None:
    book = CallBook("999")
    book.apply(event(SID, 3, party(MINE, "Answered")))  # ME's party, not 999's
    assert book.calls() == []
    assert CallBook(ME).apply(event(SID, 3, party(MINE, "Answered"))).changed


def test_recording_state_from_events_and_local_notes() -> None:
    book = CallBook()
    book.apply(event(SID, 3, party(MINE, "Answered")))
    assert _only(book).recording == "off" and Action.RECORD_START in _only(book).actions
    [call] = book.note_recording(SID, "r1", True)
    assert call.recording == "on" and call.recording_id == "r1"
    assert Action.RECORD_PAUSE in call.actions
    book.note_recording(SID, "r1", False)
    assert _only(book).recording == "paused" and Action.RECORD_RESUME in _only(book).actions
    # An event listing the recording is newer than the note.
    book.apply(event(SID, 4, party(MINE, "Answered", recordings=[{"id": "r1", "active": True}])))
    assert _only(book).recording == "on"


@pytest.mark.parametrize(
    ("code", "direction", "muted", "expected"),
    [
        ("Proceeding", "Inbound", False, {"voicemail", "reject", "forward", "answer", "reply"}),
        ("Setup", "Outbound", False, {"drop"}),
        (
            "Answered",
            "Inbound",
            False,
            {"hold", "mute", "flip", "park", "record_start", "transfer", "warm_transfer", "drop"},
        ),
        (
            "Answered",
            "Outbound",
            True,
            {"hold", "unmute", "flip", "record_start", "transfer", "warm_transfer", "drop"},
        ),
        ("Hold", "Inbound", False, {"unhold", "transfer", "warm_transfer", "drop", "mute"}),
        ("Parked", "Inbound", False, {"drop", "unpark"}),
        ("Disconnected", "Inbound", False, set()),
    ],
)
def test_actions_allowed_by_each_state(code, direction, muted, expected) -> None:
    book = CallBook()
    book.apply(event(SID, 2, party(MINE, "Answered", direction=direction)))
    book.apply(event(SID, 3, party(MINE, code, direction=direction, muted=muted)))
    assert {a.value for a in _only(book).actions} == expected


def test_wrappers_pn_apns_websocket_frame_and_bare_body() -> None:
    envelope = event(SID, 3, party(MINE, "Proceeding"))
    apns = {
        "uuid": "1",
        "ownerId": ME,
        "pn_apns": {k: v for k, v in envelope.items() if k != "ownerId"},
    }
    frame = [{"type": "ServerNotification", "messageId": "1"}, envelope]
    for payload in (apns, frame, envelope["body"]):
        book = CallBook()
        [call] = book.apply(payload).changed
        assert call.state is CallState.RINGING


def test_presence_creates_unknown_calls_but_never_overrides_events() -> None:
    book = CallBook()
    [call] = book.apply(presence_event(active_call(SID, MINE, "Ringing"))).changed
    assert call.state is CallState.RINGING and call.from_.name == "John Wang"
    book.apply(event(SID, 5, party(MINE, "Answered", **{"from": {"phoneNumber": "+18775380038"}})))
    assert _only(book).state is CallState.ACTIVE
    # A late presence saying "Ringing" does not turn the answered call back; it keeps the name.
    book.apply(presence_event(active_call(SID, MINE, "Ringing")))
    assert _only(book).state is CallState.ACTIVE and _only(book).from_.name == "John Wang"


def test_presence_event_ends_calls_only_through_final_entries() -> None:
    book = CallBook()
    book.apply(event(SID, 5, party(MINE, "Answered")))
    assert book.apply(presence_event()).changed == []  # "the latest 7" without it: no proof
    assert _only(book).state is CallState.ACTIVE
    book.apply(presence_event(active_call(SID, MINE, "NoCall", terminationType="final")))
    assert _only(book).state is CallState.ENDED


def test_presence_of_another_extension_is_not_mine() -> None:
    result = CallBook(ME).apply(presence_event(active_call(SID, MINE), extension_id="42"))
    assert result.changed == [] and result.ignored == "presence of another extension (42)"


def test_load_ends_missing_calls_adds_new_ones_and_keeps_sequences() -> None:
    book = CallBook(ME)
    gone_sid = "s-99999999999999999999999999999999"
    book.apply(event(gone_sid, 3, party("p-9-2", "Answered")))
    book.apply(event(SID, 7, party(MINE, "Answered")))
    new_sid = "s-77777777777777777777777777777777"
    presence = {
        "extension": {"id": int(ME)},
        "activeCalls": [active_call(SID, MINE), active_call(new_sid, "p-7-2", "Ringing")],
    }
    changed = book.load(presence, [snapshot(SID, party(MINE, "Hold"))])
    states = {c.telephony_session_id: c.state for c in changed}
    assert states == {SID: CallState.HELD, new_sid: CallState.RINGING, gone_sid: CallState.ENDED}
    assert book.get(gone_sid).reason == "Unknown"
    assert book.apply(event(SID, 6, party(MINE, "Answered"))).ignored  # older than we know
    assert [c.telephony_session_id for c in book.live()] == [new_sid, SID]


def test_live_orders_ringing_first_then_active_held_parked() -> None:
    book = CallBook()
    for n, code in enumerate(["Parked", "Hold", "Answered", "Proceeding"]):
        book.apply(event(f"s-{n}", 2, party(f"p-{n}-2", code)))
    assert [c.state.value for c in book.live()] == ["ringing", "active", "held", "parked"]


def test_many_ended_calls_are_forgotten_and_stay_ended() -> None:
    book = CallBook()
    total = MAX_ENDED_SESSIONS + 50
    for n in range(total):
        book.apply(event(f"s-{n}", 2, party(f"p-{n}-2", "Answered")))
        book.apply(event(f"s-{n}", 3, party(f"p-{n}-2", "Disconnected")))
    kept = book.calls(include_ended=True)
    assert MAX_ENDED_SESSIONS // 2 <= len(kept) <= MAX_ENDED_SESSIONS
    assert book.apply(event("s-0", 2, party("p-0-2", "Answered"))).ignored == "call ended long ago"


@pytest.mark.parametrize(
    "payload",
    [
        None,
        42,
        "text",
        [],
        [None],
        {},
        {"body": []},
        {"event": 5, "body": {"parties": "x"}},
        {"body": {"telephonySessionId": 7, "parties": [{"id": [], "status": "Answered"}]}},
        {"body": {"telephonySessionId": "s", "parties": [{"status": {"code": 3}, "muted": "yes"}]}},
        {"body": {"activeCalls": [{"telephonySessionId": {}}, 5]}},
    ],
)
def test_odd_payloads_never_raise(payload: object) -> None:
    result = CallBook().apply(payload)
    assert isinstance(result.changed, list)


def test_an_older_event_fills_only_what_no_newer_event_said() -> None:
    book = CallBook()
    book.apply(event(SID, 5, {"id": MINE, "direction": "Inbound", "status": {"code": "Answered"}}))
    late = book.apply(event(SID, 3, party(MINE, "Proceeding")))  # older, but names the caller
    call = _only(book)
    assert late.ignored is None and call.from_.name == "Caller"
    assert call.state is CallState.ACTIVE  # its status is older than what we know


def test_a_snapshot_is_not_undone_by_a_redelivered_event() -> None:
    book = CallBook(ME)
    book.apply(event(SID, 5, party(MINE, "Answered")))
    book.apply_session(snapshot(SID, party(MINE, "Hold")))
    book.apply(event(SID, 5, party(MINE, "Answered")))  # the same old event again
    assert _only(book).state is CallState.HELD
    book.apply(event(SID, 6, party(MINE, "Answered")))  # news
    assert _only(book).state is CallState.ACTIVE


def test_load_leaves_calls_that_already_ended_as_they_ended() -> None:
    book = CallBook(ME)
    status = {"code": "Gone", "reason": "AttendedTransfer", "peerId": {"sessionId": "s-z"}}
    book.apply(event(SID, 3, party(MINE, "Answered")))
    book.apply(event(SID, 4, {**party(MINE, "Gone"), "status": status}))
    assert book.load({"activeCalls": []}, []) == []
    assert book.get(SID).reason == "AttendedTransfer"


def test_presence_describes_a_transfer_target_known_only_by_its_link() -> None:
    book = CallBook()
    target = "s-fedcba9876543210fedcba9876543210"
    status = {"code": "Gone", "reason": "AttendedTransfer", "peerId": {"sessionId": target}}
    book.apply(event(SID, 3, party(MINE, "Answered")))
    book.apply(event(SID, 4, {**party(MINE, "Gone"), "status": status}))
    assert book.get(target) is None  # linked, but nothing known about it yet
    [call] = book.apply(presence_event(active_call(target, "p-t-2"))).changed
    assert call.state is CallState.ACTIVE and call.continues_from == SID


def test_account_level_prefers_an_owned_party_still_on_the_call() -> None:
    book = CallBook(account_level=True)
    book.apply(event(SID, 3, party(REMOTE, "Disconnected", direction="Outbound", extension_id="7")))
    book.apply(event(SID, 4, party(MINE, "Answered", extension_id="8")))
    call = _only(book)
    assert call.owner_extension_id == "8" and call.state is CallState.ACTIVE


def test_ringout_initiator_reported_inbound_is_shown_outbound() -> None:
    book = CallBook()
    ringout = event(SID, 3, party(MINE, "Answered", ringOutRole="Initiator"))
    ringout["body"]["origin"] = {"type": "RingOut"}
    call = book.apply(ringout).changed[0]
    assert call.direction == "Outbound"
    assert (call.from_.name, call.to.name) == ("Callee", "Caller")
    assert Action.PARK not in call.actions  # parking is for incoming calls only


def test_call_switched_here_keeps_the_inbound_direction() -> None:
    book = CallBook()
    book.apply(event(SID, 3, party(MINE, "Disconnected", reason="CallSwitch")))
    other = f"p-{SID[2:]}-3"
    switched = party(other, "Answered", direction="Outbound", **{"from": {"phoneNumber": "x"}})
    call = book.apply(event(SID, 4, switched)).changed[0]
    assert call.party_id == other and call.direction == "Inbound"
    assert call.from_.phone_number == "+16505550100"


def test_a_session_seen_from_its_first_event_needs_no_rest_read() -> None:
    # An account sees every party; the PSTN caller's leg (already Answered by the
    # network) often comes first, with the session's sequence 1: nothing was missed.
    pstn = party(REMOTE, "Answered", direction="Outbound", extension_id=None)
    from_start = CallBook(account_level=True)
    from_start.apply(event(SID, 1, pstn, owner=None))
    assert not from_start.missed_start(SID)

    mid_way = CallBook(account_level=True)
    mid_way.apply(event(SID, 4, pstn, owner=None))
    assert mid_way.missed_start(SID)  # events 1-3 never came: read the session whole
