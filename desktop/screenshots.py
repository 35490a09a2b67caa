"""Screenshots of the main flows, offscreen: `python -m desktop.screenshots OUTDIR`.

Builds the demo library in a temporary folder (settings too, so the real home is never
touched) and saves PNGs of: search results, side-by-side reading with highlights, the
briefing with its preview, the import log, and the same window in a dark palette.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

SIZE = (1366, 768)  # a laptop screen: what issue 14 asks the layout to serve


def _wait_import(app, window, paths) -> object:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    box = {}

    def done(report):
        box["report"] = report
        loop.quit()

    window.importFinished.connect(done)
    window.importFailed.connect(lambda text: (box.setdefault("error", text), loop.quit()))
    window.import_paths(paths)
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()
    if "report" not in box:
        raise SystemExit(f"screenshots: the import failed: {box.get('error', 'timeout')}")
    return box["report"]


def _save(app, window, out: Path, name: str) -> Path:
    for _ in range(3):
        app.processEvents()
    path = out / name
    window.grab().save(str(path), "PNG")
    print(f"wrote {path}")
    return path


def _select(pane, phrase: str) -> bool:
    text = pane.article.text
    start = text.find(phrase)
    if start < 0:
        return False
    pane.select(start, start + len(phrase))
    return True


def dark_palette():
    """A dark Fusion palette, to show the highlights stay readable."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2d30", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22", QPalette.ColorRole.AlternateBase: "#26282b",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#34363a",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#34363a",
        QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.PlaceholderText: "#9a9a9a",
        QPalette.ColorRole.Mid: "#55575b", QPalette.ColorRole.Midlight: "#45474b",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    return palette


def take(out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="briefing-reader-shots-") as tmp:
        os.environ["BRIEFING_READER_HOME"] = tmp
        from indexer.paths import demo_articles

        from .app import create_main_window, ensure_app

        app = ensure_app()
        window = create_main_window(Path(tmp) / "library", Path(tmp) / "settings.ini", offer_recovery=False)
        window.resize(*SIZE)
        window.show()
        extra = Path(tmp) / "incoming"
        extra.mkdir()
        (extra / "scanned-fax.txt").write_bytes(b"\x00\xff\x10" * 200)
        (extra / "empty-note.txt").write_text("   \n", encoding="utf-8")
        shots = []

        report = _wait_import(app, window, [*map(str, demo_articles()), str(extra)])
        window.show_import_log()
        shots.append(_save(app, window.import_dialog, out, "04-import-log.png"))
        window.import_dialog.hide()

        window.run_search("ceasefire")
        shots.append(_save(app, window, out, "01-search-results.png"))

        hits = window.search.model.hits
        picks = [h.id for h in hits[:3]]
        window.open_articles(picks, True)
        panes = window.reading.panes()
        shared = [a for a in panes[0].article.actors if all(a.id in {r.id for r in p.article.actors} for p in panes)]
        if shared:
            window.set_selected_actor(shared[0].id)
        panes[0].next_hit()
        shots.append(_save(app, window, out, "02-side-by-side.png"))

        window.set_selected_actor("")
        for pane in panes[:2]:
            quote = pane.article.quotes[0] if pane.article.quotes else None
            if quote is not None:
                pane.select(quote.start, quote.end)
            else:
                _select(pane, pane.article.text[:120])
            window.add_excerpt()
        window.briefing.briefing.set_title("Ceasefire talks: where the parties stand")
        window.briefing.add_note("Both outlets agree the next round depends on security guarantees.")
        window.briefing.refresh_preview()
        shots.append(_save(app, window, out, "03-briefing.png"))
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
        app.setStyleSheet(app.styleSheet())  # re-polish: style sheets resolve palette(...) when applied
        window.briefing.refresh_preview()
        shots.append(_save(app, window, out, "05-dark-palette.png"))
        print(f"demo import: {len(report.added)} added, {len(report.duplicates)} duplicates, "
              f"{len(report.skipped)} skipped")
        window.briefing.new(confirm=lambda *_args: True)  # the demo briefing is not kept: closing asks nothing
        window.close()
        window.library.close()
        return shots


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m desktop.screenshots OUTDIR", file=sys.stderr)
        return 2
    take(Path(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
