"""The status line draws, from its kept parts, exactly the line its text says."""

from __future__ import annotations

import itertools
from dataclasses import replace

from rich.segment import Segment

from tests.app.scenes import snapshot_app
from tui.app.widgets.status_line import StatusInfo, fitted_status


def _cells(segments: object) -> list[tuple[str, object]]:
    return [(char, segment.style) for segment in segments for char in segment.text]  # type: ignore[attr-defined]


async def test_each_line_is_the_fitted_status_whatever_was_drawn_before() -> None:
    # The left part is kept per room and the right part per counts and time: as calls
    # ring, are answered and end, the same values come round again and are drawn from
    # what was kept. Each line must still be exactly the status text at that width.
    app = snapshot_app()
    async with app.run_test(size=(120, 30)) as pilot:
        status = app.main.status
        start = StatusInfo(name="Ada Lovelace", extension_number="101", server="https://x")
        counts = list(itertools.product((0, 1, 2), (0, 2, 3), ("", "0:07"), ("live", "down")))
        for width in (120, 60, 24):
            await pilot.resize_terminal(width, 30)
            for ringing, live, wait, connection in counts:
                info = replace(
                    start, ringing=ringing, live=live, longest_wait=wait, connection=connection,
                    clock="14:30",
                )  # fmt: skip
                status.info = info
                base = status.rich_style
                shown = status.render_line(0)
                text = fitted_status(info, status.size.width)
                expected = Segment.apply_style(text.render(app.console), base)
                padding = [(" ", base)] * (status.size.width - text.cell_len)
                assert _cells(shown) == _cells(expected) + padding, (width, info)
