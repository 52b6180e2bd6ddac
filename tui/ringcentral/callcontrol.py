"""Call Control: one async method per party action, each one request shaped by the spec.

Paths are under `/restapi/v1.0/account/~/telephony/sessions/{sid}/parties/{pid}`
(ringcentral-api.md §1e, call-behaviour.md §3). Phone numbers a person typed are turned
into E.164 first, so an invalid one is refused before anything is sent. Every POST here
is sent once: the client never repeats a call-control action on its own.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.devices import choose_device, list_devices
from tui.ringcentral.errors import NotFound
from tui.ringcentral.phone import home_country_of, parse_phone_number

TELEPHONY_ROOT = "/restapi/v1.0/account/~/telephony"
TELEPHONY = f"{TELEPHONY_ROOT}/sessions"
EXTENSION = "/restapi/v1.0/account/~/extension/~"
REPLY_PATTERNS = frozenset(
    {
        "WillCallYouBack",
        "CallMeBack",
        "OnMyWay",
        "OnTheOtherLine",
        "WillCallYouBackLater",
        "CallMeBackLater",
        "InAMeeting",
        "OnTheOtherLineNoCall",
    }
)
TIME_UNITS = frozenset({"Minute", "Hour", "Day"})


def _one_target(action: str, targets: dict[str, Any]) -> dict[str, Any]:
    """The body of a forward/transfer: exactly one target, as the spec demands."""
    chosen = {key: value for key, value in targets.items() if value not in (None, "")}
    if len(chosen) != 1:
        names = ", ".join(targets)
        raise ValueError(f"{action} needs exactly one target out of: {names}")
    return chosen


class CallControl:
    """Call-control actions of the signed-in user, over one RingCentralClient."""

    def __init__(
        self,
        client: RingCentralClient,
        *,
        voicemail_target: str | None = None,
        home_country: str = "US",
    ) -> None:
        self.client = client
        self._voicemail_target = voicemail_target
        self.home_country = home_country
        self._device_id: str | None = None

    @classmethod
    async def for_account(
        cls, client: RingCentralClient, *, voicemail_target: str | None = None
    ) -> CallControl:
        """A CallControl whose home country comes from the extension's regional settings."""
        info = await client.extension_info()
        return cls(client, voicemail_target=voicemail_target, home_country=home_country_of(info))

    @property
    def voicemail_target(self) -> str | None:
        """Whose voicemail "send to voicemail" uses: configured, else the user's own extension."""
        return self._voicemail_target or self.client.extension_id

    def e164(self, typed: str) -> str:
        """`typed` in E.164 using the home country; InvalidNumber (nothing sent) if it is not."""
        return parse_phone_number(typed, self.home_country)

    def _target_body(
        self, action: str, phone_number: str | None, voicemail: str | bool | None, **others: Any
    ) -> dict[str, Any]:
        """A forward/transfer body: one target, numbers in E.164, `voicemail=True` = default box."""
        if voicemail is True:
            voicemail = self.voicemail_target
        phone = self.e164(phone_number) if phone_number else None
        return _one_target(action, {"phoneNumber": phone, "voicemail": voicemail or None} | others)

    @staticmethod
    def _party(sid: str, pid: str, tail: str = "") -> str:
        return f"{TELEPHONY}/{quote(sid, safe='')}/parties/{quote(pid, safe='')}{tail}"

    # ----- ringing calls ----------------------------------------------------------------

    async def forward(
        self,
        sid: str,
        pid: str,
        *,
        phone_number: str | None = None,
        voicemail: str | bool | None = None,
        extension_number: str | None = None,
    ) -> dict[str, Any] | None:
        """Forward a ringing call to a number, a voicemail box (True: the default target)
        or an extension number."""
        body = self._target_body(
            "forward", phone_number, voicemail, extensionNumber=extension_number
        )
        action = "voicemail" if "voicemail" in body else "forward"
        return await self.client.post_json(self._party(sid, pid, "/forward"), body, action=action)

    async def forward_to_voicemail(self, sid: str, pid: str) -> dict[str, Any] | None:
        """Send a ringing call to voicemail (`forward {voicemail: <target extension id>}`)."""
        return await self.forward(sid, pid, voicemail=True)

    async def answer(self, sid: str, pid: str, *, device_id: str | None = None) -> dict[str, Any]:
        """Answer a ringing call on a phone (default: the chosen one); returns the party."""
        device = device_id or await self.default_device_id()
        party = await self.client.post_json(
            self._party(sid, pid, "/answer"), {"deviceId": device}, action="answer"
        )
        return party or {}

    async def reject(self, sid: str, pid: str) -> None:
        """Stop the call ringing on the user's devices (204)."""
        await self.client.post_json(self._party(sid, pid, "/reject"), action="reject")

    async def ignore(self, sid: str, pid: str, *, device_id: str | None = None) -> None:
        """Ignore a call-queue call on a device (default: the user's first online phone)."""
        device = device_id or await self.default_device_id()
        await self.client.post_json(
            self._party(sid, pid, "/ignore"), {"deviceId": device}, action="ignore"
        )

    async def reply(
        self,
        sid: str,
        pid: str,
        *,
        text: str | None = None,
        pattern: str | None = None,
        time: int | None = None,
        time_unit: str | None = None,
    ) -> dict[str, Any] | None:
        """Answer a ringing call with a text message or a predefined pattern."""
        if (text is None) == (pattern is None):
            raise ValueError("reply needs exactly one of text or pattern")
        if text is not None:
            body: dict[str, Any] = {"replyWithText": text}
        else:
            if pattern not in REPLY_PATTERNS:
                raise ValueError(f"unknown reply pattern {pattern!r}")
            reply: dict[str, Any] = {"pattern": pattern}
            if time is not None:
                reply["time"] = int(time)
            if time_unit is not None:
                if time_unit not in TIME_UNITS:
                    raise ValueError(f"unknown time unit {time_unit!r}")
                reply["timeUnit"] = time_unit
            body = {"replyWithPattern": reply}
        return await self.client.post_json(self._party(sid, pid, "/reply"), body, action="reply")

    # ----- answered calls ---------------------------------------------------------------

    async def hold(self, sid: str, pid: str) -> dict[str, Any] | None:
        """Put the call on hold."""
        return await self.client.post_json(self._party(sid, pid, "/hold"), action="hold")

    async def unhold(self, sid: str, pid: str) -> dict[str, Any] | None:
        """Take the call off hold."""
        return await self.client.post_json(self._party(sid, pid, "/unhold"), action="unhold")

    async def mute(self, sid: str, pid: str) -> dict[str, Any] | None:
        """Mute the user (PATCH with the flat `{"muted": true}` body RingCentral's SDK sends)."""
        return await self.client.patch_json(self._party(sid, pid), {"muted": True}, action="mute")

    async def unmute(self, sid: str, pid: str) -> dict[str, Any] | None:
        """Unmute the user."""
        return await self.client.patch_json(
            self._party(sid, pid), {"muted": False}, action="unmute"
        )

    async def transfer(
        self,
        sid: str,
        pid: str,
        *,
        phone_number: str | None = None,
        extension_number: str | None = None,
        voicemail: str | bool | None = None,
        park_orbit: str | None = None,
    ) -> dict[str, Any] | None:
        """Blind-transfer an answered or held call to exactly one target."""
        body = self._target_body(
            "transfer",
            phone_number,
            voicemail,
            extensionNumber=extension_number,
            parkOrbit=park_orbit,
        )
        return await self.client.post_json(
            self._party(sid, pid, "/transfer"), body, action="transfer"
        )

    async def park(self, sid: str, pid: str) -> str | None:
        """Park the call; returns the park location (e.g. `*801`) to pick it up from."""
        party = await self.client.post_json(self._party(sid, pid, "/park"), action="park")
        park = (party or {}).get("park") or {}
        return park.get("id")

    async def pickup(self, sid: str, pid: str, *, device_id: str | None = None) -> dict[str, Any]:
        """Pick a parked call up on a phone (default: the chosen one); returns the party."""
        device = device_id or await self.default_device_id()
        party = await self.client.post_json(
            self._party(sid, pid, "/pickup"), {"deviceId": device}, action="pickup"
        )
        return party or {}

    async def bridge(self, sid: str, pid: str, *, other_sid: str, other_pid: str) -> None:
        """Join my party of one call to my party of another and drop out (warm transfer)."""
        body = {"telephonySessionId": other_sid, "partyId": other_pid}
        await self.client.post_json(self._party(sid, pid, "/bridge"), body, action="bridge")

    async def call_out(
        self,
        *,
        device_id: str,
        phone_number: str | None = None,
        extension_number: str | None = None,
    ) -> dict[str, Any]:
        """Call a number (E.164) or an extension from a phone; returns the new session."""
        target = _one_target(
            "call", {"phoneNumber": phone_number, "extensionNumber": extension_number}
        )
        body = {"from": {"deviceId": device_id}, "to": target}
        created = await self.client.post_json(f"{TELEPHONY_ROOT}/call-out", body, action="call_out")
        return dict((created or {}).get("session") or {})

    async def flip(self, sid: str, pid: str, call_flip_id: str = "*2") -> None:
        """Flip the call to another of the user's phones (a forwarding number's flipNumber)."""
        await self.client.post_json(
            self._party(sid, pid, "/flip"), {"callFlipId": str(call_flip_id)}, action="flip"
        )

    async def start_recording(self, sid: str, pid: str) -> str:
        """Start recording (POST with no body); returns the recording id."""
        body = await self.client.post_json(
            self._party(sid, pid, "/recordings"), action="start_recording"
        )
        return str((body or {}).get("id"))

    async def pause_recording(self, sid: str, pid: str, rid: str) -> dict[str, Any] | None:
        """Pause a recording (`{active: false}`)."""
        return await self._set_recording(sid, pid, rid, active=False, action="pause_recording")

    async def resume_recording(self, sid: str, pid: str, rid: str) -> dict[str, Any] | None:
        """Resume a paused recording (`{active: true}`)."""
        return await self._set_recording(sid, pid, rid, active=True, action="resume_recording")

    async def _set_recording(
        self, sid: str, pid: str, rid: str, *, active: bool, action: str
    ) -> dict[str, Any] | None:
        path = self._party(sid, pid, f"/recordings/{quote(rid, safe='')}")
        return await self.client.patch_json(path, {"active": active}, action=action)

    async def drop(self, sid: str) -> None:
        """Hang up the whole call (DELETE session). A call that already ended is fine."""
        try:
            await self.client.request("DELETE", f"{TELEPHONY}/{quote(sid, safe='')}", action="drop")
        except NotFound:
            return

    # ----- reading ----------------------------------------------------------------------

    async def get_session(self, sid: str) -> dict[str, Any]:
        """The full session snapshot (`GET …/sessions/{sid}`)."""
        response = await self.client.request(
            "GET", f"{TELEPHONY}/{quote(sid, safe='')}", action="get_session"
        )
        return response.json()

    async def get_presence(self, *, account_level: bool = False) -> dict[str, Any]:
        """Detailed presence (with sipData) of the user, or of the whole account."""
        path = "/restapi/v1.0/account/~/presence" if account_level else f"{EXTENSION}/presence"
        params = {"detailedTelephonyState": "true", "sipData": "true"}
        return await self.client.get_json(path, params)

    async def forwarding_numbers(self) -> list[dict[str, Any]]:
        """The user's forwarding numbers; those with `flipNumber` are call-flip targets."""
        body = await self.client.get_json(f"{EXTENSION}/forwarding-number", {"perPage": 100})
        return list(body.get("records") or [])

    async def search_directory(self, text: str, *, per_page: int = 20) -> list[dict[str, Any]]:
        """Company directory entries matching `text` (name, extension, number, email...)."""
        body = await self.client.post_json(
            "/restapi/v1.0/account/~/directory/entries/search",
            {"searchString": text, "page": 1, "perPage": per_page},
        )
        return list((body or {}).get("records") or [])

    async def extension_info(self) -> dict[str, Any]:
        """The signed-in extension (name, number, regional settings)."""
        return await self.client.extension_info()

    @property
    def device_id(self) -> str | None:
        """The phone chosen for answer, ignore, pickup and call-out (None: not chosen yet)."""
        return self._device_id

    @device_id.setter
    def device_id(self, value: str | None) -> None:
        self._device_id = value

    async def default_device_id(self) -> str:
        """The chosen phone, else the first Online desk phone or softphone of the user.

        Only those can answer, pick up and call out (spec L18224); DeviceProblem if none is.
        """
        if self._device_id is None:
            choice = choose_device(await list_devices(self.client))
            self._device_id = (choice.device or choice.eligible[0]).id
        return self._device_id
