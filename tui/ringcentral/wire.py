"""When a request reaches the wire, for callers that paint only after sending.

Kept apart from `exchange` (which imports httpx) so the UI can set it without loading
the HTTP stack before its first frame.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

# Set (in its own task) by a caller that wants to know when its request is on the wire: the
# call controller paints "pending" only then, so that painting never delays the request.
REQUEST_WRITTEN: ContextVar[Callable[[], None] | None] = ContextVar("request_written", default=None)
