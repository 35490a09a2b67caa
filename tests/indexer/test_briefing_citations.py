"""Citations and the actor appendix: the web address first, a local file only relative to the home folder,
and the actors as the analyst curated them, never the gazetteer's descriptions."""

from __future__ import annotations

import pytest

from indexer.briefing.appendix import actor_notes, home_relative
from indexer.briefing.html_export import to_html
from indexer.briefing.markdown_export import to_markdown
from indexer.briefing.model import ActorNote, Briefing, excerpt_from_article, find_quote
from indexer.library import Library
from indexer.model import ActorRef, Article

CANONICAL_PAGE = """<!doctype html><html><head><title>Harbour reopens | The Gull Gazette</title>
<link rel="canonical" href="https://gull.example/news/harbour-reopens">
<meta property="og:site_name" content="The Gull Gazette"></head>
<body><article><h1>Harbour reopens</h1>
<p>The harbour at Port Wenna reopened on Monday after a week of storms, the port authority said.</p>
<p>Fishing crews returned to sea before dawn, and the ferry to the islands sailed on time.</p>
</article></body></html>
"""

SOURCE_LINE_TEXT = """Bridge tolls frozen for a year

Source URL: https://toll.example/2025/bridge-freeze

The regional council voted on Tuesday to freeze tolls on the Wenna bridge for twelve months.

Commuters had campaigned against a rise that would have doubled the daily charge.
"""

PLAIN_TEXT = """Library hours extended

The town library will open until nine in the evening from next month, the council said.

Volunteers will staff the reading room on Sundays.
"""


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


def one_excerpt_briefing(article: Article, start: int = 0, end: int | None = None) -> Briefing:
    briefing = Briefing("Desk notes")
    section = briefing.add_section("Items")
    briefing.add_item(section.id, excerpt_from_article(article, start, end or len(article.text)))
    return briefing


# -- where a source is -----------------------------------------------------------------

def test_home_relative_paths(home, tmp_path):
    assert home_relative(str(home / "news" / "a.txt")) == "~/news/a.txt"
    assert home_relative(str(tmp_path / "elsewhere" / "b.txt")) == "b.txt"
    assert home_relative(f"{home}/../secret/c.txt") == "c.txt"  # '..' does not hide an outside path
    assert home_relative("notes/d.txt") == "notes/d.txt"  # already relative
    assert home_relative("") == "" and home_relative("   ") == ""


def test_a_local_file_is_cited_relative_to_home_never_absolute(home):
    article = Article(id="p", title="Library hours", text=PLAIN_TEXT, path=str(home / "clips" / "library.txt"))
    text = to_markdown(one_excerpt_briefing(article), today="2026-01-02")
    assert "1. *Library hours*. ~/clips/library.txt" in text
    assert str(home) not in text
    outside = Article(id="q", title="Library hours", text=PLAIN_TEXT, path="/srv/share/clips/library.txt")
    text = to_markdown(one_excerpt_briefing(outside), today="2026-01-02")
    assert "1. *Library hours*. library.txt" in text and "/srv/share" not in text
    assert "/srv/share" not in to_html(one_excerpt_briefing(outside))


def test_imported_articles_cite_their_web_address_else_the_home_relative_file(home, library_dir):
    clips = home / "clips"
    clips.mkdir()
    (clips / "harbour.html").write_text(CANONICAL_PAGE, encoding="utf-8")
    (clips / "tolls.txt").write_text(SOURCE_LINE_TEXT, encoding="utf-8")
    (clips / "hours.txt").write_text(PLAIN_TEXT, encoding="utf-8")
    with Library(library_dir) as lib:
        lib.add([clips])
        briefing = Briefing("Local desk")
        section = briefing.add_section("Town")
        for summary in sorted(lib.articles(), key=lambda s: s.title):
            article = lib.article(summary.id)
            briefing.add_item(section.id, excerpt_from_article(article, 0, len(article.text)))
    text = to_markdown(briefing, today="2026-01-02")
    assert "<https://gull.example/news/harbour-reopens>" in text
    assert "<https://toll.example/2025/bridge-freeze>" in text
    assert "~/clips/hours.txt" in text
    assert str(home) not in text and "clips/harbour.html" not in text and "clips/tolls.txt" not in text


