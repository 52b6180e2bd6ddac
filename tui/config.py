"""calldeck's settings: a TOML file at `tui.paths.config_file()`, validated strictly.

A broken file is the user's to fix, so every problem becomes one `ConfigError` line
naming the key and why; the CLI exits 2 with it. A missing file means defaults.

```toml
server = "production"            # production, sandbox or a URL
client_id = "..."                # your RingCentral app's client id
redirect_uri = "http://127.0.0.1:53135/callback"  # as registered for the app (`calldeck login`)
transport = "auto"               # auto, websocket or pubnub
voicemail_target = "..."         # extension id whose voicemail takes forwarded calls
flip_target = "*2"               # what `l` flips to
device = "Desk phone"            # id or name of the phone calldeck answers and dials on (`D`)
ring_me_at = "+14155550177"      # the number RingOut rings you at first (default: your mobile)
bell = true                      # ring the terminal bell on a new ringing call
desktop_notifications = false    # OSC 777 / OSC 9 desktop notification on a new ringing call
theme = "textual-dark"

[keymap]
"call.hold" = "ctrl+h"
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui import paths

TRANSPORTS = ("auto", "websocket", "pubnub")


class ConfigError(Exception):
    """The config file cannot be used; `str()` is one line naming the key and why."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Validated settings (defaults when the file or a key is missing)."""

    server: str | None = None
    """production, sandbox or a URL; None means whatever the sign-in saved."""
    client_id: str | None = None
    """RingCentral app client id used by `calldeck login`."""
    redirect_uri: str | None = None
    """The redirect URI registered for the app, if not calldeck's default (`calldeck login`)."""
    transport: str = "auto"
    """Push transport: auto, websocket or pubnub."""
    voicemail_target: str | None = None
    """Extension id whose voicemail receives calls sent to voicemail (default: your own)."""
    flip_target: str = "*2"
    """Call flip target used by `l` (RingCentral's default is *2)."""
    device: str | None = None
    """Id or name of the phone to answer and dial on (else the only one that can, else ask)."""
    ring_me_at: str | None = None
    """The number RingOut rings first (else the mobile, else first, forwarding number)."""
    bell: bool = True
    """Ring the terminal bell when a new call starts ringing."""
    desktop_notifications: bool = False
    """Send an OSC 777/OSC 9 desktop notification for a new ringing call."""
    theme: str = "textual-dark"
    """Textual theme name."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Action id → key overrides (`call.hold = "ctrl+h"`)."""
    source: Path | None = None
    """The file these settings were read from (None for defaults)."""


_STRING_KEYS = (
    "server",
    "client_id",
    "redirect_uri",
    "voicemail_target",
    "flip_target",
    "device",
    "ring_me_at",
    "theme",
)
_BOOL_KEYS = ("bell", "desktop_notifications")
_KNOWN_KEYS = frozenset((*_STRING_KEYS, *_BOOL_KEYS, "transport", "keymap"))


def load_config(path: Path | None = None) -> Settings:
    """Read and validate the config file (`paths.config_file()` by default).

    Raises `ConfigError` with one line naming the bad key and why.
    """
    path = path or paths.config_file()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(not_utf8_message(path, exc)) from None
    import tomllib  # only with a file to read: most runs (and the demo) have none

    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    return parse_settings(data, source=path)


def not_utf8_message(path: Path, error: UnicodeDecodeError) -> str:
    """The one line for a config file in another encoding (TOML files are UTF-8)."""
    line = error.object[: error.start].count(b"\n") + 1
    return (
        f"{path}: line {line} is not UTF-8 text (byte 0x{error.object[error.start]:02x}); "
        "save the file as UTF-8"
    )


def parse_settings(data: dict[str, Any], *, source: Path | None = None) -> Settings:
    """Validate a decoded TOML table into `Settings`."""
    where = f"{source}: " if source else ""
    for key in data:
        if key not in _KNOWN_KEYS:
            raise ConfigError(
                f"{where}unknown key {key!r} (known: {', '.join(sorted(_KNOWN_KEYS))})"
            )
    values: dict[str, Any] = {}
    for key in _STRING_KEYS:
        if key in data:
            values[key] = _non_empty_string(data[key], key, where)
    for key in _BOOL_KEYS:
        if key in data:
            if not isinstance(data[key], bool):
                raise ConfigError(f"{where}{key} must be true or false, not {data[key]!r}")
            values[key] = data[key]
    if "transport" in data:
        transport = data["transport"]
        if transport not in TRANSPORTS:
            raise ConfigError(
                f"{where}transport must be one of {', '.join(TRANSPORTS)}, not {transport!r}"
            )
        values["transport"] = transport
    if "keymap" in data:
        values["keymap"] = _keymap(data["keymap"], where)
    if "redirect_uri" in values:
        from tui.ringcentral.auth import BadRedirectUri, RedirectUri

        try:
            RedirectUri.parse(values["redirect_uri"])
        except BadRedirectUri as exc:
            raise ConfigError(f"{where}redirect_uri: {exc}") from None
    return Settings(**values, source=source)


