"""Who the team is: favorites, else the person's department; presence read per member."""

from __future__ import annotations

from tui.app.link import credentials_from_emulator
from tui.emulator import Emulator
from tui.emulator.directory import FAVORITE_IDS, PEOPLE, USER
from tui.people.rest import FAVORITES, load_team, read_team_presence
from tui.ringcentral.client import RingCentralClient


async def test_favorites_then_the_department(emulator: Emulator) -> None:
    client = await RingCentralClient.sign_in_jwt(credentials_from_emulator(emulator.credentials))
    try:
        favorites = await load_team(client)
        await client.request("PUT", FAVORITES, json={"records": []})
        department = await load_team(client)
        await read_team_presence(client, department)
    finally:
        await client.aclose()
    assert favorites.source == "favorites" and favorites.ids() == list(FAVORITE_IDS)
    colleagues = [p.id for p in PEOPLE if p.department == USER.department and p is not USER]
    assert department.source == "department" and department.ids() == colleagues
    assert {m.presence for m in department.members} == {"available"}
