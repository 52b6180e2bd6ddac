"""Property tests: arrival order and repetition do not change what the user sees, and no
input, however broken, raises out of the CallBook."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.calls.events import ME, active_call, event, party, presence_event
from tui.calls import CallBook

EXAMPLES = 300

# After ringing (or dialing) and an answer, what a call may do next.
_MIDDLE = st.lists(
    st.sampled_from(["Hold", "Answered", "Parked", "VoiceMail"]), min_size=0, max_size=4
)
_END = st.sampled_from([None, "Disconnected", "Gone"])


@st.composite
def call_lifecycle(draw: st.DrawFn, index: int) -> list[dict[str, Any]]:
    """The events of one realistic call: my party's lifecycle, the remote party's holds,
    sequences increasing per session across parties, full party objects as RingCentral sends."""
    sid = f"s-{index:032x}"
    inbound = draw(st.booleans())
    direction = "Inbound" if inbound else "Outbound"
    mine = f"p-{index:032x}-{2 if inbound else 1}"
    remote = f"p-{index:032x}-{1 if inbound else 2}"
    codes = ["Proceeding"] if inbound else ["Setup", "Proceeding"]
    answered = draw(st.booleans())
    if answered:
        codes += ["Answered", *draw(_MIDDLE)]
    end = draw(_END)
    if end:
        codes.append(end)
    events = []
    sequence = 1
    for code in codes:
        sequence += 1
        extra = {"muted": draw(st.booleans())}
        if code == "Answered" and draw(st.booleans()):
            extra["recordings"] = [{"id": "r1", "active": draw(st.booleans())}]
        if code == "Gone":
            extra["status"] = {
                "code": "Gone",
                "reason": "AttendedTransfer",
                "peerId": {"telephonySessionId": f"s-peer-{index}", "partyId": "p-1"},
            }
        events.append(
            event(
                sid,
                sequence,
                party(mine, code, direction=direction, **extra),
                event_time=f"2024-05-01T10:00:{sequence:02d}.000Z",
            )
        )
        if answered and code in ("Answered", "Hold") and draw(st.booleans()):
            sequence += 1
            remote_code = draw(st.sampled_from(["Answered", "Hold"]))
            events.append(
                event(
                    sid,
                    sequence,
                    party(
                        remote,
                        remote_code,
                        direction="Outbound" if inbound else "Inbound",
                        extension_id=None,
                    ),
                )
            )
    return events


@st.composite
def event_stream(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Several calls, in a valid order (each call's events in sequence order)."""
    calls = draw(st.integers(min_value=1, max_value=4))
    ordered: list[dict[str, Any]] = []
    for index in range(calls):
        ordered += draw(call_lifecycle(index))
    return ordered


def _views(book: CallBook) -> tuple[dict[str, Any], dict[str, Any]]:
    live = {c.telephony_session_id: (c.to_json(), sorted(c.actions)) for c in book.calls()}
    every = {c.telephony_session_id: c.to_json() for c in book.calls(include_ended=True)}
    return live, every


def _replay(events: list[dict[str, Any]]) -> CallBook:
    book = CallBook()
    for payload in events:
        book.apply(payload)
    return book


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), ordered=event_stream())
def test_any_permutation_and_duplication_gives_the_same_calls(data, ordered) -> None:
    shuffled = data.draw(st.permutations(ordered))
    repeats = data.draw(st.lists(st.sampled_from(ordered), max_size=6))
    for payload in repeats:
        shuffled.insert(data.draw(st.integers(0, len(shuffled))), payload)
    expected_live, expected_every = _views(_replay(ordered))
    book = _replay(shuffled)
    live, every = _views(book)
    assert live == expected_live
    # An ended call first seen already over is never shown; every call shown is the same.
    for sid, view in every.items():
        assert expected_every[sid] == view
    # Start times do not depend on order either (the earliest eventTime seen).
    ordered_book = _replay(ordered)
    for call in book.calls(include_ended=True):
        assert call.started_at == ordered_book.get(call.telephony_session_id).started_at


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
# Keys RingCentral uses, with values of any type: wrong types must read as absent.
KEYS = [
    "uuid",
    "event",
    "ownerId",
    "body",
    "pn_apns",
    "telephonySessionId",
    "sequence",
    "eventTime",
    "parties",
    "id",
    "status",
    "code",
    "reason",
    "peerId",
    "direction",
    "from",
    "to",
    "muted",
    "recordings",
    "activeCalls",
    "extensionId",
    "owner",
    "type",
]
RC_SHAPED = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=6)
    | st.sampled_from(["Answered", "/telephony/sessions", "ServerNotification", "s-1", "p-1-2"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS), children, max_size=6)
    ),
    max_leaves=30,
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(payloads=st.lists(JSON_VALUES | RC_SHAPED, min_size=1, max_size=8))
def test_random_json_never_raises(payloads: list[Any]) -> None:
    book = CallBook(ME)
    for payload in payloads:
        result = book.apply(payload)
        assert result.ignored is None or isinstance(result.ignored, str)
    book.load(payloads[0], [p for p in payloads if isinstance(p, dict)])
    book.calls(include_ended=True)


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data(), ordered=event_stream())
def test_truncated_json_text_never_raises(data, ordered) -> None:
    text = json.dumps(data.draw(st.sampled_from(ordered)))
    cut = data.draw(st.integers(0, len(text)))
    try:
        payload = json.loads(text[:cut])
    except ValueError:
        payload = text[:cut]  # what a careless caller might pass on
    CallBook().apply(payload)


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data(), ordered=event_stream())
def test_events_with_fields_of_the_wrong_type_never_raise(data, ordered) -> None:
    payload = json.loads(json.dumps(data.draw(st.sampled_from(ordered))))
    target = data.draw(st.sampled_from([payload, payload["body"], payload["body"]["parties"][0]]))
    key = data.draw(st.sampled_from(sorted(target)))
    target[key] = data.draw(JSON_VALUES)
    book = CallBook()
    book.apply(payload)
    book.apply(presence_event(active_call("s-x", "p-x-2", status=data.draw(JSON_VALUES))))
