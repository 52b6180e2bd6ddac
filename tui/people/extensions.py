"""The account's extensions by id, read once for the account view's "Extension" column.

The account view shows whose call it is as "101 Ada Lovelace"; the call events carry only
the owner's extension id. `GET /restapi/v1.0/account/~/extension` (Medium group) lists every
extension, a page at a time, through the one client; the labels are kept for the session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.ringcentral.client import RingCentralClient

EXTENSIONS = "/restapi/v1.0/account/~/extension"
PER_PAGE = 1000
# An account of 50,000 extensions is 50 pages; more is a server that never says "last page".
MAX_PAGES = 50


def extension_label(record: dict[str, Any]) -> str:
    """ "101 Ada Lovelace": the extension number and name (raw network text: clean it to show)."""
    number = str(record.get("extensionNumber") or "").strip()
    name = str(record.get("name") or "").strip()
    return " ".join(part for part in (number, name) if part)


async def read_extension_labels(client: RingCentralClient) -> dict[str, str]:
    """Every extension's label by extension id, all pages (at most MAX_PAGES requests)."""
    labels: dict[str, str] = {}
    for page in range(1, MAX_PAGES + 1):
        body = await client.get_json(EXTENSIONS, {"perPage": str(PER_PAGE), "page": str(page)})
        for record in body.get("records") or []:
            label = extension_label(record) if isinstance(record, dict) else ""
            if label and record.get("id") is not None:
                labels[str(record["id"])] = label
        paging = body.get("paging") or {}
        total = paging.get("totalPages")
        if not (body.get("navigation") or {}).get("nextPage") or (
            isinstance(total, int) and page >= total
        ):
            break
    return labels
