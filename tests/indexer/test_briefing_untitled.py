"""A title made up from an article's first words (its file has no headline) is never cited as a headline, and a
quote excerpt's speaker is listed in the briefing's Actors section."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from indexer.briefing.html_export import to_html
from indexer.briefing.markdown_export import to_markdown
from indexer.briefing.model import (
    TITLE_NONE, TITLE_OPENING, Briefing, excerpt_from_article, quote_at_span, title_kind,
)
from indexer.briefing.refresh import refresh_citations
from indexer.briefing.store import load_briefing, save_briefing
from indexer.ingest.metadata import fallback_title
from indexer.model import ActorRef, Article, Quote

TEXT = ("Harbour envoy Lena Marsh met the port board in Vell on Tuesday to settle the ferry dispute. "
        "“We will not close the harbour,” Marsh said. Crews cheered.")
OPENING = fallback_title(TEXT, "marsh")  # the title the reader gives a file with no headline
SAID = TEXT.index("We will")
SAID_END = TEXT.index(",”")
MARSH = TEXT.index("Lena Marsh")


def article(**changes) -> Article:
    base = Article(
        id="vell-1", title=OPENING, text=TEXT, date="2026-02-03", source="Coast Gazette", path="/news/marsh.txt",
        actors=(ActorRef("marsh", "Lena Marsh", "person", "envoy", mentions=((MARSH, MARSH + 10),)),
                ActorRef("vell", "Vell", "place", mentions=((TEXT.index("Vell"), TEXT.index("Vell") + 4),))),
        quotes=(Quote("vell-1", TEXT[SAID:SAID_END], SAID, SAID_END, "marsh", "direct"),),
    )
    return dataclasses.replace(base, **changes)


def quoted(source: Article) -> Briefing:
    briefing = Briefing("Harbour watch")
    section = briefing.add_section("Ports")
    speaker, kind = quote_at_span(source, SAID, SAID_END)
    briefing.add_item(section.id, excerpt_from_article(source, SAID, SAID_END, speaker=speaker, quote_kind=kind))
    return briefing


def plain(source: Article, start: int = 0, end: int = 20) -> Briefing:
    briefing = Briefing("Harbour watch")
    briefing.add_item(briefing.add_section("Ports").id, excerpt_from_article(source, start, end))
    return briefing


# -- telling a stand-in title from a headline ---------------------------------------------------------


def test_the_readers_stand_in_is_recognised_and_a_headline_is_not():
    assert OPENING.startswith("Harbour envoy Lena Marsh met")
    assert title_kind(article()) == TITLE_OPENING
    assert title_kind(article(title="Envoy keeps Vell harbour open")) == ""
    assert title_kind(article(title="Harbour envoy keeps Vell open")) == ""  # same first word, still a headline
    assert title_kind(article(title="Untitled")) == TITLE_NONE


def test_a_dateline_stand_in_is_recognised():
    text = "VELL, Feb 3 (Coast Gazette) - Harbour envoy Lena Marsh met the port board. Crews cheered."
    stand_in = fallback_title(text, "x")
    assert stand_in.startswith("VELL, Feb 3")
    assert title_kind(article(text=text, title=stand_in)) == TITLE_OPENING


def test_an_empty_title_or_text_is_no_stand_in():
    assert title_kind(article(title="")) == ""
    assert title_kind(article(title="Envoy keeps Vell open", text="")) == ""


# -- Markdown and HTML exports ------------------------------------------------------------------------


def test_markdown_cites_a_stand_in_as_an_untitled_article():
    markdown = to_markdown(quoted(article()), today="2026-02-04")
    assert (f"— Lena Marsh, in an untitled article beginning “{OPENING}”, Coast Gazette, 2026-02-03[^1]"
            in markdown)
    assert "in “" not in markdown and f"*{OPENING}*" not in markdown
    assert f"1. Untitled article beginning “{OPENING}” — Coast Gazette, 2026-02-03. marsh.txt" in markdown
    assert f"[^1]: Untitled article beginning “{OPENING}” — Coast Gazette, 2026-02-03." in markdown


def test_markdown_cites_a_headline_in_quotation_marks_as_before():
    markdown = to_markdown(quoted(article(title="Envoy keeps Vell harbour open")), today="2026-02-04")
    assert "— Lena Marsh, in “Envoy keeps Vell harbour open”, Coast Gazette, 2026-02-03[^1]" in markdown
    assert "1. *Envoy keeps Vell harbour open* — Coast Gazette, 2026-02-03. marsh.txt" in markdown
    assert "[^1]: Envoy keeps Vell harbour open — Coast Gazette, 2026-02-03." in markdown
    assert "untitled" not in markdown.lower()


def test_html_cites_a_stand_in_as_an_untitled_article_and_a_headline_as_one():
    untitled = to_html(quoted(article()), today="2026-02-04")
    assert f"— Lena Marsh, in an untitled article beginning “{OPENING}”, Coast Gazette" in untitled
    assert "in “Harbour" not in untitled and f"<em>{OPENING}</em>" not in untitled
    titled = to_html(quoted(article(title="Envoy keeps Vell harbour open")), today="2026-02-04")
    assert "in “Envoy keeps Vell harbour open”" in titled and "<em>Envoy keeps Vell harbour open</em>" in titled
    assert "untitled" not in titled.lower()


def test_reported_speech_and_a_plain_excerpt_without_outlet_say_untitled_too():
    reported = article(quotes=(Quote("vell-1", TEXT[SAID:SAID_END], SAID, SAID_END, "marsh", "reported"),))
    markdown = to_markdown(quoted(reported), today="2026-02-04")
    assert f"— Lena Marsh (reported speech), in an untitled article beginning “{OPENING}”, Coast Gazette" in markdown
    no_outlet = to_markdown(plain(article(source="")), today="2026-02-04")
    assert f"— Untitled article beginning “{OPENING}”, 2026-02-03[^1]" in no_outlet


def test_no_title_at_all_is_an_untitled_article():
    markdown = to_markdown(quoted(article(title="Untitled")), today="2026-02-04")
    assert "— Lena Marsh, in an untitled article, Coast Gazette, 2026-02-03[^1]" in markdown
    assert "“Untitled”" not in markdown and "*Untitled*" not in markdown


def test_markup_in_a_stand_in_title_is_still_text():
    text = "<script>alert(1)</script> *Envoy* [x](javascript:alert(2)) met the board. Crews cheered."
    hostile = article(text=text, title=fallback_title(text, "h"), actors=(), quotes=())
    assert title_kind(hostile) == TITLE_OPENING
    markdown = to_markdown(plain(hostile), today="2026-02-04")
    assert "Untitled article beginning “&lt;script&gt;alert(1)&lt;/script&gt; \\*Envoy\\* \\[x\\]" in markdown
    page = to_html(plain(hostile), today="2026-02-04")
    assert "<script" not in page and 'href="javascript' not in page and "<em>Envoy</em>" not in page
    assert "beginning “&lt;script&gt;alert(1)&lt;/script&gt; *Envoy* [x](javascript:alert(2))" in page


# -- briefing files and following the library ---------------------------------------------------------


def test_the_kind_is_saved_and_an_old_file_loads_citing_its_title_as_saved(tmp_path):
    path = tmp_path / "h.briefing.json"
    save_briefing(quoted(article()), path)
    assert load_briefing(path).excerpts()[0].title_kind == TITLE_OPENING
    data = json.loads(path.read_text(encoding="utf-8"))
    for section in data["sections"]:
        for item in section["items"]:
            del item["title_kind"]
    path.write_text(json.dumps(data), encoding="utf-8")
    old = load_briefing(path)
    assert old.excerpts()[0].title_kind == ""
    assert f"in “{OPENING}”" in to_markdown(old, today="2026-02-04")  # nothing says otherwise without the library


def test_an_old_file_learns_from_the_library_that_its_title_is_a_stand_in(tmp_path):
    path = tmp_path / "h.briefing.json"
    save_briefing(quoted(article()), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sections"][0]["items"][0].pop("title_kind")
    path.write_text(json.dumps(data), encoding="utf-8")
    briefing = load_briefing(path)
    refresh = refresh_citations(briefing, lambda _id: article())
    assert list(refresh.updates.values()) == [{"title_kind": TITLE_OPENING}]
    assert "in an untitled article beginning" in to_markdown(briefing, today="2026-02-04")


def test_an_edited_title_is_a_headline_and_emptying_it_brings_the_stand_in_back():
    briefing = quoted(article())
    refresh_citations(briefing, lambda _id: article(title="Envoy keeps Vell harbour open"))
    excerpt = briefing.excerpts()[0]
    assert (excerpt.title, excerpt.title_kind) == ("Envoy keeps Vell harbour open", "")
    assert "in “Envoy keeps Vell harbour open”" in to_markdown(briefing, today="2026-02-04")
    refresh_citations(briefing, lambda _id: article())
    assert briefing.excerpts()[0].title_kind == TITLE_OPENING


def test_through_the_library_an_import_without_headline_then_an_edit(tmp_path):
    from indexer.library import Library

    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "bare.txt").write_text(TEXT + "\n\nThe board meets again in March.\n", encoding="utf-8")
    (tmp_path / "files" / "titled.txt").write_text(
        "Envoy keeps Vell harbour open\n\nHarbour envoy Lena Marsh met the port board in Vell on Tuesday. "
        "The board meets again in March.\n", encoding="utf-8")
    with Library(tmp_path / "lib") as library:
        library.add([tmp_path / "files"])
        by_file = {Path(s.path).name: s.id for s in library.articles()}
        bare, titled = library.plain_article(by_file["bare.txt"]), library.plain_article(by_file["titled.txt"])
        assert (title_kind(bare), title_kind(titled)) == (TITLE_OPENING, "")
        edited = library.edit_details(bare.id, {"title": "Marsh keeps the harbour open"})
        assert title_kind(edited) == ""
        assert title_kind(library.edit_details(bare.id, {"title": ""})) == TITLE_OPENING


# -- the Actors section -------------------------------------------------------------------------------


def test_the_speaker_of_a_quote_excerpt_is_in_the_actors_section():
    briefing = quoted(article(title="Envoy keeps Vell harbour open"))
    assert briefing.excerpts()[0].actors == (("Lena Marsh", "person", "envoy"),)  # named outside the quote
    actors = to_markdown(briefing, today="2026-02-04").split("## Actors", 1)[1]
    assert "- **Lena Marsh** (person)" in actors


def test_a_plain_excerpt_lists_only_the_actors_inside_it():
    briefing = plain(article(), SAID, SAID_END)
    assert briefing.excerpts()[0].actors == ()
    assert "## Actors" not in to_markdown(briefing, today="2026-02-04")


def test_an_old_file_without_the_speaker_among_its_actors_still_lists_the_speaker(tmp_path):
    path = tmp_path / "h.briefing.json"
    briefing = quoted(article())
    briefing.add_item(briefing.sections[0].id, excerpt_from_article(article(), MARSH, MARSH + 10))
    save_briefing(briefing, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sections"][0]["items"][0]["actors"] = []  # a quote excerpt saved before speakers were recorded
    path.write_text(json.dumps(data), encoding="utf-8")
    actors = to_markdown(load_briefing(path), today="2026-02-04").split("## Actors", 1)[1].split("[^1]")[0]
    assert actors.count("Lena Marsh") == 1 and "- **Lena Marsh** (person)" in actors
    data["sections"][0]["items"].pop(1)
    path.write_text(json.dumps(data), encoding="utf-8")
    alone = to_markdown(load_briefing(path), today="2026-02-04").split("## Actors", 1)[1]
    assert "- **Lena Marsh**" in alone


@pytest.mark.parametrize("speaker, shown", [("<b>Marsh</b>", "&lt;b&gt;Marsh&lt;/b&gt;"), ("**Marsh**", "**Marsh**")])
def test_a_speaker_in_the_actors_section_is_text(speaker, shown):
    briefing = quoted(article())
    briefing.excerpts()[0].speaker, briefing.excerpts()[0].actors = speaker, ()
    page = to_html(briefing, today="2026-02-04")
    assert f"<li><strong>{shown}</strong></li>" in page and "<b>" not in page