def _non_empty_string(value: object, key: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}{key} must be a non-empty string, not {value!r}")
    return value.strip()


def check_theme(settings: Settings) -> None:
    """Refuse a theme Textual does not have (checked by the UI, so `tui.config` stays light)."""
    from textual.theme import BUILTIN_THEMES

    if settings.theme not in BUILTIN_THEMES:
        where = f"{settings.source}: " if settings.source else ""
        raise ConfigError(
            f"{where}theme {settings.theme!r} is not a Textual theme (try textual-dark, nord, gruvbox)"
        )


def _keymap(table: object, where: str) -> dict[str, str]:
    from tui.app.actions import ACTIONS_BY_ID

    if not isinstance(table, dict):
        raise ConfigError(f"{where}keymap must be a table of action id = key")
    keymap: dict[str, str] = {}
    for action_id, key in table.items():
        if action_id not in ACTIONS_BY_ID:
            raise ConfigError(f"{where}keymap.{action_id}: no such action (see `?` in calldeck)")
        if not isinstance(key, str) or not key.strip() or " " in key.strip():
            raise ConfigError(
                f"{where}keymap.{action_id} must be a key name like 'ctrl+h', not {key!r}"
            )
        keymap[action_id] = _checked_keys(action_id, key, where)
    _check_keymap_clashes(keymap, where)
    return keymap


def _checked_keys(action_id: str, keys: str, where: str) -> str:
    """`keys` canonical (`?` → `question_mark`), refusing non-keys and keys the app keeps."""
    from tui.app.actions import ACTIONS_BY_ID
    from tui.app.keynames import BadKey, canonical_keys, reserved_for

    try:
        canonical = canonical_keys(keys)
    except BadKey as exc:
        raise ConfigError(f"{where}keymap.{action_id}: {exc}") from None
    own = set(canonical_keys(ACTIONS_BY_ID[action_id].key))
    for key in canonical:
        kept_for = reserved_for(key)
        if kept_for and key not in own:
            raise ConfigError(f"{where}keymap.{action_id}: {key!r} is kept for {kept_for}")
    return ",".join(canonical)


def _check_keymap_clashes(keymap: dict[str, str], where: str) -> None:
    """Two actions on one key would make one of them unreachable: refuse that (by key:
    `?` and `question_mark` are one key)."""
    from tui.app.actions import ACTIONS
    from tui.app.keynames import canonical_keys

    effective: dict[tuple[str, str], str] = {}
    for spec in ACTIONS:
        if spec.shares_key and spec.id not in keymap:
            continue  # its default key belongs to a call row too, by design
        for key in canonical_keys(keymap.get(spec.id, spec.key)):
            # A pane's keys (scope) only clash with keys of the same pane.
            other = effective.setdefault((spec.scope, key), spec.id)
            if other != spec.id:
                raise ConfigError(
                    f"{where}keymap: key {key!r} is used by both {other} and {spec.id}"
                )


def save_setting(key: str, value: str, path: Path | None = None) -> Path:
    """Set a top-level string `key` in the config file, keeping every other line as it is.

    Used to remember a choice the person made in the UI (the phone `D` picked).
    """
    if key not in _STRING_KEYS:
        raise ValueError(f"{key!r} is not a string setting")
    path = path or paths.config_file()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        lines = []
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(not_utf8_message(path, exc)) from None
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    line = f'{key} = "{escaped}"'
    # Top-level keys must come before the first [table]; replace an existing one in place.
    first_table = next((i for i, text in enumerate(lines) if text.lstrip().startswith("[")), None)
    top = lines[:first_table] if first_table is not None else lines
    index = next((i for i, text in enumerate(top) if text.split("=")[0].strip() == key), None)
    if index is not None:
        lines[index] = line
    else:
        lines.insert(len(top), line)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the file ({exc.strerror})") from None
    return path
