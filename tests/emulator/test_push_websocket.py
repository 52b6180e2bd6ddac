"""The WebSocket gateway with the `websockets` client: the RingCentral WSG protocol."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.emulator.helpers import wait_for
from tests.emulator.push_harness import (
    ACCOUNT,
    ME,
    notifications,
    publish_calls,
    receive,
    running_hub,
    ws_connected,
    ws_request,
    ws_subscribe,
)

TELEPHONY = "/restapi/v1.0/account/~/extension/~/telephony/sessions"
PRESENCE = "/restapi/v1.0/account/~/extension/~/presence?detailedTelephonyState=true"


async def test_connection_details_come_first_and_match_ringcentrals_shape() -> None:
    async with running_hub() as server, ws_connected(await server.ws_url()) as (_, details):
        meta, body = details
        assert meta["type"] == "ConnectionDetails" and meta["status"] == 200
        assert meta["wsc"]["sequence"] == 1 and meta["wsc"]["token"]
        assert meta["headers"]["RCRequestId"]
        assert body["recoveryTimeout"] == 180 and body["recoveryBufferSize"] == 100
        assert {
            "creationTime",
            "maxConnectionsPerSession",
            "idleTimeout",
            "absoluteTimeout",
        } <= set(body)
        assert "recoveryState" not in body


async def test_ws_token_reconnects_until_it_expires() -> None:
    # RingCentral's WebSocket SDKs reconnect with their cached token (real-ringcentral.md).
    async with running_hub() as server:
        url = await server.ws_url()
        async with ws_connected(url):
            pass
        async with ws_connected(url) as (_, details):
            assert details[0]["type"] == "ConnectionDetails"
        stale = await server.ws_url()
        server.clock.advance(61)
        with pytest.raises(InvalidStatus) as expired:
            await connect(stale, open_timeout=5)
        assert expired.value.response.status_code == 401


async def test_subscribe_by_client_request_and_receive_notifications() -> None:
    async with running_hub() as server, ws_connected(await server.ws_url()) as (ws, _):
        reply = await ws_request(
            ws,
            "11618510-987d-442e-8dcf-0640b82e4ff5",
            "POST",
            "/restapi/v1.0/subscription/",
            {"eventFilters": [TELEPHONY], "deliveryMode": {"transportType": "WebSocket"}},
        )
        meta, info = reply
        assert meta["type"] == "ClientRequest" and meta["status"] == 200
        assert meta["messageId"] == "11618510-987d-442e-8dcf-0640b82e4ff5"
        assert "WSG-SubscriptionId" not in meta["headers"]
        assert (
            meta["headers"]["Content-Type"] == "application/json" and meta["headers"]["RCRequestId"]
        )
        assert info["deliveryMode"] == {"transportType": "WebSocket", "encryption": False}
        assert (
            info["expiresIn"] == 86399 and info["uri"] == f"/restapi/v1.0/subscription/{info['id']}"
        )

        publish_calls(server.hub, 1, 3)
        frames = await notifications(ws, 3)
        assert [f[1]["body"]["sequence"] for f in frames] == [1, 2, 3]
        for frame_meta, envelope in frames:
            assert frame_meta["type"] == "ServerNotification" and frame_meta["status"] == 200
            assert frame_meta["messageId"] == envelope["uuid"]
            assert envelope["subscriptionId"] == info["id"] and envelope["ownerId"] == ME
            assert (
                envelope["event"]
                == f"/restapi/v1.0/account/{ACCOUNT}/extension/{ME}/telephony/sessions"
            )
        sequences = [f[0]["wsc"]["sequence"] for f in frames]
        assert sequences == sorted(sequences) and sequences[0] > 1


async def test_second_subscription_replaces_the_first() -> None:
    async with running_hub() as server, ws_connected(await server.ws_url()) as (ws, _):
        first = await ws_subscribe(ws, [TELEPHONY])
        second = await ws_subscribe(ws, [PRESENCE])
        assert first["id"] != second["id"]
        gone = await ws_request(ws, "get-1", "GET", f"/restapi/v1.0/subscription/{first['id']}")
        assert gone[0]["status"] == 404
        publish_calls(server.hub, 1, 1)
        server.hub.publish_presence(ACCOUNT, ME, {"extensionId": ME, "telephonyStatus": "Ringing"})
        (frame,) = await notifications(ws, 1)
        assert frame[1]["subscriptionId"] == second["id"]
        assert frame[1]["body"]["telephonyStatus"] == "Ringing"


async def test_get_put_delete_of_the_subscription_over_the_socket() -> None:
    async with running_hub() as server, ws_connected(await server.ws_url()) as (ws, _):
        info = await ws_subscribe(ws, [TELEPHONY])
        path = f"/restapi/v1.0/subscription/{info['id']}"
        got = await ws_request(ws, "g", "GET", path)
        assert got[0]["status"] == 200 and got[1]["id"] == info["id"]
        put = await ws_request(ws, "p", "PUT", path, {"eventFilters": [PRESENCE]})
        assert put[0]["status"] == 200 and put[1]["eventFilters"][0].endswith(
            "presence?detailedTelephonyState=true"
        )
        deleted = await ws_request(ws, "d", "DELETE", path)
        assert deleted == [
            {
                "type": "ClientRequest",
                "messageId": "d",
                "status": 204,
                "headers": deleted[0]["headers"],
            }
        ]
        server.hub.publish_presence(ACCOUNT, ME, {"extensionId": ME})
        await ws.send(json.dumps([{"type": "Heartbeat", "messageId": "after-delete"}]))
        assert (await receive(ws))[0]["type"] == "Heartbeat"  # nothing was delivered before it


async def test_websocket_subscriptions_cannot_be_changed_over_http() -> None:
    async with running_hub() as server, ws_connected(await server.ws_url()) as (ws, _):
        info = await ws_subscribe(ws, [TELEPHONY])
        client = server.client()
        path = f"/restapi/v1.0/subscription/{info['id']}"
        assert (await client.get(path)).json()["deliveryMode"]["transportType"] == "WebSocket"
        assert (await client.put(path, json={"eventFilters": [PRESENCE]})).status_code == 400
        assert (await client.post(f"{path}/renew")).status_code == 400


async def test_unsupported_paths_and_bad_bodies_get_error_replies() -> None:
    async with running_hub() as server, ws_connected(await server.ws_url()) as (ws, _):
        other = await ws_request(ws, "x", "GET", "/restapi/v1.0/account/~/extension/~")
        assert other[0]["status"] == 404 and other[1]["errors"][0]["errorCode"] == "CMN-102"
        bad = await ws_request(
            ws,
            "y",
            "POST",
            "/restapi/v1.0/subscription",
            {"eventFilters": ["/nope"], "deliveryMode": {"transportType": "WebSocket"}},
        )
        assert bad[0]["status"] == 400 and bad[1]["errorCode"] == "SUB-508"
        pubnub = await ws_request(
            ws,
            "z",
            "POST",
            "/restapi/v1.0/subscription",
            {"eventFilters": [TELEPHONY], "deliveryMode": {"transportType": "PubNub"}},
        )
        assert pubnub[0]["status"] == 400


async def test_heartbeat_is_echoed() -> None:
    async with running_hub() as server, ws_connected(await server.ws_url()) as (ws, _):
        await ws.send(
            json.dumps([{"type": "Heartbeat", "messageId": "Z4DQwqDcQciBSI3r5bcmxQ/151"}])
        )
        assert await receive(ws) == [
            {"type": "Heartbeat", "messageId": "Z4DQwqDcQciBSI3r5bcmxQ/151"}
        ]


@pytest.mark.parametrize(
    "frame",
    [
        "not json",
        "{}",
        "[]",
        '[{"type": "ClientRequest", "messageId": "n"}, null]',
        '[{"type": "Bogus"}]',
    ],
)
async def test_malformed_frames_get_an_error_frame_and_the_connection_stays(frame: str) -> None:
    async with running_hub() as server, ws_connected(await server.ws_url()) as (ws, _):
        await ws.send(frame)
        meta, body = await receive(ws)
        assert meta["type"] == "Error" and meta["status"] == 400
        assert body["errorCode"].startswith("WSG-") and body["message"]
        info = await ws_subscribe(ws, [TELEPHONY])  # still usable
        assert info["id"]


async def test_drop_and_recover_with_wsc_replays_missed_events() -> None:
    async with running_hub() as server:
        async with ws_connected(await server.ws_url()) as (ws, details):
            info = await ws_subscribe(ws, [TELEPHONY])
            publish_calls(server.hub, 1, 2)
            frames = await notifications(ws, 2)
            last_wsc = frames[-1][0]["wsc"]["token"]
            server.hub.drop_push()
            with pytest.raises(ConnectionClosed):
                await receive(ws)
        publish_calls(server.hub, 3, 4)  # while the socket is gone
        server.clock.advance(170)  # still inside the 180 s window
        async with ws_connected(await server.ws_url(wsc=last_wsc)) as (ws, details):
            assert details[1]["recoveryState"] == "Successful"
            replayed = await notifications(ws, 4)
            assert [f[1]["body"]["sequence"] for f in replayed] == [3, 4, 5, 6]
            assert {f[1]["subscriptionId"] for f in replayed} == {info["id"]}
            publish_calls(server.hub, 7, 1)  # the subscription is alive
            (live,) = await notifications(ws, 1)
            assert live[1]["body"]["sequence"] == 7
            assert live[0]["wsc"]["sequence"] > replayed[-1][0]["wsc"]["sequence"]


async def test_recovery_replays_only_the_most_recent_hundred() -> None:
    async with running_hub() as server:
        async with ws_connected(await server.ws_url()) as (ws, details):
            await ws_subscribe(ws, [TELEPHONY])
            token = details[0]["wsc"]["token"]
            server.hub.drop_push()
        publish_calls(server.hub, 1, 130)
        async with ws_connected(await server.ws_url(wsc=token)) as (ws, details):
            assert details[1]["recoveryState"] == "Successful"
            replayed = await notifications(ws, 100)
            assert [f[1]["body"]["sequence"] for f in replayed] == list(range(31, 131))


async def test_recovery_after_the_window_fails_with_wsg_1005_and_no_subscription() -> None:
    async with running_hub() as server:
        async with ws_connected(await server.ws_url()) as (ws, details):
            info = await ws_subscribe(ws, [TELEPHONY])
            token = details[0]["wsc"]["token"]
        await wait_for(lambda: all(s.connection is None for s in server.hub.websocket.sessions()))
        server.clock.advance(181)
        publish_calls(server.hub, 1, 1)
        async with ws_connected(await server.ws_url(wsc=token)) as (ws, details):
            assert details[1]["recoveryState"] == "Failed"
            assert details[1]["recoveryErrorCode"] == "WSG-1005"
            assert details[0]["wsc"]["sequence"] == 1
            gone = await ws_request(ws, "g", "GET", f"/restapi/v1.0/subscription/{info['id']}")
            assert gone[0]["status"] == 404
            again = await ws_subscribe(ws, [TELEPHONY])  # the client subscribes again
            publish_calls(server.hub, 2, 1)
            (frame,) = await notifications(ws, 1)
            assert frame[1]["subscriptionId"] == again["id"] and frame[1]["body"]["sequence"] == 2


async def test_unknown_wsc_fails_recovery() -> None:
    async with (
        running_hub() as server,
        ws_connected(await server.ws_url(wsc="bm9wZToz")) as (_, details),
    ):
        assert details[1]["recoveryState"] == "Failed"


async def test_push_outage_refuses_connections_until_it_ends() -> None:
    async with running_hub() as server:
        async with ws_connected(await server.ws_url()) as (ws, details):
            await ws_subscribe(ws, [TELEPHONY])
            server.hub.push_outage(30)
            with pytest.raises(ConnectionClosed):
                await receive(ws)
        with pytest.raises(InvalidStatus) as refused:
            await connect(await server.ws_url(wsc=details[0]["wsc"]["token"]), open_timeout=5)
        assert refused.value.response.status_code == 503
        publish_calls(server.hub, 1, 1)
        server.clock.advance(31)
        async with ws_connected(await server.ws_url(wsc=details[0]["wsc"]["token"])) as (
            ws,
            details,
        ):
            assert details[1]["recoveryState"] == "Successful"
            (frame,) = await notifications(ws, 1)
            assert frame[1]["body"]["sequence"] == 1


async def test_close_ends_sockets_and_long_polls_and_leaves_no_tasks() -> None:
    async with running_hub(hold=30) as server:
        info = await server.create_pubnub([TELEPHONY])
        mode = info["deliveryMode"]
        raw = server.client()
        poll = asyncio.create_task(
            raw.get(
                f"/v2/subscribe/{mode['subscriberKey']}/{mode['address']}/0", params={"tt": "1"}
            )
        )
        async with ws_connected(await server.ws_url()) as (ws, _):
            await ws_subscribe(ws, [TELEPHONY])
            await wait_for(lambda: bool(server.hub.pubnub._polls))
            await server.hub.close()
            with pytest.raises(ConnectionClosed):
                await receive(ws)
        with pytest.raises(httpx.TransportError):
            await asyncio.wait_for(poll, 5)
        assert server.hub.websocket.sessions() == []
        assert server.hub.store.find(info["id"]) is None
    leftover = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert leftover == []


async def test_an_idle_connection_is_closed_with_wsg_902_and_stays_recoverable() -> None:
    async with running_hub() as server:
        server.hub.websocket.idle_timeout = 0.3
        async with ws_connected(await server.ws_url()) as (ws, details):
            meta, body = await receive(ws)
            assert meta["type"] == "Error" and body["errorCode"] == "WSG-902"
            with pytest.raises(ConnectionClosed):
                await receive(ws)
        async with ws_connected(await server.ws_url(wsc=details[0]["wsc"]["token"])) as (_, again):
            assert again[1]["recoveryState"] == "Successful"


async def test_the_clock_moves_the_idle_timeout_and_heartbeats_count_pings_do_not() -> None:
    async with running_hub() as server, ws_connected(await server.ws_url()) as (ws, _):
        server.clock.advance(1000)
        await ws.send(json.dumps([{"type": "Heartbeat", "messageId": "hb-1"}]))
        assert (await receive(ws))[0]["type"] == "Heartbeat"
        await ws.ping()  # a WebSocket ping is not traffic for the gateway
        server.clock.advance(1000)  # 2000 s after the start, 1000 s after the Heartbeat
        server.clock.advance(801)  # 1801 s after the Heartbeat: idle
        meta, body = await receive(ws)
        assert meta["type"] == "Error" and body["errorCode"] == "WSG-902"
        with pytest.raises(ConnectionClosed):
            await receive(ws)


async def test_a_busy_socket_is_cut_after_the_absolute_timeout_and_recovers() -> None:
    async with running_hub() as server:
        async with ws_connected(await server.ws_url()) as (ws, details):
            assert details[1]["absoluteTimeout"] == 86400
            for _ in range(100):  # a Heartbeat every 15 minutes keeps it from being idle
                server.clock.advance(900)
                await ws.send(json.dumps([{"type": "Heartbeat", "messageId": "hb"}]))
                frame = await receive(ws)
                if frame[0]["type"] == "Error":
                    break
            assert frame[1]["errorCode"] == "WSG-903"
            assert server.clock.offset == 86400  # the 96th quarter hour: not one earlier
        wsc = details[0]["wsc"]["token"]
        async with ws_connected(await server.ws_url(wsc=wsc)) as (_, again):
            assert again[1]["recoveryState"] == "Successful"
