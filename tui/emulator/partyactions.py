"""What each Call Control party action does to the call, with RingCentral's state rules.

Wrong-state codes are emulator conventions (RingCentral does not publish TAS codes):
- 409 TAS-110 "Incorrect State: party state [X] does not allow the operation": the party's
  status forbids it (RingCentral's web client looks for "Incorrect State" in 409s);
- 409 TAS-111 "Recording is already active": start while a recording runs;
- 409 TAS-112 "All park locations are busy": `*801`..`*899` all taken;
- 403 TAS-106 "Operation is not allowed": supervise, bring-in and delete on unsupported calls
  (the code RingCentral was seen to return for bring-in).
"""

from __future__ import annotations

import secrets

from tui.emulator import callbodies as bodies
from tui.emulator.callmodel import CONNECTED, RINGING, CallSession, Party, Recording
from tui.emulator.calls import CallCenter, CallError, wrong_state
from tui.emulator.devices import DeviceBook
from tui.emulator.directory import FLIP_TARGETS, USER

PARK_IDS = tuple(f"*{n}" for n in range(801, 900))
REPLY_PATTERNS = (
    "WillCallYouBack", "CallMeBack", "OnMyWay", "OnTheOtherLine", "WillCallYouBackLater",
    "CallMeBackLater", "InAMeeting", "OnTheOtherLineNoCall",
)  # fmt: skip
HOLD_PROTOCOLS = ("Auto", "RC", "BroadWorks", "DisconnectHolder", "BroadWorksOrDisconnectHolder")


def not_allowed() -> CallError:
    """403 TAS-106, the one TAS code seen in public material."""
    return CallError(403, "TAS-106", "Operation is not allowed")


def require(party: Party, *states: str) -> None:
    """409 unless `party` is in one of `states`."""
    if party.status not in states:
        raise wrong_state(party)


def require_ringing_inbound(party: Party) -> None:
    """409 unless `party` is an inbound party still ringing."""
    if party.direction != "Inbound" or party.status not in RINGING:
        raise wrong_state(party)


