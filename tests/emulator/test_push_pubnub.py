"""The real pubnub SDK receives the emulator's encrypted notifications, in order, without loss."""

from __future__ import annotations

import httpx
from pubnub.enums import PNStatusCategory

from tests.emulator.helpers import wait_for
from tests.emulator.push_harness import ACCOUNT, ME, publish_calls, running_hub
from tests.emulator.push_pubnub_sdk import pubnub_subscriber

TELEPHONY = "/restapi/v1.0/account/~/extension/~/telephony/sessions"


def sequences(received) -> list[int]:  # type: ignore[no-untyped-def]
    return [envelope["body"]["sequence"] for envelope in received.envelopes]


async def test_sdk_receives_decryptable_envelopes_in_order() -> None:
    async with running_hub(hold=5) as server:
        info = await server.create_pubnub([TELEPHONY])
        async with pubnub_subscriber(server.port, [info]) as received:
            publish_calls(server.hub, 1, 20)
            await wait_for(lambda: len(received.envelopes) >= 20)
            assert sequences(received) == list(range(1, 21))
            first = received.envelopes[0]
            assert first["subscriptionId"] == info["id"] and first["ownerId"] == ME
            assert (
                first["event"]
                == f"/restapi/v1.0/account/{ACCOUNT}/extension/{ME}/telephony/sessions"
            )
            assert first["body"]["parties"][0]["from"]["name"] == "Ada Lovelace"
            assert len(str(received.timetokens[0])) == 17
            assert received.timetokens == sorted(set(received.timetokens))


async def test_resume_after_drop_push_loses_nothing() -> None:
    async with running_hub(hold=5) as server:
        info = await server.create_pubnub([TELEPHONY])
        async with pubnub_subscriber(server.port, [info]) as received:
            publish_calls(server.hub, 1, 3)
            await wait_for(lambda: len(received.envelopes) == 3)
            await wait_for(lambda: bool(server.hub.pubnub._polls))  # the SDK is holding a poll
            held = set(server.hub.pubnub._polls)
            server.hub.drop_push()
            publish_calls(server.hub, 4, 5)  # while the SDK is reconnecting
            await wait_for(lambda: len(received.envelopes) >= 8, timeout=10)
            publish_calls(server.hub, 9, 2)
            await wait_for(lambda: len(received.envelopes) >= 10)
            assert sequences(received) == list(range(1, 11))
            assert held and all(poll.dropped for poll in held)  # the poll really was cut


async def test_expired_subscription_stops_delivering_and_cannot_be_renewed() -> None:
    async with running_hub(hold=5) as server:
        client = server.client()
        short = (
            await client.post(
                "/restapi/v1.0/subscription",
                json={
                    "eventFilters": [TELEPHONY],
                    "deliveryMode": {"transportType": "PubNub"},
                    "expiresIn": 60,
                },
            )
        ).json()
        lasting = await server.create_pubnub([TELEPHONY], client)
        async with pubnub_subscriber(server.port, [short, lasting]) as received:
            publish_calls(server.hub, 1, 1)
            await wait_for(lambda: len(received.envelopes) == 2)
            assert set(received.channels) == {
                short["deliveryMode"]["address"],
                lasting["deliveryMode"]["address"],
            }

            server.clock.advance(61)
            publish_calls(server.hub, 2, 1)
            await wait_for(lambda: len(received.envelopes) == 3)
            # Fan-out order puts the expired subscription first: had it been delivered, it
            # would have arrived before (or with) this one.
            assert received.channels[-1] == lasting["deliveryMode"]["address"]
            assert sequences(received)[-1] == 2 and len(received.envelopes) == 3
        renew = await client.post(f"/restapi/v1.0/subscription/{short['id']}/renew")
        assert renew.status_code == 404 and renew.json()["errors"][0]["errorCode"] == "SUB-507"


async def test_wire_protocol_handshake_hold_time_and_presence_answers() -> None:
    async with running_hub(hold=0.2) as server:
        info = await server.create_pubnub([TELEPHONY])
        mode = info["deliveryMode"]
        async with httpx.AsyncClient(base_url=server.url, timeout=5) as raw:
            path = f"/v2/subscribe/{mode['subscriberKey']}/{mode['address']}/0"
            handshake = (await raw.get(path, params={"tt": "0", "ee": "1", "uuid": "u"})).json()
            tt = handshake["t"]["t"]
            assert handshake["m"] == [] and len(tt) == 17
            idle = (await raw.get(path, params={"tt": tt, "tr": handshake["t"]["r"]})).json()
            assert idle == {"t": {"t": tt, "r": handshake["t"]["r"]}, "m": []}  # hold expired
            publish_calls(server.hub, 1, 150)
            batch = (await raw.get(path, params={"tt": tt})).json()
            assert len(batch["m"]) == 100 and batch["t"]["t"] == batch["m"][-1]["p"]["t"]
            rest = (await raw.get(path, params={"tt": batch["t"]["t"]})).json()
            assert len(rest["m"]) == 50
            message = rest["m"][0]
            assert message["c"] == mode["address"] and message["k"] == mode["subscriberKey"]
            assert int(message["p"]["t"]) > int(batch["t"]["t"])
            wrong_key = await raw.get(
                f"/v2/subscribe/sub-c-wrong/{mode['address']}/0", params={"tt": "0"}
            )
            assert wrong_key.status_code == 403 and wrong_key.json()["message"] == "Forbidden"
            time = (await raw.get("/time/0")).json()
            assert int(time[0]) >= int(rest["t"]["t"])
            presence = f"/v2/presence/sub-key/{mode['subscriberKey']}/channel/{mode['address']}"
            assert (await raw.get(presence + "/heartbeat")).json()["status"] == 200
            assert (await raw.get(presence + "/leave")).json()["action"] == "leave"
            server.hub.push_outage(10)
            assert (await raw.get(path, params={"tt": "0"})).status_code == 503


async def test_sdk_rides_out_a_push_outage_and_resumes_without_loss() -> None:
    async with running_hub(hold=5) as server:
        info = await server.create_pubnub([TELEPHONY])
        async with pubnub_subscriber(server.port, [info]) as received:
            publish_calls(server.hub, 1, 2)
            await wait_for(lambda: len(received.envelopes) == 2)
            server.hub.push_outage(3600)
            publish_calls(server.hub, 3, 3)
            # Retries are refused (503) and the SDK reports it lost the connection.
            await wait_for(
                lambda: PNStatusCategory.PNUnexpectedDisconnectCategory in received.statuses,
                timeout=10,
            )
            assert len(received.envelopes) == 2
            server.clock.advance(3601)
            await wait_for(lambda: len(received.envelopes) == 5, timeout=10)
            assert sequences(received) == [1, 2, 3, 4, 5]
