"""The signed-in user's devices and their status, and which of them may place calls.

RingCentral takes only Softphone/Hardphone device ids for call-out (spec L18224: "WebRTC/
Mobile clients do not expose usable device ids for this API today"); answer and pickup ring
the same kind of phone. A device id that is not the user's is 404 CMN-102 (as for every
`deviceId`); one of theirs that cannot take the call (wrong type, or Offline) is 400 CMN-101
naming the parameter: call-out, answer and pickup declare 400 InvalidRequest and no 404/409
for a body problem, so that is the documented shape for a refused device.
"""

from __future__ import annotations

from tui.emulator.calls import CallError
from tui.emulator.directory import DEVICES, DemoDevice

CALLING_TYPES = ("HardPhone", "SoftPhone")


class DeviceBook:
    """Each demo device's Online/Offline status, changed through the control API."""

    def __init__(self) -> None:
        self.online: dict[str, bool] = {device.id: device.online for device in DEVICES}

    @staticmethod
    def device(device_id: str, parameter: str = "deviceId") -> DemoDevice:
        """The user's device with this id, or 404 CMN-102 naming `parameter`."""
        found = next((d for d in DEVICES if d.id == device_id), None)
        if found is None:
            raise CallError(
                404, "CMN-102", f"Resource for parameter [{parameter}] is not found", parameter
            )
        return found

    def set_online(self, device_id: str, online: bool) -> DemoDevice:
        """Bring a device online or take it offline (its phone registers or goes away)."""
        device = self.device(device_id)
        self.online[device.id] = online
        return device

    def status(self, device_id: str) -> str:
        """`Online` or `Offline`, as DeviceResource.status says it."""
        return "Online" if self.online.get(device_id) else "Offline"

    def calling_device(self, device_id: str, parameter: str = "deviceId") -> DemoDevice:
        """A device that can ring for call-out, answer and pickup, else 404/400 as documented."""
        device = self.device(device_id, parameter)
        if device.type not in CALLING_TYPES:
            raise CallError(
                400,
                "CMN-101",
                f"Parameter [{parameter}] value is invalid: {device.type} devices are not"
                " supported, only SoftPhone and HardPhone",
                parameter,
            )
        if not self.online[device.id]:
            raise CallError(
                400,
                "CMN-101",
                f"Parameter [{parameter}] value is invalid: the device is Offline",
                parameter,
            )
        return device
