"""Availability (`A`), the team pane (`w`) and History as the call log: a mixin of `MainScreen`.

It shows what the people feed reports (header, team pane, History) and turns the keys of
the `presence`, `view.team`, `team` and `history` rows into requests. Transfer goes through
the same call-control path as the transfer dialog; calling a colleague, asking them first and
calling back go through the calls issue's entry points (`place_call`, `ask_first` of
`CallingKeys`), so they use the chosen phone (else RingOut) like the dialer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work

from tui.app import dialogs
from tui.app.choices import Choice, TransferTarget
from tui.app.screens.panes import Panes
from tui.safe_text import clean

if TYPE_CHECKING:
    from tui.app.people_messages import AvailabilityChanged, CallLogChanged, TeamChanged
    from tui.app.widgets.team_pane import TeamPane
    from tui.calls import Call
    from tui.people.availability import Availability
    from tui.people.calllog import LogEntry
    from tui.people.feed import PeopleFeed
    from tui.people.team import Member, Team


class PeopleKeys(Panes):
    """Availability, team and call log for `MainScreen`."""

    selected_call: Call | None

    def __init__(self) -> None:
        super().__init__()
        self.availability: Availability | None = None
        # The people modules load with the feed, after the first frame; the team pane starts
        # with its own empty team.
        self.team: Team | None = None
        self._team_pane: TeamPane | None = None

    @property
    def people(self) -> PeopleFeed | None:
        """The link's people feed, once connected."""
        link = self.calldeck.link
        return link.people if link is not None else None

    # ----- what the feed reports ---------------------------------------------------------

    def on_availability_changed(self, message: AvailabilityChanged) -> None:
        from tui.people.availability import header_text

        self.availability = message.availability
        self.status.change(availability=header_text(message.availability))  # type: ignore[attr-defined]

    def on_team_changed(self, message: TeamChanged) -> None:
        self.team = message.team
        pane = self._team_pane
        if pane is None or not pane.display:
            return
        if message.member is None:
            pane.show(message.team)
        else:
            pane.update_member(message.member)

    def on_call_log_changed(self, message: CallLogChanged) -> None:
        self.status.change(missed=message.unseen_missed)  # type: ignore[attr-defined]
        history = self._history
        people = self.people
        if history is not None and history.display and people is not None and message.entries:
            history.show_log(people.book.newest_first())  # type: ignore[attr-defined]
            people.mark_seen()

    # ----- panes ------------------------------------------------------------------------

    async def action_view_history(self) -> None:
        await super().action_view_history()
        history = self._history
        people = self.people
        if history is None or not history.display:
            self.query_one("CallsTable").focus()
            return
        if people is not None:
            history.show_log(people.book.newest_first())  # type: ignore[attr-defined]
            people.mark_seen()
        history.focus()

    async def action_view_team(self) -> None:
        from tui.app.widgets.team_pane import TeamPane

        pane = self._team_pane = await self._toggle_pane(
            self._team_pane, lambda: TeamPane(id="team")
        )
        if pane.display:
            if self.team is not None:
                pane.show(self.team)
            pane.focus()
        else:
            self.query_one("CallsTable").focus()

    def open_filter(self, title: str, current: str, apply: Callable[[str], None]) -> None:
        """Filter a pane as the person types."""
        self.app.push_screen(dialogs.FilterDialog(title, current, apply))

    # ----- availability -----------------------------------------------------------------

    def action_presence_pick(self) -> None:
        self._pick_availability()

    @work(exclusive=True, group="availability", exit_on_error=False)
    async def _pick_availability(self) -> None:
        from tui.people.availability import LABELS, STATES

        people = self.people
        if people is None:
            self.notify("Not connected to RingCentral yet.", severity="warning")
            return
        current = people.availability
        choices = [
            Choice(state, ("● " if current.state == state else "  ") + LABELS[state])
            for state in STATES
        ]
        on = "on" if current.accept_queue_calls else "off"
        choices.append(Choice("queues", f"  Take call-queue calls: {on}"))
        for queue in current.queues:
            state = "on" if queue.accepting else "off"
            choices.append(Choice(f"queue:{queue.id}", f"    {clean(queue.name)}: {state}"))
        picked = await self.app.push_screen_wait(dialogs.ChoiceDialog("Availability", choices))
        if not picked:
            return
        try:
            if picked in STATES:
                await people.set_availability(picked, None)
            elif picked == "queues":
                await people.set_availability(None, not current.accept_queue_calls)
            else:
                queue_id = picked.removeprefix("queue:")
                accepting = next(q.accepting for q in current.queues if q.id == queue_id)
                await people.set_queue(queue_id, not accepting)
        except Exception as error:  # shown, never a traceback
            message = getattr(error, "message", None) or f"Could not change it: {error}"
            self.notify(message, title="Availability", severity="error")

    # ----- the team's keys --------------------------------------------------------------

    def team_action(self, kind: str, member: Member | None) -> None:
        """`t`, `T` or `n` in the team pane, on the colleague under the cursor."""
        if member is None:
            self.notify("No colleague selected.", severity="warning")
            return
        if kind == "call":
            self._dial(member.extension_number, member.name)
            return
        call = self.selected_call
        if call is None:
            self.notify("Select one of your calls first (j/k).", severity="warning")
            return
        target = TransferTarget("extension", member.extension_number, member.name)
        if kind == "transfer":
            self._send("call.transfer", call, target)  # type: ignore[attr-defined]
            return
        self.ask_first(call, target)  # type: ignore[attr-defined]

    def call_back(self, entry: LogEntry | None) -> None:
        """Enter in History: call the other party back."""
        if entry is None or not entry.callback_number:
            self.notify("No number to call back.", severity="warning")
            return
        self._dial(entry.callback_number, entry.other.get("name") or "")

    def _dial(self, number: str, name: str) -> None:
        self.place_call(number, name)  # type: ignore[attr-defined]
