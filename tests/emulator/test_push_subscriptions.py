"""Subscriptions over REST: create, read, list, update, renew, delete, limits and expiry."""

from __future__ import annotations

import uuid

from tests.emulator.push_harness import ACCOUNT, COLLEAGUE, ME, OTHER_ACCOUNT, running_hub

TELEPHONY = "/restapi/v1.0/account/~/extension/~/telephony/sessions"
PRESENCE = "/restapi/v1.0/account/~/extension/~/presence?detailedTelephonyState=true"
PUBNUB = {"transportType": "PubNub"}


def error_code(response) -> str:  # type: ignore[no-untyped-def]
    body = response.json()
    return body["errors"][0]["errorCode"]


async def test_create_returns_subscription_info_with_resolved_filters_and_pubnub_keys() -> None:
    async with running_hub() as server:
        info = await server.create_pubnub([TELEPHONY, PRESENCE])
        assert uuid.UUID(info["id"])
        assert info["uri"] == f"{server.url}/restapi/v1.0/subscription/{info['id']}"
        assert info["status"] == "Active"
        assert info["eventFilters"] == [
            f"/restapi/v1.0/account/{ACCOUNT}/extension/{ME}/telephony/sessions",
            f"/restapi/v1.0/account/{ACCOUNT}/extension/{ME}/presence?detailedTelephonyState=true",
        ]
        assert 895 <= info["expiresIn"] <= 900
        assert info["creationTime"].endswith("Z") and info["expirationTime"].endswith("Z")
        mode = info["deliveryMode"]
        assert mode["transportType"] == "PubNub" and mode["encryption"] is True
        assert mode["encryptionAlgorithm"] == "AES"
        assert mode["subscriberKey"] == server.hub.subscriber_key
        assert mode["address"] and mode["secretKey"] and len(mode["encryptionKey"]) == 24


async def test_pubnub_lifetime_is_capped_at_900_seconds_and_shorter_requests_are_kept() -> None:
    async with running_hub() as server:
        client = server.client()
        long = await client.post(
            "/restapi/v1.0/subscription",
            json={"eventFilters": [TELEPHONY], "deliveryMode": PUBNUB, "expiresIn": 5000},
        )
        short = await client.post(
            "/restapi/v1.0/subscription",
            json={"eventFilters": [TELEPHONY], "deliveryMode": PUBNUB, "expiresIn": 120},
        )
        assert long.json()["expiresIn"] <= 900
        assert 115 <= short.json()["expiresIn"] <= 120


async def test_get_list_update_renew_and_delete() -> None:
    async with running_hub() as server:
        client = server.client()
        info = await server.create_pubnub([TELEPHONY], client)
        path = f"/restapi/v1.0/subscription/{info['id']}"
        assert (await client.get(path)).json()["id"] == info["id"]
        listing = (await client.get("/restapi/v1.0/subscription")).json()
        assert listing["uri"] == f"{server.url}/restapi/v1.0/subscription"
        assert [r["id"] for r in listing["records"]] == [info["id"]]

        updated = await client.put(path, json={"eventFilters": [PRESENCE]})
        assert updated.status_code == 200
        assert updated.json()["eventFilters"] == [
            f"/restapi/v1.0/account/{ACCOUNT}/extension/{ME}/presence?detailedTelephonyState=true"
        ]
        assert updated.json()["deliveryMode"] == info["deliveryMode"]  # same channel and key

        server.clock.advance(600)
        renewed = await client.post(f"{path}/renew")
        assert renewed.status_code == 200 and renewed.json()["expiresIn"] >= 895
        server.clock.advance(600)
        assert (await client.put(path)).status_code == 200  # empty body: renew

        assert (await client.delete(path)).status_code == 204
        gone = await client.get(path)
        assert gone.status_code == 404 and error_code(gone) == "CMN-102"
        assert (await client.get("/restapi/v1.0/subscription")).json()["records"] == []


async def test_expired_subscription_answers_sub_507_and_leaves_the_list() -> None:
    async with running_hub(ttl=60) as server:
        client = server.client()
        info = await server.create_pubnub([TELEPHONY], client)
        assert 55 <= info["expiresIn"] <= 60
        server.clock.advance(61)
        path = f"/restapi/v1.0/subscription/{info['id']}"
        for response in (
            await client.post(f"{path}/renew"),
            await client.get(path),
            await client.put(path, json={"eventFilters": [TELEPHONY]}),
        ):
            assert response.status_code == 404 and error_code(response) == "SUB-507"
        assert (await client.get("/restapi/v1.0/subscription")).json()["records"] == []


