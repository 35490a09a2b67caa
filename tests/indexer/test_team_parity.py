"""A team library does what a library folder does (issue 15): demo marks and `remove-demo`, metadata taken from
duplicates, the timeline and the network. Each test runs on a folder and on a PostgreSQL team library; the
PostgreSQL half needs a server (`make test` starts one with pg_virtualenv) and skips, saying why, without one."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from indexer.cli import main
from indexer.library import Library
from indexer.paths import resource

from .fixtures import RIYADH
from .test_duplicate_metadata import BODY, FRONT_MATTER, HEADLINE, near_copy

DEMO = resource("demo")
DEMO_FILES = [DEMO / "07_nato-rutte-urges-strong-deal.txt", DEMO / "07b_nato-rutte-urges-strong-deal-copy.txt",
              DEMO / "10_energy-moratorium.txt"]


@pytest.fixture(params=["folder", pytest.param("team", marks=pytest.mark.postgresql)])
def location(request, tmp_path) -> str:
    """A new library: a folder, or a team library's postgresql:// address (its own schema)."""
    if request.param == "folder":
        return str(tmp_path / "lib")
    from psycopg.conninfo import conninfo_to_dict

    return "postgresql://?" + urlencode(conninfo_to_dict(request.getfixturevalue("pg_dsn")), quote_via=quote)


def run(capsys, *args) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in err, err
    return out


def write(folder, name: str, text: str):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


# -- demo articles -----------------------------------------------------------------------------------------
@pytest.fixture
def demo_lib(location, tmp_path):
    own = write(tmp_path / "mine", "riyadh.txt", RIYADH)
    with Library(location) as lib:
        lib.add([*DEMO_FILES, own])
    return location


def test_demo_articles_are_marked_shown_and_removed(demo_lib, capsys):
    with Library(demo_lib) as lib:
        demo = lib.demo_ids()
        assert len(demo) == 2 and lib.count() == 3
        assert {a.id for a in lib.articles() if a.demo} == demo
        assert {h.id for h in lib.search("Rutte").hits if h.demo} == demo & {h.id for h in lib.search("Rutte").hits}
        assert not lib.holds_only_demo()
    listed = json.loads(run(capsys, "--library", demo_lib, "list", "--json"))
    assert {a["id"] for a in listed if a["demo"]} == demo
    assert "Removed 2 demo article(s)" in run(capsys, "--library", demo_lib, "remove-demo")
    with Library(demo_lib) as lib:
        assert lib.count() == 1 and lib.demo_ids() == set() and lib.search("Rutte").total == 0
        assert lib.index.doc_count() == 1 and not lib.index_problem
        assert {e.article_id for e in lib.import_log() if e.status == "removed"} == demo
        assert lib.add(DEMO_FILES[:1]).added and lib.demo_ids() <= demo and len(lib.demo_ids()) == 1
    assert json.loads(run(capsys, "--library", demo_lib, "remove-demo", "--json")) == {"removed": 1}


def test_demo_articles_of_a_library_made_before_the_mark_are_recognised_when_opened(demo_lib):
    with Library(demo_lib) as lib:
        demo = lib.demo_ids()
        with lib.store.db as db:  # as an older version left it: no marks, never checked
            db.execute("DELETE FROM demo_articles")
            db.execute("DELETE FROM meta WHERE key='demo_checked'")
    with Library(demo_lib) as reopened:
        assert reopened.demo_ids() == demo and len(demo) == 2


# -- metadata from duplicates -----------------------------------------------------------------------------
def test_a_duplicate_fills_the_metadata_the_kept_article_lacks(location, tmp_path):
    with Library(location) as lib:
        bare = lib.add([write(tmp_path / "in", "pasted.txt", BODY)]).added[0]
        assert lib.article(bare.id).date == ""
        report = lib.add([write(tmp_path / "in", "pasted.md", FRONT_MATTER + BODY)])
        assert [d.duplicate_of for d in report.duplicates] == [bare.id]
        article = lib.article(bare.id)
        assert (article.title, article.date, article.source, article.author, article.url) == (
            HEADLINE, "2025-03-14", "Harbour Herald", "Anna Berg", "https://example.org/valmora-talks")
        assert "took headline, date, author, outlet, web address from this copy" in lib.import_log(1)[0].detail
        assert [h.id for h in lib.search("", date_from="2025-03-01").hits] == [bare.id]
        assert [h.title for h in lib.search("title:contested").hits] == [HEADLINE]
        assert lib.store.unindexed_count() == 0


