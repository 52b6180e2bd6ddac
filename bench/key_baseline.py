"""The key-latency baseline: a bare Textual app whose `h` key sends the hold request itself.

It is the start-up baseline (Header, DataTable, Footer) plus one binding whose action posts
`…/parties/{pid}/hold` (or `/unhold`) through one kept-alive `httpx.AsyncClient`, signed in
with the same JWT grant: what any Textual app that controls a call must do at the least.
calldeck's key → request is compared with this app's, taken in the same run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from textual.binding import Binding
from textual.pilot import Pilot

from bench.baseline_app import BaselineApp
from bench.sdk_subscriber import sign_in

SESSIONS = "/restapi/v1.0/account/~/telephony/sessions"


class KeyBaselineApp(BaselineApp):
    """`h` holds or resumes one call: one POST from the key's action, nothing more."""

    BINDINGS = [*BaselineApp.BINDINGS, Binding("h", "toggle_hold", "Hold")]  # noqa: RUF012

    def __init__(self, http: httpx.AsyncClient, party_path: str) -> None:
        super().__init__()
        self.http = http
        self.party_path = party_path
        self.held = False
        self.answered = 0  # requests that got a successful response

    async def action_toggle_hold(self) -> None:
        response = await self.http.post(self.party_path + ("/unhold" if self.held else "/hold"))
        response.raise_for_status()
        self.held = not self.held
        self.answered += 1


async def my_party_path(http: httpx.AsyncClient, sid: str, extension_id: str) -> str:
    """`…/sessions/{sid}/parties/{pid}` of the signed-in extension's party."""
    response = await http.get(f"{SESSIONS}/{sid}")
    response.raise_for_status()
    for party in response.json()["parties"]:
        if str((party.get("owner") or {}).get("extensionId")) == str(extension_id):
            return f"{SESSIONS}/{sid}/parties/{party['id']}"
    raise RuntimeError(f"no party of extension {extension_id} in session {sid}")


@asynccontextmanager
async def running_key_baseline(
    credentials: dict[str, Any], sid: str
) -> AsyncIterator[tuple[KeyBaselineApp, Pilot]]:
    """The baseline app, headless, signed in, holding `sid`'s party on `h`."""
    async with httpx.AsyncClient(base_url=credentials["server"], timeout=10) as http:
        http.headers["Authorization"] = f"Bearer {await sign_in(http, credentials)}"
        path = await my_party_path(http, sid, credentials["extensionId"])
        app = KeyBaselineApp(http, path)
        async with app.run_test(size=(140, 40)) as pilot:
            yield app, pilot
