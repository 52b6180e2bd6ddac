"""What the server says is true, to judge what the client shows.

The emulator's control API returns every session it knows; applying each snapshot to a fresh
CallBook gives the calls a perfectly informed client would show. A run is right when the
client's live calls are exactly those, in the same states.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from tests.push.helpers import Control
from tui.calls import CallBook, CallState
from tui.emulator import Emulator


async def server_states(ctl: Control, emulator: Emulator) -> dict[str, CallState]:
    """telephonySessionId -> the state the signed-in user's call is in on the server."""
    response = await ctl.http.get("/calls")
    records = response.json()["records"]
    creds = emulator.credentials
    truth = CallBook(creds["extensionId"], account_id=creds["accountId"])
    states: dict[str, CallState] = {}
    for record in records:
        snapshot = {k: v for k, v in record.items() if k not in ("history", "requests")}
        changed = truth.apply_session(snapshot)
        # A session that ended before anyone saw it is not added to a fresh book: ended.
        states[record["id"]] = changed[0].state if changed else CallState.ENDED
    return states


async def wrong_calls(book: CallBook, ctl: Control, emulator: Emulator) -> list[str]:
    """Every call the client shows differently from the server (empty when all are right)."""
    truth = await server_states(ctl, emulator)
    wrong = []
    for sid, state in truth.items():
        shown = book.get(sid)
        shown_state = shown.state if shown is not None else CallState.ENDED
        if shown_state != state:
            wrong.append(f"{sid}: shown {shown_state}, server {state}")
    for call in book.live():
        if call.telephony_session_id not in truth:
            wrong.append(f"{call.telephony_session_id}: shown {call.state}, unknown to server")
    return wrong


class Handoffs:
    """Every envelope the emulator's push hub handed to a transport (its `on_handoff` hook)."""

    def __init__(self, emulator: Emulator) -> None:
        self.uuids: list[str] = []
        emulator.hub.on_handoff = self._seen

    def _seen(self, envelope: dict, _when: float) -> None:
        self.uuids.append(envelope["uuid"])


def applied_twice(notifications: list[dict]) -> int:
    """How many notifications reached the CallBook more than once (by envelope uuid)."""
    uuids = [n.get("uuid") for n in notifications]
    return len(uuids) - len(set(uuids))


def went_recovering_then_live(states: list[Any]) -> bool:
    """True when the connection states include `recovering` followed later by `live`."""
    names = [str(s) for s in states]
    return any(name == "recovering" and "live" in names[i + 1 :] for i, name in enumerate(names))


def token_grants(emulator: Emulator, grant_type: str) -> int:
    """How many token requests of `grant_type` (refresh_token, JWT bearer...) were sent."""
    count = 0
    for exchange in emulator.exchanges:
        if exchange.path == "/restapi/oauth/token":
            form = parse_qs(exchange.request_body.decode(errors="replace"))
            if grant_type in form.get("grant_type", [""])[0]:
                count += 1
    return count