def test_an_analysts_correction_is_never_overwritten_by_a_near_duplicate(location, tmp_path):
    with Library(location) as lib:
        kept = lib.add([write(tmp_path / "in", "pasted.txt", BODY)]).added[0]
        lib.edit_details(kept.id, {"title": "Fishing truce (analyst's title)"})
        report = lib.add([write(tmp_path / "in", "edited.md", FRONT_MATTER + near_copy(BODY))])
        assert [d.duplicate_of for d in report.duplicates] == [kept.id]
        article = lib.article(kept.id)
        assert article.title == "Fishing truce (analyst's title)" and article.date == "2025-03-14"
        assert "took date, author, outlet, web address from this copy" in lib.import_log(1)[0].detail


# -- the timeline and the network ---------------------------------------------------------------------------
def picture_library(location: str) -> Library:
    """The pictures' five invented articles (tests/indexer/pictures_fixtures.py) stored exactly, then opened."""
    from indexer.paths import is_team_address, team_local_dir

    from .pictures_fixtures import ARTICLES, put_article, write_gazetteer

    local = team_local_dir(location) if is_team_address(location) else Path(location)
    write_gazetteer(local / "actors")  # the user's own gazetteer stays in their local folder
    with Library(location) as lib:
        for article_id, date, topic, actors, quotes in ARTICLES:
            put_article(lib, article_id, date, topic, actors, quotes)
    return Library(location)  # opening indexes what the store holds unindexed


SCOPES = [dict(), dict(query="harbour"), dict(actors=("Oduya",)), dict(date_from="2025-03", date_to="2025-03-05"),
          dict(article_ids=("a1", "a5", "zz")), dict(query="harbour", article_ids=("a1", "a2")),
          dict(actors=("Ferrant", "Lindqvist"), date_from="2025")]


@pytest.mark.postgresql
def test_pictures_of_a_team_library_equal_those_of_a_folder(pg_dsn, tmp_path):
    from psycopg.conninfo import conninfo_to_dict

    from indexer.pictures.scope import Scope

    from .pictures_fixtures import A, B, P

    team = "postgresql://?" + urlencode(conninfo_to_dict(pg_dsn), quote_via=quote)
    with picture_library(str(tmp_path / "lib")) as folder, picture_library(team) as shared:
        assert shared.address and not folder.address

        def same_pictures() -> dict:
            for parts in SCOPES:
                scope = Scope(**parts)
                timeline, network = folder.timeline(scope).to_json(), folder.network(scope).to_json()
                assert shared.timeline(scope).to_json() == timeline, parts
                assert shared.network(scope).to_json() == network, parts
                assert shared.network(scope, min_weight=2).to_json() == folder.network(scope, min_weight=2).to_json()
            return folder.network().to_json()

        whole = same_pictures()
        assert whole["articles"] == 5 and whole["edges"] and folder.timeline().to_json()["marks"]
        for lib in (folder, shared):  # merged actors are one node, an article counted once; ignored ones vanish
            lib.merge_actors(A, B)
            lib.ignore_actor(P)
        assert same_pictures() != whole


