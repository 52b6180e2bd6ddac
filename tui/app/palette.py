"""Command palette (ctrl+p): every action that applies to the selected call, with its key."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.app.actions import ACTIONS, APP_ACTION_IDS, ActionSpec


class CallActionsProvider(Provider):
    """Offers the action table's rows that are enabled right now on the main screen."""

    def _enabled(self) -> list[ActionSpec]:
        main = getattr(self.app, "main", None)
        if main is None:
            return []
        return [spec for spec in ACTIONS if main.check_action(spec.action_name, ()) is True]

    def _title(self, spec: ActionSpec) -> str:
        main = self.app.main  # type: ignore[attr-defined]
        label = spec.label_for(main.selected_call)
        return f"{label}  [{self.app.key_for(spec)}]"  # type: ignore[attr-defined]

    async def _run(self, spec: ActionSpec) -> None:
        target = self.app if spec.id in APP_ACTION_IDS else self.app.main  # type: ignore[attr-defined]
        await target.run_action(spec.action_name)

    async def discover(self) -> Hits:
        for spec in self._enabled():
            yield DiscoveryHit(self._title(spec), partial(self._run, spec), help=spec.description)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for spec in self._enabled():
            title = self._title(spec)
            score = max(matcher.match(title), matcher.match(spec.id))
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._run, spec), help=spec.description
                )
