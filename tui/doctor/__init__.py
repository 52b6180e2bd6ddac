"""`calldeck doctor`: what stands between this computer and a working calldeck, checked in
order, each with what is wrong and how to fix it.

Pure (no Textual): the command in `tui.commands.doctor` wires in the config loader.
"""

from tui.doctor.report import Check, exit_code, to_json

__all__ = ["Check", "exit_code", "to_json"]