def test_cli_draws_the_timeline_and_network_of_either_library(location, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    picture_library(location).close()
    timeline = json.loads(run(capsys, "--library", location, "timeline", "harbour", "--json"))
    assert timeline["articles"] == 3 and timeline["marks"]
    out = run(capsys, "--library", location, "network", "--min-weight", "2", "-o", "n.svg")
    assert "Network of 5 article(s)" in out and (tmp_path / "n.svg").stat().st_size > 0


# -- a grown mailbox ---------------------------------------------------------------------------------------
def test_a_grown_mailbox_adds_only_the_new_message_on_either_store(location, tmp_path):
    """Re-importing an mbox that gained a message on top (the others shift) adds that message only; on a team
    library this once ran SQLite SQL on the PostgreSQL connection."""
    from .sources_fixtures import make_email, make_mbox
    from .test_import_sources import story

    box = tmp_path / "desk.mbox"
    first, second, third = (make_email(t, story(n)) for n, t in enumerate(["One", "Two", "Three"], 10))
    box.write_bytes(make_mbox([first, second]))
    with Library(location) as lib:
        assert len(lib.add([box]).added) == 2
        box.write_bytes(make_mbox([third, first, second]))
        report = lib.add([box])
        assert [a.title for a in report.added] == ["Three"] and not report.skipped
        assert len(report.unchanged) == 2 and not report.duplicates
        assert lib.count() == 3


# -- hyphenated words and prefixes find what a folder finds ------------------------------------------------
# Invented articles: a hyphenated word in one, its parts standing apart in another; a name with and without a
# final letter (Zelensky, Zelenskyy) and one that only shares its first letters (Zelenska).
HYPHENS = {
    "summit": "Envoys prepare US-Russia summit\n\nDiplomats said the US-Russia meeting would begin with a 30-day "
              "pause in strikes on power plants. President Zelensky asked to join the ceasefire-talks.\n",
    "observers": "Observers reach the border\n\nThe US sent 30 observers to the border. On their first day they "
                 "met officials from Ukraine, who said talks with Russia on a ceasefire could wait.\n",
    "kyiv": "Kyiv weighs the Russia-Ukraine proposal\n\nVolodymyr Zelenskyy told reporters that ceasefire talks "
            "must include prisoner exchanges. Both capitals claimed gains on the front.\n",
    "grain": "Grain exports recover\n\nExporters in Odesa said shipments rose for a third month; Olena Zelenska "
             "visited the port on Tuesday.\n",
}
HYPHEN_QUERIES = (
    ("US-Russia", {"summit"}),  # a hyphenated word is a phrase of its parts
    ("Russia-Ukraine", {"kyiv"}),
    ("ceasefire-talks", {"summit", "kyiv"}),
    ("30-day", {"summit"}),
    ("title:US-Russia", {"summit"}),
    ("US-Russia OR grain", {"summit", "grain"}),
    ("ceasefire -ceasefire-talks", {"observers"}),
    ("Zelensky*", {"summit", "kyiv"}),  # the letters typed, and the stems of Zelensky and Zelenskyy
    ("zelensky*", {"summit", "kyiv"}),
    ("zelensk*", {"summit", "kyiv", "grain"}),
)


@pytest.fixture
def hyphen_lib(location, tmp_path):
    folder = tmp_path / "desk"
    paths = [write(folder, f"{name}.txt", text) for name, text in HYPHENS.items()]
    with Library(location) as lib:
        added = lib.add(paths).added
        assert len(added) == len(HYPHENS)
        names = {a.title: Path(a.path).stem for a in added}
        yield lib, names


@pytest.mark.parametrize("query, expected", HYPHEN_QUERIES, ids=[q for q, _ in HYPHEN_QUERIES])
def test_hyphenated_words_and_prefixes_find_the_same_articles(hyphen_lib, query, expected):
    lib, names = hyphen_lib
    results = lib.search(query, limit=50)
    assert {names[hit.title] for hit in results.hits} == expected
    assert results.total == len(expected)


def test_a_hyphenated_word_is_highlighted_whole(hyphen_lib):
    lib, _names = hyphen_lib
    text = "A 30-day pause; on day 30 the US sent envoys to Russia. US-Russia talks followed."
    assert lib.hit_spans(text, "30-day") == [(2, 8)]
    assert lib.hit_spans(text, "US-Russia") == [(56, 65)]
    assert lib.index.query_highlights("30-day") == (frozenset(), frozenset({("30", "dai")}))  # stemmed, as stored
