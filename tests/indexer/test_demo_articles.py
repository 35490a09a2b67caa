"""Demo articles (the bundled, invented corpus) are marked, shown as such, cited as invented and removable."""

from __future__ import annotations

import json
import shutil

import pytest

from indexer.briefing import Briefing, excerpt_from_article
from indexer.briefing.markdown_export import to_markdown
from indexer.cli import main
from indexer.demo import DEMO_CITATION, DemoCorpus, bundled_demo
from indexer.library import Library
from indexer.paths import resource

from .fixtures import RIYADH

DEMO = resource("demo")
# Two demo stories and the exact copy of one of them (a duplicate): small enough for a quick import.
DEMO_FILES = [DEMO / "07_nato-rutte-urges-strong-deal.txt", DEMO / "07b_nato-rutte-urges-strong-deal-copy.txt",
              DEMO / "10_energy-moratorium.txt"]

OWN = """Harbour talks resume in Valmora

By Anna Berg | 4 March 2025

Negotiators from Valmora and Kessin met again at the customs house, officials said on Tuesday.

"We are closer than we were a month ago," the mediator Ilse Marten told reporters after the session.

Kessin's deputy governor Paul Orrin said his province wanted a joint patrol of the bay.
"""


@pytest.fixture
def own(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "harbour.txt").write_text(OWN, encoding="utf-8")
    (folder / "riyadh.txt").write_text(RIYADH, encoding="utf-8")
    return folder


@pytest.fixture
def lib(tmp_path, own):
    library = Library(tmp_path / "lib")
    library.add([*DEMO_FILES, own])
    yield library
    library.close()


def ids_by_demo(lib):
    rows = lib.articles()
    return {r.id for r in rows if r.demo}, {r.id for r in rows if not r.demo}


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_demo_articles_are_marked_at_import(lib):
    demo, own = ids_by_demo(lib)
    assert len(demo) == 2 and len(own) == 2
    assert lib.demo_ids() == demo
    assert all(lib.article(i).demo for i in demo) and not any(lib.article(i).demo for i in own)
    assert {h.id for h in lib.search("ceasefire OR harbour", limit=50).hits if h.demo} <= demo
    assert {h.id for h in lib.search("", date_from="2000-01-01", limit=50).hits if not h.demo} == own
    assert all(s.demo for s in lib.newest(50) if s.id in demo)
    assert not lib.holds_only_demo()


def test_a_byte_copy_of_a_demo_file_elsewhere_is_a_demo_article(tmp_path):
    copy = tmp_path / "elsewhere" / "story.txt"
    copy.parent.mkdir()
    shutil.copyfile(DEMO_FILES[2], copy)
    with Library(tmp_path / "lib") as lib:
        added = lib.add([copy]).added
        assert [lib.article(a.id).demo for a in added] == [True]
        assert lib.holds_only_demo()


def test_an_edited_copy_of_a_demo_file_is_not_a_demo_file():
    demo = bundled_demo()
    assert demo.holds(str(DEMO_FILES[0]), "not-its-hash")
    assert not demo.holds("/home/analyst/news/07_nato-rutte-urges-strong-deal.txt", "another-hash")
    # recorded by another install of the app (a checkout elsewhere): recognised by its place and name
    assert demo.made("/opt/old/resources/demo/07_nato-rutte-urges-strong-deal.txt", "another-hash")
    assert not demo.made("/opt/old/resources/demo/my-own-notes.txt", "another-hash")
    assert not DemoCorpus("", frozenset(), frozenset()).made("/x/resources/demo/a.txt", "h")


def test_cli_marks_demo_articles(lib, capsys):
    demo, own = ids_by_demo(lib)
    listed = run(capsys, "--library", str(lib.path), "list")
    demo_lines = [line for line in listed.splitlines() if "[demo]" in line]
    assert sorted(line.split()[0] for line in demo_lines) == sorted(demo)
    rows = json.loads(run(capsys, "--library", str(lib.path), "list", "--json"))
    assert {r["id"]: r["demo"] for r in rows} == {**{i: True for i in demo}, **{i: False for i in own}}
    some_demo, some_own = sorted(demo)[0], sorted(own)[0]
    assert run(capsys, "--library", str(lib.path), "show", some_demo).startswith("[demo] ")
    assert not run(capsys, "--library", str(lib.path), "show", some_own).startswith("[demo]")
    assert json.loads(run(capsys, "--library", str(lib.path), "show", some_demo, "--json"))["demo"] is True
    found = run(capsys, "--library", str(lib.path), "search", "Lavrov")
    marked = [line.split()[0] for line in found.splitlines() if line.endswith("[demo]")]
    assert marked and set(marked) <= demo
    hits = json.loads(run(capsys, "--library", str(lib.path), "search", "Lavrov", "--json"))["hits"]
    assert {h["id"] for h in hits if h["demo"]} == set(marked)
    quotes = json.loads(run(capsys, "--library", str(lib.path), "quotes", "--json"))
    assert {q["article"] for q in quotes if q["demo"]} <= demo
    assert {q["article"] for q in quotes if not q["demo"]} <= own
    related = json.loads(run(capsys, "--library", str(lib.path), "related", some_own, "--json", "--limit", "5"))
    assert related and all(r["demo"] == (r["id"] in demo) for r in related)
    text = run(capsys, "--library", str(lib.path), "quotes")
    assert all(("[demo]" in line) == (line.split()[0] in demo) for line in text.splitlines() if line.strip())