class PartyActions:
    """The user's actions on their own parties, applied through a `CallCenter`."""

    def __init__(self, center: CallCenter, devices: DeviceBook | None = None) -> None:
        self.center = center
        self.devices = devices or DeviceBook()

    def _to_voicemail(self, session: CallSession, party: Party, reason: str | None) -> None:
        """The caller reaches voicemail, leaves a message, and the call ends."""
        self._leaves_me(session, party, "VoiceMail", reason)

    def _leaves_me(
        self, session: CallSession, party: Party, status: str, reason: str | None
    ) -> None:
        """My party drops out (or to voicemail); the rest of the call ends a little later."""
        self.center.set_status(session, party, status, reason)
        self.center.later(self.center.voicemail_seconds, lambda: self.center.end_session(session))

    def answer(self, session: CallSession, party: Party, body: object) -> Party:
        """POST answer {deviceId}: a ringing party is answered on that device."""
        device = self.devices.calling_device(bodies.device_id(bodies.require_object(body)))
        require(party, *RINGING)
        for other in self.center.far_parties(session, party):
            if other.status in RINGING and other.direction == "Outbound":
                self.center.set_status(session, other, "Answered")
        party.to = {**party.to, "deviceId": device.id}
        self.center.set_status(session, party, "Answered")
        session.started_at = self.center.clock.now()
        return party

    def forward(self, session: CallSession, party: Party, body: object) -> Party:
        """POST forward: a ringing call goes to voicemail, a number or an extension."""
        data = bodies.require_object(body)
        name, value = bodies.one_target(
            data, ("phoneNumber", "voicemail", "extensionNumber", "extensionId")
        )
        self._check_target(name, value)
        require_ringing_inbound(party)
        if name == "voicemail":
            self._to_voicemail(session, party, None)
        else:
            self._leaves_me(session, party, "Disconnected", "CallRedirected")
        return party

    def _check_target(self, name: str, value: str) -> None:
        if name == "phoneNumber":
            bodies.phone_number(value, allow_extension=True)
        elif name in ("voicemail", "extensionId"):
            bodies.known_extension_id(value, name)
        elif name == "extensionNumber":
            bodies.known_extension_number(value)

    def reject(self, session: CallSession, party: Party) -> None:
        """POST reject: stop ringing here; a lone user's caller then reaches voicemail."""
        require_ringing_inbound(party)
        self._to_voicemail(session, party, "Rejected")

    def ignore(self, session: CallSession, party: Party, body: object) -> None:
        """POST ignore {deviceId}: a queue agent lets a queue call pass to the next agent."""
        bodies.device_id(bodies.require_object(body))
        require_ringing_inbound(party)
        if not party.queue_call:
            raise CallError(409, "TAS-110", "Incorrect State: only call queue calls can be ignored")
        self.center.set_status(session, party, "Disconnected", "AgentDropped")

    def reply(self, session: CallSession, party: Party, body: object) -> Party:
        """POST reply: send a text or a pattern message to a ringing caller, then end."""
        data = bodies.require_object(body)
        has_text, has_pattern = "replyWithText" in data, "replyWithPattern" in data
        if has_text == has_pattern:
            raise bodies.bad(
                "replyWithText",
                "Exactly one of [replyWithText, replyWithPattern] must be specified",
            )
        if has_text:
            bodies.string_field(data, "replyWithText")
        else:
            pattern = bodies.require_object(data["replyWithPattern"])
            if pattern.get("pattern") not in REPLY_PATTERNS:
                raise bodies.bad("pattern")
            if "time" in pattern and not isinstance(pattern["time"], int):
                raise bodies.bad("time")
            if pattern.get("timeUnit", "Minute") not in ("Minute", "Hour", "Day"):
                raise bodies.bad("timeUnit")
        require_ringing_inbound(party)
        self.center.set_status(session, party, party.status, "CallReplied")
        self.center.later(
            self.center.voicemail_seconds,
            lambda: self.center.end_session(session, mine_reason="CallReplied"),
        )
        return party

    def hold(self, session: CallSession, party: Party, body: object) -> Party:
        """POST hold: an answered party goes on hold (stand-alone, hold music to peers)."""
        data = bodies.require_object(body, optional=True)
        if data.get("proto", "Auto") not in HOLD_PROTOCOLS:
            raise bodies.bad("proto")
        require(party, "Answered")
        party.stand_alone = True
        self.center.set_status(session, party, "Hold")
        return party

    def unhold(self, session: CallSession, party: Party) -> Party:
        """POST unhold: back to Answered."""
        require(party, "Hold")
        party.stand_alone = False
        self.center.set_status(session, party, "Answered")
        return party

    def update(self, session: CallSession, party: Party, body: object) -> Party:
        """PATCH party: `{muted}` (docs) or `{party: {muted, standAlone}}` (spec)."""
        data = bodies.require_object(body)
        if "party" in data:
            data = bodies.require_object(data["party"])
        muted = bodies.bool_field(data, "muted", required=False)
        stand_alone = bodies.bool_field(data, "standAlone", required=False)
        if muted is None and stand_alone is None:
            raise bodies.bad("muted", "Parameter [muted] is required")
        require(party, *CONNECTED)
        if muted is not None:
            party.muted = muted
        if stand_alone is not None:
            party.stand_alone = stand_alone
        self.center.changed(session, party)
        return party

    def transfer(self, session: CallSession, party: Party, body: object) -> Party:
        """POST transfer: a connected call leaves the user for a number, extension or park."""
        data = bodies.require_object(body)
        name, value = bodies.one_target(
            data, ("phoneNumber", "voicemail", "extensionNumber", "parkOrbit", "extensionId")
        )
        if name != "parkOrbit":
            self._check_target(name, value)
        require(party, *CONNECTED)
        reason = "CallPark" if name == "parkOrbit" else "BlindTransfer"
        self._leaves_me(session, party, "Disconnected", reason)
        return party

    def park(self, session: CallSession, party: Party) -> Party:
        """POST park: the user's own inbound, answered call parks at `*801`..`*899`."""
        if party.direction != "Inbound":
            raise wrong_state(party)
        require(party, *CONNECTED)
        taken = {
            p.park_id
            for s in self.center.live_sessions()
            for p in s.parties
            if p.status == "Parked"
        }
        free = next((pid for pid in PARK_IDS if pid not in taken), None)
        if free is None:
            raise CallError(409, "TAS-112", "All park locations are busy")
        party.park_id = free
        self.center.set_status(session, party, "Parked", "CallPark")
        return party

    def pickup(self, session: CallSession, party: Party, body: object) -> Party:
        """POST pickup {deviceId}: a parked call is picked up on the user's device."""
        self.devices.calling_device(bodies.device_id(bodies.require_object(body)))
        require(party, "Parked")
        party.park_id = None
        self.center.set_status(session, party, "Answered", "Pickup")
        return party

    def flip(self, session: CallSession, party: Party, body: object) -> None:
        """POST flip {callFlipId}: the call moves to a flip target; my old leg ends."""
        flip_id = bodies.string_field(bodies.require_object(body), "callFlipId")
        target = next(
            (t for t in FLIP_TARGETS if flip_id in (t.flip_number, f"*{t.flip_number}")), None
        )
        if target is None:
            raise bodies.bad(
                "callFlipId", "Parameter [callFlipId] does not match a call flip number"
            )
        require(party, "Answered")
        far = next((p for p in self.center.far_parties(session, party)), None)
        leg = Party(
            session.next_party_id(),
            "Inbound",
            dict(far.from_ if far and party.direction == "Inbound" else party.to),
            {"phoneNumber": target.phone_number, "name": USER.name, "extensionId": USER.id},
            party.account_id,
            USER.id,
        )
        session.parties.append(leg)
        self.center.set_status(session, party, "Disconnected", "CallFlip")
        session.user_party_id = leg.id
        self.center.set_status(session, leg, "Proceeding")
        # The user picks up on the flip target: the call continues there.
        self.center.set_status(session, leg, "Answered")

    def bridge(self, session: CallSession, party: Party, body: object) -> Party:
        """POST bridge: join my parties of two calls and drop out (warm transfer)."""
        data = bodies.require_object(body)
        other_session_id = bodies.string_field(data, "telephonySessionId")
        other_party_id = bodies.string_field(data, "partyId")
        other_session = self.center.find(other_session_id)
        other = self.center.find_party(other_session, other_party_id)
        if other.extension_id != party.extension_id or other_session is session:
            raise bodies.bad("partyId", "Both parties must belong to the caller in two sessions")
        require(party, *CONNECTED)
        require(other, *CONNECTED)
        party.peer = {
            "telephonySessionId": other_session.id,
            "partyId": other.id,
            "sessionId": other_session.session_id,
        }
        other.peer = {
            "telephonySessionId": session.id,
            "partyId": party.id,
            "sessionId": session.session_id,
        }
        # I drop out of both calls; the path call's other people join the body's call (the
        # held caller meets the colleague there) and the path call ends (warm-transfer guide).
        self.center.set_status(session, party, "Gone", "AttendedTransfer")
        self.center.set_status(other_session, other, "Gone", "AttendedTransfer")
        for moving in self.center.far_parties(session, party):
            joined = Party(
                other_session.next_party_id(),
                moving.direction,
                dict(moving.from_),
                dict(moving.to),
                moving.account_id,
                moving.extension_id,
            )
            other_session.parties.append(joined)
            self.center.set_status(other_session, joined, "Answered")
        self.center.end_session(session)
        return party

    def start_recording(self, session: CallSession, party: Party) -> Recording:
        """POST recordings: start recording an answered call."""
        require(party, "Answered")
        if any(r.active for r in party.recordings):
            raise CallError(409, "TAS-111", "Recording is already active")
        recording = Recording(str(secrets.randbelow(9 * 10**10) + 10**10))
        party.recordings.append(recording)
        self.center.changed(session, party)
        return recording

    def update_recording(
        self, session: CallSession, party: Party, recording_id: str, body: object
    ) -> Recording:
        """PATCH recordings/{id} {active}: pause (false) or resume (true)."""
        active = bodies.bool_field(bodies.require_object(body), "active")
        recording = next((r for r in party.recordings if r.id == recording_id), None)
        if recording is None:
            raise CallError(
                404, "CMN-102", "Resource for parameter [recordingId] is not found", "recordingId"
            )
        require(party, *CONNECTED)
        recording.active = bool(active)
        self.center.changed(session, party)
        return recording

    def drop_session(self, session: CallSession) -> None:
        """DELETE session: every party leaves."""
        self.center.end_session(session)

    def delete_party(self, session: CallSession, party: Party) -> None:
        """DELETE party: only a parked (or supervised) party may be removed."""
        if party.status != "Parked":
            raise not_allowed()
        self.center.set_status(session, party, "Disconnected")
        if not any(p.extension_id for p in session.parties if not p.ended):
            self.center.end_session(session)
