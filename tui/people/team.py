"""The team pane's people and their presence, kept current by presence events.

Each member shows what RingCentral reports: on a call, ringing, on hold, DND, busy, offline or
available (the call states win: a colleague on a call is busy whatever they set).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from tui.people.availability import DND

# RingCentral's bulk presence and the team pane's event filters stay small (30 per request).
TEAM_MAX = 30

_TELEPHONY = {
    "Ringing": "ringing",
    "CallConnected": "on a call",
    "OnHold": "on hold",
    "ParkedCall": "on a call",
}


@dataclass(frozen=True, slots=True)
class Member:
    """One colleague as the team pane shows them."""

    extension_id: str
    name: str
    extension_number: str
    presence: str = "unknown"

    def matches(self, text: str) -> bool:
        """True when `text` (already lower-cased) is in the name or the extension number."""
        return not text or text in self.name.lower() or text in self.extension_number


def presence_label(body: dict[str, Any]) -> str:
    """available, busy, DND, offline, ringing, on a call or on hold, from a presence body."""
    telephony = _TELEPHONY.get(str(body.get("telephonyStatus")))
    if telephony:
        return telephony
    if DND in (body.get("dndStatus"), body.get("dndStatusPersonal")):
        return "DND"
    status = body.get("userStatus") or body.get("presenceStatus")
    return {"Busy": "busy", "Offline": "offline", "Available": "available"}.get(
        str(status), "unknown"
    )


class Team:
    """The members, in the order RingCentral listed them."""

    def __init__(self, members: list[Member], source: str) -> None:
        self.members = members[:TEAM_MAX]
        self.source = source
        """favorites, department or directory: where the list came from."""

    def ids(self) -> list[str]:
        """Extension ids of the members."""
        return [m.extension_id for m in self.members]

    def member(self, extension_id: str) -> Member | None:
        """The member with this extension id, if any."""
        return next((m for m in self.members if m.extension_id == extension_id), None)

    def apply_presence(self, body: dict[str, Any]) -> Member | None:
        """Take a presence body (GET or event) for a member; the changed member, or None."""
        extension_id = str(body.get("extensionId") or (body.get("extension") or {}).get("id", ""))
        for index, member in enumerate(self.members):
            if member.extension_id == extension_id:
                label = presence_label(body)
                if label == member.presence:
                    return None
                self.members[index] = replace(member, presence=label)
                return self.members[index]
        return None

    def filtered(self, text: str) -> list[Member]:
        """Members whose name or extension number contains `text` (case-insensitive)."""
        wanted = text.strip().lower()
        return [m for m in self.members if m.matches(wanted)]
