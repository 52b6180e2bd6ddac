"""The RingCentral event filters the live call feed subscribes to."""

from __future__ import annotations

_DETAILED = "?detailedTelephonyState=true&sipData=true"


def event_filters(*, account_level: bool = False) -> list[str]:
    """Telephony-session and detailed-presence filters, for my extension or the whole account."""
    if account_level:
        return [
            "/restapi/v1.0/account/~/telephony/sessions",
            f"/restapi/v1.0/account/~/presence{_DETAILED}",
        ]
    return [
        "/restapi/v1.0/account/~/extension/~/telephony/sessions",
        f"/restapi/v1.0/account/~/extension/~/presence{_DETAILED}",
    ]
