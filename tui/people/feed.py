"""`PeopleFeed`: availability, the team and the call log of one signed-in account, kept live.

The account link starts it beside the live call feed: `prepare()` before subscribing gives
the team's event filters (detailed presence of each member, in the SAME subscription as the
calls: no second subscription, no polling); `start()` after subscribing reads presence (so
no change is lost between reading and subscribing) and opens the call log (cache first,
then one sync). Presence notifications come in through `notification()`, ended calls
through `call_ended()`. Everything it learns goes out through the `PeopleListener`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tui.people import rest
from tui.people.availability import Availability
from tui.people.calllog import CallLogBook, LogEntry
from tui.people.sync import CallLogSync, cache_path
from tui.people.team import Member, Team

if TYPE_CHECKING:
    from tui.ringcentral.client import RingCentralClient

log = logging.getLogger(__name__)

TEAM_FILTER = "/restapi/v1.0/account/~/extension/{}/presence?detailedTelephonyState=true"


class PeopleListener(Protocol):
    """Where the feed reports (the UI posts these as messages)."""

    def availability_changed(self, availability: Availability) -> None: ...

    def team_changed(self, team: Team, member: Member | None) -> None: ...

    def call_log_changed(self, entries: list[LogEntry], unseen_missed: int) -> None: ...


@dataclass
class _Nobody:
    """A listener that drops everything (before the UI attaches one)."""

    def availability_changed(self, availability: Availability) -> None:
        return None

    def team_changed(self, team: Team, member: Member | None) -> None:
        return None

    def call_log_changed(self, entries: list[LogEntry], unseen_missed: int) -> None:
        return None


class PeopleFeed:
    """Availability, team presence and the call log for the UI."""

    def __init__(
        self,
        client: RingCentralClient,
        data_dir: Path,
        listener: PeopleListener | None = None,
        *,
        sync: CallLogSync | None = None,
    ) -> None:
        self.client = client
        self.listener: PeopleListener = listener or _Nobody()
        self.availability = Availability()
        self.team = Team([], "favorites")
        self.log_sync = sync or CallLogSync(
            client, cache_path(data_dir), on_change=self._log_changed
        )

    @property
    def book(self) -> CallLogBook:
        """The call log book (cached entries show before the first sync)."""
        return self.log_sync.book

    async def prepare(self) -> list[str]:
        """Read who the team is; the event filters for their presence."""
        try:
            self.team = await rest.load_team(self.client)
        except Exception as error:  # the calls must go live without a team
            log.warning("could not read the team: %r", error)
            return []
        return [TEAM_FILTER.format(extension_id) for extension_id in self.team.ids()]

    async def start(self) -> None:
        """After subscribing: read presence of me and the team, then sync the call log."""
        self.listener.call_log_changed(self.book.newest_first(), self.book.unseen_missed())
        await self.refresh()
        await self.log_sync.sync_quietly()

    async def refresh(self) -> None:
        """Re-read my availability and the team's presence (at start and after a gap)."""
        try:
            self.availability = await rest.read_availability(self.client)
            self.listener.availability_changed(self.availability)
            await rest.read_team_presence(self.client, self.team)
            self.listener.team_changed(self.team, None)
        except Exception as error:  # shown as "unknown" until the next event
            log.warning("could not read presence: %r", error)

    def notification(self, envelope: dict) -> None:
        """A push notification: presence of me or a team member updates what is shown."""
        event = str(envelope.get("event") or "") if isinstance(envelope, dict) else ""
        body = envelope.get("body") if isinstance(envelope, dict) else None
        if "/presence" not in event or not isinstance(body, dict):
            return
        extension_id = str(body.get("extensionId") or "")
        if extension_id and extension_id == str(self.client.extension_id):
            # Most of my presence events are about my calls: report only a real change, so a
            # burst of call events does not repaint the header for nothing.
            updated = self.availability.with_presence(body)
            if updated != self.availability:
                self.availability = updated
                self.listener.availability_changed(updated)
            return
        member = self.team.apply_presence(body)
        if member is not None:
            self.listener.team_changed(self.team, member)

    def call_ended(self) -> None:
        """A call ended: the call log syncs once, a little later."""
        self.log_sync.call_ended()

    async def set_availability(self, state: str | None, queues: bool | None) -> Availability:
        """Set the state and/or queue calls (raises the client's errors)."""
        self.availability = await rest.set_availability(
            self.client, self.availability, state, queues
        )
        self.listener.availability_changed(self.availability)
        return self.availability

    async def set_queue(self, queue_id: str, accepting: bool) -> Availability:
        """Turn one queue's calls on or off (raises the client's errors)."""
        self.availability = await rest.set_queue(
            self.client, self.availability, queue_id, accepting
        )
        self.listener.availability_changed(self.availability)
        return self.availability

    def mark_seen(self) -> None:
        """The person opened History: missed calls so far are seen."""
        self.book.mark_seen()
        self.log_sync.save()
        self.listener.call_log_changed([], 0)

    def _log_changed(self, entries: list[LogEntry]) -> None:
        self.listener.call_log_changed(entries, self.book.unseen_missed())

    async def close(self) -> None:
        """Stop a pending sync."""
        await self.log_sync.close()
