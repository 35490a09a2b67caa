"""The import log lists the files that need action first and keeps their reasons readable (QA 4, defect 13):
skipped files, then duplicates, then added, unchanged last; a click on a header sorts; a cut reason ends in
"…" with the whole reason in its tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.views.import_log import COLUMNS, ImportLogDialog, ImportLogPanel, attention_first, dialog_size
from indexer.model import Added, Duplicate, ImportReport, Skip, Unchanged
from indexer.store import LogEntry
from .conftest import shown_tip

LONG_REASON = ("scanned PDF: the file holds page images and no text layer; run it through OCR (e.g. ocrmypdf) "
               "and import the result again")


def report() -> ImportReport:
    """Invented files: many unchanged ones listed before the two that need action, as a re-import gives."""
    return ImportReport(
        added=[Added("a1", "/in/new-talks.txt", "Envoys meet again")],
        duplicates=[Duplicate("/in/copy.txt", "a1", "Envoys meet again", 0.93)],
        unchanged=[Unchanged(f"/in/old-{n:02d}.txt", f"u{n}") for n in range(30)],
        skipped=[Skip("/in/scan.pdf", LONG_REASON), Skip("/in/blank.txt", "empty: the file holds no text")],
    )


def panel(qtbot) -> ImportLogPanel:
    log = ImportLogPanel()
    qtbot.addWidget(log)
    log.show_report(report(), "2026-11-30T06:00:00+00:00")
    return log


def test_skipped_files_come_first_then_duplicates_then_added_and_unchanged_last(qtbot):
    statuses = [row[0] for row in panel(qtbot).rows()]
    assert statuses[:4] == ["skipped", "skipped", "duplicate", "added"]
    assert set(statuses[4:]) == {"unchanged"} and len(statuses) == 34


def test_the_given_order_is_kept_within_a_status(qtbot):
    files = [row[1] for row in panel(qtbot).rows()]
    assert files[:2] == ["scan.pdf", "blank.txt"] and files[4:7] == ["old-00.txt", "old-01.txt", "old-02.txt"]


def test_the_history_lists_skipped_entries_first_too(qtbot):
    log = ImportLogPanel()
    qtbot.addWidget(log)
    entries = [LogEntry("r", "2026-11-30T06:00:0%d+00:00" % n, f"/in/f{n}.txt", status)
               for n, status in enumerate(["unchanged", "added", "removed", "skipped", "updated", "mystery"])]
    log.show_history(entries)
    assert [row[0] for row in log.rows()] == ["skipped", "added", "updated", "removed", "unchanged", "mystery"]


def test_a_click_on_a_header_sorts_and_status_sorts_by_attention(qtbot):
    log = panel(qtbot)
    log.table.sortByColumn(COLUMNS.index("File"), Qt.SortOrder.AscendingOrder)
    files = [row[1] for row in log.rows()]
    assert files == sorted(files, key=str.casefold) and files[0] == "blank.txt"
    log.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert log.rows()[0][0] == "unchanged" and log.rows()[-1][0] == "skipped"
    log.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [row[1] for row in log.rows()][:2] == ["scan.pdf", "blank.txt"]


def test_a_new_report_is_listed_attention_first_whatever_the_header_said(qtbot):
    log = panel(qtbot)
    log.table.sortByColumn(COLUMNS.index("File"), Qt.SortOrder.DescendingOrder)
    log.show_report(report())
    assert [row[1] for row in log.rows()][:2] == ["scan.pdf", "blank.txt"]


def test_a_long_reason_is_elided_and_its_tooltip_is_whole(qtbot):
    log = panel(qtbot)
    reason = log.table.item(0, COLUMNS.index("Reason or title"))
    assert reason.text() == LONG_REASON and shown_tip(reason.toolTip()) == LONG_REASON
    assert log.table.textElideMode() == Qt.TextElideMode.ElideRight


def test_the_dialog_gives_the_reason_most_of_its_width(qtbot):
    log = panel(qtbot)
    dialog = ImportLogDialog(log)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    reason_width = log.table.columnWidth(COLUMNS.index("Reason or title"))
    file_width = log.table.columnWidth(COLUMNS.index("File"))
    assert reason_width > file_width and reason_width >= 0.4 * log.table.viewport().width()
    assert dialog.width() <= 1000


def test_the_dialog_fits_a_small_screen():
    from PySide6.QtCore import QRect

    assert dialog_size(QRect(0, 0, 800, 600)) == (720, 480)
    assert dialog_size(QRect(0, 0, 2560, 1440)) == (1000, 480)
    assert dialog_size(None) == (1000, 480)


def test_attention_first_accepts_an_empty_list_and_unknown_statuses():
    assert attention_first([]) == []
    assert [r[0] for r in attention_first([("odd",), ("unchanged",), ("skipped",)])] == ["skipped", "unchanged", "odd"]


def test_an_updated_article_is_counted_and_listed_as_updated():
    from indexer.model import Added, ImportReport
    from desktop.views.import_log import report_rows, summary

    report = ImportReport(added=[Added("a1", "/x/a.txt", "A"), Added("b2", "/x/b.txt", "B", updated=True)])
    assert summary(report) == "Import finished: 1 added, 1 updated, 0 duplicate, 0 unchanged, 0 skipped."
    assert [row[0] for row in report_rows(report)] == ["added", "updated"]