async def test_set_subscription_ttl_applies_to_new_and_renewed_subscriptions() -> None:
    async with running_hub() as server:
        client = server.client()
        before = await server.create_pubnub([TELEPHONY], client)
        server.hub.set_subscription_ttl(30)
        after = await server.create_pubnub([TELEPHONY], client)
        assert 25 <= after["expiresIn"] <= 30
        renewed = await client.post(f"/restapi/v1.0/subscription/{before['id']}/renew")
        assert 25 <= renewed.json()["expiresIn"] <= 30


async def test_invalid_filters_are_refused_with_sub_508() -> None:
    async with running_hub() as server:
        client = server.client()
        for filters in (
            ["/restapi/v1.0/account/~/extension/~/no-such-thing"],
            [f"/restapi/v1.0/account/{OTHER_ACCOUNT}/telephony/sessions"],
            ["/restapi/v1.0/account/~/extension/~/presence?sipData=true"],
            ["/restapi/v1.0/account/~/telephony/sessions?direction=Sideways"],
            [],
        ):
            response = await client.post(
                "/restapi/v1.0/subscription", json={"eventFilters": filters, "deliveryMode": PUBNUB}
            )
            assert response.status_code == 400, filters
            assert error_code(response) == "SUB-508"


async def test_filters_real_clients_send_but_the_emulator_never_fires_are_accepted() -> None:
    async with running_hub() as server:
        info = await server.create_pubnub(
            [
                "https://platform.ringcentral.com/restapi/v1.0/account/~/extension/~/message-store",
                "/restapi/v1.0/account/~/extension/~/message-store/instant?type=SMS",
                f"/restapi/v1.0/account/~/extension/{COLLEAGUE}/presence",
            ]
        )
        assert (
            info["eventFilters"][0]
            == f"/restapi/v1.0/account/{ACCOUNT}/extension/{ME}/message-store"
        )
        assert (
            info["eventFilters"][2]
            == f"/restapi/v1.0/account/{ACCOUNT}/extension/{COLLEAGUE}/presence"
        )


async def test_malformed_bodies_are_400() -> None:
    async with running_hub() as server:
        client = server.client()
        bad_json = await client.post(
            "/restapi/v1.0/subscription",
            content=b"{nope",
            headers={"Content-Type": "application/json"},
        )
        assert bad_json.status_code == 400 and error_code(bad_json) == "CMN-103"
        no_mode = await client.post(
            "/restapi/v1.0/subscription", json={"eventFilters": [TELEPHONY]}
        )
        assert no_mode.status_code == 400
        assert no_mode.json()["errors"][0]["parameterName"] == "deliveryMode.transportType"
        bad_ttl = await client.post(
            "/restapi/v1.0/subscription",
            json={"eventFilters": [TELEPHONY], "deliveryMode": PUBNUB, "expiresIn": 0},
        )
        assert (
            bad_ttl.status_code == 400
            and bad_ttl.json()["errors"][0]["parameterName"] == "expiresIn"
        )
        websocket_over_http = await client.post(
            "/restapi/v1.0/subscription",
            json={"eventFilters": [TELEPHONY], "deliveryMode": {"transportType": "WebSocket"}},
        )
        assert websocket_over_http.status_code == 400


async def test_thirty_subscriptions_per_extension_and_app_then_sub_505() -> None:
    async with running_hub() as server:
        client = server.client()
        for _ in range(30):
            await server.create_pubnub([TELEPHONY], client)
        refused = await client.post(
            "/restapi/v1.0/subscription", json={"eventFilters": [TELEPHONY], "deliveryMode": PUBNUB}
        )
        assert refused.status_code == 403 and error_code(refused) == "SUB-505"
        # Another app of the same user has its own allowance.
        await server.create_pubnub([TELEPHONY], server.client(app="other-app"))
        listing = (await client.get("/restapi/v1.0/subscription")).json()
        assert len(listing["records"]) == 30


async def test_only_the_owner_sees_a_subscription() -> None:
    async with running_hub() as server:
        info = await server.create_pubnub([TELEPHONY])
        path = f"/restapi/v1.0/subscription/{info['id']}"
        for stranger in (
            server.client(extension=COLLEAGUE),
            server.client(OTHER_ACCOUNT, "900101"),
        ):
            assert (await stranger.get(path)).status_code == 404
            assert (await stranger.delete(path)).status_code == 404
            assert (await stranger.get("/restapi/v1.0/subscription")).json()["records"] == []
        assert (await server.client().get(path)).status_code == 200


async def test_pubnub_refused_with_a_clear_400_when_not_allowed() -> None:
    async with running_hub(allow_pubnub=False) as server:
        response = await server.client().post(
            "/restapi/v1.0/subscription", json={"eventFilters": [TELEPHONY], "deliveryMode": PUBNUB}
        )
        assert response.status_code == 400
        error = response.json()["errors"][0]
        assert error["errorCode"] == "CMN-101"
        assert error["parameterName"] == "deliveryMode.transportType"
        assert "PubNub" in error["message"] and "not supported" in error["message"]
