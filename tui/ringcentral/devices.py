"""The user's phones (`GET /extension/~/device`) and which one calldeck answers and dials on.

Entry points other features use:
- `list_devices(client)`: every device of the signed-in extension, as `Device`s.
- `can_take_calls(device)`: True for an Online HardPhone or SoftPhone, the only kinds
  RingCentral accepts for call-out, answer and pickup (spec L18224: "WebRTC/Mobile clients do
  not expose usable device ids for this API today"). `calldeck doctor` reports it.
- `choose_device(devices, wanted)`: the device a configured `device = "<id or name>"` names,
  else the only eligible one; `DeviceChoice.ask` when several are eligible (the UI asks once,
  headless commands take the first); `DeviceProblem` (one line) when the wanted one cannot
  take calls or none can.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.errors import DeviceProblem

__all__ = ["DeviceProblem"]

DEVICES_PATH = "/restapi/v1.0/account/~/extension/~/device"
CALLING_TYPES = ("HardPhone", "SoftPhone")


@dataclass(frozen=True, slots=True)
class Device:
    """One of the user's devices: id, name, type (DeviceResource.type) and whether Online."""

    id: str
    name: str
    type: str
    online: bool

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Device:
        """A Device from a DeviceResource record."""
        return cls(
            id=str(record.get("id") or ""),
            name=str(record.get("name") or record.get("type") or "phone"),
            type=str(record.get("type") or "Unknown"),
            online=record.get("status") == "Online",
        )

    def to_json(self) -> dict[str, Any]:
        """`{"id", "name", "type", "online"}` as `calldeck devices --json` prints it."""
        return {"id": self.id, "name": self.name, "type": self.type, "online": self.online}

    @property
    def label(self) -> str:
        """How a person recognises it: its name and kind."""
        return f"{self.name} ({self.type}, {'online' if self.online else 'offline'})"


def can_take_calls(device: Device) -> bool:
    """True if RingCentral rings this device for call-out, answer and pickup."""
    return device.online and device.type in CALLING_TYPES


def why_not(device: Device) -> str:
    """One line: why `device` cannot take calls."""
    if device.type not in CALLING_TYPES:
        return (
            f"{device.name} is a {device.type} device; RingCentral places and answers calls"
            " only on a desk phone or softphone."
        )
    return f"{device.name} is offline; start it or choose another phone (D)."


async def list_devices(client: RingCentralClient) -> list[Device]:
    """Every device of the signed-in extension (one page of up to 100)."""
    body = await client.get_json(DEVICES_PATH, {"perPage": 100})
    return [Device.from_record(r) for r in body.get("records") or [] if isinstance(r, dict)]


@dataclass(frozen=True, slots=True)
class DeviceChoice:
    """The outcome of choosing: a device, or `ask` with the eligible ones to pick from."""

    device: Device | None
    eligible: tuple[Device, ...]

    @property
    def ask(self) -> bool:
        """True when several devices are eligible and nothing says which."""
        return self.device is None


def find_device(devices: list[Device], wanted: str) -> Device | None:
    """The device whose id, or name (case-insensitive), is `wanted`."""
    wanted = wanted.strip()
    by_id = next((d for d in devices if d.id == wanted), None)
    if by_id is not None:
        return by_id
    folded = wanted.casefold()
    return next((d for d in devices if d.name.casefold() == folded), None)


def choose_device(devices: list[Device], wanted: str | None = None) -> DeviceChoice:
    """The device to answer and dial on: `wanted` (id or name), else the only eligible one.

    Raises DeviceProblem when `wanted` names no device or one that cannot take calls, or
    when no device can take calls at all.
    """
    eligible = tuple(d for d in devices if can_take_calls(d))
    if wanted:
        device = find_device(devices, wanted)
        if device is None:
            raise DeviceProblem(f"You have no phone called {wanted!r} (see `calldeck devices`).")
        if not can_take_calls(device):
            raise DeviceProblem(why_not(device))
        return DeviceChoice(device, eligible)
    if not eligible:
        raise DeviceProblem(
            "None of your phones can take calls now: no desk phone or softphone is online."
        )
    return DeviceChoice(eligible[0] if len(eligible) == 1 else None, eligible)
