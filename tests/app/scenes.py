"""Call scenes for snapshots and screenshots, built by feeding GET-session snapshots to a CallBook.

No network: the same reducer the live app uses turns these RingCentral-shaped sessions
into `Call` values, and a fixed clock makes every duration the same on every run.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tui.app.clock import FixedClock
from tui.calls import Call, CallBook

ME = "101"
ACCOUNT = "9001"
NOW = datetime(2026, 3, 2, 14, 30, 0, tzinfo=UTC)


def fixed_clock() -> FixedClock:
    """The clock every scene is drawn at."""
    return FixedClock(NOW)


def _iso(seconds_ago: int) -> str:
    return (NOW - timedelta(seconds=seconds_ago)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _endpoint(name: str | None, number: str, extension_id: str | None = None) -> dict[str, Any]:
    endpoint: dict[str, Any] = {"phoneNumber": number}
    if name:
        endpoint["name"] = name
    if extension_id:
        endpoint["extensionId"] = extension_id
    return endpoint


def session(
    sid: str,
    *,
    started: int,
    direction: str,
    other: tuple[str | None, str],
    status: str,
    other_status: str = "Answered",
    muted: bool = False,
    recordings: list[dict[str, Any]] | None = None,
    queue_call: bool = False,
    park_id: str | None = None,
) -> dict[str, Any]:
    """A GET-session snapshot of a two-party call where party -2 (or -1) is mine."""
    me = _endpoint("Ada Lovelace", "+16505550101", ME)
    them = _endpoint(*other)
    caller, callee = (them, me) if direction == "Inbound" else (me, them)
    mine: dict[str, Any] = {
        "id": f"p-{sid}-2",
        "direction": direction,
        "from": caller,
        "to": callee,
        "status": {"code": status},
        "muted": muted,
        "queueCall": queue_call,
        "owner": {"accountId": ACCOUNT, "extensionId": ME},
    }
    if recordings:
        mine["recordings"] = recordings
    if park_id:
        mine["park"] = {"id": park_id}
    far: dict[str, Any] = {
        "id": f"p-{sid}-1",
        "direction": "Outbound" if direction == "Inbound" else "Inbound",
        "from": caller,
        "to": callee,
        "status": {"code": other_status},
        "muted": False,
    }
    return {
        "id": sid,
        "creationTime": _iso(started),
        "origin": {"type": "Call"},
        "parties": [far, mine],
    }


def book_of(*sessions: dict[str, Any]) -> CallBook:
    """A CallBook that has seen these snapshots."""
    book = CallBook(ME, account_id=ACCOUNT)
    for snapshot in sessions:
        book.apply_session(snapshot)
    return book


def ringing_scene() -> list[Call]:
    """One call ringing in while another is active."""
    book = book_of(
        session(
            "s-active-1",
            started=754,
            direction="Outbound",
            other=("Grace Hopper", "+14155550142"),
            status="Answered",
        ),
        session(
            "s-ringing-1",
            started=7,
            direction="Inbound",
            other=("Alan Turing", "+442071838750"),
            status="Proceeding",
            other_status="Setup",
            queue_call=True,
        ),
    )
    return book.live()


def two_calls_scene() -> list[Call]:
    """Two answered calls: one held, one recording paused and muted."""
    book = book_of(
        session(
            "s-talk-1",
            started=1325,
            direction="Inbound",
            other=("Katherine Johnson", "+17575550188"),
            status="Answered",
            muted=True,
            recordings=[{"id": "rec-7731", "active": False}],
        ),
        session(
            "s-held-1",
            started=298,
            direction="Outbound",
            other=(None, "+12125550199"),
            status="Hold",
        ),
    )
    return book.live()


# ----- scenes as Pilot scripts (snapshots and scripts/screenshots.py share them) -------------


def snapshot_app() -> Any:
    """A calldeck app with no account link, drawn at the fixed clock."""
    from tui.app.app import CalldeckApp
    from tui.config import Settings

    return CalldeckApp(Settings(bell=False), clock=fixed_clock())


async def show_calls(pilot: Any, calls: list[Call], *, demo: bool = True) -> None:
    """Put the status line and these calls on screen, as a live link would."""
    from tui.app.messages import CallsChanged, ConnectionChanged, SignedIn

    main = pilot.app.main
    main.post_message(SignedIn("Ada Lovelace", "101", "http://127.0.0.1:8642", demo=demo))
    main.post_message(ConnectionChanged("live", "websocket"))
    main.post_message(CallsChanged(calls))
    await pilot.pause()
    await pilot.pause()  # the details pane grows to its content on the next layout pass


async def ringing(pilot: Any) -> None:
    """A call ringing in over an active one (auto-selected)."""
    await show_calls(pilot, ringing_scene())


async def two_calls(pilot: Any) -> None:
    """Two answered calls, one held, one muted with recording paused."""
    await show_calls(pilot, two_calls_scene())


async def transfer_dialog(pilot: Any) -> None:
    """The transfer dialog refusing an incomplete number."""
    await two_calls(pilot)
    await pilot.press("t")
    await pilot.pause()
    await pilot.press(*"650555")
    await pilot.pause()


async def error(pilot: Any) -> None:
    """A 409 from RingCentral: the toast and the details modal."""
    from tui.app.messages import ActionFailed

    await two_calls(pilot)
    call = pilot.app.main.selected_call
    pilot.app.main.post_message(
        ActionFailed(
            "Hold failed: Not possible now",
            "The call is no longer in a state that can be held.",
            "action: call.hold\n"
            f"telephonySessionId: {call.telephony_session_id}\n"
            f"partyId: {call.party_id}\n"
            "error: WrongState\nhttp status: 409\nerrorCode: TAS-103\n"
            "RingCentral said: Call is not in a state to perform the operation",
            call.telephony_session_id,
        )
    )
    await pilot.pause()
    await pilot.press("E")
    await pilot.pause()


async def help_screen(pilot: Any) -> None:
    """Every key, as bound now."""
    await two_calls(pilot)
    await pilot.press("question_mark")
    await pilot.pause()


def thirty_calls_scene() -> list[Call]:
    """A busy desk: 30 calls, 8 of them ringing (the longest-waiting first), some held."""
    statuses = ("Proceeding", "Answered", "Answered", "Hold")
    names = ("Ada", "Grace", "Alan", "Katherine", "Edsger", "Barbara", "Donald", "Frances")
    sessions = [
        session(
            f"s-busy-{index:02d}",
            started=40 + 37 * index,
            direction="Inbound" if index % 3 else "Outbound",
            other=(f"{names[index % len(names)]} Caller {index:02d}", f"+1415555{index:04d}"),
            status=statuses[index % 4] if index >= 8 else "Proceeding",
            other_status="Setup" if index < 8 else "Answered",
            muted=index % 5 == 0,
            queue_call=index % 4 == 1,
        )
        for index in range(30)
    ]
    return book_of(*sessions).live()


async def thirty_calls(pilot: Any) -> None:
    """30 calls at once: the longest-waiting ringing calls open in view, counts in the header."""
    await show_calls(pilot, thirty_calls_scene())


SCENES = {
    "ringing": ringing,
    "thirty-calls": thirty_calls,
    "two-calls": two_calls,
    "transfer-dialog": transfer_dialog,
    "error": error,
    "help": help_screen,
}
SIZES = ((80, 24), (100, 30), (160, 45))
