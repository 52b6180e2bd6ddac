"""Where calldeck keeps its files (platformdirs), overridable for tests.

`CALLDECK_HOME` puts config, data and logs under one folder: tests and the demo use it
so they never touch a person's real sign-in.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "calldeck"


def _home_override() -> Path | None:
    home = os.environ.get("CALLDECK_HOME")
    return Path(home) if home else None


def config_dir() -> Path:
    """Folder of `config.toml`."""
    if home := _home_override():
        return home / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Folder of the token file (when no keyring) and other state."""
    if home := _home_override():
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """Folder of calldeck's log files."""
    if home := _home_override():
        return home / "log"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    """The TOML settings file."""
    return config_dir() / "config.toml"


def token_file() -> Path:
    """The 0600 JSON token file used when no OS keyring backend is usable."""
    return data_dir() / "tokens.json"


def log_file() -> Path:
    """The log file of the current user."""
    return log_dir() / "calldeck.log"
