"""JSON shapes of the demo company's account data, modelled on the real fixtures."""

from __future__ import annotations

from tui.emulator.directory import (
    ACCOUNT_ID,
    DESK_PHONE_ID,
    DEVICES,
    FLIP_TARGETS,
    MAIN_NUMBER,
    PARK_LOCATIONS,
    PEOPLE,
    USER,
    DemoDevice,
    FlipTarget,
    ParkLocation,
    Person,
)

COMPANY = "Northwind Dental"
_FEATURES = (
    "CallForwarding", "CallPark", "CallParkLocations", "CallSwitch",
    "OnDemandCallRecording", "Presence", "Voicemail", "VoipCalling", "WebPhone", "RingOut", "TelephonySessions",
)  # fmt: skip


def account_uri(base: str) -> str:
    """`.../restapi/v1.0/account/{id}`."""
    return f"{base}/restapi/v1.0/account/{ACCOUNT_ID}"


def extension_uri(base: str, extension_id: str) -> str:
    """`.../account/{id}/extension/{extensionId}`."""
    return f"{account_uri(base)}/extension/{extension_id}"


def regional_settings(base: str) -> dict:
    """US home country, Pacific time, English: what the signed-in user has."""
    english = {"id": "1033", "name": "English (United States)", "localeCode": "en-US"}
    return {
        "timezone": {
            "uri": f"{base}/restapi/v1.0/dictionary/timezone/58",
            "id": "58",
            "name": "US/Pacific",
            "description": "Pacific Time (US & Canada)",
            "bias": "-480",
        },
        "homeCountry": {
            "uri": f"{base}/restapi/v1.0/dictionary/country/1",
            "id": "1",
            "name": "United States",
            "isoCode": "US",
            "callingCode": "1",
        },
        "language": english,
        "greetingLanguage": english,
        "formattingLocale": english,
        "timeFormat": "12h",
    }


def extension_info(base: str, person: Person) -> dict:
    """GetExtensionInfoResponse for one User extension."""
    return {
        "uri": extension_uri(base, person.id),
        "id": int(person.id),
        "extensionNumber": person.extension_number,
        "contact": {
            "firstName": person.first_name,
            "lastName": person.last_name,
            "company": COMPANY,
            "email": person.email,
            "businessPhone": person.direct_number,
            "department": person.department,
            "jobTitle": person.job_title,
            "emailAsLoginName": True,
        },
        "name": person.name,
        "type": "User",
        "status": "Enabled",
        "serviceFeatures": [{"featureName": name, "enabled": True} for name in _FEATURES],
        "regionalSettings": regional_settings(base),
        "setupWizardState": "Completed",
        "permissions": {
            "admin": {"enabled": person is USER},
            "internationalCalling": {"enabled": True},
        },
        "profileImage": {"uri": f"{extension_uri(base, person.id)}/profile-image"},
        "account": {"uri": account_uri(base), "id": ACCOUNT_ID},
        "hidden": False,
    }


def _listed(base: str, extension_id: str, number: str, name: str, kind: str) -> dict:
    """The fields every record of the extension list has."""
    return {
        "uri": extension_uri(base, extension_id),
        "id": int(extension_id),
        "extensionNumber": number,
        "name": name,
        "type": kind,
        "status": "Enabled",
        "account": {"uri": account_uri(base), "id": ACCOUNT_ID},
        "hidden": False,
    }


def extension_summary(base: str, person: Person) -> dict:
    """One User record of the extension list."""
    record = _listed(base, person.id, person.extension_number, person.name, "User")
    record["contact"] = {
        "firstName": person.first_name,
        "lastName": person.last_name,
        "company": COMPANY,
        "email": person.email,
        "department": person.department,
    }
    return record


def park_location_summary(base: str, park: ParkLocation) -> dict:
    """A ParkLocation extension as the extension list shows it."""
    return _listed(base, park.id, park.extension_number, park.name, "ParkLocation")


