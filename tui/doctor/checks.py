"""The checks of `calldeck doctor`, in order: config, server, sign-in, permissions, phones,
push, account rights, clock. A check that cannot run because an earlier one failed says so
(and fails: the person has something to fix first)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx

from tui.doctor.push_probe import probe_push
from tui.doctor.report import Check
from tui.ringcentral.client import ME_PATH, RingCentralClient
from tui.ringcentral.devices import can_take_calls, list_devices
from tui.ringcentral.errors import CalldeckError, SignInRequired
from tui.ringcentral.permissions import NEEDED, granted_permissions
from tui.ringcentral.servers import is_loopback, server_label
from tui.ringcentral.signin import sign_in

# Beyond this, token lifetimes and call durations go wrong (seconds).
MAX_CLOCK_SKEW_S = 30.0
PUSH_TIMEOUT_S = 20.0
SIGN_IN_FIX = "Run `calldeck login` (or set RINGCENTRAL_CLIENT_ID, _SECRET and _JWT)."


@dataclass(frozen=True)
class DoctorOptions:
    """What `calldeck doctor` was asked: the server, transport and whether `--account`."""

    server: str | None = None
    transport: str = "auto"
    account_level: bool = False


def check_config(load: Callable[[], object]) -> Check:
    """The config file reads and validates (a missing file is fine: defaults)."""
    try:
        load()
    except Exception as exc:  # ConfigError and anything a broken file raises: one line
        return Check.failed(
            "config", str(exc), "Correct the config file (`calldeck locate config`)."
        )
    return Check.passed("config", "The config file is valid (or absent: defaults apply).")


async def check_server(server: str) -> Check:
    """The server answers HTTP at all, and how fast."""
    started = time.monotonic()
    try:
        async with httpx.AsyncClient(timeout=10, trust_env=not is_loopback(server)) as http:
            await http.get(f"{server}/restapi/v1.0")
    except httpx.HTTPError as exc:
        return Check.failed(
            "server",
            f"{server_label(server)} did not answer ({type(exc).__name__}).",
            "Check your network connection and the `server` setting or --server.",
        )
    latency = (time.monotonic() - started) * 1000
    return Check.passed("server", f"{server_label(server)} answered in {latency:.0f} ms.")


def _not_checked(name: str, because: str, fix: str) -> Check:
    return Check.failed(name, f"Not checked: {because}.", fix)


def permission_checks(scope: str | None) -> list[Check]:
    """One check per permission calldeck needs, naming what a missing one disables."""
    granted = granted_permissions(scope)
    if granted is None:
        return [Check.passed("permissions", "The server did not list them; none assumed missing.")]
    checks = []
    for name, features in NEEDED.items():
        if name in granted:
            checks.append(Check.passed(f"permission {name}", f"Granted ({features})."))
        else:
            checks.append(
                Check.failed(
                    f"permission {name}",
                    f"Missing: without it calldeck cannot do {features}.",
                    f"Add the {name} permission to your app in the Developer Console "
                    "(CallControl needs RingCentral's approval), then run `calldeck login` again.",
                )
            )
    return checks


async def check_devices(client: RingCentralClient) -> Check:
    """A phone that can answer and place calls: an Online HardPhone or SoftPhone."""
    try:
        devices = await list_devices(client)
    except CalldeckError as exc:
        return Check.failed("phones", exc.message, "See the permissions above.")
    usable = [device for device in devices if can_take_calls(device)]
    if usable:
        return Check.passed("phones", "Can take calls: " + ", ".join(d.label for d in usable))
    seen = ", ".join(d.label for d in devices) or "none"
    return Check.failed(
        "phones",
        f"No online desk phone or softphone (devices: {seen}).",
        "Sign in to your RingCentral desk phone or the RingCentral app so it shows Online; "
        "web and mobile apps cannot be controlled through the API.",
    )


async def check_push(client: RingCentralClient, options: DoctorOptions) -> Check:
    """Subscribing and hearing from the server works over the chosen transport."""
    try:
        transport = await probe_push(
            client,
            options.transport,
            account_level=options.account_level,
            timeout=PUSH_TIMEOUT_S,
        )
    except TimeoutError:
        return Check.failed(
            "push",
            f"Subscribed over {options.transport}, but nothing arrived in {PUSH_TIMEOUT_S:g} s.",
            "A firewall may block WebSockets to RingCentral; try another network.",
        )
    except (CalldeckError, OSError) as exc:
        message = exc.message if isinstance(exc, CalldeckError) else type(exc).__name__
        fix = (
            "RingCentral no longer offers PubNub to most apps: use --transport websocket "
            '(or transport = "websocket" in the config).'
            if options.transport == "pubnub"
            else "Check the WebSocket permission above and that WebSockets are not blocked."
        )
        return Check.failed("push", f"Push over {options.transport} failed: {message}", fix)
    return Check.passed("push", f"Subscribed over {transport} and heard from the server.")


def check_account(me: dict, options: DoctorOptions) -> Check:
    """Account-level events (`--account`) reach only an admin."""
    admin = bool(((me.get("permissions") or {}).get("admin") or {}).get("enabled"))
    if admin:
        return Check.passed("account", "You are an admin: the --account view works.")
    if options.account_level:
        return Check.failed(
            "account",
            "You are not an account admin, so account-level call events never arrive.",
            "Leave out --account, or ask an admin to give your user the admin role.",
        )
    return Check.passed("account", "Not an admin: only your own calls (fine without --account).")


def check_clock(date_header: str | None, sent_at: float, received_at: float) -> Check:
    """This computer's clock against the server's `Date`."""
    if not date_header:
        return Check.passed("clock", "The server sent no Date; not compared.")
    try:
        server_time = parsedate_to_datetime(date_header).timestamp()
    except (TypeError, ValueError):
        return Check.passed("clock", "The server's Date could not be read; not compared.")
    skew = (sent_at + received_at) / 2 - server_time
    if abs(skew) <= MAX_CLOCK_SKEW_S:
        return Check.passed("clock", f"Within {abs(skew):.0f} s of the server.")
    direction = "ahead of" if skew > 0 else "behind"
    return Check.failed(
        "clock",
        f"This computer's clock is {abs(skew):.0f} s {direction} the server's.",
        "Turn on automatic time (NTP) in your system settings.",
    )


async def run_checks(options: DoctorOptions, load_config: Callable[[], object]) -> list[Check]:
    """Every check, in order."""
    from tui.ringcentral.signin import target_server

    checks = [check_config(load_config)]
    try:
        server = target_server(options.server)
    except CalldeckError as exc:
        return [*checks, Check.failed("server", exc.message, "Fix --server or `server`.")]
    checks.append(await check_server(server))
    if not checks[-1].ok:
        because = "the server cannot be reached"
        return [*checks, _not_checked("sign-in", because, checks[-1].fix or "")]
    try:
        client = await sign_in(options.server)
    except (SignInRequired, CalldeckError) as exc:
        return [*checks, Check.failed("sign-in", exc.message, SIGN_IN_FIX)]
    async with client:
        sent_at = time.time()
        try:
            response = await client.request("GET", ME_PATH)
        except CalldeckError as exc:
            return [*checks, Check.failed("sign-in", exc.message, SIGN_IN_FIX)]
        received_at = time.time()
        me = response.json()
        who = me.get("name") or "extension"
        number = f" (ext {me['extensionNumber']})" if me.get("extensionNumber") else ""
        checks.append(
            Check.passed("sign-in", f"Signed in as {who}{number} on {server_label(client.server)}.")
        )
        tokens = client.keeper.tokens
        checks.extend(permission_checks(tokens.scope if tokens else None))
        devices, push = await asyncio.gather(check_devices(client), check_push(client, options))
        checks.extend([devices, push, check_account(me, options)])
        checks.append(check_clock(response.headers.get("Date"), sent_at, received_at))
    return checks
