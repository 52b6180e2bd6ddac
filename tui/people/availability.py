"""The person's availability: Available, Busy, Do not disturb or Offline, and queue calls.

RingCentral keeps it in presence: `userStatus` (Available|Busy|Offline) and Do Not Disturb.
Accounts on the older call handling use `dndStatus`, where "no queue calls" is
`DoNotAcceptDepartmentCalls`; accounts on the newer call handling have `dndStatusPersonal` and
`acceptCallQueueCalls` instead (spec, PresenceInfoRequest). Which one applies is read from the
presence itself: a body with `dndStatusPersonal` is the newer handling.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

STATES = ("available", "busy", "dnd", "offline")
LABELS = {"available": "Available", "busy": "Busy", "dnd": "Do not disturb", "offline": "Offline"}
DND = "DoNotAcceptAnyCalls"
NO_QUEUE_CALLS = "DoNotAcceptDepartmentCalls"
TAKE_ALL = "TakeAllCalls"


@dataclass(frozen=True, slots=True)
class QueueState:
    """One call queue the person is an agent of, and whether they take its calls."""

    id: str
    name: str
    accepting: bool


@dataclass(frozen=True, slots=True)
class Availability:
    """What presence says about the person taking calls."""

    user_status: str = "Available"
    dnd_status: str = TAKE_ALL
    """`dndStatus`, or `dndStatusPersonal` on the newer call handling."""
    newer_handling: bool = False
    accept_queue_calls: bool = True
    """Newer handling: `acceptCallQueueCalls`; older: dndStatus is not DoNotAcceptDepartmentCalls."""
    queues: tuple[QueueState, ...] = field(default_factory=tuple)

    @property
    def state(self) -> str:
        """available, busy, dnd or offline."""
        if self.dnd_status == DND:
            return "dnd"
        return {"Busy": "busy", "Offline": "offline"}.get(self.user_status, "available")

    @property
    def label(self) -> str:
        """How the header names the state."""
        return LABELS[self.state]

    def with_presence(self, body: dict[str, Any]) -> Availability:
        """This availability updated by a presence body or event (fields it lacks stay)."""
        changes: dict[str, Any] = {}
        if body.get("userStatus") in ("Available", "Busy", "Offline"):
            changes["user_status"] = body["userStatus"]
        if isinstance(body.get("dndStatusPersonal"), str):
            changes["newer_handling"] = True
            changes["dnd_status"] = body["dndStatusPersonal"]
        elif isinstance(body.get("dndStatus"), str):
            changes["dnd_status"] = body["dndStatus"]
            changes["accept_queue_calls"] = body["dndStatus"] != NO_QUEUE_CALLS
        if isinstance(body.get("acceptCallQueueCalls"), bool):
            changes["accept_queue_calls"] = body["acceptCallQueueCalls"]
        return replace(self, **changes)

    def with_queues(self, records: list[dict[str, Any]]) -> Availability:
        """This availability with the queues of a `call-queue-presence` answer."""
        queues = []
        for record in records:
            queue = record.get("callQueue") if isinstance(record, dict) else None
            if isinstance(queue, dict) and queue.get("id"):
                queues.append(
                    QueueState(
                        str(queue["id"]),
                        str(queue.get("name") or queue["id"]),
                        bool(record.get("acceptCalls")),
                    )
                )
        return replace(self, queues=tuple(queues))

    def to_json(self) -> dict[str, Any]:
        """`calldeck presence --json`: userStatus, dndStatus and the queues."""
        return {
            "userStatus": self.user_status,
            "dndStatus": self.dnd_status,
            "queues": [{"id": q.id, "name": q.name, "accepting": q.accepting} for q in self.queues],
        }


def presence_request(current: Availability, state: str | None, queues: bool | None) -> dict:
    """The PresenceInfoRequest that sets `state` and/or queue calls, in the fields that apply.

    On the older handling one `dndStatus` carries both DND and "no queue calls"; DND wins.
    """
    if state is not None and state not in STATES:
        raise ValueError(f"unknown availability {state!r}; use one of {', '.join(STATES)}")
    target = state or current.state
    take_queues = current.accept_queue_calls if queues is None else queues
    body: dict[str, Any] = {}
    if state is not None:
        body["userStatus"] = {"busy": "Busy", "offline": "Offline", "dnd": "Busy"}.get(
            state, "Available"
        )
    if current.newer_handling:
        if state is not None:
            body["dndStatusPersonal"] = DND if target == "dnd" else TAKE_ALL
        if queues is not None:
            body["acceptCallQueueCalls"] = queues
    elif target == "dnd":
        body["dndStatus"] = DND
    else:
        body["dndStatus"] = TAKE_ALL if take_queues else NO_QUEUE_CALLS
    return body


def queue_request(queue_id: str, accepting: bool) -> dict:
    """The ExtensionCallQueueUpdatePresenceList that turns one queue on or off."""
    return {"records": [{"callQueue": {"id": queue_id}, "acceptCalls": accepting}]}


def header_text(availability: Availability) -> str:
    """The header's short form: the state, and queue calls when they are off."""
    text = availability.label
    if availability.state != "dnd" and not availability.accept_queue_calls:
        text += " · no queue calls"
    return text
