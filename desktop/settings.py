"""Typed settings with defaults, stored as an INI file through QSettings.

The file lives under $BRIEFING_READER_HOME when set (tests point it at a temporary
folder), else in the platformdirs user config folder, unless a path is given.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from indexer.paths import APP_NAME, ENV_HOME, is_team_address

HISTORY_SIZE = 30
RECENT_SIZE = 8


def default_settings_path() -> Path:
    """$BRIEFING_READER_HOME/settings.ini for a folder; else (unset, or a team library's address) the user
    config folder's."""
    env = os.environ.get(ENV_HOME, "").strip()
    if env and not is_team_address(env):
        return Path(env).expanduser() / "settings.ini"
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "settings.ini"


class Settings:
    """The application's settings; every value has a default and a type."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else default_settings_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _list(self, key: str) -> list[str]:
        value = self.qsettings.value(key, [])
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in (value or [])]

    def _push(self, key: str, value: str, size: int) -> list[str]:
        items = [v for v in self._list(key) if v != value]
        items.insert(0, value)
        items = items[:size]
        self.qsettings.setValue(key, items)
        return items

    # search history
    def query_history(self) -> list[str]:
        return self._list("search/history")

    def add_query(self, query: str) -> list[str]:
        query = query.strip()
        return self._push("search/history", query, HISTORY_SIZE) if query else self.query_history()

    # recent briefings
    def recent_briefings(self) -> list[str]:
        return self._list("briefing/recent")

    def add_recent_briefing(self, path: str) -> list[str]:
        return self._push("briefing/recent", str(path), RECENT_SIZE)

    # the briefing a recovery file belongs to ("" for an unsaved one)
    # first run: the demo corpus is loaded once per library folder, on the first launch that finds it empty
    def demo_loaded(self, library: str) -> bool:
        return str(library) in self._list("firstRun/demoLoaded")

    def mark_demo_loaded(self, library: str) -> None:
        self._push("firstRun/demoLoaded", str(library), 50)

    def recovery_target(self) -> str:
        return str(self.qsettings.value("briefing/recovery_for", "") or "")

    def set_recovery_target(self, path: str) -> None:
        self.qsettings.setValue("briefing/recovery_for", str(path))

    # the inbox: a folder whose new and changed files are imported as they arrive ("" for none), one per
    # library, so opening another library never pours the inbox into it
    def inbox_folder(self, library: str) -> str:
        return str(self.qsettings.value(_inbox_key(library), "") or "")

    def set_inbox_folder(self, library: str, folder: str) -> None:
        self.qsettings.setValue(_inbox_key(library), str(folder))
        self.qsettings.sync()

    # the Quotes panel's scope: "open" (the open articles) or "library" ("" until chosen)
    def quotes_scope(self) -> str:
        return str(self.qsettings.value("quotes/scope", "") or "")

    def set_quotes_scope(self, scope: str) -> None:
        self.qsettings.setValue("quotes/scope", str(scope))

    # the briefing file open when the window last closed on a library ("" for none or an unsaved one)
    def last_briefing(self, library: str) -> str:
        return str(self.qsettings.value(_library_key("briefing/last", library), "") or "")

    def set_last_briefing(self, library: str, path: str) -> None:
        self.qsettings.setValue(_library_key("briefing/last", library), str(path))

    # window layout
    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)

    def splitter_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def save_splitter(self, name: str, state: QByteArray) -> None:
        self.qsettings.setValue(f"splitters/{name}", state)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def sync(self) -> None:
        self.qsettings.sync()


def _inbox_key(library: str) -> str:
    """The settings key of a library's inbox."""
    return _library_key("inbox", library)


def _library_key(group: str, library: str) -> str:
    """The settings key of a library's value in `group` (a hash: paths hold characters INI keys cannot)."""
    import hashlib

    digest = hashlib.sha256(str(Path(library).expanduser()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return f"{group}/{digest}"
