"""`calldeck logout`: revoke the saved sign-in on the server and forget it here."""

from __future__ import annotations

import argparse

from tui.ringcentral.auth import credentials_from_env
from tui.ringcentral.cli_support import EXIT_FAILED, fail, run_command
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.errors import CalldeckError
from tui.ringcentral.tokens import TokenStore


async def _logout() -> int:
    store = TokenStore()
    saved = store.load()
    if saved is None:
        store.delete()  # a damaged record is removed too
        note = (
            " (RINGCENTRAL_JWT in the environment still signs you in)"
            if credentials_from_env()
            else ""
        )
        print(f"You were not signed in{note}.")
        return 0
    problem: CalldeckError | None = None
    async with RingCentralClient.from_saved(store) as client:
        try:
            await client.revoke()
        except CalldeckError as exc:
            problem = exc
    # Forget it locally in every case: offline logout must still sign this computer out.
    store.delete()
    if problem is not None:
        fail(
            "Signed out on this computer, but could not revoke the sign-in on the server: "
            + problem.message
        )
        return EXIT_FAILED
    print("Signed out.")
    return 0


def run(args: argparse.Namespace) -> int:
    """Revoke and delete the saved sign-in; works offline (then says the revoke failed)."""
    return run_command(_logout)
