"""Fan-out: which subscriptions get an event, and the envelope each one gets."""

from __future__ import annotations

from tests.emulator.push_harness import (
    ACCOUNT,
    COLLEAGUE,
    ME,
    OTHER_ACCOUNT,
    STRANGER,
    running_hub,
    telephony_body,
)
from tui.emulator.push import PushHub

EXT_TELEPHONY = "/restapi/v1.0/account/~/extension/~/telephony/sessions"
ACC_TELEPHONY = "/restapi/v1.0/account/~/telephony/sessions"
PRESENCE = "/restapi/v1.0/account/~/extension/~/presence"
DETAILED = PRESENCE + "?detailedTelephonyState=true"
WITH_SIP = DETAILED + "&sipData=true"
ACC_PRESENCE = "/restapi/v1.0/account/~/presence?detailedTelephonyState=true"


def presence_body(extension: str) -> dict:
    call = {"id": "c1", "telephonySessionId": "s-1", "partyId": "p-1", "sipData": {"callId": "x"}}
    return {"extensionId": extension, "telephonyStatus": "Ringing", "activeCalls": [call]}


def publish_colleague_unowned_and_mine(hub: PushHub) -> None:
    """Three events of one session: a colleague's party, a PSTN leg, then my party."""
    hub.publish_telephony(ACCOUNT, COLLEAGUE, telephony_body("s-1", 1, extension=COLLEAGUE))
    hub.publish_telephony(ACCOUNT, None, telephony_body("s-1", 2))
    hub.publish_telephony(ACCOUNT, ME, telephony_body("s-1", 3))


async def test_extension_level_filter_gets_only_its_own_extension() -> None:
    async with running_hub() as server:
        info = await server.create_pubnub([EXT_TELEPHONY])
        publish_colleague_unowned_and_mine(server.hub)
        (envelope,) = await server.pubnub_messages(info)
        assert envelope["body"]["sequence"] == 3
        assert (
            envelope["event"]
            == f"/restapi/v1.0/account/{ACCOUNT}/extension/{ME}/telephony/sessions"
        )
        assert set(envelope) == {"uuid", "event", "timestamp", "subscriptionId", "ownerId", "body"}


async def test_account_level_filter_gets_every_party_with_ringcentrals_event_paths() -> None:
    async with running_hub() as server:
        info = await server.create_pubnub([ACC_TELEPHONY])
        publish_colleague_unowned_and_mine(server.hub)
        events = [e["event"] for e in await server.pubnub_messages(info)]
        base = f"/restapi/v1.0/account/{ACCOUNT}"
        assert events == [
            f"{base}/extension/{COLLEAGUE}/telephony/sessions",
            f"{base}/telephony/sessions",
            f"{base}/extension/{ME}/telephony/sessions",
        ]


async def test_no_events_leak_across_accounts() -> None:
    async with running_hub() as server:
        mine = await server.create_pubnub([ACC_TELEPHONY, ACC_PRESENCE])
        theirs = await server.create_pubnub(
            [ACC_TELEPHONY, ACC_PRESENCE], server.client(OTHER_ACCOUNT, STRANGER)
        )
        server.hub.publish_telephony(ACCOUNT, ME, telephony_body("s-1", 1))
        server.hub.publish_presence(ACCOUNT, ME, presence_body(ME))
        server.hub.publish_telephony(
            OTHER_ACCOUNT, STRANGER, telephony_body("s-9", 1, extension=STRANGER)
        )
        their_events = await server.pubnub_messages(theirs)
        assert [e["body"].get("telephonySessionId") for e in their_events] == ["s-9"]
        assert their_events[0]["ownerId"] == STRANGER
        assert len(await server.pubnub_messages(mine)) == 2


async def test_presence_filters_and_the_detail_they_deliver() -> None:
    async with running_hub() as server:
        simple = await server.create_pubnub([PRESENCE])
        detailed = await server.create_pubnub([DETAILED])
        with_sip = await server.create_pubnub([WITH_SIP])
        both = await server.create_pubnub([PRESENCE, DETAILED])
        account = await server.create_pubnub([ACC_PRESENCE])
        server.hub.publish_presence(ACCOUNT, COLLEAGUE, presence_body(COLLEAGUE))
        server.hub.publish_presence(ACCOUNT, ME, presence_body(ME))

        (plain,) = await server.pubnub_messages(simple)
        assert "activeCalls" not in plain["body"] and plain["body"]["telephonyStatus"] == "Ringing"
        assert plain["event"] == f"/restapi/v1.0/account/{ACCOUNT}/extension/{ME}/presence"
        (rich,) = await server.pubnub_messages(detailed)
        assert rich["body"]["activeCalls"] == [
            {"id": "c1", "telephonySessionId": "s-1", "partyId": "p-1"}
        ]
        assert rich["event"].endswith("/presence?detailedTelephonyState=true")
        (sip,) = await server.pubnub_messages(with_sip)
        assert sip["body"]["activeCalls"][0]["sipData"] == {"callId": "x"}
        (only_one,) = await server.pubnub_messages(both)  # the detailed filter wins, once
        assert "activeCalls" in only_one["body"]
        everyone = await server.pubnub_messages(account)
        assert [e["body"]["extensionId"] for e in everyone] == [COLLEAGUE, ME]
        assert {e["event"] for e in everyone} == {
            f"/restapi/v1.0/account/{ACCOUNT}/presence?detailedTelephonyState=true"
        }


async def test_telephony_query_filters_select_parties() -> None:
    async with running_hub() as server:
        outbound = await server.create_pubnub([EXT_TELEPHONY + "?direction=Outbound"])
        answered = await server.create_pubnub([EXT_TELEPHONY + "?statusCode=Answered"])
        server.hub.publish_telephony(ACCOUNT, ME, telephony_body("s-1", 1, "Proceeding"))
        server.hub.publish_telephony(ACCOUNT, ME, telephony_body("s-1", 2, "Answered"))
        assert await server.pubnub_messages(outbound) == []
        assert [e["body"]["sequence"] for e in await server.pubnub_messages(answered)] == [2]


async def test_each_subscription_gets_its_own_envelope_and_the_handoff_hook_sees_it() -> None:
    async with running_hub() as server:
        first = await server.create_pubnub([EXT_TELEPHONY])
        second = await server.create_pubnub([ACC_TELEPHONY])
        handed: list[tuple[dict, float]] = []
        server.hub.on_handoff = lambda envelope, at: handed.append((envelope, at))
        server.hub.publish_telephony(ACCOUNT, ME, telephony_body("s-1", 1))
        (a,) = await server.pubnub_messages(first)
        (b,) = await server.pubnub_messages(second)
        assert (a["subscriptionId"], b["subscriptionId"]) == (first["id"], second["id"])
        assert a["uuid"] != b["uuid"] and a["body"] == b["body"]
        assert [envelope["uuid"] for envelope, _ in handed] == [a["uuid"], b["uuid"]]
        assert all(at > 0 for _, at in handed)


async def test_deleted_subscription_receives_nothing() -> None:
    async with running_hub() as server:
        client = server.client()
        info = await server.create_pubnub([EXT_TELEPHONY], client)
        await client.delete(f"/restapi/v1.0/subscription/{info['id']}")
        server.hub.publish_telephony(ACCOUNT, ME, telephony_body("s-1", 1))
        assert await server.pubnub_messages(info) == []
