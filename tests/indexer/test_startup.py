"""A command line that starts like a native tool (issue 19): a search imports and builds only what it needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from indexer import cli

REPO = Path(__file__).resolve().parents[2]


def _python(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()[-1]


def test_opening_a_library_and_searching_loads_no_network_asyncio_or_ingest_code(tmp_path):
    (tmp_path / "a.txt").write_text("Ferry strike\n\nThe ferry crews stopped work over pay on Monday.\n")
    code = (
        "import sys, json\n"
        "from indexer.library import Library\n"
        f"lib = Library({str(tmp_path / 'lib')!r})\n"
        "lib.search('ferry')\n"
        "heavy = ('urllib.request', 'http.client', 'asyncio', 'email.parser', 'whoosh.lang.morph_en',\n"
        "         'indexer.ingest', 'rapidfuzz', 'ahocorasick')\n"
        "from indexer.search._whoosh_speed import SPEED\n"
        "print(json.dumps([[m for m in heavy if m in sys.modules], SPEED.snapshot()]))\n"
    )
    from indexer.library import Library

    with Library(tmp_path / "lib") as lib:
        lib.add([tmp_path / "a.txt"])
    with Library(tmp_path / "lib") as lib:  # the first search after an import stores the actor name keys
        lib.search("ferry")
    loaded, counts = json.loads(_python(code))
    assert loaded == []
    assert counts.get("import.light") == 1 and "import.stock" not in counts


def test_the_stand_ins_give_way_to_the_real_modules_afterwards():
    code = (
        "import indexer.search.whoosh_engine, json\n"
        "import urllib.request, cached_property, whoosh.lang.morph_en as morph\n"
        "from whoosh.compat import urlretrieve\n"
        "print(json.dumps([hasattr(urllib.request, 'urlopen'), hasattr(cached_property, 'threaded_cached_property'),\n"
        "                  'talks' in morph.variations('talks'), callable(urlretrieve)]))\n"
    )
    assert json.loads(_python(code)) == [True, True, True, True]


def test_a_cached_property_of_whoosh_is_computed_once():
    from whoosh.reading import SegmentReader

    calls = []

    class Reader:
        @type(SegmentReader.__dict__["deleted_docs_set"])
        def docs(self):
            calls.append(1)
            return frozenset({3})

    reader = Reader()
    assert reader.docs == reader.docs == frozenset({3})
    assert calls == [1]


def test_a_stand_in_asked_for_more_gives_way_and_counts_a_fallback(monkeypatch):
    from indexer.search import _whoosh_speed as speed

    monkeypatch.delitem(sys.modules, "json.tool", raising=False)
    module = speed._stand_in("json.tool", {})
    monkeypatch.setitem(sys.modules, "json.tool", module)
    before = speed.SPEED.snapshot().get("import.stock", 0)
    assert callable(module.main)  # not a stand-in attribute: the real json.tool is imported
    assert sys.modules["json.tool"] is not module
    assert speed.SPEED.snapshot()["import.stock"] == before + 1
    with pytest.raises(AttributeError):
        module.__path__  # noqa: B018 - the import system's question gets a plain answer


@pytest.mark.parametrize("argv, command", [
    (["search", "ferry"], "search"), (["--library", "search", "show", "x"], "show"), (["--library=x", "brief"], "brief"),
    (["--help"], None), (["--version"], None), (["serch", "x"], None), ([], None), (["--", "add"], None),
])
def test_the_command_line_builds_only_the_parser_of_the_command_it_names(argv, command):
    assert cli._named_command(argv) == command


def test_a_named_command_parses_as_with_the_whole_parser():
    argv = ["--library", "/tmp/lib", "search", "ferry OR strike", "--limit", "5", "--json"]
    only = cli.build_parser("search")
    assert set(only._subparsers._group_actions[0].choices) == {"search"}
    assert vars(only.parse_args(argv)) == vars(cli.build_parser().parse_args(argv))


def test_an_unknown_command_still_lists_every_command(capsys):
    assert cli.main(["serch", "ferry"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'serch'" in err and "'search'" in err and "'brief'" in err


# What a plain `briefing-index search` must not import (issue 19): the network and e-mail stack that Whoosh
# pulls in, Whoosh's query parser, collectors, sorting and writer (a search uses none of them), the HTML
# entity table, and the actor engine, readers, briefing export and Markdown.
HEAVY_FOR_A_SEARCH = (
    "urllib.request", "http.client", "asyncio", "email.parser", "html.entities", "whoosh.lang.morph_en",
    "whoosh.qparser", "whoosh.collectors", "whoosh.sorting", "whoosh.writing", "whoosh.externalsort",
    "indexer.actors", "indexer.ingest", "indexer.briefing", "markdown", "rapidfuzz", "ahocorasick",
)


def _imported_by(argv: list[str]) -> set[str]:
    """The modules a whole `briefing-index` process imports, read from `python -X importtime`."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "indexer.cli", *argv], capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}


