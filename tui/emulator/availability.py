"""What each extension says about taking calls: user status, Do Not Disturb, queue availability.

Extensions on RingCentral's older call handling keep `dndStatus` (TakeAllCalls,
DoNotAcceptDepartmentCalls for "no queue calls", DoNotAcceptAnyCalls). Extensions on the newer
call handling have no `dndStatus`: they use `dndStatusPersonal` and `acceptCallQueueCalls`
(spec, PresenceInfoRequest), and a request with the wrong kind of field is refused.
Per-queue availability (`call-queue-presence`) is kept for both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.emulator.callmodel import QUEUE_NAME
from tui.emulator.calls import CallError
from tui.emulator.directory import CALL_QUEUES, queues_of

USER_STATUSES = ("Offline", "Busy", "Available")
DND_STATUSES = (
    "TakeAllCalls", "DoNotAcceptDepartmentCalls", "TakeDepartmentCallsOnly", "DoNotAcceptAnyCalls",
)  # fmt: skip
DND_PERSONAL_STATUSES = ("TakeAllCalls", "DoNotAcceptAnyCalls")


@dataclass
class Availability:
    """One extension's settings."""

    newer_handling: bool = False
    user_status: str = "Available"
    dnd_status: str = "TakeAllCalls"
    dnd_personal: str = "TakeAllCalls"
    accept_queue_calls: bool = True
    message: str = ""
    queue_accepts: dict[str, bool] = field(default_factory=dict)

    def presence_fields(self) -> dict:
        """The presence fields these settings give (GET presence and presence events)."""
        fields: dict = {"userStatus": self.user_status}
        if self.newer_handling:
            fields["dndStatusPersonal"] = self.dnd_personal
            fields["acceptCallQueueCalls"] = self.accept_queue_calls
        else:
            fields["dndStatus"] = self.dnd_status
        if self.message:
            fields["message"] = self.message
        return fields

    def takes_call(self, queue_call: bool) -> bool:
        """False while Do Not Disturb is on, and for queue calls while queue calls are off."""
        dnd = self.dnd_personal if self.newer_handling else self.dnd_status
        if dnd == "DoNotAcceptAnyCalls":
            return False
        if not queue_call:
            return True
        # The emulator's queue calls come from the Front Desk Queue (callmodel.QUEUE_NAME).
        if not self.queue_accepts.get(front_desk_queue_id(), True):
            return False
        if self.newer_handling:
            return self.accept_queue_calls
        return dnd != "DoNotAcceptDepartmentCalls"


def front_desk_queue_id() -> str:
    """The id of the queue the emulator's queue calls come from."""
    return next(queue.id for queue in CALL_QUEUES if queue.name == QUEUE_NAME)


def _refuse(name: str, why: str) -> CallError:
    return CallError(400, "CMN-101", f"Parameter [{name}] {why}", name)


class AvailabilityBook:
    """Availability of every extension; `newer_handling` lists those on the newer call handling."""

    def __init__(self, newer_handling: frozenset[str] = frozenset()) -> None:
        self.newer_handling = newer_handling
        self._by_extension: dict[str, Availability] = {}

    def of(self, extension_id: str) -> Availability:
        """The extension's settings (created with the defaults on first use)."""
        found = self._by_extension.get(extension_id)
        if found is None:
            found = Availability(newer_handling=extension_id in self.newer_handling)
            for queue in queues_of(extension_id):
                found.queue_accepts[queue.id] = True
            self._by_extension[extension_id] = found
        return found

    def update(self, extension_id: str, body: object) -> Availability:
        """Apply a PresenceInfoRequest; raises CallError (400) for a value RingCentral refuses."""
        if not isinstance(body, dict):
            raise CallError(400, "CMN-101", "Request body must be a JSON object", "body")
        current = self.of(extension_id)
        _check_choice(body, "userStatus", USER_STATUSES)
        if "dndStatus" in body:
            if current.newer_handling:
                raise _refuse("dndStatus", "is not applicable: use dndStatusPersonal")
            _check_choice(body, "dndStatus", DND_STATUSES)
        if "dndStatusPersonal" in body:
            if not current.newer_handling:
                raise _refuse("dndStatusPersonal", "is not applicable: use dndStatus")
            _check_choice(body, "dndStatusPersonal", DND_PERSONAL_STATUSES)
        if "acceptCallQueueCalls" in body:
            if not current.newer_handling:
                raise _refuse("acceptCallQueueCalls", "is not applicable: use dndStatus")
            if not isinstance(body["acceptCallQueueCalls"], bool):
                raise _refuse("acceptCallQueueCalls", "must be true or false")
        message = body.get("message", current.message)
        if not isinstance(message, str) or len(message) > 75:
            raise _refuse("message", "must be a string of at most 75 characters")
        current.user_status = body.get("userStatus", current.user_status)
        current.dnd_status = body.get("dndStatus", current.dnd_status)
        current.dnd_personal = body.get("dndStatusPersonal", current.dnd_personal)
        current.accept_queue_calls = body.get("acceptCallQueueCalls", current.accept_queue_calls)
        current.message = message
        return current

    def update_queues(self, extension_id: str, body: object) -> Availability:
        """Apply an ExtensionCallQueueUpdatePresenceList (queues the extension belongs to only)."""
        records = body.get("records") if isinstance(body, dict) else None
        if not isinstance(records, list):
            raise _refuse("records", "must be a list")
        current = self.of(extension_id)
        changes: dict[str, bool] = {}
        for record in records:
            queue = record.get("callQueue") if isinstance(record, dict) else None
            queue_id = queue.get("id") if isinstance(queue, dict) else None
            accept = record.get("acceptCalls") if isinstance(record, dict) else None
            if queue_id not in current.queue_accepts:
                raise CallError(
                    404, "CMN-102", "Resource for parameter [callQueue.id] is not found", "id"
                )
            if not isinstance(accept, bool):
                raise _refuse("acceptCalls", "must be true or false")
            changes[queue_id] = accept
        current.queue_accepts.update(changes)
        return current


def _check_choice(body: dict, name: str, allowed: tuple[str, ...]) -> None:
    if name in body and body[name] not in allowed:
        raise _refuse(name, f"must be one of {', '.join(allowed)}")
