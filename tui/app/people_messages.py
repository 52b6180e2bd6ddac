"""Messages from the people feed (availability, team, call log) to the main screen.

`PeopleMessages` is the feed's listener: it turns each report into a message posted to the
screen, as the call feed's reports are, so widgets change only on the screen's own turn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.people.availability import Availability
    from tui.people.calllog import LogEntry
    from tui.people.team import Member, Team


class AvailabilityChanged(Message):
    """The person's availability (from presence or their own change)."""

    def __init__(self, availability: Availability) -> None:
        self.availability = availability
        super().__init__()


class TeamChanged(Message):
    """The team or one member's presence changed (`member` None: the whole team)."""

    def __init__(self, team: Team, member: Member | None) -> None:
        self.team = team
        self.member = member
        super().__init__()


class CallLogChanged(Message):
    """New call log entries (empty when only the unseen count changed)."""

    def __init__(self, entries: list[LogEntry], unseen_missed: int) -> None:
        self.entries = entries
        self.unseen_missed = unseen_missed
        super().__init__()


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
