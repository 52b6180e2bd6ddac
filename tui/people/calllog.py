"""RingCentral's call log for the extension, as History and `calldeck log` show it.

`CallLogBook` holds the records (newest first), the sync token of the last sync and which
missed calls the person has seen; it is saved as JSON in the data dir so History opens at
once next time and the next start syncs incrementally (ISync) instead of from scratch.
A broken or foreign cache file is set aside, never fatal: the next sync is a full one.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

CACHE_VERSION = 1
KEEP_DAYS = 30
MAX_RECORDS = 2000


def parse_time(raw: object) -> datetime | None:
    """An ISO 8601 time from RingCentral (`...Z`), or None."""
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _end(info: object) -> dict[str, str]:
    if not isinstance(info, dict):
        return {}
    return {k: str(info[k]) for k in ("phoneNumber", "name", "extensionNumber") if info.get(k)}


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One call log record, reduced to what calldeck shows."""

    id: str
    start_time: str
    direction: str
    from_: dict[str, str]
    to: dict[str, str]
    result: str
    duration: int
    session: str = ""
    """The telephony session (RingCentral's `telephonySessionId`), to match live calls."""

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> LogEntry | None:
        """A CallLogRecord (or a cached entry) as an entry; None when it is unusable."""
        if not isinstance(record, dict) or not record.get("id"):
            return None
        if parse_time(record.get("startTime")) is None:
            return None
        duration = record.get("duration")
        return cls(
            id=str(record["id"]),
            start_time=str(record["startTime"]),
            direction=str(record.get("direction") or ""),
            from_=_end(record.get("from")),
            to=_end(record.get("to")),
            result=str(record.get("result") or "Unknown"),
            duration=duration if isinstance(duration, int) and duration >= 0 else 0,
            session=str(record.get("telephonySessionId") or ""),
        )

    @property
    def started(self) -> datetime:
        """When the call started."""
        moment = parse_time(self.start_time)
        assert moment is not None  # checked in from_record
        return moment

    @property
    def missed(self) -> bool:
        """An inbound call nobody took."""
        return self.result == "Missed"

    @property
    def other(self) -> dict[str, str]:
        """The other end: the caller of an inbound call, the callee of an outbound one."""
        return self.from_ if self.direction == "Inbound" else self.to

    @property
    def callback_number(self) -> str:
        """The number to call back (the other end's phone or extension number)."""
        return self.other.get("phoneNumber") or self.other.get("extensionNumber") or ""

    def matches(self, text: str) -> bool:
        """True when `text` (lower-cased) is in the other end's name or number."""
        if not text:
            return True
        other = self.other
        haystack = " ".join(other.get(k, "") for k in ("name", "phoneNumber", "extensionNumber"))
        return text in haystack.lower()

    def to_json(self) -> dict[str, Any]:
        """`calldeck log --json`: id, startTime, direction, from, to, result, duration."""
        return {
            "id": self.id,
            "startTime": self.start_time,
            "direction": self.direction,
            "from": dict(self.from_),
            "to": dict(self.to),
            "result": self.result,
            "duration": self.duration,
        }


class CallLogBook:
    """The extension's call log: entries, the sync token and the missed calls seen."""

    def __init__(self, owner: str = "") -> None:
        self.owner = owner
        """`server extensionId`: a cache of another sign-in is never shown."""
        self.entries: dict[str, LogEntry] = {}
        self.sync_token: str | None = None
        self.seen_until: str | None = None

    def merge(self, records: list[Any]) -> list[LogEntry]:
        """Add or replace records; returns the new or changed entries."""
        changed = []
        for record in records:
            entry = LogEntry.from_record(record)
            if entry is not None and self.entries.get(entry.id) != entry:
                self.entries[entry.id] = entry
                changed.append(entry)
        self._trim()
        return changed

    def _trim(self) -> None:
        ordered = self.newest_first()
        cutoff = datetime.now(UTC) - timedelta(days=KEEP_DAYS)
        keep = [e for e in ordered[:MAX_RECORDS] if e.started >= cutoff]
        if len(keep) != len(self.entries):
            self.entries = {e.id: e for e in keep}

    def newest_first(self) -> list[LogEntry]:
        """Every entry, newest call first."""
        return sorted(self.entries.values(), key=lambda e: e.started, reverse=True)

    def select(
        self, *, text: str = "", missed: bool = False, since: datetime | None = None
    ) -> list[LogEntry]:
        """Entries matching a filter text, missed only, and/or since a moment; newest first."""
        wanted = text.strip().lower()
        return [
            e
            for e in self.newest_first()
            if e.matches(wanted)
            and (not missed or e.missed)
            and (since is None or e.started >= since)
        ]

    def unseen_missed(self) -> int:
        """Missed calls newer than the last time the person looked at History."""
        seen = parse_time(self.seen_until)
        return sum(
            1 for e in self.entries.values() if e.missed and (seen is None or e.started > seen)
        )

    def mark_seen(self) -> None:
        """The person looked at History: every missed call so far is seen."""
        newest = self.newest_first()
        if newest:
            self.seen_until = newest[0].start_time

    # ----- the cache file ---------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """What the cache file holds."""
        return {
            "version": CACHE_VERSION,
            "owner": self.owner,
            "syncToken": self.sync_token,
            "seenUntil": self.seen_until,
            "records": [
                {**e.to_json(), "telephonySessionId": e.session} for e in self.newest_first()
            ],
        }

    def save(self, path: Path) -> None:
        """Write the cache atomically (0600: the call log is personal)."""
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(self.to_json(), handle)
        os.replace(temporary, path)

    @classmethod
    def load(cls, path: Path, owner: str) -> CallLogBook:
        """The cached book for `owner`, or an empty one (missing, broken or someone else's)."""
        book = cls(owner)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return book
        except (OSError, ValueError) as error:
            log.warning("call log cache unreadable (%s); a full sync follows", type(error).__name__)
            return book
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return book
        if data.get("owner") != owner:
            return book
        records = data.get("records")
        book.merge(records if isinstance(records, list) else [])
        token, seen = data.get("syncToken"), data.get("seenUntil")
        book.sync_token = token if isinstance(token, str) and book.entries else None
        book.seen_until = seen if isinstance(seen, str) else None
        return book


def parse_duration(text: str) -> timedelta:
    """`30m`, `12h`, `7d`, `2w` (or plain seconds) as a timedelta; ValueError otherwise."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
    raw = text.strip().lower()
    unit = raw[-1:] if raw[-1:] in units else "s"
    number = raw[:-1] if raw[-1:] in units else raw
    if not number.isdigit() or int(number) <= 0:
        raise ValueError(f"{text!r} is not a duration like 30m, 12h, 7d or 2w")
    return timedelta(seconds=int(number) * units[unit])