def test_a_briefing_cites_a_demo_article_as_invented(lib):
    demo, own = ids_by_demo(lib)
    briefing = Briefing(title="Check")
    section = briefing.add_section("All")
    for article_id in sorted(demo) + sorted(own):
        article = lib.article(article_id)
        briefing.add_item(section.id, excerpt_from_article(article, 0, 40))
    markdown = to_markdown(briefing)
    sources = [e.source for e in briefing.excerpts()]
    assert [DEMO_CITATION in s for s in sources] == [True, True, False, False]
    assert sources[0] == f"{lib.article(sorted(demo)[0]).source} {DEMO_CITATION}"
    assert markdown.count(DEMO_CITATION) >= 4  # the excerpt's attribution, the source list and the footnote, twice


def test_remove_demo_removes_those_articles_and_nothing_else(lib, capsys):
    demo, own = ids_by_demo(lib)
    own_quotes = [q for q in lib.quotes() if q.article_id in own]
    own_hits = {h.id for h in lib.search("harbour OR Lavrov", limit=50).hits} & own
    own_actors = {s.actor.id: (s.articles, s.mentions) for s in lib.actor_stats()}
    out = run(capsys, "--library", str(lib.path), "remove-demo")
    assert "Removed 2 demo article(s)" in out
    lib.reopen_index()
    assert {a.id for a in lib.articles()} == own and lib.demo_ids() == set()
    assert lib.index.doc_count() == 2 and not lib.index_problem
    assert {h.id for h in lib.search("", date_from="2000-01-01", limit=50).hits} == own
    assert {h.id for h in lib.search("harbour OR Lavrov", limit=50).hits} == own_hits
    assert lib.quotes() == own_quotes
    assert lib.search("Rutte").total == 0
    assert "Mark Rutte" not in {s.actor.name for s in lib.actor_stats()}
    after = {s.actor.id: (s.articles, s.mentions) for s in lib.actor_stats()}
    for actor_id, counts in after.items():  # only the demo articles' share is gone
        assert counts[0] <= own_actors[actor_id][0]
    db = lib.store.db
    for table, column in (("lsh_bands", "article_id"), ("article_actors", "article_id"), ("files", "article_id"),
                          ("removed_lines", "article_id"), ("articles", "id")):
        left = {r[0] for r in db.execute(f"SELECT DISTINCT {column} FROM {table}")}
        assert not left & demo, table
    removed = [e for e in lib.import_log() if e.status == "removed"]
    assert {e.article_id for e in removed} == demo
    assert json.loads(run(capsys, "--library", str(lib.path), "remove-demo", "--json")) == {"removed": 0}


def test_demo_articles_can_be_imported_again_after_removal(lib):
    demo, _own = ids_by_demo(lib)
    assert lib.remove_demo() == 2
    report = lib.add(DEMO_FILES)
    assert {a.id for a in report.added} == demo and len(report.duplicates) == 1
    assert lib.demo_ids() == demo
    assert lib.search("Rutte").total >= 1


def test_a_library_made_before_the_mark_is_recognised_when_opened(tmp_path, own):
    with Library(tmp_path / "lib") as lib:
        lib.add([*DEMO_FILES, own])
        demo = lib.demo_ids()
        with lib.store.db as db:  # as an older version left it: no marks, never checked
            db.execute("DELETE FROM demo_articles")
            db.execute("DELETE FROM meta WHERE key='demo_checked'")
    with Library(tmp_path / "lib") as reopened:
        assert reopened.demo_ids() == demo and len(demo) == 2


def test_only_demo_articles(tmp_path, own):
    with Library(tmp_path / "lib") as lib:
        assert not lib.holds_only_demo()  # empty
        lib.add(DEMO_FILES)
        assert lib.holds_only_demo()
        lib.add([own])
        assert not lib.holds_only_demo()


def test_a_failed_index_write_leaves_the_store_as_it_was(lib, monkeypatch):
    from indexer.errors import LibraryLockedError

    demo, _own = ids_by_demo(lib)

    def refuse(*_args, **_kwargs):
        raise LibraryLockedError("The search index is being written by another process. Try again.")

    monkeypatch.setattr(lib.index, "writer", refuse)
    with pytest.raises(LibraryLockedError):
        lib.remove_demo()
    monkeypatch.undo()
    assert lib.demo_ids() == demo and lib.count() == 4
    assert not [e for e in lib.import_log() if e.status == "removed"]
    assert lib.remove_demo() == 2
