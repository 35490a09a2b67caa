"""Highlight colours for actors (by type), search hits and the selected actor, in light and dark palettes."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

log = logging.getLogger(__name__)

DEFAULTS = {
    "light": {
        "person": "#cfe2ff",
        "organisation": "#d3f2d3",
        "place": "#ffe2bf",
        "document": "#d4eef0",
        "other": "#e6e0f5",
        "discovered": "#e8dbff",
        "hit": "#fff59d",
        "hit_underline": "#c62828",
        "selected": "#ff8a80",
        "selected_text": "#000000",
    },
    "dark": {
        "person": "#1f3d66",
        "organisation": "#1f4d2a",
        "place": "#5a3b12",
        "document": "#1d4f5a",
        "other": "#3d3557",
        "discovered": "#4b347d",
        "hit": "#6b5d00",
        "hit_underline": "#ff8a80",
        "selected": "#a3262b",
        "selected_text": "#ffffff",
    },
}


@dataclass(frozen=True)
class Palette:
    """The colours one UI palette uses for highlights."""

    colours: dict

    def colour(self, key: str) -> QColor:
        return QColor(self.colours.get(key) or self.colours["other"])

    def actor(self, actor_type: str, discovered: bool = False) -> QColor:
        """Background of an actor's mentions: by type; actors found from context have their own colour,
        except documents (quoted as speakers: "the joint statement said"), which are always found so."""
        if discovered and actor_type != "document":
            return self.colour("discovered")
        return self.colour(actor_type if actor_type in self.colours else "other")


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def palette_key(palette: QPalette) -> tuple[str, ...]:
    """The colours a style sheet's palette(...) and the highlights depend on, to tell a real change."""
    roles = (QPalette.ColorRole.Window, QPalette.ColorRole.WindowText, QPalette.ColorRole.Base,
             QPalette.ColorRole.Text, QPalette.ColorRole.Highlight, QPalette.ColorRole.Mid)
    return tuple(palette.color(role).name() for role in roles)


def load_highlights(palette: QPalette | None = None) -> Palette:
    """Colours from resources/styles/highlights.json when present, else the built-in defaults."""
    mode = "dark" if palette is not None and is_dark(palette) else "light"
    colours = dict(DEFAULTS[mode])
    try:
        from indexer.paths import resource

        path = resource("styles", "highlights.json")
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            section = data.get(mode, {}) if isinstance(data, dict) else {}
            section = {k: v for k, v in section.items() if isinstance(v, str)}
            colours.update({k: v for k, v in _flatten(section).items() if QColor(v).isValid()})
    except (OSError, ValueError, FileNotFoundError) as exc:
        log.warning("highlight colours not loaded, using defaults: %s", exc)
    return Palette(colours)


def _flatten(section) -> dict:
    """Accept {"person": "#..."} or {"actors": {"person": "#..."}, "hit": "#..."}."""
    out = {}
    if not isinstance(section, dict):
        return out
    for key, value in section.items():
        if isinstance(value, dict):
            out.update({k: v for k, v in value.items() if isinstance(v, str)})
        elif isinstance(value, str):
            out[key] = value
    return out


def reapply_style_sheets(app, root) -> None:
    """Apply the style sheets again: the application's, and each widget's own under `root`. A style sheet's
    palette(...) colours are read when it is applied, so after a palette change (light ↔ dark) they must be."""
    from PySide6.QtWidgets import QWidget

    if app is not None and app.styleSheet():
        app.setStyleSheet(app.styleSheet())
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.styleSheet():
            widget.setStyleSheet(widget.styleSheet())
