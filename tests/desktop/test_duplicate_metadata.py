"""The import log says what a duplicate gave the article it repeats, and the results show the filled date."""

from __future__ import annotations

from indexer.library import Library

BODY = ("Negotiators from the coastal provinces of Valmora and Kessin met again on Thursday in the old customs "
        "house to settle a dispute over fishing rights that has kept hundreds of boats in port since January.\n\n"
        "Officials said the session ended without a joint statement, but the mediator said both delegations had "
        "agreed to keep their fleets away from the contested waters until a second round of talks next month.\n")
FRONT_MATTER = "---\ntitle: Fishing talks end without a statement\ndate: 2025-03-14\nsource: Harbour Herald\n---\n\n"


def test_the_import_log_shows_what_a_duplicate_gave(empty_window, qtbot, tmp_path):
    window = empty_window
    (tmp_path / "pasted.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "pasted.md").write_text(FRONT_MATTER + BODY, encoding="utf-8")
    with Library(window.library.path) as lib:
        kept = lib.add([tmp_path / "pasted.txt"]).added[0].id
    with qtbot.waitSignal(window.importFinished, timeout=60000):
        window.import_paths([str(tmp_path / "pasted.md")])
    rows = [r for r in window.import_log.rows() if r[0] == "duplicate"]
    assert len(rows) == 1 and rows[0][2].endswith("; took headline, date, outlet from this copy")
    qtbot.waitUntil(lambda: [h.id for h in window.search.model.hits] == [kept])
    hit = window.search.model.hits[0]
    assert (hit.title, hit.date, hit.source) == ("Fishing talks end without a statement", "2025-03-14",
                                                 "Harbour Herald")
