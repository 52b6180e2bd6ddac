"""Hypothesis strategies for what a hostile or broken push channel can deliver, and the
legitimate call stream it is mixed into."""

from __future__ import annotations

import copy
import json
import random
import uuid
from typing import Any

from hypothesis import strategies as st

from tests.calls.events import event, party
from tui.emulator.push.crypto import encrypt_bytes, encrypt_envelope, new_encryption_key

# Three calls: answered then held then back; rang and was missed; an outbound call answered.
LEGIT: list[dict[str, Any]] = [
    event("s-a", 1, party("p-a-2", "Setup")),
    event("s-b", 1, party("p-b-2", "Proceeding")),
    event("s-a", 2, party("p-a-2", "Proceeding")),
    event("s-c", 1, party("p-c-1", "Setup", direction="Outbound")),
    event("s-a", 3, party("p-a-2", "Answered")),
    event("s-b", 2, party("p-b-2", "Disconnected", reason="Cancelled")),
    event("s-c", 2, party("p-c-1", "Answered", direction="Outbound")),
    event("s-a", 4, party("p-a-2", "Hold")),
    event("s-a", 5, party("p-a-2", "Answered", muted=True)),
]
LEGIT_SESSIONS = ("s-a", "s-b", "s-c")

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=16,
)
not_a_container = st.one_of(
    st.none(), st.integers(), st.text(max_size=6), st.lists(st.integers(), max_size=2)
)
# An id must be text; numbers are accepted as ids (RingCentral sends some numeric ids).
not_an_id = st.one_of(st.none(), st.just(""), st.lists(st.integers(), max_size=2), st.just({}))

# Places in an event whose value has a fixed type, with values of the wrong type: a copy of
# a call's latest event broken this way must change nothing. (Two more places, a party's
# `id` and a `status` without `code`, are covered by the tests of the findings.)
BREAKABLE = st.one_of(
    st.tuples(st.just(("body",)), not_a_container),
    st.tuples(st.just(("body", "parties")), not_a_container),
    st.tuples(st.just(("body", "parties", 0)), not_a_container),
    st.tuples(st.just(("body", "parties", 0, "status")), not_a_container),
    st.tuples(st.just(("body", "telephonySessionId")), not_an_id),
    st.tuples(st.just(("event",)), not_a_container),
)


def garbage_copy(envelope: dict[str, Any]) -> dict[str, Any]:
    """A deep copy under a uuid of its own, so it is never taken for a re-delivery."""
    result = copy.deepcopy(envelope)
    result["uuid"] = f"garbage-{uuid.uuid4()}"
    return result


def broken(envelope: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A deep copy of `envelope` (new uuid) with the value at `path` replaced."""
    result = garbage_copy(envelope)
    target: Any = result
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return result


def huge(envelope: dict[str, Any], size: int) -> dict[str, Any]:
    """A copy of `envelope` (new uuid) carrying `size` bytes of extra text in its body."""
    result = garbage_copy(envelope)
    result["body"]["padding"] = "x" * size
    return result


# One piece of garbage: (kind, parameters); turned into wire text by the tests, because
# "the latest event of a call" depends on where in the stream it is inserted.
garbage = st.one_of(
    st.tuples(st.just("json"), json_values),
    st.tuples(st.just("frame-body"), json_values),
    st.tuples(st.just("truncated"), st.floats(0.0, 0.99)),
    st.tuples(st.just("wrong-key"), st.just(None)),
    st.tuples(st.just("huge"), st.sampled_from([65_536, 1_048_576])),
    st.tuples(st.just("broken"), BREAKABLE),
    st.tuples(st.just("bad-base64"), st.text(max_size=40)),
)


def frame_text(envelope: Any, sequence: int) -> str:
    """A WebSocket ServerNotification frame carrying `envelope`."""
    meta = {"type": "ServerNotification", "messageId": f"m-{sequence}", "status": 200}
    return json.dumps([meta, envelope])


def wrong_key_payload(envelope: dict[str, Any]) -> str:
    """`envelope` encrypted with a key the subscriber does not have."""
    return encrypt_envelope(new_encryption_key(), envelope)


def websocket_text(kind: str, params: Any, latest: dict, n: int) -> str:
    """Garbage as it would arrive on the WebSocket."""
    if kind == "json":
        return json.dumps(params)
    if kind == "frame-body":
        return frame_text(params, n)
    if kind == "truncated":
        text = frame_text(latest, n)
        return text[: int(len(text) * params)]
    if kind == "huge":
        return frame_text(huge(latest, params), n)
    if kind == "broken":
        return frame_text(broken(latest, *params), n)
    return params if isinstance(params, str) else "\x00not json"


def pubnub_payload(kind: str, params: Any, latest: dict, key: str) -> Any:
    """Garbage as the PubNub SDK would hand it over (usually a string)."""
    if kind == "json":
        return params
    if kind == "frame-body":
        return encrypt_bytes(key, json.dumps(params).encode())
    if kind == "truncated":
        text = encrypt_envelope(key, latest)
        return text[: int(len(text) * params)]
    if kind == "wrong-key":
        return wrong_key_payload(latest)
    if kind == "huge":
        return encrypt_envelope(key, huge(latest, params))
    if kind == "broken":
        return encrypt_envelope(key, broken(latest, *params))
    return params


def random_json(rng: random.Random, depth: int = 3) -> Any:
    """A random JSON value (for seeded corpora outside Hypothesis)."""
    roll = rng.random()
    if depth <= 0 or roll < 0.4:
        return rng.choice(
            [None, True, False, rng.randint(-(2**40), 2**40), rng.random(), "x" * rng.randint(0, 9)]
        )
    if roll < 0.7:
        return [random_json(rng, depth - 1) for _ in range(rng.randint(0, 3))]
    return {f"k{i}": random_json(rng, depth - 1) for i in range(rng.randint(0, 3))}


def seeded_corpus(rng: random.Random, count: int) -> list[tuple[str, Any]]:
    """`count` pieces of garbage of every kind, reproducible from the seed."""
    makers = [
        lambda: ("json", random_json(rng)),
        lambda: ("frame-body", random_json(rng)),
        lambda: ("truncated", rng.uniform(0.0, 0.99)),
        lambda: ("wrong-key", None),
        lambda: ("bad-base64", "".join(rng.choice("!@#$%^&*()ab=") for _ in range(12))),
        lambda: ("broken", (("body", "parties", 0, "status"), rng.choice([None, 3, "x", [1]]))),
        lambda: ("huge", 1_048_576),
    ]
    return [makers[i % len(makers)]() for i in range(count)]
