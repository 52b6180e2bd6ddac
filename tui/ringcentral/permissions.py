"""The RingCentral app permissions calldeck uses, and what each one enables.

A RingCentral app is granted the permissions ticked for it in the Developer Console (names
as in the spec's `x-app-permission`); the token response's `scope` lists them. An endpoint
whose permission the app lacks answers 403 `InsufficientPermissions` / CMN-401 with its
`permissionName`. calldeck reads `scope` to disable what cannot work and to say why.
"""

from __future__ import annotations

from functools import lru_cache

CALL_CONTROL = "CallControl"
READ_ACCOUNTS = "ReadAccounts"
READ_PRESENCE = "ReadPresence"
EDIT_PRESENCE = "EditPresence"
READ_CALL_LOG = "ReadCallLog"
RING_OUT = "RingOut"
WEBSOCKET = "WebSocket"

# Every permission calldeck needs, in the order `calldeck doctor` checks them, with the
# features a missing one disables (in words, for doctor and the README).
NEEDED: dict[str, str] = {
    READ_ACCOUNTS: "signing in (who you are), your phones and the company directory",
    CALL_CONTROL: "answering, holding, muting, transferring, parking and recording calls",
    READ_PRESENCE: "the calls already going when calldeck starts, and colleagues' status",
    WEBSOCKET: "the live call feed over WebSocket",
    READ_CALL_LOG: "History (your call log)",
    EDIT_PRESENCE: "Do Not Disturb and your availability",
    RING_OUT: "calling out through RingOut",
}


def missing_permission(name: str) -> str:
    """The sentence for an app that lacks permission `name`."""
    return f"Your RingCentral app lacks the {name} permission; add it in the Developer Console."


@lru_cache(maxsize=16)  # asked for every key's state each time the keys are redrawn
def granted_permissions(scope: str | None) -> frozenset[str] | None:
    """The permissions a token response's `scope` grants; None when it said nothing (then
    nothing is disabled in advance: a 403 will tell)."""
    if scope is None or not scope.strip():
        return None
    return frozenset(scope.split())
