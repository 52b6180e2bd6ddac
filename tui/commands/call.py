"""`calldeck call NUMBER_OR_EXTENSION [--device ID_OR_NAME] [--ringout-from NUMBER] [--json]`.

Places one call headlessly and exits 0 once RingCentral accepted it: call-out from the phone
named by --device (else config `device`, else the only or first eligible desk phone or
softphone), or RingOut (ringing --ringout-from, else config `ring_me_at`, else the person's
mobile forwarding number) when
asked or when no phone can ring. A bad number or a refused phone: one line, exit non-zero,
no call request sent.
"""

from __future__ import annotations

import argparse
import json

from tui.commands.devices import with_settings
from tui.config import Settings
from tui.ringcentral.callcontrol import CallControl
from tui.ringcentral.cli_support import fail
from tui.ringcentral.dialing import dial_target, place_call, plan_call
from tui.ringcentral.signin import sign_in
from tui.safe_text import clean

EXIT_USAGE = 2


async def _call(args: argparse.Namespace, settings: Settings) -> int:
    async with await sign_in(args.server) as client:
        control = await CallControl.for_account(client)
        target = dial_target(args.target, control.home_country)
        plan = await plan_call(
            control,
            args.device or settings.device,
            args.ringout_from,
            usual_ring_me_at=settings.ring_me_at,
        )
        placed = await place_call(control, target, plan)
    if args.json:
        print(json.dumps(placed.to_json()))
    else:
        print(clean(f"Calling {target.describe()} {plan.describe()}."))
    return 0


def run(args: argparse.Namespace) -> int:
    """Place the call; print what RingCentral accepted (JSON with --json)."""
    if args.device and args.ringout_from:
        fail("use --device or --ringout-from, not both.")
        return EXIT_USAGE
    return with_settings(lambda settings: _call(args, settings))
