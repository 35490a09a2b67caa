"""The outlet from the page's own furniture, when no dateline, credit or byline names it; never invented."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.ingest import prepare_bytes
from indexer.ingest.metadata import CYRILLIC_OUTLETS
from indexer.ingest.site_outlet import chrome_outlet, site_chrome_outlet
from indexer.model import Document, RemovedLine

TITLE = "Harbour talks resume in Valmora"
BODY = (
    "Negotiators from both coastal provinces met again on Thursday to settle the dispute over fishing rights, "
    "officials said after a six-hour session.\n\n"
    "The mediator told reporters that a second round would follow next month."
)


def doc_of(text: str, name: str = "a.txt") -> Document:
    doc = prepare_bytes(text.encode("utf-8"), f"/x/{name}")
    assert isinstance(doc, Document), doc
    return doc


@pytest.mark.parametrize(
    ("furniture", "outlet"),
    [
        ("newYou can now listen to Valmora Post articles!", "Valmora Post"),
        ("You can now listen to Fox News!", "Fox News"),
        ("Follow Valmora Post on X", "Valmora Post"),
        ("Join the Harbour Times on Telegram", "Harbour Times"),
        ("Download the Valmora Post app", "Valmora Post"),
        ("Get the Valmora Post app for iOS and Android", "Valmora Post"),
        ("Sign up for the Valmora Post newsletter", "Valmora Post"),
        ("Sign up for the Kyiv Independent's Ukraine Daily newsletter", "Kyiv Independent"),
        ("© 2025 Valmora Post. All rights reserved.", "Valmora Post"),
        ("Copyright Valmora Wire", "Valmora Wire"),
        ("Copyright © 2025 Fox News Network, LLC. All rights reserved.", "Fox News"),
        ("© 2025 Valmora Wire. All rights reserved. This material may not be republished.", "Valmora Wire"),
        ("Подписывайтесь на РИА Новости в Telegram", "RIA Novosti"),
        ("© 2025 Северный вестник. Все права защищены.", "Северный вестник"),
    ],
)
def test_site_furniture_names_the_outlet_and_leaves_the_body(furniture, outlet):
    for text in (f"{TITLE}\n{furniture}\n\n{BODY}", f"{TITLE}\n\n{BODY}\n\n{furniture}"):
        doc = doc_of(text)
        assert doc.source == outlet
        assert furniture not in doc.text


@pytest.mark.parametrize(
    "line",
    [
        "The mediator told Fox News that a second round would follow next month.",
        "According to Reuters, the mediator expects a second round next month.",
        "Fox News reported that the talks would resume next month.",
    ],
)
def test_a_story_sentence_that_mentions_an_outlet_names_none(line):
    assert doc_of(f"{TITLE}\n\n{BODY}\n\n{line}").source == ""


@pytest.mark.parametrize(
    "furniture",
    [
        "Follow us on X",  # names no one
        "Follow NATO on X",  # an acronym, but not an outlet
        "Follow Jane Doe on Telegram",  # a person
        "Sign up for the Europe Today newsletter",  # a newsletter's own name
        "© AFP",  # a picture credit, not a footer
        "© 2025 Getty Images",  # a picture agency
        "© 2025 Jane Doe",
        "Listen to this article",
        "Подписывайтесь на наш канал в Telegram",
        "© 2025 Мирон Петров",
    ],
)
def test_furniture_that_names_no_outlet_gives_none(furniture):
    assert doc_of(f"{TITLE}\n{furniture}\n\n{BODY}").source == ""


def test_a_dateline_beats_the_furniture():
    text = f"{TITLE}\nYou can now listen to Fox News!\n\nVALMORA (Reuters) - {BODY}"
    assert doc_of(text).source == "Reuters"


def test_a_source_line_beats_the_furniture():
    text = f"{TITLE}\n\n{BODY}\n\nFollow Valmora Post on X\n\nSource: Harbour Times"
    assert doc_of(text).source == "Harbour Times"


def test_furniture_naming_two_outlets_gives_none():
    text = f"{TITLE}\nYou can now listen to Fox News!\n\n{BODY}\n\n© 2025 Valmora Post. All rights reserved."
    assert doc_of(text).source == ""


def test_the_same_outlet_twice_is_no_conflict():
    text = f"{TITLE}\nFollow Valmora Post on X\n\n{BODY}\n\n© 2025 Valmora Post. All rights reserved."
    assert doc_of(text).source == "Valmora Post"


def test_markdown_pages_read_the_furniture_too():
    doc = doc_of(f"# {TITLE}\n\nYou can now listen to Fox News!\n\n{BODY}\n", "a.md")
    assert doc.source == "Fox News"


@pytest.mark.parametrize("line", ["", "   ", "©", "Follow", "You can now listen to", "x" * 500, "© 2025"])
def test_bad_input_gives_no_outlet(line):
    assert chrome_outlet(line) == ""


@given(st.text(st.characters(blacklist_characters="\n\r"), max_size=300))
@settings(max_examples=200, deadline=None)
def test_any_line_gives_a_name_it_holds_or_none(line):
    name = chrome_outlet(line)
    spelled = " ".join(line.split()).casefold()
    assert name == "" or name.casefold() in spelled or name in set(CYRILLIC_OUTLETS.values())


def test_only_furniture_reasons_are_read():
    removed = [RemovedLine(3, "You can now listen to Fox News!", "related stories")]
    assert site_chrome_outlet(removed) == ""
    assert site_chrome_outlet([RemovedLine(3, "You can now listen to Fox News!", "page label")]) == "Fox News"
