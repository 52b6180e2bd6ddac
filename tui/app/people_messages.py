"""Messages from the people feed (availability, team, call log) to the main screen.

`PeopleMessages` is the feed's listener: it turns each report into a message posted to the
screen, as the call feed's reports are, so widgets change only on the screen's own turn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message

from tui.people.availability import Availability
from tui.people.calllog import LogEntry
from tui.people.team import Member, Team


@dataclass
class AvailabilityChanged(Message):
    """The person's availability (from presence or their own change)."""

    availability: Availability


@dataclass
class TeamChanged(Message):
    """The team or one member's presence changed (`member` None: the whole team)."""

    team: Team
    member: Member | None


@dataclass
class CallLogChanged(Message):
    """New call log entries (empty when only the unseen count changed)."""

    entries: list[LogEntry]
    unseen_missed: int


class PeopleMessages:
    """A `PeopleListener` that posts messages."""

    def __init__(self, post: Callable[[Message], object]) -> None:
        self.post = post

    def availability_changed(self, availability: Availability) -> None:
        self.post(AvailabilityChanged(availability))

    def team_changed(self, team: Team, member: Member | None) -> None:
        self.post(TeamChanged(team, member))

    def call_log_changed(self, entries: list[LogEntry], unseen_missed: int) -> None:
        self.post(CallLogChanged(entries, unseen_missed))
