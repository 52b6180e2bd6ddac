"""Account data endpoints: extension info and list, devices, forwarding and flip numbers,
company directory. Presence lives with the calls (`presence.py`) because calls drive it.
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from tui.emulator import resources
from tui.emulator.devices import DeviceBook
from tui.emulator.directory import (
    ACCOUNT_ID,
    PARK_LOCATIONS,
    PEOPLE,
    USER,
    Person,
    person_by_id,
)
from tui.emulator.errors import api_error
from tui.emulator.paging import PagingError, paged

_ACCOUNT = "/restapi/v1.0/account/{accountId}"
_EXTENSION = _ACCOUNT + "/extension/{extensionId}"
SEARCH_FIELDS = (
    "firstName", "lastName", "extensionNumber", "phoneNumber", "email", "jobTitle", "department",
)  # fmt: skip


def not_found(what: str, parameter: str) -> web.Response:
    """404 CMN-102 naming the parameter that matched nothing."""
    return api_error(
        404, "CMN-102", f"Resource for parameter [{parameter}] is not found", parameter
    )


def check_account(request: web.Request) -> web.Response | None:
    """A 404 when the path names an account other than `~` or the demo account."""
    account = request.match_info.get("accountId", "~")
    if account in ("~", ACCOUNT_ID):
        return None
    return not_found("account", "accountId")


def resolve_extension(request: web.Request) -> str | None:
    """The extension id a path means (`~` is the signed-in user)."""
    raw = request.match_info.get("extensionId", "~")
    return USER.id if raw == "~" else raw


def person_in_path(request: web.Request) -> Person | web.Response:
    """The colleague the path's account and extension name, or the 404 to answer with."""
    problem = check_account(request)
    if problem is not None:
        return problem
    person = person_by_id(resolve_extension(request) or "")
    return person if person is not None else not_found("extension", "extensionId")


async def person_and_body(request: web.Request) -> tuple[Person, object] | web.Response:
    """The colleague the path names and the request's JSON body, or the error to answer with."""
    person = person_in_path(request)
    if isinstance(person, web.Response):
        return person
    try:
        return person, await request.json()
    except ValueError:
        return api_error(400, "CMN-103", "JSON can't be parsed")


