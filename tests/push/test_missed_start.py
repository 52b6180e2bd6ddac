"""A call whose first events were lost is read whole from REST when it first shows up."""

from __future__ import annotations

from typing import Any

from tests.push.helpers import Control, Feed, signed_in, wait_until
from tui.emulator import Emulator
from tui.ringcentral.push.live import LiveCalls


class NoPushLiveCalls(LiveCalls):
    """LiveCalls whose transport delivers nothing by itself: the test hands it notifications,
    as a transport would after losing a call's earlier events."""

    async def _open_transport(self) -> None:
        return None


def my_event(session: dict[str, Any], extension_id: str, sequence: int) -> dict[str, Any]:
    """A telephony notification carrying only the user's party, as RingCentral sends it."""
    mine = next(p for p in session["parties"] if p.get("extensionId") == extension_id)
    event_party = {k: v for k, v in mine.items() if k != "owner"}
    return {
        "uuid": f"test-{sequence}",
        "event": f"/restapi/v1.0/account/{mine['accountId']}/extension/{extension_id}/telephony/sessions",
        "timestamp": session["creationTime"],
        "subscriptionId": "test",
        "ownerId": extension_id,
        "body": {
            "sequence": sequence,
            "telephonySessionId": session["id"],
            "eventTime": session["creationTime"],
            "origin": session["origin"],
            "parties": [event_party],
        },
    }


async def test_a_call_first_seen_answered_is_read_whole(emulator: Emulator, control: Any) -> None:
    ctl = Control(control)
    feed = Feed()
    me = emulator.credentials["extensionId"]
    async with signed_in(emulator) as client:
        live = NoPushLiveCalls(client, on_calls=feed.on_calls, on_connection=feed.on_connection)
        await live.start()
        try:
            sid = await ctl.call(**{"from": "+16505550123", "fromName": "Grace Hopper"})
            await ctl.act(sid, "answer")  # ringing and answering were never delivered
            session = (await control.get(f"/calls/{sid}")).json()
            live.notification(my_event(session, me, sequence=3))

            def whole() -> bool:
                call = live.book.get(sid)
                return call is not None and len(call.parties) == len(session["parties"])

            await wait_until(whole, what="the session read from REST")
            assert feed.last(sid)["state"] == "active"
            assert feed.last(sid)["from"] == {"phoneNumber": "+16505550123", "name": "Grace Hopper"}
            reads = [
                r for r in await ctl.requests() if r["method"] == "GET" and r["path"].endswith(sid)
            ]
            assert len(reads) == 1  # one read, not one per event
        finally:
            await live.stop()
