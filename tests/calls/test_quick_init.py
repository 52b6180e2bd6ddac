"""`quick_init`: the model's dataclasses build faster and stay frozen and equal as before."""

from __future__ import annotations

import dataclasses

import pytest

from tui.calls import ApplyResult, Call, CallState, Endpoint, Party
from tui.calls.quick_init import quick_init


def test_fields_defaults_and_factories_are_as_declared() -> None:
    call = Call("s-1", "p-1", CallState.RINGING, from_=Endpoint("+14155550100", "Ann"))
    assert (call.telephony_session_id, call.party_id, call.state) == ("s-1", "p-1", "ringing")
    assert call.to == Endpoint() and call.parties == () and call.origin is None
    assert call.from_.name == "Ann"
    first, second = ApplyResult(), ApplyResult()
    assert first.changed == [] and first.changed is not second.changed  # a fresh list each


def test_the_classes_stay_frozen_hashable_and_comparable() -> None:
    party = Party("p-1", status="Answered")
    with pytest.raises(dataclasses.FrozenInstanceError):
        party.status = "Hold"  # type: ignore[misc]
    assert party == Party(id="p-1", status="Answered") and hash(party) == hash(
        Party("p-1", "Answered")
    )
    assert dataclasses.replace(party, status="Hold").status == "Hold"


def test_only_frozen_slotted_dataclasses_are_accepted() -> None:
    @dataclasses.dataclass(slots=True)
    class Mutable:
        value: int = 0

    with pytest.raises(TypeError):
        quick_init(Mutable)
