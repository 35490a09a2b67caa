"""QA 4, defect 13 (the app's part): ISO dates on the timeline, the picture's scope label keeps the analyst's
case, Help ▸ Search Syntax explains name expansion and the Exact switch, "1 article matches"."""

from __future__ import annotations

import re
from datetime import date

from indexer.pictures import Scope


def test_one_result_reads_1_article_matches(window):
    window.run_search("grain")
    assert window.search.messageLabel.text() == "1 article matches."
    window.run_search("ceasefire")
    assert window.search.messageLabel.text().startswith("2 articles match")


def test_the_scope_label_keeps_the_case_of_the_query_and_names(window):
    window.timeline.set_scope(Scope("Witkoff lang:ru", ("Steve Witkoff",)))
    assert window.timeline.scopeLabel.text() == "“Witkoff lang:ru” · Steve Witkoff"
    window.network.set_scope(Scope())
    assert window.network.scopeLabel.text() == "The whole library"


def test_the_timeline_writes_its_days_as_iso(qtbot, window):
    from indexer.pictures.render import iso_day as iso_day_label

    assert iso_day_label(date(2025, 4, 13)) == "2025-04-13"
    with qtbot.waitSignal(window.timeline.drawn, timeout=20000):
        window.timeline_dock.show()
        window.timeline_dock.raise_()
    window.timeline.canvas.draw()
    labels = [t.get_text() for ax in window.timeline.figure.axes for t in ax.get_xticklabels() if t.get_text()]
    assert labels and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", label) for label in labels), labels


def test_search_syntax_explains_name_expansion_and_exact(window):
    from desktop.views.help import syntax_dialog

    dialog = syntax_dialog(window)
    text = "\n".join(" | ".join(row) for row in dialog.rows())
    assert "Уиткофф" in text and "other names and spellings" in text
    assert "Exact" in text and "U.S. and US" in text and "hyphenated" in text
    dialog.deleteLater()
