"""A scripted walk through the app, as a new analyst would take it: `python -m desktop.gui_check OUTDIR`.

At 1366×768 and 800×600 it opens the demo library, searches, reads three articles side by side, curates
(merges two actors through the filtered chooser and its confirmation, then undoes it), builds a briefing
from two excerpts and a note, and exports it to Markdown and HTML through the export dialog. It saves a
screenshot of each step in OUTDIR (walk-<size>-<n>-<step>.png), checks what a user would see at each
step, prints one line per problem, and exits 1 when there is any. `make gui-check` runs it offscreen;
with DISPLAY set (Xvfb and a window manager) it runs in a real X window.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .screenshots import _save, _wait_import
from .views.reader import PANE_MIN_WIDTH

SIZES = ((1366, 768), (800, 600))
MIN_RESULTS_AT_LAPTOP_SIZE = 8  # issue 14: the results list shows at least 8 results at 1366×768


def visible_result_rows(window) -> int:
    """How many result rows are wholly visible in the results list."""
    view = window.resultsView
    viewport = view.viewport().rect()
    model = view.model()
    return sum(1 for row in range(model.rowCount()) if viewport.contains(view.visualRect(model.index(row, 0))))


def answer_next_dialog(app, answer) -> None:
    """Run `answer(dialog)` on the next modal dialog that opens (the walk uses the real dialogs)."""
    from PySide6.QtCore import QTimer

    def poll(tries=[0]) -> None:  # noqa: B006 - a counter shared by the polls of one dialog
        dialog = app.activeModalWidget()
        if dialog is not None:
            answer(dialog)
        elif tries[0] < 200:
            tries[0] += 1
            QTimer.singleShot(25, poll)

    QTimer.singleShot(0, poll)


class Walk:
    """One walk at one window size; `problems` lists what a user would trip over."""

    def __init__(self, app, window, out: Path, size: tuple[int, int]):
        self.app, self.window, self.out, self.size = app, window, out, size
        self.problems: list[str] = []
        self.shots: list[Path] = []

    def check(self, ok: bool, problem: str) -> None:
        if not ok:
            self.problems.append(f"{self.size[0]}x{self.size[1]}: {problem}")

    def shot(self, step: str) -> None:
        name = f"walk-{self.size[0]}x{self.size[1]}-{len(self.shots) + 1}-{step}.png"
        self.shots.append(_save(self.app, self.window, self.out, name))

    def run(self, export_folder: Path) -> None:
        self.window.resize(*self.size)
        self.search()
        self.read_side_by_side()
        self.curate()
        self.build_briefing(export_folder)

    def search(self) -> None:
        window = self.window
        window.run_search("ceasefire")
        self.settle()
        self.check(len(window.search.model.hits) >= 3, "the search 'ceasefire' found fewer than 3 demo articles")
        if self.size == SIZES[0]:
            shown = visible_result_rows(window)
            self.check(shown >= MIN_RESULTS_AT_LAPTOP_SIZE, f"the results list shows {shown} results, fewer than {MIN_RESULTS_AT_LAPTOP_SIZE}")
        self.shot("search")

    def read_side_by_side(self) -> None:
        window = self.window
        window.open_articles([h.id for h in window.search.model.hits[:3]], True)
        self.settle()
        panes = window.reading.panes()
        self.check(len(panes) == 3, f"{len(panes)} panes open, not 3")
        self.check(all(p.article is not None for p in panes), "a pane shows no article")
        room = window.reading.scroller.viewport().width()
        self.check(room >= PANE_MIN_WIDTH, f"the reading area is {room} px wide: not one whole pane")
        if self.size == SIZES[0]:
            self.check(window.reading.scroller.horizontalScrollBar().maximum() == 0, "three panes do not fit")
        panes[0].next_hit()
        self.shot("side-by-side")

    def curate(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QMessageBox

        window, actors = self.window, self.window.actors
        actors.scope.setCurrentIndex(1)  # the whole library
        stats = window.library.actor_stats()
        keep, other = stats[0].actor, stats[1].actor

        def pick(dialog) -> None:
            QTest.keyClicks(dialog.filterEdit, other.name)
            QTest.keyClick(dialog.filterEdit, Qt.Key.Key_Down)
            answer_next_dialog(self.app, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
            QTest.keyClick(dialog.listView, Qt.Key.Key_Return)

        answer_next_dialog(self.app, pick)
        merged = actors.merge(keep.id)
        self.settle()
        self.check(merged and actors.row_of(other.id) < 0, f"merging {other.name!r} into {keep.name!r} failed")
        self.shot("merged")
        actors.undo_stack.undo()
        self.settle()
        self.check(actors.row_of(other.id) >= 0, f"undoing the merge did not bring {other.name!r} back")

    def build_briefing(self, folder: Path) -> None:
        panel, panes = self.window.briefing, self.window.reading.panes()
        for pane in panes[:2]:
            quote = pane.article.quotes[0] if pane.article.quotes else None
            start, end = (quote.start, quote.end) if quote else (0, min(120, len(pane.article.text)))
            pane.select(start, end)
            self.window.add_excerpt()
        panel.briefing.set_title("Ceasefire talks: where the parties stand")
        panel.add_note("Both outlets agree the next round depends on security guarantees.")
        panel.refresh_preview()
        self.check(len(panel.briefing.excerpts()) == 2, "the two excerpts did not reach the briefing")
        self.shot("briefing")
        for suffix in (".md", ".html"):
            target = folder / f"walk-{self.size[0]}x{self.size[1]}{suffix}"
            answer_next_dialog(self.app, lambda dialog, t=target: (dialog.selectFile(str(t)), dialog.accept()))
            written = panel.export()
            text = Path(written).read_text(encoding="utf-8") if written else ""
            self.check(bool(written) and panel.briefing.title in text, f"the {suffix} export is missing or incomplete")
            self.check(str(Path.home()) + "/" not in text and "/tmp/" not in text,
                       f"the {suffix} export cites an absolute path")
        panel.new(confirm=lambda *_args: True)  # the walk's briefing is not kept

    def settle(self) -> None:
        self.window.runner.wait(30000)
        for _ in range(5):
            self.app.processEvents()


def walk(out: Path, sizes=SIZES) -> tuple[list[Path], list[str]]:
    """Import the demo into a temporary library and walk it at each size; returns (screenshots, problems)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out.mkdir(parents=True, exist_ok=True)
    shots, problems = [], []
    home = os.environ.get("BRIEFING_READER_HOME")
    with tempfile.TemporaryDirectory(prefix="briefing-reader-walk-") as tmp:
        os.environ["BRIEFING_READER_HOME"] = tmp  # settings and logs of the walk never touch the real ones
        try:
            _walk_sizes(Path(tmp), out, sizes, shots, problems)
        finally:
            os.environ.pop("BRIEFING_READER_HOME") if home is None else os.environ.update(BRIEFING_READER_HOME=home)
    return shots, problems


def _walk_sizes(tmp: Path, out: Path, sizes, shots: list, problems: list) -> None:
    from indexer.paths import demo_articles

    from .app import create_main_window, ensure_app

    app = ensure_app()
    for size in sizes:
        window = create_main_window(tmp / "library", tmp / f"settings-{size[0]}.ini", offer_recovery=False)
        window.resize(*size)
        window.show()
        if not window.library.count():
            _wait_import(app, window, [str(p) for p in demo_articles()])
        one = Walk(app, window, out, size)
        one.run(tmp)
        shots += one.shots
        problems += one.problems
        window.close()
        window.library.close()


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m desktop.gui_check OUTDIR", file=sys.stderr)
        return 2
    _shots, problems = walk(Path(argv[0]))
    for problem in problems:
        print(f"gui-check: {problem}", file=sys.stderr)
    print(f"gui-check: {'no problems' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
