"""Calls that reach you and calls you make, app-wide: the chosen phone, dialling, ask-first.

Entry points (the keys, History's call back and the team pane use them):
- `CalldeckApp.place_call(target)`: call a `DialTarget` from the chosen phone, or by
  RingOut when no desk phone or softphone can ring (its progress is shown; `d` cancels).
- `CalldeckApp.ask_first(call, target)`: warm transfer: hold `call`'s caller, call `target`
  from the same phone; `b` on the consult joins them, `d` cancels, a decline or no answer
  takes the caller off hold.
- `Calling.phone()`: the chosen phone (config `device`, else the only eligible one, else
  asked once with a picker and saved); `Calling.choose_phone()` asks again (`D`).
Each runs in an App worker, so a dialog closing never cancels it; failures are one toast.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from tui.app import dialogs
from tui.app.choices import Choice
from tui.calls import CallState
from tui.config import ConfigError, save_setting
from tui.ringcentral.errors import CalldeckError, DeviceProblem, NotFound
from tui.safe_text import clean

if TYPE_CHECKING:
    from tui.app.app import CalldeckApp
    from tui.calls import Call
    from tui.ringcentral.callcontrol import CallControl
    from tui.ringcentral.client import RingCentralClient
    from tui.ringcentral.devices import Device
    from tui.ringcentral.dialing import DialTarget
    from tui.ringcentral.ringout import RingOutStatus
    from tui.ringcentral.warmtransfer import WarmTransfer

log = logging.getLogger(__name__)

RING_OUT_POLL_SECONDS = 2.0
RING_OUT_MAX_POLLS = 90  # three minutes: RingOut gives up ringing long before
NO_ANSWER_SECONDS = 30.0
"""How long a colleague asked first may ring before the caller is taken off hold again."""
ASKING = "asking"  # tui.ringcentral.warmtransfer.Stage.ASKING (imported only when used)


def caller_name(call: Call) -> str:
    """Who the person talks to on `call`: the far end's name, else number."""
    far = call.from_ if call.direction == "Inbound" else call.to
    return clean(far.name or far.phone_number or "the caller")


