"""`calldeck logout`: revoke the saved sign-in and the shared JWT sessions on the server, and
forget them here."""

from __future__ import annotations

import argparse

from tui.ringcentral.auth import credentials_from_env
from tui.ringcentral.cli_support import EXIT_FAILED, fail, run_command
from tui.ringcentral.client import RingCentralClient
from tui.ringcentral.errors import CalldeckError
from tui.ringcentral.tokens import TokenStore


async def _revoke_and_forget(store: TokenStore) -> tuple[bool, CalldeckError | None]:
    """Revoke the sign-in in `store` on the server and delete it here (offline too).
    (was there one, what stopped the revoke)."""
    if store.load() is None:
        store.delete()  # a damaged record is removed too
        return False, None
    problem: CalldeckError | None = None
    async with RingCentralClient.from_saved(store) as client:
        try:
            await client.revoke()
        except CalldeckError as exc:
            problem = exc
    # Forget it locally in every case: offline logout must still sign this computer out.
    store.delete()
    return True, problem


async def _logout() -> int:
    store = TokenStore()
    signed_in, problem = await _revoke_and_forget(store)
    for jwt_store in store.jwt_stores():
        had, jwt_problem = await _revoke_and_forget(jwt_store)
        signed_in = signed_in or had
        problem = problem or jwt_problem
    store.forget_jwt_index()
    if not signed_in:
        note = (
            " (RINGCENTRAL_JWT in the environment still signs you in)"
            if credentials_from_env()
            else ""
        )
        print(f"You were not signed in{note}.")
        return 0
    if problem is not None:
        fail(
            "Signed out on this computer, but could not revoke the sign-in on the server: "
            + problem.message
        )
        return EXIT_FAILED
    print("Signed out.")
    return 0


def run(args: argparse.Namespace) -> int:
    """Revoke and delete the saved sign-ins; works offline (then says the revoke failed)."""
    return run_command(_logout)
