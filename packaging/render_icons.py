"""Render the app icon SVG to PNGs at the standard hicolor sizes.

Usage: python packaging/render_icons.py [--check]

Writes resources/icons/briefing-reader-<N>.png for N in SIZES using Qt's SVG renderer
(PySide6-Essentials ships QtSvg), offscreen. With --check, also renders every toolbar SVG
to make sure Qt can parse it, and writes nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
APP_SVG = ICONS / "briefing-reader.svg"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> QImage:
    """Render `svg` into a transparent size x size ARGB image; raise ValueError if Qt cannot parse it."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"Qt cannot parse the SVG icon {svg}; fix its markup.")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def png_path(size: int) -> Path:
    return ICONS / f"briefing-reader-{size}.png"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    _app = QGuiApplication.instance() or QGuiApplication([])
    if "--check" in args:
        for svg in sorted(ICONS.glob("*.svg")):
            render(svg, 24)
        print(f"all {len(list(ICONS.glob('*.svg')))} SVG icons parse")
        return 0
    for size in SIZES:
        image = render(APP_SVG, size)
        if not image.save(str(png_path(size)), "PNG"):
            raise OSError(f"could not write {png_path(size)}")
        print(f"wrote {png_path(size).relative_to(ICONS.parent.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
