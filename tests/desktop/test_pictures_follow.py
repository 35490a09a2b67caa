"""The Timeline and Network follow the search exactly (QA 4, defect 2): name expansion across scripts, the
Language and Source filters and the Exact switch give the pictures the search's articles."""

from __future__ import annotations

import pytest

EN = ("Envoys meet in Valdoria\n\nSource: Harbour Courier\nDate: 2025-03-10\n\n"
      "Sergey Lavrov met the envoys on Monday and spoke about the next round of talks.\n")
RU = ("Переговоры продолжатся\n\nДата: 2025-03-11\n\n"
      "Сергей Лавров заявил во вторник, что переговоры продолжатся на следующей неделе. "
      "По его словам, делегации уже готовят новые предложения для встречи.\n")


@pytest.fixture
def lavrov(window, tmp_path):
    folder = tmp_path / "lavrov"
    folder.mkdir()
    (folder / "en.txt").write_text(EN, encoding="utf-8")
    (folder / "ru.txt").write_text(RU, encoding="utf-8")
    assert len(window.library.add([folder]).added) == 2
    window.library.refresh()
    return window


def pictured(window) -> tuple[int, int]:
    """How many articles the timeline and the network are drawn from, for the scope they follow now."""
    scope = window.timeline.scope
    assert window.network.scope == scope
    return window.library.timeline(scope).articles, window.library.network(scope).articles


def search(window, query: str) -> int:
    result = window.run_search(query)
    assert result is not None, window.search.messageLabel.text()
    return result.total


def test_a_name_finds_its_other_script_in_the_pictures_too(lavrov):
    total = search(lavrov, "Lavrov")
    assert total == 2 and pictured(lavrov) == (2, 2)


def test_the_language_filter_and_lang_reach_the_pictures(lavrov):
    lavrov.search.languageFilter.setCurrentIndex(lavrov.search.languageFilter.findData("ru"))
    assert search(lavrov, "Lavrov") == 1 and pictured(lavrov) == (1, 1)
    lavrov.search.languageFilter.setCurrentIndex(0)
    total = search(lavrov, "lang:ru")
    assert total >= 1 and pictured(lavrov) == (total, total)


def test_the_source_filter_and_exact_reach_the_pictures(lavrov):
    assert search(lavrov, "Macron") == 2
    lavrov.search.sourceFilter.setCurrentText("Northern Tribune")
    assert search(lavrov, "Macron") == 1 and pictured(lavrov) == (1, 1)
    lavrov.search.sourceFilter.setCurrentText("")
    lavrov.search.exactCheck.setChecked(True)
    assert search(lavrov, "Lavrov") == 1 and pictured(lavrov) == (1, 1)


def test_a_briefing_picture_names_the_filters_it_was_drawn_with(lavrov):
    from desktop.views.timeline import add_picture_to_briefing
    from indexer.briefing.markdown_export import made_from

    lavrov.search.languageFilter.setCurrentIndex(lavrov.search.languageFilter.findData("ru"))
    lavrov.search.exactCheck.setChecked(True)
    search(lavrov, "Лавров")
    picture = add_picture_to_briefing(lavrov, lavrov.timeline)
    assert picture.caption == "Who said what"  # the export's "timeline of …" line names the filters, once
    assert made_from(picture) == "“Лавров” · lang:ru · exact words"
    assert picture.scope["language"] == "ru" and picture.scope["exact"] is True
