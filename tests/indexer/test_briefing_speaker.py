"""A quote added with its speaker: cited '— Speaker, in “Title”, Outlet, date', kept in the briefing file."""

from __future__ import annotations

import json

import pytest

from indexer.briefing.html_export import to_html
from indexer.briefing.markdown_export import to_markdown
from indexer.briefing.model import Briefing, excerpt_from_article
from indexer.briefing.store import load_briefing, save_briefing
from indexer.model import Article

TEXT = "Talks resume\n\n“We are ready to talk again next week,” Kovac said on Monday.\n"
ARTICLE = Article("a1", "Talks resume in Valdoria", TEXT, date="2025-03-10", source="Harbour Courier")
QUOTE = "We are ready to talk again next week,"


def briefing_with(speaker: str) -> Briefing:
    briefing = Briefing("Quotes")
    section = briefing.add_section("Who said what")
    start = TEXT.index(QUOTE)
    briefing.add_item(section.id, excerpt_from_article(ARTICLE, start, start + len(QUOTE), speaker=speaker))
    return briefing


def test_markdown_cites_the_speaker_before_title_outlet_and_date():
    markdown = to_markdown(briefing_with("Anna Kovac"), today="2025-03-11")
    assert "— Anna Kovac, in “Talks resume in Valdoria”, Harbour Courier, 2025-03-10[^1]" in markdown


def test_without_a_speaker_the_citation_is_unchanged():
    markdown = to_markdown(briefing_with(""), today="2025-03-11")
    assert "— Harbour Courier, 2025-03-10[^1]" in markdown and "in “" not in markdown


def test_html_shows_the_speaker_as_text():
    page = to_html(briefing_with("<b>Kovac</b> [x](javascript:alert(1))"), today="2025-03-11")
    assert "<b>Kovac" not in page and "— &lt;b&gt;Kovac&lt;/b&gt; [x](javascript:alert(1)), in “Talks" in page
    assert 'href="javascript' not in page


def test_speaker_survives_save_and_load_and_old_files_load_without_it(tmp_path):
    path = tmp_path / "q.briefing.json"
    save_briefing(briefing_with("Anna Kovac"), path)
    assert load_briefing(path).excerpts()[0].speaker == "Anna Kovac"
    data = json.loads(path.read_text(encoding="utf-8"))
    for section in data["sections"]:
        for item in section["items"]:
            item.pop("speaker", None)
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_briefing(path).excerpts()[0].speaker == ""


@pytest.mark.parametrize("bad", ["", "   "])
def test_a_blank_speaker_is_no_speaker(bad):
    assert "in “" not in to_markdown(briefing_with(bad), today="2025-03-11")
