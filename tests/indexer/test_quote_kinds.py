"""Direct quotations and reported speech through every layer: store, library, timeline, CLI."""

from __future__ import annotations

import json

import pytest

from indexer.cli import main
from indexer.model import QUOTE_DIRECT, QUOTE_REPORTED, Article, Mention, Quote
from indexer.pictures import timeline_data
from indexer.store import decode_quotes, quote_row

from .pictures_fixtures import A, open_library

TEXT = ("Alba Ferrant said that the harbour would reopen in May.\n\n"
        "“We will reopen the harbour soon,” Alba Ferrant said.")
REPORTED = "the harbour would reopen in May."
DIRECT = "We will reopen the harbour soon"


def _span(words: str) -> tuple[int, int]:
    return TEXT.index(words), TEXT.index(words) + len(words)


def _quotes(article_id: str = "k1") -> list[Quote]:
    (rs, re_), (ds, de) = _span(REPORTED), _span(DIRECT)
    return [Quote(article_id, REPORTED, rs, re_, A, QUOTE_REPORTED), Quote(article_id, DIRECT, ds, de, A)]


@pytest.fixture
def lib(tmp_path):
    with open_library(tmp_path) as library:
        article = Article(id="k1", title="The harbour story", text=TEXT, date="2025-03-01", source="Invented Wire",
                          content_hash="hash-k1")
        mention = Mention(A, 0, len("Alba Ferrant"))
        with library.store.db as db:
            library.store.put(article, [mention], _quotes(), (), (), db=db)
    library = open_library(tmp_path)
    yield library
    library.close()


# -- the store
def test_the_store_keeps_each_kind(lib):
    stored = lib.store.get("k1")
    assert [(q.text, q.kind) for q in stored.quotes] == [(REPORTED, "reported"), (DIRECT, "direct")]


def test_quotes_stored_before_kinds_get_theirs_from_the_quote_marks():
    (rs, re_), (ds, de) = _span(REPORTED), _span(DIRECT)
    old = json.dumps([[A, rs, re_], [A, ds, de]])
    assert [q.kind for q in decode_quotes(old, TEXT, "k1")] == [QUOTE_REPORTED, QUOTE_DIRECT]


def test_an_old_quote_after_the_dash_of_an_interrupted_quote_is_direct():
    text = "«Мы готовы, — сказал Песков. — Но не сегодня»."
    start = text.index("Но не")
    assert quote_row(["peskov", start, start + 12], text)[3] == QUOTE_DIRECT


@pytest.mark.parametrize("item", [["a", 0, 2, "paraphrase"], ["a", 0], ["a", "0", 2], [None, 0, 2], "a", ["a", True, 2]])
def test_a_malformed_stored_quote_is_skipped(item):
    assert quote_row(item, TEXT)[0] is None
    assert decode_quotes(json.dumps([item, [A, 1, 5, "direct"]]), TEXT, "k1") == (Quote("k1", TEXT[1:5], 1, 5, A),)


# -- the library and the timeline
def test_library_quotes_carry_the_kind(lib):
    assert [(q.text, q.kind) for q in lib.quotes(actor="Alba Ferrant")] == [(REPORTED, "reported"), (DIRECT, "direct")]


def test_library_quotes_of_an_old_library_get_a_kind(lib):
    (rs, re_), (ds, de) = _span(REPORTED), _span(DIRECT)
    with lib.store.db as db:
        db.execute("UPDATE articles SET quotes=? WHERE id='k1'", (json.dumps([[A, rs, re_], [A, ds, de]]),))
    assert [q.kind for q in lib.quotes()] == ["reported", "direct"]


def test_timeline_marks_carry_the_kind(lib):
    data = timeline_data(lib)
    assert [(m.text, m.kind) for m in data.marks] == [(REPORTED, "reported"), (DIRECT, "direct")]
    assert data.to_json()["marks"][0]["kind"] == "reported"


# -- the command line
def _run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_cli_quotes_marks_reported_speech(lib, tmp_path, capsys):
    out = _run(capsys, "--library", str(tmp_path / "lib"), "quotes")
    reported, direct = [line for line in out.splitlines() if line.strip()]
    assert f"(reported) {REPORTED}" in reported and "“" not in reported
    assert f"“{DIRECT}”" in direct and "(reported)" not in direct


def test_cli_quotes_json_has_the_kind(lib, tmp_path, capsys):
    rows = json.loads(_run(capsys, "--library", str(tmp_path / "lib"), "quotes", "--json"))
    assert [(r["text"], r["kind"]) for r in rows] == [(REPORTED, "reported"), (DIRECT, "direct")]


def test_an_opened_article_keeps_the_kind_of_its_quotes(lib):
    assert [(q.text, q.kind) for q in lib.article("k1").quotes] == [(REPORTED, "reported"), (DIRECT, "direct")]
