"""`call-log` and `call-log-sync` of an extension (both in RingCentral's Heavy group), and the
control API's `POST /_emulator/call-log` that writes a record as if a call had happened.

call-log: `dateFrom` (default `dateTo` minus 24 h), `dateTo`, `direction`, `view`
(Simple|Detailed), `page`, `perPage`; newest first. call-log-sync: `FSync` needs
`recordCount` and takes `dateFrom` (at most 30 days back); `ISync` needs the `syncToken` of the
previous sync and returns what was written since. Sync tokens name a position in the log.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from aiohttp import web

from tui.emulator import resources
from tui.emulator.account import person_in_path
from tui.emulator.calllog import CallLog, CallRecord, new_record_id
from tui.emulator.clock import iso
from tui.emulator.directory import PEOPLE, USER, person_by_id
from tui.emulator.errors import api_error
from tui.emulator.paging import PagingError, paged
from tui.emulator.scenarios import CALLERS

_EXTENSION = "/restapi/v1.0/account/{accountId}/extension/{extensionId}"
ISYNC_MAX_RECORDS = 250
SYNC_DAYS = 30
RESULTS = ("Missed", "Voicemail", "Accepted", "Rejected", "Call connected", "No Answer")


class BadQuery(Exception):
    """A query value RingCentral refuses (400 CMN-101)."""

    def __init__(self, name: str, why: str = "value is invalid") -> None:
        super().__init__(name)
        self.response = api_error(400, "CMN-101", f"Parameter [{name}] {why}", name)


def _date(request: web.Request, name: str) -> datetime | None:
    raw = request.query.get(name)
    if raw is None:
        return None
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise BadQuery(name) from None


def _view(request: web.Request) -> bool:
    view = request.query.get("view", "Simple")
    if view not in ("Simple", "Detailed"):
        raise BadQuery("view")
    return view == "Detailed"


def sync_token(sequence: int) -> str:
    """An opaque token for a position in the call log."""
    return base64.urlsafe_b64encode(f"calllog:{sequence}".encode()).decode().rstrip("=")


def _token_position(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        prefix, _, number = text.partition(":")
        if prefix != "calllog":
            raise ValueError(token)
        return int(number)
    except ValueError:
        raise BadQuery("syncToken") from None


class CallLogEndpoints:
    """Handlers for the call log over a `CallLog`."""

    def __init__(self, log: CallLog, base_url: Callable[[], str]) -> None:
        self.log = log
        self.base_url = base_url

    def add_routes(self, app: web.Application) -> None:
        """Register the call log routes on `app`."""
        app.router.add_get(_EXTENSION + "/call-log", self.call_log)
        app.router.add_get(_EXTENSION + "/call-log-sync", self.call_log_sync)
        app.router.add_post("/_emulator/call-log", self.control_add)

    async def call_log(self, request: web.Request) -> web.Response:
        """GET the extension's call log records."""
        person = person_in_path(request)
        if isinstance(person, web.Response):
            return person
        try:
            detailed = _view(request)
            date_to = _date(request, "dateTo") or self.log.clock.now()
            date_from = _date(request, "dateFrom") or date_to - timedelta(hours=24)
            direction = request.query.get("direction")
            if direction not in (None, "Inbound", "Outbound"):
                raise BadQuery("direction")
        except BadQuery as error:
            return error.response
        base = self.base_url()
        records = [
            r.to_json(base, detailed=detailed)
            for r in self.log.of(person.id)
            if date_from <= r.start <= date_to and direction in (None, r.direction)
        ]
        uri = f"{resources.extension_uri(base, person.id)}/call-log"
        try:
            return web.json_response(paged(request, uri, records))
        except PagingError as error:
            return error.response

    async def call_log_sync(self, request: web.Request) -> web.Response:
        """GET call-log-sync: FSync (recent records) or ISync (what changed since a token)."""
        person = person_in_path(request)
        if isinstance(person, web.Response):
            return person
        try:
            body = self._sync(person.id, request)
        except BadQuery as error:
            return error.response
        return web.json_response(body)

    def _sync(self, extension_id: str, request: web.Request) -> dict:
        query = request.query
        sync_type = query.get("syncType", "FSync")
        if sync_type not in ("FSync", "ISync"):
            raise BadQuery("syncType")
        detailed = _view(request)
        missed_only = query.getall("statusGroup", ["All"]) == ["Missed"]
        records = self.log.of(extension_id)
        if sync_type == "FSync":
            count = _record_count(query.get("recordCount"), required=True)
            now = self.log.clock.now()
            since = _date(request, "dateFrom") or now - timedelta(days=SYNC_DAYS)
            if since < now - timedelta(days=SYNC_DAYS, minutes=1):
                raise BadQuery("dateFrom", "is more than 30 days in the past")
            chosen = [r for r in records if r.start >= since][:count]
        else:
            token = query.get("syncToken")
            if not token:
                raise BadQuery("syncToken", "is required for ISync")
            position = _token_position(token)
            chosen = [r for r in records if r.sequence > position][:ISYNC_MAX_RECORDS]
        if missed_only:
            chosen = [r for r in chosen if r.result == "Missed"]
        base = self.base_url()
        return {
            "uri": f"{resources.extension_uri(base, extension_id)}/call-log-sync",
            "records": [r.to_json(base, detailed=detailed) for r in chosen],
            "syncInfo": {
                "syncType": sync_type,
                "syncToken": sync_token(self.log.sequence),
                "syncTime": iso(self.log.clock.now()),
            },
        }

    async def control_add(self, request: web.Request) -> web.Response:
        """Control API: write a call log record (a call that happened before calldeck ran)."""
        try:
            body = await request.json()
            record = record_from_body(body)
        except ValueError as error:
            return api_error(400, "CMN-101", str(error) or "JSON can't be parsed", "body")
        self.log.add(record)
        return web.json_response(record.to_json(self.base_url(), detailed=True), status=201)


