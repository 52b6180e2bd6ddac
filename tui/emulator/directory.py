"""The demo company: one account, a dozen people, park locations, devices, flip numbers.

Everything here is fixed data, so every emulator run (and every screenshot) shows the
same company. Shapes follow the real payloads in `../shared/ringcentral/fixtures/`.
"""

from __future__ import annotations

from dataclasses import dataclass

ACCOUNT_ID = "809646016"
MAIN_NUMBER = "+16505550100"


@dataclass(frozen=True, slots=True)
class Person:
    """One User extension of the demo company."""

    id: str
    extension_number: str
    first_name: str
    last_name: str
    department: str
    job_title: str
    direct_number: str

    @property
    def name(self) -> str:
        """Display name, as RingCentral shows it."""
        return f"{self.first_name} {self.last_name}"

    @property
    def email(self) -> str:
        """Work email address."""
        return f"{self.first_name.lower()}.{self.last_name.lower()}@northwind-dental.example"


@dataclass(frozen=True, slots=True)
class ParkLocation:
    """A park location extension (calls parked here are picked up by its members)."""

    id: str
    extension_number: str
    name: str


@dataclass(frozen=True, slots=True)
class FlipTarget:
    """A forwarding number that can be used for call flip."""

    id: str
    phone_number: str
    label: str
    type: str
    flip_number: str
    features: tuple[str, ...]


# The signed-in user comes first; the rest are colleagues.
PEOPLE: tuple[Person, ...] = (
    Person(
        "62264425016", "101", "Jordan", "Reyes", "Front Office", "Office Manager", "+16505550101"
    ),
    Person(
        "62264426016", "102", "Priya", "Natarajan", "Front Office", "Receptionist", "+16505550102"
    ),
    Person("62264427016", "103", "Marcus", "Oyelaran", "Clinical", "Dentist", "+16505550103"),
    Person(
        "62264428016", "104", "Helen", "Fischer", "Clinical", "Dental Hygienist", "+16505550104"
    ),
    Person("62264429016", "105", "Tomás", "Aguilar", "Clinical", "Orthodontist", "+16505550105"),
    Person("62264430016", "106", "Grace", "Kim", "Billing", "Billing Specialist", "+16505550106"),
    Person(
        "62264431016", "107", "Samuel", "Okafor", "Billing", "Insurance Coordinator", "+16505550107"
    ),
    Person(
        "62264432016", "108", "Lena", "Holmberg", "Clinical", "Dental Assistant", "+16505550108"
    ),
    Person("62264433016", "109", "Diego", "Martins", "IT", "Systems Administrator", "+16505550109"),
    Person(
        "62264434016",
        "110",
        "Aisha",
        "Rahman",
        "Front Office",
        "Scheduling Coordinator",
        "+16505550110",
    ),
    Person(
        "62264435016", "111", "Oliver", "Brandt", "Management", "Practice Owner", "+16505550111"
    ),
    Person("62264436016", "112", "Mei", "Tanaka", "Clinical", "Oral Surgeon", "+16505550112"),
)

USER = PEOPLE[0]

PARK_LOCATIONS: tuple[ParkLocation, ...] = (
    ParkLocation("62264440016", "801", "Front Desk Park"),
    ParkLocation("62264441016", "802", "Clinic Park"),
)

FLIP_TARGETS: tuple[FlipTarget, ...] = (
    FlipTarget("71420001016", "+16505550101", "Desk phone", "PhoneLine", "1", ("CallFlip",)),
    FlipTarget(
        "71420002016", "+14155550177", "Mobile", "Mobile", "2", ("CallForwarding", "CallFlip")
    ),
    FlipTarget("71420003016", "+14155550188", "Home", "Home", "3", ("CallForwarding", "CallFlip")),
)

DESK_PHONE_ID = "805412016"
SOFTPHONE_ID = "805413016"


@dataclass(frozen=True, slots=True)
class DemoDevice:
    """One of the signed-in user's devices as the demo starts (status can change later)."""

    id: str
    type: str
    name: str
    online: bool


# The spec's DeviceResource.type has no "MobileApp": RingCentral's mobile app registers a
# WebRTC endpoint, so the demo's phone app is a WebRTC device (call-out refuses WebRTC and
# mobile clients, spec L18224). The WebPhone is a browser softphone (Embeddable).
DEVICES: tuple[DemoDevice, ...] = (
    DemoDevice(DESK_PHONE_ID, "HardPhone", "Desk phone (Polycom VVX 450)", True),
    DemoDevice(SOFTPHONE_ID, "SoftPhone", "RingCentral for Desktop", True),
    DemoDevice("805414016", "SoftPhone", "Laptop softphone", False),
    DemoDevice("805415016", "WebPhone", "Browser phone (Embeddable)", True),
    DemoDevice("805416016", "WebRTC", "iPhone (RingCentral mobile app)", True),
)
MOBILE_APP_ID = "805416016"


def person_by_id(extension_id: str) -> Person | None:
    """The colleague with this extension id, if any."""
    return next((p for p in PEOPLE if p.id == extension_id), None)


def person_by_number(extension_number: str) -> Person | None:
    """The colleague with this extension number, if any."""
    return next((p for p in PEOPLE if p.extension_number == extension_number), None)


def person_by_phone(phone_number: str) -> Person | None:
    """The colleague whose direct number this is, if any."""
    return next((p for p in PEOPLE if p.direct_number == phone_number), None)


@dataclass(frozen=True, slots=True)
class CallQueue:
    """A call queue (Department extension) and the people who answer its calls."""

    id: str
    extension_number: str
    name: str
    member_ids: tuple[str, ...]


CALL_QUEUES: tuple[CallQueue, ...] = (
    CallQueue(
        "62264450016",
        "901",
        "Front Desk Queue",
        (PEOPLE[0].id, PEOPLE[1].id, PEOPLE[9].id),
    ),
    CallQueue("62264451016", "902", "Billing Queue", (PEOPLE[0].id, PEOPLE[5].id, PEOPLE[6].id)),
)

# The signed-in user's favorites: the colleagues they hand calls to most.
FAVORITE_IDS: tuple[str, ...] = (
    PEOPLE[1].id,
    PEOPLE[2].id,
    PEOPLE[5].id,
    PEOPLE[9].id,
    PEOPLE[8].id,
)


def queues_of(extension_id: str) -> list[CallQueue]:
    """The call queues this extension is a member of."""
    return [queue for queue in CALL_QUEUES if extension_id in queue.member_ids]