@pytest.fixture(scope="module")
def small_library(tmp_path_factory):
    from indexer.library import Library

    folder = tmp_path_factory.mktemp("articles")
    (folder / "a.txt").write_text("Ferry strike\n\nThe ferry crews stopped work over pay on Monday.\n")
    (folder / "b.txt").write_text("Port reopens\n\nThe harbour master said the port reopens after the strike.\n")
    location = folder.parent / "lib"
    with Library(location) as lib:
        lib.add([folder])
    return location


@pytest.mark.parametrize("query", ["ferry", "strike OR port", '"ferry crews"', "stri*"])
def test_a_plain_search_process_imports_no_heavy_module(small_library, query):
    imported = _imported_by(["--library", str(small_library), "search", query, "--json"])
    assert "indexer.library" in imported and "whoosh.searching" in imported  # the measure itself works
    assert sorted(m for m in HEAVY_FOR_A_SEARCH if m in imported) == []


def test_a_date_sorted_search_loads_the_collectors_it_needs(small_library):
    out = subprocess.run([sys.executable, "-m", "indexer.cli", "--library", str(small_library), "search", "strike",
                          "--sort", "date", "--json"], capture_output=True, text=True, cwd=REPO, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["total"] == 2


def test_opening_the_library_from_the_command_line_leaves_the_collector_on(small_library):
    code = (
        "import gc, json, sys\n"
        "from indexer import cli\n"
        f"code = cli.main(['--library', {str(small_library)!r}, 'search', 'ferry', '--json'])\n"
        "print(json.dumps([code, gc.isenabled(), gc.get_freeze_count() > 0]))\n"
    )
    assert json.loads(_python(code)) == [0, True, True]


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(["body", "title", "author", "source", "id", "path", "date", "day", "actors"]),
       text=st.one_of(st.text(max_size=20), st.sampled_from(["the", "US-Russia", "30-day", "20250311", "x y",
                                                             "Zelenskyy's", "не", "2025-03", "-5", "1e9"])),
       kind=st.sampled_from(["term", "prefix", "wildcard"]))
def test_a_word_makes_the_query_whoosh_query_parser_makes(field, text, kind):
    from whoosh import qparser, query as wq

    from indexer.search.whoosh_engine import _Leaves, make_schema

    schema = make_schema()
    termclass = {"term": wq.Term, "prefix": wq.Prefix, "wildcard": wq.Wildcard}[kind]
    flags = {} if kind == "term" else {"tokenize": False, "removestops": False}
    ours = _Leaves(schema).term_query(field, text, termclass, **flags)
    whoosh = qparser.QueryParser("body", schema, plugins=[]).term_query(field, text, termclass, **flags)
    assert (type(ours), repr(ours), str(getattr(ours, "error", None))) == \
           (type(whoosh), repr(whoosh), str(getattr(whoosh, "error", None)))
    assert ours == whoosh


def test_counting_the_indexed_articles_reads_no_article_row(tmp_path):
    """Opening a library counts the indexed articles: on indexes only, never a scan of the articles' rows
    (their text: 0.1 s at 20k articles, at every start)."""
    from indexer.model import Article
    from indexer.store import ArticleStore

    store = ArticleStore(tmp_path / "library.sqlite3")
    for n in range(3):
        article = Article(id=f"a{n}", title=f"T{n}", text="Ferry crews struck.", content_hash=f"h{n}")
        with store.db as db:
            store.put(article, [], [], (1, 2), (3,), db=db)
    store.mark_indexed(["a0", "a1"])
    statements = []
    store.db.set_trace_callback(statements.append)
    assert store.indexed_count() == 2
    store.db.set_trace_callback(None)
    plan = [row[3] for sql in statements for row in store.db.execute("EXPLAIN QUERY PLAN " + sql)]
    assert plan and not [step for step in plan if step.startswith("SCAN articles") and "INDEX" not in step], plan
    store.close()
