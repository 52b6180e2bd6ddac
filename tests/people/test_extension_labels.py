"""The account view's extension labels: every extension, read page by page."""

from __future__ import annotations

import pytest

from tui.app.link import credentials_from_emulator
from tui.emulator import Emulator
from tui.emulator.directory import PEOPLE, USER
from tui.people import extensions
from tui.people.extensions import read_extension_labels
from tui.ringcentral.client import RingCentralClient


async def test_every_extension_across_pages(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extensions, "PER_PAGE", 2)  # several pages from the emulator's few
    client = await RingCentralClient.sign_in_jwt(credentials_from_emulator(emulator.credentials))
    try:
        labels = await read_extension_labels(client)
    finally:
        await client.aclose()
    assert labels[USER.id] == f"{USER.extension_number} {USER.name}"
    assert {person.id for person in PEOPLE} <= set(labels)