def record_from_body(body: object) -> CallRecord:
    """A call log record from the control API's body; ValueError for a bad one."""
    if not isinstance(body, dict):
        raise ValueError("Request body must be a JSON object")
    person = person_by_id(str(body.get("extensionId", USER.id)))
    direction = body.get("direction", "Inbound")
    result = body.get("result", "Accepted")
    if person is None or direction not in ("Inbound", "Outbound") or result not in RESULTS:
        raise ValueError("extensionId, direction or result is invalid")
    start = datetime.fromisoformat(str(body.get("startTime")).replace("Z", "+00:00"))
    duration = body.get("duration", 0)
    if not isinstance(duration, int) or duration < 0:
        raise ValueError("duration must be a non-negative integer")
    me = {"phoneNumber": person.direct_number, "name": person.name, "extensionId": person.id}
    other = {"phoneNumber": str(body.get("number", "+14155550142"))}
    if body.get("name"):
        other["name"] = str(body["name"])
    caller, callee = (other, me) if direction == "Inbound" else (me, other)
    return CallRecord(
        id=new_record_id(),
        extension_id=person.id,
        session_id=str(random.randrange(10**11, 10**12)),
        telephony_session_id=f"s-{new_record_id()}",
        party_id=f"p-{new_record_id()}-2",
        start=start,
        duration=duration,
        direction=direction,
        result=result,
        from_=caller,
        to=callee,
    )


def _record_count(raw: str | None, *, required: bool) -> int:
    if raw is None:
        if required:
            raise BadQuery("recordCount", "is required for FSync")
        return ISYNC_MAX_RECORDS
    try:
        count = int(raw)
    except ValueError:
        raise BadQuery("recordCount") from None
    if count < 1:
        raise BadQuery("recordCount")
    return count


def seed_demo_history(log: CallLog, now: datetime, seed: int = 7) -> None:
    """A believable week of calls for the demo person: answered, missed, voicemail, outbound."""
    rng = random.Random(seed)
    colleagues = PEOPLE[1:]
    for index in range(18):
        start = now - timedelta(hours=3 + index * 9 + rng.uniform(0, 4))
        number, name = rng.choice(CALLERS)
        if index % 5 == 4:
            peer = rng.choice(colleagues)
            number, name = peer.direct_number, peer.name
        direction = "Outbound" if index % 4 == 3 else "Inbound"
        if direction == "Inbound":
            result = rng.choices(("Accepted", "Missed", "Voicemail"), weights=(6, 3, 1))[0]
        else:
            result = rng.choices(("Call connected", "No Answer"), weights=(5, 1))[0]
        talked = result in ("Accepted", "Call connected")
        record = record_from_body(
            {
                "direction": direction,
                "result": result,
                "number": number,
                "name": name,
                "startTime": iso(start),
                "duration": rng.randint(40, 900) if talked else rng.randint(5, 30),
            }
        )
        log.add(record)