class AccountEndpoints:
    """Handlers for the account data of the demo company."""

    def __init__(self, base_url: Callable[[], str], devices: DeviceBook | None = None) -> None:
        self.base_url = base_url
        self.device_book = devices or DeviceBook()

    def add_routes(self, app: web.Application) -> None:
        """Register the account data routes on `app`."""
        add = app.router.add_route
        add("GET", _EXTENSION, self.extension_info)
        add("GET", _ACCOUNT + "/extension", self.extension_list)
        add("GET", _EXTENSION + "/device", self.devices)
        add("GET", _EXTENSION + "/forwarding-number", self.forwarding_numbers)
        add("GET", _EXTENSION + "/forwarding-number/{forwardingNumberId}", self.forwarding_number)
        add(
            "GET",
            "/restapi/v2/accounts/{accountId}/extensions/{extensionId}/call-flip-numbers",
            self.call_flip_numbers,
        )
        add("GET", _ACCOUNT + "/directory/entries", self.directory_entries)
        add("POST", _ACCOUNT + "/directory/entries/search", self.directory_search)
        add("GET", _ACCOUNT + "/directory/entries/{entryId}", self.directory_entry)

    def _own_extension(self, request: web.Request) -> web.Response | None:
        """404s for a foreign account or an extension other than the caller's."""
        problem = check_account(request)
        if problem is not None:
            return problem
        if resolve_extension(request) != USER.id:
            return not_found("extension", "extensionId")
        return None

    async def extension_info(self, request: web.Request) -> web.Response:
        """GET extension info (the caller's, or a colleague's by id)."""
        person = person_in_path(request)
        if isinstance(person, web.Response):
            return person
        return web.json_response(resources.extension_info(self.base_url(), person))

    async def extension_list(self, request: web.Request) -> web.Response:
        """GET the account's extensions, filtered by extensionNumber/email/type if given."""
        problem = check_account(request)
        if problem is not None:
            return problem
        base = self.base_url()
        records = [resources.extension_summary(base, p) for p in PEOPLE]
        records += [resources.park_location_summary(base, p) for p in PARK_LOCATIONS]
        query = request.query
        if "extensionNumber" in query:
            records = [r for r in records if r["extensionNumber"] == query["extensionNumber"]]
        if "email" in query:
            wanted = query["email"].lower()
            records = [r for r in records if r.get("contact", {}).get("email") == wanted]
        types = query.getall("type", [])
        if types:
            records = [r for r in records if r["type"] in types]
        return self._paged(request, f"{resources.account_uri(base)}/extension", records)

    def _paged(self, request: web.Request, uri: str, records: list[dict]) -> web.Response:
        try:
            return web.json_response(paged(request, uri, records))
        except PagingError as error:
            return error.response

    async def devices(self, request: web.Request) -> web.Response:
        """GET the caller's devices (types and Online/Offline as the device book has them)."""
        problem = self._own_extension(request)
        if problem is not None:
            return problem
        base = self.base_url()
        uri = f"{resources.extension_uri(base, USER.id)}/device"
        book = self.device_book
        statuses = {device_id: book.status(device_id) for device_id in book.online}
        return self._paged(request, uri, resources.devices(base, statuses))

    async def forwarding_numbers(self, request: web.Request) -> web.Response:
        """GET the caller's forwarding numbers (the call-flip targets)."""
        problem = self._own_extension(request)
        if problem is not None:
            return problem
        base = self.base_url()
        records = [resources.forwarding_number(base, t) for t in resources.flip_targets()]
        uri = f"{resources.extension_uri(base, USER.id)}/forwarding-number"
        return self._paged(request, uri, records)

    async def forwarding_number(self, request: web.Request) -> web.Response:
        """GET one forwarding number by id."""
        problem = self._own_extension(request)
        if problem is not None:
            return problem
        wanted = request.match_info["forwardingNumberId"]
        for target in resources.flip_targets():
            if target.id == wanted:
                return web.json_response(resources.forwarding_number(self.base_url(), target))
        return not_found("forwarding number", "forwardingNumberId")

    async def call_flip_numbers(self, request: web.Request) -> web.Response:
        """GET v2 call-flip-numbers."""
        problem = self._own_extension(request)
        if problem is not None:
            return problem
        records = [resources.call_flip_number(t) for t in resources.flip_targets()]
        return web.json_response({"records": records})

    async def directory_entries(self, request: web.Request) -> web.Response:
        """GET the company directory."""
        problem = check_account(request)
        if problem is not None:
            return problem
        base = self.base_url()
        records = resources.all_contacts(base)
        if "type" in request.query:
            records = [r for r in records if r["type"] == request.query["type"]]
        try:
            body = paged(request, f"{resources.account_uri(base)}/directory/entries", records)
        except PagingError as error:
            return error.response
        return web.json_response({"paging": body["paging"], "records": body["records"]})

    async def directory_entry(self, request: web.Request) -> web.Response:
        """GET one directory entry by id."""
        problem = check_account(request)
        if problem is not None:
            return problem
        wanted = request.match_info["entryId"]
        for record in resources.all_contacts(self.base_url()):
            if record["id"] == wanted:
                return web.json_response(record)
        return not_found("directory entry", "entryId")

    async def directory_search(self, request: web.Request) -> web.Response:
        """POST directory search: case-insensitive substring match over the search fields."""
        problem = check_account(request)
        if problem is not None:
            return problem
        try:
            body = await request.json()
        except ValueError:
            return api_error(400, "CMN-103", "JSON can't be parsed")
        if not isinstance(body, dict):
            return api_error(400, "CMN-101", "Request body must be an object", "body")
        text = body.get("searchString", "")
        fields = body.get("searchFields") or list(SEARCH_FIELDS)
        if not isinstance(text, str):
            return api_error(400, "CMN-101", "Parameter [searchString] is invalid", "searchString")
        if not isinstance(fields, list) or any(f not in SEARCH_FIELDS for f in fields):
            return api_error(400, "CMN-101", "Parameter [searchFields] is invalid", "searchFields")
        types = body.get("extensionTypes") or (
            [body["extensionType"]] if body.get("extensionType") else []
        )
        records = [
            r
            for r in resources.all_contacts(self.base_url())
            if (not types or r["type"] in types) and _matches(r, text.lower(), fields)
        ]
        page = body.get("page", 1)
        per_page = body.get("perPage", 100)
        if not (
            isinstance(page, int) and isinstance(per_page, int) and page >= 1 and per_page >= 1
        ):
            return api_error(400, "CMN-101", "Parameter [perPage] is invalid", "perPage")
        chunk = records[(page - 1) * per_page : page * per_page]
        paging = {
            "page": page,
            "perPage": per_page,
            "totalPages": max(1, -(-len(records) // per_page)),
            "totalElements": len(records),
        }
        return web.json_response({"paging": paging, "records": chunk})


def _matches(record: dict, text: str, fields: list[str]) -> bool:
    if not text:
        return True
    for field in fields:
        if field == "phoneNumber":
            values = [n["phoneNumber"] for n in record.get("phoneNumbers", [])]
        else:
            values = [record.get(field) or ""]
        if any(text in str(v).lower() for v in values):
            return True
    return False
