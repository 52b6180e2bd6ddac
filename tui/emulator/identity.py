"""Who a request speaks for, once its bearer token has been checked."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web


@dataclass(frozen=True, slots=True)
class TokenOwner:
    """The account and extension behind a valid access token."""

    account_id: str
    extension_id: str
    client_id: str
    session_id: str


# aiohttp request key under which the auth middleware stores the TokenOwner
# (`request[OWNER_KEY]`); a typed RequestKey so aiohttp does not warn.
OWNER_KEY: web.RequestKey[TokenOwner] = web.RequestKey("calldeck.owner", TokenOwner)
