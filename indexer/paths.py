"""Where things live: the user's library folder and the bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "briefing-reader"
ENV_HOME = "BRIEFING_READER_HOME"


def default_library_dir() -> Path:
    """The library folder: $BRIEFING_READER_HOME, else the platformdirs user data folder."""
    env = os.environ.get(ENV_HOME, "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "library"


def resources_dir() -> Path:
    """The `resources/` folder, from a source checkout, an installed wheel or a PyInstaller bundle."""
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    # Source checkout and wheel alike: resources/ sits beside the indexer package.
    candidates.append(Path(__file__).resolve().parent.parent / "resources")
    for candidate in candidates:
        if (candidate / "gazetteer").is_dir() or (candidate / "demo").is_dir():
            return candidate
    raise FileNotFoundError(
        "Briefing Reader's resources folder is missing; reinstall the application. Looked in: "
        + ", ".join(str(c) for c in candidates)
    )


def resource(*parts: str) -> Path:
    """Path of one bundled resource, e.g. resource("demo")."""
    return resources_dir().joinpath(*parts)


def demo_articles() -> list[Path]:
    """The bundled demo corpus, in story order, without its README."""
    folder = resource("demo")
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.lower() != "readme.md" and not p.name.startswith("."))
