"""Log files only their owner can read: the folder 0700, every file 0600.

Logs hold caller names and numbers, so they are private like the token file. The handlers
create each file (the first and every file a rotation starts) with mode 0600 whatever the
umask, and tighten a folder or file an older calldeck left readable by others.

Stdlib only: the CLI's pure packages use it too.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path
from typing import IO

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> None:
    """Create `path` (and parents) and make it 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if path.stat().st_mode & 0o777 != DIR_MODE:
        path.chmod(DIR_MODE)


def _open_private(filename: str, mode: str, encoding: str | None, errors: str | None) -> IO[str]:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = os.open(filename, flags, FILE_MODE)
    os.fchmod(fd, FILE_MODE)  # an existing file keeps its mode on open: tighten it
    return open(fd, mode, encoding=encoding, errors=errors)


class PrivateFileHandler(logging.FileHandler):
    """A `FileHandler` whose file is 0600 in a 0700 folder."""

    def __init__(self, path: Path, encoding: str = "utf-8") -> None:
        private_dir(path.parent)
        super().__init__(path, encoding=encoding)

    def _open(self) -> IO[str]:
        return _open_private(self.baseFilename, self.mode, self.encoding, self.errors)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A `RotatingFileHandler` whose files (current and rotated) are 0600 in a 0700 folder."""

    def __init__(self, path: Path, max_bytes: int, backups: int, encoding: str = "utf-8") -> None:
        private_dir(path.parent)
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding=encoding)

    def _open(self) -> IO[str]:
        return _open_private(self.baseFilename, self.mode, self.encoding, self.errors)