def device(base: str, demo: DemoDevice, status: str) -> dict:
    """DeviceResource of one of the signed-in user's devices."""
    return {
        "uri": f"{account_uri(base)}/device/{demo.id}",
        "id": demo.id,
        "type": demo.type,
        "sku": "HP-1" if demo.type == "HardPhone" else "DV-1",
        "name": demo.name,
        "status": status,
        "extension": {
            "uri": extension_uri(base, USER.id),
            "id": int(USER.id),
            "extensionNumber": USER.extension_number,
        },
        "phoneLines": [
            {
                "lineType": "Standalone",
                "phoneInfo": {
                    "id": 244136016,
                    "phoneNumber": USER.direct_number,
                    "paymentType": "Local",
                    "type": "VoiceFax",
                    "usageType": "DirectNumber",
                    "country": {
                        "uri": f"{base}/restapi/v1.0/dictionary/country/1",
                        "id": "1",
                        "name": "United States",
                    },
                },
            }
        ],
        "linePooling": "None",
    }


def devices(base: str, statuses: dict[str, str]) -> list[dict]:
    """The user's devices (desk phone, softphones, web phone, mobile app) with their status."""
    return [device(base, demo, statuses[demo.id]) for demo in DEVICES]


def forwarding_number(base: str, target: FlipTarget) -> dict:
    """ForwardingNumberInfo; `flipNumber` is what call flip dials."""
    record = {
        "uri": f"{extension_uri(base, USER.id)}/forwarding-number/{target.id}",
        "id": target.id,
        "phoneNumber": target.phone_number,
        "label": target.label,
        "features": list(target.features),
        "flipNumber": target.flip_number,
        "type": target.type,
    }
    if target.type == "PhoneLine":
        record["device"] = {"id": DESK_PHONE_ID}
    return record


def call_flip_number(target: FlipTarget) -> dict:
    """CallFlipNumberResource (v2 call-flip-numbers)."""
    kind = {"PhoneLine": "PhoneLine", "Mobile": "BusinessMobile"}.get(target.type, "External")
    return {
        "id": target.id,
        "phoneNumber": target.phone_number,
        "type": kind,
        "label": target.label,
        "flipNumber": target.flip_number,
    }


def contact(base: str, person: Person) -> dict:
    """ContactResource: one directory entry for a colleague."""
    return {
        "id": person.id,
        "type": "User",
        "status": "Enabled",
        "extensionNumber": person.extension_number,
        "name": person.name,
        "firstName": person.first_name,
        "lastName": person.last_name,
        "email": person.email,
        "jobTitle": person.job_title,
        "department": person.department,
        "phoneNumbers": [
            {"phoneNumber": person.direct_number, "type": "VoiceFax", "usageType": "DirectNumber"}
        ],
        "account": _company(),
    }


def park_contact(park: ParkLocation) -> dict:
    """ContactResource for a park location."""
    return {
        "id": park.id,
        "type": "ParkLocation",
        "status": "Enabled",
        "extensionNumber": park.extension_number,
        "name": park.name,
        "account": _company(),
    }


def _company() -> dict:
    """The `account` object of a directory entry (mainNumber is a phone number resource)."""
    return {
        "id": ACCOUNT_ID,
        "companyName": COMPANY,
        "mainNumber": {
            "phoneNumber": MAIN_NUMBER,
            "formattedPhoneNumber": "+1 (650) 555-0100",
            "type": "VoiceFax",
            "usageType": "MainCompanyNumber",
        },
    }


def all_contacts(base: str) -> list[dict]:
    """Every directory entry: people first, then park locations."""
    return [contact(base, p) for p in PEOPLE] + [park_contact(p) for p in PARK_LOCATIONS]


def flip_targets() -> tuple[FlipTarget, ...]:
    """The call-flip targets of the signed-in user."""
    return FLIP_TARGETS
