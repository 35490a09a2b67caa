"""Reported speech in a briefing: cited as reported, never shown as the speaker's quotation."""

from __future__ import annotations

import json

import pytest

from indexer.briefing.html_export import to_html
from indexer.briefing.markdown_export import to_markdown
from indexer.briefing.model import Briefing, excerpt_from_article
from indexer.briefing.store import load_briefing, save_briefing
from indexer.model import Article

TEXT = ("Talks resume\n\nKovac told reporters that the border crossings would reopen within a week.\n\n"
        "“We are ready to talk again next week,” Kovac said on Monday.\n")
ARTICLE = Article("a1", "Talks resume in Valdoria", TEXT, date="2025-03-10", source="Harbour Courier")
REPORTED = "the border crossings would reopen within a week."
DIRECT = "We are ready to talk again next week"


def briefing_with(words: str, kind: str, speaker: str = "Anna Kovac") -> Briefing:
    briefing = Briefing("Quotes")
    section = briefing.add_section("Who said what")
    start = TEXT.index(words)
    excerpt = excerpt_from_article(ARTICLE, start, start + len(words), speaker=speaker, quote_kind=kind)
    briefing.add_item(section.id, excerpt)
    return briefing


def test_reported_speech_is_no_block_quote_and_is_labelled():
    markdown = to_markdown(briefing_with(REPORTED, "reported"), today="2025-03-11")
    assert f"> {REPORTED}" not in markdown and f"“{REPORTED}”" not in markdown
    assert f"*Reported speech, not a quotation:* {REPORTED}" in markdown
    assert "— Anna Kovac (reported speech), in “Talks resume in Valdoria”, Harbour Courier, 2025-03-10[^1]" in markdown


def test_reported_speech_without_a_speaker_is_still_cited_as_reported():
    markdown = to_markdown(briefing_with(REPORTED, "reported", speaker=""), today="2025-03-11")
    assert "— reported, Harbour Courier, 2025-03-10[^1]" in markdown and "> " not in markdown


@pytest.mark.parametrize("kind", ["direct", ""])
def test_a_direct_quote_is_cited_exactly_as_before(kind):
    markdown = to_markdown(briefing_with(DIRECT, kind), today="2025-03-11")
    assert f"> {DIRECT}" in markdown and "Reported speech" not in markdown
    assert "— Anna Kovac, in “Talks resume in Valdoria”, Harbour Courier, 2025-03-10[^1]" in markdown


def test_html_shows_reported_speech_as_a_plain_paragraph():
    page = to_html(briefing_with(REPORTED, "reported"), today="2025-03-11")
    assert "<blockquote>" not in page and "<em>Reported speech, not a quotation:</em> the border" in page
    assert "— Anna Kovac (reported speech), in “Talks resume" in page


def test_reported_text_is_escaped():
    text = "Talks\n\nKovac said that <script>x</script> and *this* would [pass](javascript:1).\n"
    article = Article("a2", "T", text)
    start = text.index("<script>")
    briefing = Briefing("Q")
    section = briefing.add_section("S")
    briefing.add_item(section.id, excerpt_from_article(article, start, len(text) - 1, speaker="K", quote_kind="reported"))
    page = to_html(briefing, today="2025-03-11")
    assert "<script>" not in page and 'href="javascript' not in page and "&lt;script&gt;" in page


def test_the_kind_survives_save_and_load_and_old_files_load_as_before(tmp_path):
    path = tmp_path / "q.briefing.json"
    save_briefing(briefing_with(REPORTED, "reported"), path)
    assert load_briefing(path).excerpts()[0].reported
    data = json.loads(path.read_text(encoding="utf-8"))
    for section in data["sections"]:
        for item in section["items"]:
            item.pop("quote_kind", None)
    path.write_text(json.dumps(data), encoding="utf-8")
    excerpt = load_briefing(path).excerpts()[0]
    assert excerpt.quote_kind == "" and not excerpt.reported


def test_an_unknown_kind_is_refused_with_a_message():
    with pytest.raises(ValueError, match="unknown quote kind 'paraphrase'"):
        briefing_with(REPORTED, "paraphrase")


def test_a_direct_quote_without_a_speaker_is_never_cited_as_the_outlets_words():
    """QA: '“We will continue…,” she said' with 'she' unresolved was cited '— Fox News', as if the outlet spoke."""
    markdown = to_markdown(briefing_with(DIRECT, "direct", speaker=""), today="2025-03-11")
    assert "— speaker not identified, Harbour Courier, 2025-03-10[^1]" in markdown
    assert "— Harbour Courier, 2025-03-10[^1]" not in markdown
    html = to_html(briefing_with(DIRECT, "direct", speaker=""))
    assert "speaker not identified, Harbour Courier" in html


def test_a_plain_excerpt_is_still_cited_by_its_outlet():
    markdown = to_markdown(briefing_with(DIRECT, "", speaker=""), today="2025-03-11")
    assert "— Harbour Courier, 2025-03-10[^1]" in markdown and "not identified" not in markdown
