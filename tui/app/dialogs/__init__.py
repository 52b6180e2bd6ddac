"""The app's dialogs, each loaded the first time it is used.

`from tui.app import dialogs` then `dialogs.TransferDialog(...)`: a dialog's module (and the
Textual widgets it needs) is imported on first use, never before the first frame, as
Textual's own `textual.widgets` does. What dialogs return lives in `tui.app.choices`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.app.dialogs.choice import ChoiceDialog, ConfirmDialog, flip_choice
    from tui.app.dialogs.dialer import DialDialog
    from tui.app.dialogs.filter import FilterDialog
    from tui.app.dialogs.reply import ReplyDialog
    from tui.app.dialogs.transfer import ForwardDialog, TransferDialog

_MODULE_OF = {
    "ChoiceDialog": "choice",
    "ConfirmDialog": "choice",
    "flip_choice": "choice",
    "DialDialog": "dialer",
    "FilterDialog": "filter",
    "ReplyDialog": "reply",
    "ForwardDialog": "transfer",
    "TransferDialog": "transfer",
}

__all__ = [
    "ChoiceDialog",
    "ConfirmDialog",
    "DialDialog",
    "FilterDialog",
    "ForwardDialog",
    "ReplyDialog",
    "TransferDialog",
    "flip_choice",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