class Calling:
    """The chosen phone, placed calls, RingOut progress and open warm transfers."""

    def __init__(self, app: CalldeckApp) -> None:
        self.app = app
        self.device: Device | None = None
        self.transfers: dict[str, WarmTransfer] = {}
        """Open warm transfers by the consult call's telephonySessionId."""
        self.ring_out: RingOutStatus | None = None
        self.no_answer_seconds = NO_ANSWER_SECONDS
        self.device_names: dict[str, str] = {}
        """Names of the phones seen, by id: the details pane says "Desk phone", not an id."""

    # ----- plumbing ---------------------------------------------------------------------

    def _control(self) -> CallControl | None:
        link = self.app.link
        if link is None or link.control is None:
            self.app.notify(
                "Not connected to RingCentral yet; nothing was sent.", severity="warning"
            )
            return None
        return link.control

    def _run(self, title: str, work: Callable[[], Awaitable[None]]) -> None:
        """Run `work` in an App worker; a failure is one toast titled `title`."""

        async def guarded() -> None:
            try:
                await work()
            except CalldeckError as error:
                log.warning("%s failed: %r", title, error)
                self.app.notify(error.message, title=f"{title} failed", severity="error")

        self.app.run_worker(guarded(), group=f"calling-{title}", exit_on_error=False)

    # ----- the chosen phone -------------------------------------------------------------

    async def phone(self) -> Device | None:
        """The phone to answer and dial on; None if the person closed the picker.

        DeviceProblem when the configured phone cannot take calls, or none can."""
        from tui.ringcentral.devices import choose_device

        if self.device is not None:
            return self.device
        control = self._control()
        if control is None:
            return None
        choice = choose_device(await self._list(control.client), self.app.settings.device)
        device = choice.device or await self._pick(choice.eligible, save=True)
        if device is not None:
            self._use(device)
        return device

    def show_phone(self) -> None:
        """After sign-in: put the phone calls will use in the header, without asking."""
        from tui.ringcentral.devices import choose_device

        async def show() -> None:
            link = self.app.link
            if link is None or link.control is None or self.device is not None:
                return
            wanted = self.app.settings.device
            try:
                choice = choose_device(await self._list(link.control.client), wanted)
            except DeviceProblem as problem:  # said when a key needs the phone
                log.info("no phone to show: %s", problem.message)
                shown = f"{wanted}: cannot take calls (D)" if wanted else "no phone: RingOut"
                self.app.main.status.change(device=shown)
                return
            except CalldeckError as error:  # the header simply shows no phone
                log.info("could not read the phones: %r", error)
                return
            if choice.device is not None:
                self._use(choice.device)
            else:
                self.app.main.status.change(device="choose a phone with D")

        self.app.run_worker(show(), group="calling-show-phone", exit_on_error=False)

    def choose_phone(self) -> None:
        """`D`: pick the phone again from those that can take calls, and save it."""

        from tui.ringcentral.devices import choose_device

        async def choose() -> None:
            control = self._control()
            if control is None:
                return
            eligible = choose_device(await self._list(control.client)).eligible
            device = await self._pick(eligible, save=True)
            if device is not None:
                self._use(device)
                self.app.notify(f"Answering and calling on {clean(device.name)}.")

        self._run("Choose phone", choose)

    async def _pick(self, eligible: tuple[Device, ...], *, save: bool) -> Device | None:
        choices = [Choice(d.id, clean(d.label)) for d in eligible]
        picked = await self.app.push_screen_wait(
            dialogs.ChoiceDialog(
                "Answer and call on which phone?", choices, empty="No phone can ring."
            )
        )
        device = next((d for d in eligible if d.id == picked), None)
        if device is not None and save:
            try:
                save_setting("device", device.id)
            except ConfigError as error:
                self.app.notify(str(error), title="Not saved", severity="warning")
        return device

    async def _list(self, client: RingCentralClient) -> list[Device]:
        """The user's devices, remembering their names for the details pane."""
        from tui.ringcentral.devices import list_devices

        devices = await list_devices(client)
        self.device_names.update((d.id, d.name) for d in devices)
        return devices

    def _use(self, device: Device) -> None:
        self.device = device
        self.device_names[device.id] = device.name
        link = self.app.link
        if link is not None and link.control is not None:
            link.control.device_id = device.id
        self.app.main.status.change(device=device.name)

    async def device_id(self) -> str | None:
        """The chosen phone's id for answer, ignore and pickup; None (said why) if none."""
        try:
            device = await self.phone()
        except DeviceProblem as problem:
            self.app.notify(problem.message, title="No phone", severity="warning")
            return None
        return device.id if device is not None else None

    # ----- calls you make ---------------------------------------------------------------

    def place_call(self, target: DialTarget) -> None:
        """Call `target` from the chosen phone, else by RingOut."""
        from tui.ringcentral.dialing import CallPlan, place_call, ring_me_at_for

        async def place() -> None:
            control = self._control()
            if control is None:
                return
            try:
                device = await self.phone()
                if device is None:
                    return
                plan = CallPlan(device)
            except DeviceProblem as problem:
                if self.app.settings.device:
                    self.app.notify(problem.message, title="No phone", severity="warning")
                    return
                plan = CallPlan(None, await ring_me_at_for(control, self.app.settings.ring_me_at))
            placed = await place_call(control, target, plan)
            self.app.notify(clean(f"Calling {target.describe()} {plan.describe()}."))
            if placed.ring_out is not None:
                self.ring_out = placed.ring_out
                await self._follow_ring_out(control, placed.ring_out)

        self._run("Call", place)

    async def _follow_ring_out(self, control: CallControl, status: RingOutStatus) -> None:
        """Show the RingOut's progress as it changes, until it connects or ends."""
        from tui.ringcentral.ringout import ring_out_status

        shown = status.describe()
        for _ in range(RING_OUT_MAX_POLLS):
            if not status.in_progress or self.ring_out is None:
                break
            await asyncio.sleep(RING_OUT_POLL_SECONDS)
            try:
                status = await ring_out_status(control.client, status.id)
            except NotFound:
                break
            if self.ring_out is not None:
                self.ring_out = status
            if status.describe() != shown:
                shown = status.describe()
                self.app.notify(shown)
        if self.ring_out is not None and self.ring_out.id == status.id:
            self.ring_out = None

    def cancels_ring_out(self, call: Call) -> bool:
        """`d` on the RingOut's call while it rings: cancel the RingOut instead of hanging up."""
        from tui.ringcentral.ringout import cancel_ring_out

        status = self.ring_out
        if status is None or (call.origin or "").lower() != "ringout":
            return False
        control = self._control()
        if control is None:
            return True

        async def cancel() -> None:
            self.ring_out = None
            await cancel_ring_out(control.client, status.id)
            self.app.notify("RingOut cancelled.")

        self._run("Cancel RingOut", cancel)
        return True

    # ----- ask first (warm transfer) ----------------------------------------------------

    def ask_first(self, call: Call, target: DialTarget) -> None:
        """Hold `call`'s caller and call `target` from the same phone."""
        from tui.ringcentral.warmtransfer import WarmTransfer

        async def ask() -> None:
            control = self._control()
            device_id = await self.device_id() if control is not None else None
            if control is None or device_id is None:
                return
            transfer = WarmTransfer(
                control,
                call.telephony_session_id,
                call.party_id or "",
                caller_name(call),
                target,
                device_id,
            )
            await transfer.start(caller_on_hold=call.state is CallState.HELD)
            self.transfers[transfer.consult_sid] = transfer
            self.app.notify(clean(f"{transfer.headline()}."))
            self.app.set_timer(self.no_answer_seconds, lambda: self._no_answer(transfer))

        self._run("Ask first", ask)

    def consult_of(self, telephony_session_id: str) -> WarmTransfer | None:
        """The open warm transfer whose consult call this is, if any."""
        transfer = self.transfers.get(telephony_session_id)
        return transfer if transfer is not None and transfer.stage == ASKING else None

    def held_for(self, caller_sid: str) -> WarmTransfer | None:
        """The open warm transfer holding this caller, if any."""
        return next(
            (
                t
                for t in self.transfers.values()
                if t.caller_sid == caller_sid and t.stage == ASKING
            ),
            None,
        )

    def complete(self, call: Call) -> None:
        """`b` on the consult: join the caller to the colleague."""
        transfer = self.consult_of(call.telephony_session_id)
        if transfer is None:
            return

        async def join() -> None:
            await transfer.complete()
            self.app.notify(clean(f"{transfer.caller_name} is now with {transfer.colleague}."))

        self._run("Join", join)

    def cancels_transfer(self, call: Call) -> bool:
        """`d` on the consult: hang up on the colleague and take the caller off hold."""
        transfer = self.consult_of(call.telephony_session_id)
        if transfer is None:
            return False

        async def cancel() -> None:
            await transfer.cancel()
            self.app.notify(clean(f"Not transferred: {transfer.caller_name} is off hold."))

        self._run("Cancel ask-first", cancel)
        return True

    def calls_changed(self, calls: list[Call]) -> None:
        """A consult answered, or ended before the join: take the caller off hold."""
        for call in calls:
            transfer = self.transfers.get(call.telephony_session_id)
            if transfer is None:
                continue
            if call.state is CallState.ACTIVE:
                transfer.answered = True
            elif call.state is CallState.ENDED:
                del self.transfers[call.telephony_session_id]
                if transfer.stage == ASKING:
                    self._run("Ask first", lambda t=transfer: self._declined(t, "did not take"))

    def _no_answer(self, transfer: WarmTransfer) -> None:
        if transfer.stage == ASKING and not transfer.answered:
            self._run("Ask first", lambda: self._declined(transfer, "did not answer", drop=True))

    async def _declined(self, transfer: WarmTransfer, what: str, *, drop: bool = False) -> None:
        if drop:
            await transfer.cancel()
        elif not await transfer.consult_ended():
            return
        self.app.notify(
            clean(f"{transfer.colleague} {what} the call; {transfer.caller_name} is off hold."),
            severity="warning",
        )