# -- the actor appendix -----------------------------------------------------------------

CAPITAL_TEXT = "Talks in Kyiv went on late. Ukraine said little, and the Kremlin less."


def test_the_appendix_never_repeats_a_role_or_description():
    kyiv = CAPITAL_TEXT.find("Kyiv")
    article = Article(id="k", title="Talks", text=CAPITAL_TEXT,
                      actors=(ActorRef("kyiv", "Kyiv", "place", "Capital of Ukraine", mentions=((kyiv, kyiv + 4),)),))
    text = to_markdown(one_excerpt_briefing(article), today="2026-01-02")
    assert "- **Kyiv** (place)\n" in text
    assert "Capital of Ukraine" not in text


def test_the_appendix_shows_the_analysts_names_and_types():
    kyiv = CAPITAL_TEXT.find("Kyiv")
    article = Article(id="k", title="Talks", text=CAPITAL_TEXT,
                      actors=(ActorRef("kyiv", "Kyiv", "place", "Capital of Ukraine", mentions=((kyiv, kyiv + 4),)),))
    notes = {"Kyiv": ActorNote("Kyiv city government", "organisation", ("Kyiv", "*KCSA*"))}
    text = to_markdown(one_excerpt_briefing(article), today="2026-01-02", actor_notes=notes)
    assert "- **Kyiv city government** (organisation) — also: Kyiv, \\*KCSA\\*\n" in text
    assert "Capital of Ukraine" not in text and "(place)" not in text


def test_actor_notes_come_from_the_libraries_curation(library_dir):
    story = ("Talks resumed in Kyiv on Monday. Ukraine and Russia sent delegations, "
             "and Kyiv hosted the first session.")
    folder = library_dir.parent / "clips"
    folder.mkdir()
    (folder / "talks.txt").write_text(f"Talks resume\n\n{story}\n", encoding="utf-8")
    with Library(library_dir) as lib:
        lib.add([folder])
        article = lib.article(lib.articles()[0].id)
        assert {a.name for a in article.actors} >= {"Kyiv", "Ukraine"}, article.actors
        start, end = find_quote(article.text, story)
        briefing = one_excerpt_briefing(article, start, end)
        kyiv, ukraine = lib.actor("Kyiv"), lib.actor("Ukraine")
        lib.alias_actor(kyiv.id, "the capital")
        lib.rename_actor(ukraine.id, "Ukraine (government)")
        lib.set_actor_type(ukraine.id, "organisation")
        notes = actor_notes(lib, briefing)
        text = to_markdown(briefing, today="2026-01-02", actor_notes=notes)
        gazetteer_roles = {a.role for a in article.actors if a.role}
    assert notes["Kyiv"] == ActorNote("Kyiv", "place", ("the capital",))
    assert notes["Ukraine"] == ActorNote("Ukraine (government)", "organisation", ("Ukraine",))
    assert "- **Kyiv** (place) — also: the capital\n" in text
    assert "- **Ukraine (government)** (organisation) — also: Ukraine\n" in text
    assert gazetteer_roles and not any(role in text for role in gazetteer_roles)


def test_actor_notes_leave_out_actors_the_library_does_not_know(library_dir):
    kyiv = CAPITAL_TEXT.find("Kyiv")
    article = Article(id="k", title="Talks", text=CAPITAL_TEXT,
                      actors=(ActorRef("x", "Qwzzy Plomb", "person", "", mentions=((kyiv, kyiv + 4),)),))
    briefing = one_excerpt_briefing(article)
    with Library(library_dir) as lib:
        notes = actor_notes(lib, briefing)
    assert notes == {}
    assert "- **Qwzzy Plomb** (person)\n" in to_markdown(briefing, actor_notes=notes)
