"""Outlet mastheads, header lines and leading link lists in pasted text articles.

All fixture texts are invented for these tests (outlets, names and events are fictional).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.ingest import prepare, prepare_bytes
from indexer.ingest.clean import leading_link_list_end
from indexer.model import Document

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo"

BODY = (
    "VALMORA - Delegates from the two river provinces agreed on Tuesday to reopen the old ferry crossing, "
    "officials said after a long session in the harbour office.\n\n"
    "The mediator, Ines Halloran, told reporters that a second round would follow within a month."
)


def doc_of(text: str, name: str = "a.txt") -> Document:
    doc = prepare_bytes(text.encode("utf-8"), f"/x/{name}")
    assert isinstance(doc, Document), doc
    return doc


def meta(doc: Document) -> tuple[str, str, str, str]:
    return doc.title, doc.source, doc.date, doc.author


# --- mastheads that must be recognised -------------------------------------------------


def test_all_caps_masthead_above_headline():
    doc = doc_of("RIVERTON COURIER\nFerry crossing to reopen after river provinces settle dispute\n\n" + BODY)
    assert meta(doc) == ("Ferry crossing to reopen after river provinces settle dispute", "Riverton Courier", "", "")
    assert "RIVERTON" not in doc.text and doc.text == BODY


def test_all_caps_masthead_keeps_short_acronyms():
    doc = doc_of("THE VBC NEWS\nFerry crossing to reopen after river provinces settle dispute\n\n" + BODY)
    assert doc.source == "The VBC News"


def test_all_caps_masthead_with_section_and_published_byline_line():
    text = (
        "RIVERTON COURIER | Transport\n"
        "Ferry crossing to reopen after river provinces settle dispute\n"
        "Published 2026-05-04 | By Marta Quell\n\n" + BODY
    )
    doc = doc_of(text)
    assert meta(doc) == (
        "Ferry crossing to reopen after river provinces settle dispute", "Riverton Courier", "2026-05-04", "Marta Quell"
    )
    assert "Transport" not in doc.text and "Published" not in doc.text and "Marta" not in doc.text


def test_all_caps_masthead_with_long_read_section():
    doc = doc_of("THE HARBOUR POST - THE LONG READ\n\nHow a ferry dispute divided two provinces for a decade\n\n" + BODY)
    assert meta(doc)[:2] == ("How a ferry dispute divided two provinces for a decade", "The Harbour Post")
    assert "LONG READ" not in doc.text


def test_outlet_word_masthead_above_headline():
    doc = doc_of("Lindqvist Herald\n\nFerry crossing to reopen after river provinces settle dispute\n\n" + BODY)
    assert meta(doc)[:2] == ("Ferry crossing to reopen after river provinces settle dispute", "Lindqvist Herald")
    assert "Lindqvist Herald" not in doc.text


def test_masthead_with_section_above_headline():
    doc = doc_of("Lindqvist Herald | Regions\n\nFerry crossing to reopen after talks\n\nBy Marta Quell | 4 May 2026\n\n" + BODY)
    assert meta(doc) == ("Ferry crossing to reopen after talks", "Lindqvist Herald", "2026-05-04", "Marta Quell")
    assert "Regions" not in doc.text


def test_all_in_one_masthead_line_with_date_and_author():
    text = "Valmora Courant - Regions - 4 May 2026 - Author: Ines Halloran\n\nFerry crossing to reopen after talks\n\n" + BODY
    doc = doc_of(text)
    assert meta(doc) == ("Ferry crossing to reopen after talks", "Valmora Courant", "2026-05-04", "Ines Halloran")
    assert "Courant" not in doc.text and doc.text == BODY


def test_masthead_with_parenthetical_and_published_part():
    text = "Ferry crossing to reopen after talks\n\nLindqvist Herald (wire copy: Riverton Courier) | Published 2026-05-04\n\n" + BODY
    doc = doc_of(text)
    assert meta(doc)[:3] == ("Ferry crossing to reopen after talks", "Lindqvist Herald", "2026-05-04")
    assert "wire copy" not in doc.text


def test_masthead_below_headline_with_european_date_and_two_located_authors():
    text = (
        "Ferry crossing to reopen after river provinces settle dispute\n\n"
        "The Harbour Post | Regions\n"
        "Last updated 17.05.2026 08:15\n"
        "By Ines Halloran in Valmora and Piet Osterloh in Riverton\n\n" + BODY
    )
    doc = doc_of(text)
    assert meta(doc) == (
        "Ferry crossing to reopen after river provinces settle dispute",
        "The Harbour Post",
        "2026-05-17",
        "Ines Halloran and Piet Osterloh",
    )
    assert doc.text == BODY


def test_masthead_after_byline_below_headline():
    doc = doc_of("Ferry crossing to reopen after talks\nBy Marta Quell | 4 May 2026\nThe Harbour Post - Regions\n\n" + BODY)
    assert meta(doc) == ("Ferry crossing to reopen after talks", "The Harbour Post", "2026-05-04", "Marta Quell")
    assert "Harbour Post" not in doc.text


def test_markdown_emphasised_masthead_with_read_time():
    text = "# Ferry crossing to reopen after talks\n\nBy Marta Quell | 4 May 2026\n\n**Lindqvist Herald** · Regions · 5 min read\n\n" + BODY
    doc = doc_of(text, "a.md")
    assert meta(doc) == ("Ferry crossing to reopen after talks", "Lindqvist Herald", "2026-05-04", "Marta Quell")
    assert "min read" not in doc.text


def test_navigation_row_under_masthead_is_dropped():
    text = "THE HARBOUR POST\nHome | World | Regions | Business\ndate 2026-05-04 Ferry crossing to reopen after talks\n\n" + BODY
    doc = doc_of(text)
    assert meta(doc)[:3] == ("Ferry crossing to reopen after talks", "The Harbour Post", "2026-05-04")
    assert "Home |" not in doc.text


def test_byline_with_reporting_tail():
    doc = doc_of("Ferry crossing to reopen after talks\nBy Marta Quell, with reporting from Riverton\n\n" + BODY)
    assert doc.author == "Marta Quell" and "reporting from" not in doc.text


def test_ambiguous_numeric_update_date_is_not_guessed():
    doc = doc_of("Ferry crossing to reopen after talks\nLast updated 03.04.2026 08:15\n\n" + BODY)
    assert doc.date == "" and "Last updated" not in doc.text


# --- lines that must NOT be taken for mastheads ------------------------------------------


@pytest.mark.parametrize(
    "headline",
    [
        "Markets steady as investors weigh diplomacy",
        "Ad sales boost Time Warner profit",
        "Harbour Talks Resume",
        "Valmora Daily Post",
        "FERRY TALKS COLLAPSE",
        "Ferry Crisis - Latest Updates",
    ],
)
def test_headline_followed_by_body_stays_the_title(headline):
    doc = doc_of(f"{headline}\n\n{BODY}")
    assert (doc.title, doc.source) == (headline, "")


@pytest.mark.parametrize("headline", ["Ferry Crisis - Latest Updates", "Riverton Times", "PEACE FERRY"])
def test_headline_followed_by_byline_stays_the_title(headline):
    doc = doc_of(f"{headline}\nBy Marta Quell | 4 May 2026\n\n{BODY}")
    assert (doc.title, doc.source, doc.author) == (headline, "", "Marta Quell")


def test_masthead_is_not_taken_from_a_sentence_like_second_line():
    text = "Ferry talks resume\nRiverton Times.\n\n" + BODY
    doc = doc_of(text)
    assert (doc.title, doc.source) == ("Ferry talks resume", "")


# --- leading link lists ------------------------------------------------------------------


@pytest.mark.parametrize("marker", [">", "-", "•", ""])
def test_leading_latest_news_list_is_removed_and_never_the_title(marker):
    items = "\n".join(
        f"  {marker} {item}".rstrip() if marker else item
        for item in ("Weather: Fog expected on the estuary", "Port fees rise for the third time", "Sport: Riverton win the cup")
    )
    doc = doc_of(f"Latest news\n{items}\n\nFerry crossing to reopen after river provinces settle dispute\n\n{BODY}")
    assert doc.title == "Ferry crossing to reopen after river provinces settle dispute"
    assert "Fog" not in doc.text and "Latest news" not in doc.text and doc.text == BODY


def test_leading_list_with_blank_lines_between_bullets():
    text = "More stories\n\n- Port fees rise again\n\n- Fog on the estuary\n\nFerry crossing to reopen after talks\n\n" + BODY
    doc = doc_of(text)
    assert doc.title == "Ferry crossing to reopen after talks" and "Port fees" not in doc.text


def test_leading_list_end_stops_at_the_headline_gap():
    lines = ["Read next", "> One short item", "> Another short item", "", "Ferry crossing to reopen", "", "Body."]
    assert leading_link_list_end(lines) == 3


@pytest.mark.parametrize(
    "lines",
    [
        ["Ferry crossing to reopen", "", "Latest news"],  # not at the top
        ["Latest news"],  # a heading without items
        ["Latest news", "", "The ferry crossing reopened on Tuesday after months of talks between the two provinces, "
         "officials said, and the first boats crossed the estuary soon after noon."],  # prose, not a list
    ],
)
def test_no_leading_list(lines):
    assert leading_link_list_end(lines) == 0


# --- the bundled demo corpus -------------------------------------------------------------


def _demo_table() -> dict[str, tuple[str, str]]:
    rows = {}
    for line in (DEMO / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.match(r"^\d\d", cells[0]):
            rows[cells[0]] = (re.sub(r"\s*\(.*\)$", "", cells[1]).strip(), cells[2])
    return rows


def test_demo_corpus_titles_sources_and_dates():
    if not (DEMO / "README.md").is_file():
        pytest.skip("resources/demo is absent")
    table = _demo_table()
    assert table, "README table not found"
    for name, (outlet, date) in table.items():
        doc = prepare(DEMO / name)
        assert isinstance(doc, Document), (name, doc)
        words = doc.title.split()
        assert len(words) >= 6 and not doc.title.isupper() and doc.title[:1].isalpha(), (name, doc.title)
        if outlet and not outlet.startswith("("):
            assert outlet.lower() not in doc.title.lower(), (name, doc.title)
            assert doc.source.lower() == outlet.lower(), (name, doc.source, outlet)
        assert doc.date == date, (name, doc.date, date)
        head = "\n".join(doc.text.split("\n")[:3])
        assert not re.search(r"Latest news|Last updated|^By |Author:", head, re.M), (name, head)
