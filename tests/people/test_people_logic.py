"""The pure availability, team and call log logic: which fields are written, what is shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tui.people.availability import Availability, header_text, presence_request
from tui.people.calllog import CallLogBook, parse_duration
from tui.people.team import Member, Team, presence_label

OLDER = Availability()
NEWER = Availability().with_presence({"dndStatusPersonal": "TakeAllCalls"})


@pytest.mark.parametrize(
    ("current", "state", "queues", "body"),
    [
        (OLDER, "dnd", None, {"userStatus": "Busy", "dndStatus": "DoNotAcceptAnyCalls"}),
        (
            OLDER,
            "available",
            False,
            {"userStatus": "Available", "dndStatus": "DoNotAcceptDepartmentCalls"},
        ),
        (OLDER, None, True, {"dndStatus": "TakeAllCalls"}),
        (NEWER, "dnd", None, {"userStatus": "Busy", "dndStatusPersonal": "DoNotAcceptAnyCalls"}),
        (NEWER, None, False, {"acceptCallQueueCalls": False}),
        (NEWER, "offline", None, {"userStatus": "Offline", "dndStatusPersonal": "TakeAllCalls"}),
    ],
)
def test_the_request_writes_the_fields_of_the_call_handling_in_use(
    current: Availability, state: str | None, queues: bool | None, body: dict
) -> None:
    assert presence_request(current, state, queues) == body


def test_presence_events_drive_the_state_and_header() -> None:
    seen = OLDER.with_presence({"userStatus": "Busy", "dndStatus": "DoNotAcceptAnyCalls"})
    assert (seen.state, header_text(seen)) == ("dnd", "Do not disturb")
    no_queues = OLDER.with_presence({"dndStatus": "DoNotAcceptDepartmentCalls"})
    assert header_text(no_queues) == "Available · no queue calls"
    assert NEWER.newer_handling and not OLDER.newer_handling
    with pytest.raises(ValueError):
        presence_request(OLDER, "asleep", None)


def test_a_colleagues_presence_label_prefers_the_call() -> None:
    assert presence_label({"telephonyStatus": "Ringing", "userStatus": "Busy"}) == "ringing"
    assert (
        presence_label({"telephonyStatus": "NoCall", "dndStatus": "DoNotAcceptAnyCalls"}) == "DND"
    )
    team = Team(
        [Member("1", "Priya Natarajan", "102"), Member("2", "Marcus Oyelaran", "103")], "favorites"
    )
    changed = team.apply_presence({"extensionId": "2", "telephonyStatus": "CallConnected"})
    assert changed is not None and changed.presence == "on a call"
    assert team.apply_presence({"extensionId": "2", "telephonyStatus": "CallConnected"}) is None
    assert [m.name for m in team.filtered("PRI")] == ["Priya Natarajan"]
    assert [m.name for m in team.filtered("103")] == ["Marcus Oyelaran"]


def _record(number: int, hours: float, result: str = "Missed") -> dict:
    start = (datetime.now(UTC) - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return {
        "id": f"r{number}", "startTime": start, "direction": "Inbound", "result": result,
        "duration": 12, "from": {"phoneNumber": f"+1415555{number:04d}", "name": f"Caller {number}"},
        "to": {"phoneNumber": "+16505550101"},
    }  # fmt: skip


def test_the_cache_round_trips_and_refuses_broken_or_foreign_files(tmp_path: Path) -> None:
    path = tmp_path / "call-log.json"
    book = CallLogBook("server 1")
    book.merge([_record(1, 1), _record(2, 30, "Accepted"), {"id": "broken"}])
    book.sync_token = "token"
    assert book.unseen_missed() == 1
    book.save(path)
    assert path.stat().st_mode & 0o777 == 0o600
    again = CallLogBook.load(path, "server 1")
    assert [e.id for e in again.newest_first()] == ["r1", "r2"] and again.sync_token == "token"
    assert CallLogBook.load(path, "server 2").entries == {}
    path.write_text("{not json", encoding="utf-8")
    assert CallLogBook.load(path, "server 1").sync_token is None
    again.mark_seen()
    assert again.unseen_missed() == 0
    assert [e.id for e in again.select(text="caller 2")] == ["r2"]


def test_durations() -> None:
    assert parse_duration("90m") == timedelta(minutes=90)
    assert parse_duration("2d") == timedelta(days=2)
    for bad in ("", "soon", "-1h", "0d"):
        with pytest.raises(ValueError):
            parse_duration(bad)


async def test_the_feed_reports_only_real_changes_of_my_presence(tmp_path: Path) -> None:
    from tui.people.feed import PeopleFeed
    from tui.ringcentral.auth import Credentials
    from tui.ringcentral.client import RingCentralClient

    class Seen:
        def __init__(self) -> None:
            self.availability: list[Availability] = []

        def availability_changed(self, availability: Availability) -> None:
            self.availability.append(availability)

        def team_changed(self, team: Team, member: Member | None) -> None: ...

        def call_log_changed(self, entries: list, unseen_missed: int) -> None: ...

    seen = Seen()
    # Events only: the client never sends a request here.
    client = RingCentralClient(
        Credentials("http://127.0.0.1:9", "id", "secret"), extension_id="101"
    )
    feed = PeopleFeed(client, tmp_path, seen)
    event = "/restapi/v1.0/account/1/extension/101/presence?detailedTelephonyState=true"
    calls = {"extensionId": "101", "userStatus": "Available", "telephonyStatus": "Ringing"}
    for _ in range(5):
        feed.notification({"event": event, "body": calls})
    feed.notification({"event": event, "body": {**calls, "dndStatus": "DoNotAcceptAnyCalls"}})
    await client.aclose()
    assert [a.state for a in seen.availability] == ["dnd"]
