"""§1: text from the far end is data. Hostile strings through every widget, dialog and toast.

Names, numbers, park ids, directory entries, reasons and error texts are drawn by Hypothesis
from markup, terminal escapes (OSC title/clipboard, CSI clear), newlines, C1 controls and
bidi overrides. For each batch the real app shows them everywhere far-end text appears, and
the test asserts: no exception, no control byte in anything drawn, and the calls still shown
right (one row per call, each with its cleaned name).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.app.scenes import book_of, session, show_calls, snapshot_app
from tui.app.dialogs.choice import Choice, ChoiceDialog
from tui.app.dialogs.reply import ReplyDialog
from tui.app.dialogs.transfer import DirectoryEntry, TransferDialog
from tui.app.messages import ActionFailed, ActionSucceeded, SignedIn
from tui.app.ringer import desktop_notification_escapes
from tui.calls import CallState
from tui.safe_text import clean, is_clean

KNOWN_HOSTILE = [
    "[/bold] Mallory",
    "[@click=app.quit]click me[/]",
    "[b]bold[/b] [link=https://evil.example]x[/link]",
    "\x1b]0;pwned title\x07Eve",
    "\x1b]52;c;cm0gLXJmIH4=\x07Clip",
    "\x1b[2J\x1b[HWiped",
    "Bob\n◉ RINGING  ↓ in  Fake Caller",
    "\u202eevil\u202c reversed",
    "\x9b31mC1 CSI\x9d0;t\x9c",
    "tab\there\rcarriage",
    "\x00nul\x7fdel",
]
HOSTILE = st.one_of(
    st.sampled_from(KNOWN_HOSTILE),
    st.text(
        alphabet=st.one_of(
            st.sampled_from("[]/@=\\;\x1b\x07\x9b\x9d\n\r\u202e\u2066\u2028 "),
            st.characters(codec="utf-8", exclude_categories=("Cs",)),
        ),
        min_size=1,
        max_size=24,
    ),
)


def drawn_text(app) -> str:  # type: ignore[no-untyped-def]
    """Every character every screen on the stack draws now (what reaches the terminal)."""
    chunks = []
    for screen in app.screen_stack:
        for strip in screen._compositor.render_strips():
            chunks.append("".join(segment.text for segment in strip))
    return "\n".join(chunks)


def hostile_calls(names: list[str]) -> list:
    sessions = [
        session(
            f"s-hostile-{index}",
            started=30 + index,
            direction="Inbound",
            other=(name, f"+1415555{index:04d}"),
            status="Proceeding" if index % 2 == 0 else "Answered",
            other_status="Setup" if index % 2 == 0 else "Answered",
            park_id=None,
        )
        for index, name in enumerate(names)
    ]
    return book_of(*sessions).live()


def assert_clean(app, where: str) -> None:  # type: ignore[no-untyped-def]
    text = drawn_text(app)
    lines = text.split("\n")
    bad = [line for line in lines if not is_clean(line)]
    assert not bad, f"control characters drawn ({where}): {bad[:2]!r}"


async def show_everywhere(strings: list[str], size: tuple[int, int]) -> None:
    app = snapshot_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        names = strings[:3]
        calls = hostile_calls(names)
        await show_calls(pilot, calls)
        app.main.post_message(SignedIn(strings[3], strings[4], "http://127.0.0.1:1"))
        app.main.post_message(ActionSucceeded(f"Transferred {strings[0]} to 103"))
        app.main.post_message(
            ActionFailed(strings[1], strings[2], f"RingCentral said: {strings[3]}", None)
        )
        await pilot.pause()
        await pilot.pause()
        assert_clean(app, "table, details, status line, toasts")

        # The calls are still shown right: one row each, with the cleaned name.
        table = app.main.table
        assert len(table.calls) == len(calls)
        for call in calls:
            party = table.get_cell(call.telephony_session_id, "party")
            assert clean(call.from_.name).strip() in party.plain or not call.from_.name.strip()
        ringing = [c for c in calls if c.state is CallState.RINGING]
        lines = [table.render_line(y).text for y in range(1, len(calls) + 1)]
        assert sum(line.lstrip().startswith("◉ RINGING") for line in lines) == len(ringing)

        await pilot.press("E")  # the error modal with RingCentral's (hostile) words
        await pilot.pause()
        assert_clean(app, "error modal")
        await pilot.press("escape")

        answered = next(c for c in table.calls if c.state is CallState.ACTIVE)
        table.select(answered.telephony_session_id)
        await pilot.pause()
        await pilot.press("d")  # "Hang up the call from <name>?"
        await pilot.pause()
        assert_clean(app, "confirm dialog")
        await pilot.press("n")

        await app.push_screen(ChoiceDialog(strings[0], [Choice("*2", s) for s in strings]))
        await pilot.pause()
        assert_clean(app, "choice dialog")
        await pilot.press("escape")

        await app.push_screen(ReplyDialog(strings[0]))  # "Reply to <caller> with…"
        await pilot.pause()
        assert_clean(app, "reply dialog")
        assert clean(strings[0]).strip() in drawn_text(app) or not strings[0].strip()
        await pilot.press("escape")

        await app.push_screen(TransferDialog(None))
        await pilot.pause()
        dialog = app.screen
        dialog.show_matches([DirectoryEntry(str(i), s, f"10{i}") for i, s in enumerate(strings)])
        await pilot.pause()
        assert_clean(app, "transfer dialog with directory matches")
        await pilot.press("escape")

        await show_calls(pilot, [replace(calls[0], state=CallState.ENDED, reason=strings[4])])
        await pilot.press("c")
        await pilot.pause()
        assert_clean(app, "history")
        assert app.is_running


@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(HOSTILE, min_size=6, max_size=6))
def test_hostile_text_is_shown_as_data_everywhere(strings: list[str]) -> None:
    asyncio.run(show_everywhere(strings, (100, 30)))


def test_the_known_attacks_at_80x24() -> None:
    asyncio.run(show_everywhere(KNOWN_HOSTILE[:6], (80, 24)))
    asyncio.run(show_everywhere(KNOWN_HOSTILE[5:], (80, 24)))


@given(HOSTILE, HOSTILE)
def test_desktop_notifications_carry_no_control_but_their_own_framing(
    title: str, body: str
) -> None:
    escapes = desktop_notification_escapes(title, body)
    # Exactly two sequences, each ESC ] ... BEL; nothing inside can end or start another.
    assert escapes.count("\x1b") == 2 and escapes.count("\x07") == 2
    for sequence in escapes.split("\x07")[:2]:
        assert sequence.startswith("\x1b]")
        assert is_clean(sequence[1:])


@given(HOSTILE, HOSTILE)
def test_calldeck_status_prints_no_control(name: str, number: str) -> None:
    from tui.commands.status import call_table

    calls = book_of(
        session("s-1", started=5, direction="Inbound", other=(name, number), status="Proceeding")
    ).live()
    for line in call_table(calls).split("\n"):
        assert is_clean(line), line
