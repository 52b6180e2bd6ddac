"""Typed values of the call model: what a call is, as the UI and the CLI see it.

Everything here is immutable (frozen, slotted dataclasses) so a `Call` can be handed to
the UI thread, compared for change detection and kept in history without copying.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tui.calls.quick_init import quick_init
from tui.calls.states import Action, CallState, RecordingState, allowed_actions


@quick_init
@dataclass(frozen=True, slots=True)
class Endpoint:
    """One end of a party (`from` or `to`): number, display name, owning extension."""

    phone_number: str | None = None
    name: str | None = None
    extension_id: str | None = None
    device_id: str | None = None

    def to_json(self) -> dict[str, str | None]:
        """The `{"phoneNumber", "name"}` object of the CALL JSON."""
        return {"phoneNumber": self.phone_number, "name": self.name}


NO_ENDPOINT = Endpoint()


@quick_init
@dataclass(frozen=True, slots=True)
class Recording:
    """One recording of a party (`recordings[]`): its id and whether it is running."""

    id: str
    active: bool


@quick_init
@dataclass(frozen=True, slots=True)
class PeerId:
    """Where a `Gone` party's call continues (`status.peerId`)."""

    telephony_session_id: str | None
    party_id: str | None


@quick_init
@dataclass(frozen=True, slots=True)
class Party:
    """One leg of a telephony session, merged from every event and snapshot seen."""

    id: str
    status: str | None = None  # raw status code as RingCentral sent it
    reason: str | None = None
    direction: str | None = None
    account_id: str | None = None
    extension_id: str | None = None
    from_: Endpoint = NO_ENDPOINT
    to: Endpoint = NO_ENDPOINT
    muted: bool = False
    queue_call: bool = False
    park_id: str | None = None
    recordings: tuple[Recording, ...] = ()
    peer: PeerId | None = None
    stand_alone: bool = False
    missed_call: bool = False
    conference_role: str | None = None
    ring_out_role: str | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class Call:
    """The view of one telephony session for the signed-in user (or account, in account mode)."""

    telephony_session_id: str
    party_id: str | None
    state: CallState
    status: str | None = None
    reason: str | None = None
    direction: str | None = None
    from_: Endpoint = NO_ENDPOINT
    to: Endpoint = NO_ENDPOINT
    muted: bool = False
    remote_hold: bool = False
    recording: str = RecordingState.OFF.value
    recording_id: str | None = None
    queue_call: bool = False
    started_at: datetime | None = None
    ended_at: datetime | None = None
    owner_extension_id: str | None = None
    park_id: str | None = None
    parties: tuple[Party, ...] = ()
    # Attended transfer / park pickup: my party went `Gone` and the call goes on in this session.
    continued_in: str | None = None
    # The reverse link, set on the continuing call when the `Gone` call is known.
    continues_from: str | None = None
    origin: str | None = field(default=None)

    @property
    def actions(self) -> frozenset[Action]:
        """What the user may do to this call now."""
        return allowed_actions(
            self.state,
            muted=self.muted,
            recording=self.recording,
            direction=self.direction,
            queue_call=self.queue_call,
        )

    @property
    def is_live(self) -> bool:
        """True until the call has ended."""
        return self.state is not CallState.ENDED

    def to_json(self) -> dict[str, Any]:
        """Exactly the CALL object of `calldeck replay`/`watch`, every key present."""
        return {
            "telephonySessionId": self.telephony_session_id,
            "partyId": self.party_id,
            "state": self.state.value,
            "status": self.status,
            "reason": self.reason,
            "direction": self.direction,
            "from": self.from_.to_json(),
            "to": self.to.to_json(),
            "muted": self.muted,
            "remoteHold": self.remote_hold,
            "recording": self.recording,
            "queueCall": self.queue_call,
        }


@quick_init
@dataclass(frozen=True, slots=True)
class ApplyResult:
    """What one `CallBook.apply` did: the calls whose view changed, or why it was ignored."""

    changed: list[Call] = field(default_factory=list)
    ignored: str | None = None
