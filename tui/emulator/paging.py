"""RingCentral list bodies: `records` plus `paging` and `navigation`, honouring page/perPage."""

from __future__ import annotations

from aiohttp import web

from tui.emulator.errors import api_error


class PagingError(Exception):
    """A page/perPage query value RingCentral would refuse."""

    def __init__(self, response: web.Response) -> None:
        super().__init__("bad paging")
        self.response = response


def _int_param(request: web.Request, name: str, default: int) -> int:
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= 1000:
        raise PagingError(api_error(400, "CMN-101", f"Parameter [{name}] value is invalid", name))
    return value


def paged(request: web.Request, uri: str, records: list[dict], default_per_page: int = 100) -> dict:
    """A list body for `records`; raises PagingError for bad page/perPage values."""
    page = _int_param(request, "page", 1)
    per_page = _int_param(request, "perPage", default_per_page)
    total = len(records)
    total_pages = max(1, -(-total // per_page))
    start = (page - 1) * per_page
    chunk = records[start : start + per_page]
    paging = {
        "page": page,
        "totalPages": total_pages,
        "perPage": per_page,
        "totalElements": total,
    }
    if chunk:
        paging["pageStart"] = start
        paging["pageEnd"] = start + len(chunk) - 1

    def link(number: int) -> dict:
        return {"uri": f"{uri}?page={number}&perPage={per_page}"}

    navigation = {"firstPage": link(1), "lastPage": link(total_pages)}
    if page > 1:
        navigation["previousPage"] = link(page - 1)
    if page < total_pages:
        navigation["nextPage"] = link(page + 1)
    return {
        "uri": f"{uri}?page={page}&perPage={per_page}",
        "records": chunk,
        "paging": paging,
        "navigation": navigation,
    }
