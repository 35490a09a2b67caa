"""Correcting an article's details (issue 14.6): title, date, author, source, web address and language are
stored, indexed at once, and kept across re-imports of the same file and `rebuild`; bad values are refused."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.cli import main
from indexer.errors import ArticleNotFoundError
from indexer.library import Library
from indexer.store import EDITABLE_FIELDS, check_edit

# Invented texts of the kind that arrives without its details: a pasted wire story with no dateline or outlet,
# and a dated one from a named outlet.
PASTED = (
    "Untitled clipping\n\n"
    "Negotiators from both delegations spent Thursday on the wording of a maritime annex. "
    "A mediator said the draft covered grain ships and port inspections, and that a signing could follow.\n\n"
    "Officials declined to say when the next round would begin.\n"
)
DATED = (
    "Harbour inspections resume at three ports\n\n"
    "Source: Harbour Courier\nDate: 2025-03-12\nBy Ada Lindqvist\n\n"
    "Inspectors returned to three ports on Wednesday after a pause of two weeks, the port authority said. "
    "Shipping agents welcomed the move but asked for written schedules.\n"
)


@pytest.fixture
def library(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    files = {"pasted": folder / "pasted.txt", "dated": folder / "dated.txt"}
    files["pasted"].write_text(PASTED, encoding="utf-8")
    files["dated"].write_text(DATED, encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        report = lib.add([folder])
        ids = {name: next(a.id for a in report.added if a.path == str(path)) for name, path in files.items()}
        yield lib, ids, files


FIXED = {"title": "Maritime annex drafted in overnight talks", "date": "2025-01-20", "author": "Jo Marsh",
         "source": "Coastline Wire", "url": "https://coastline.example/news/maritime-annex"}


def ids_of(result) -> list[str]:
    return [hit.id for hit in result.hits]


def test_an_edit_is_stored_and_searchable_at_once(library):
    lib, ids, _files = library
    assert lib.article(ids["pasted"]).date == ""
    article = lib.edit_details(ids["pasted"], FIXED)
    assert {f: getattr(article, f) for f in FIXED} == FIXED
    assert lib.article_edits(ids["pasted"]) == FIXED
    assert ids_of(lib.search("title:overnight")) == [ids["pasted"]]
    assert ids_of(lib.search("title:untitled")) == []
    assert ids_of(lib.search("author:marsh")) == [ids["pasted"]]
    assert ids_of(lib.search("source:coastline")) == [ids["pasted"]]
    (hit,) = lib.search("maritime").hits
    assert (hit.title, hit.date, hit.source, hit.author) == (FIXED["title"], "2025-01-20", "Coastline Wire", "Jo Marsh")
    assert "Coastline Wire" in lib.sources()


def test_a_date_edit_moves_the_article_in_filters_and_sorting(library):
    lib, ids, _files = library
    assert ids_of(lib.search("", date_from="2025-01-01", date_to="2025-01-31")) == []
    lib.edit_details(ids["pasted"], {"date": "2025-01-20"})
    assert ids_of(lib.search("", date_from="2025-01-01", date_to="2025-01-31")) == [ids["pasted"]]
    assert ids_of(lib.search("date:[2025-01-01 TO 2025-01-31]")) == [ids["pasted"]]
    assert ids_of(lib.search("", date_from="2025-03-01", sort="date")) == [ids["dated"]]
    lib.edit_details(ids["pasted"], {"date": "2025-04-01"})  # now the newest
    assert ids_of(lib.search("ports OR annex", sort="date")) == [ids["pasted"], ids["dated"]]
    assert [s.id for s in lib.newest(2)] == [ids["pasted"], ids["dated"]]
    assert ids_of(lib.search("", date_from="2025-01-01", date_to="2025-01-31")) == []


def test_edits_survive_reimport_unchanged_and_changed_and_rebuild(library):
    lib, ids, files = library
    lib.edit_details(ids["pasted"], FIXED)
    report = lib.add([files["pasted"]])  # the same file, unchanged
    assert [u.id for u in report.unchanged] == [ids["pasted"]]
    files["pasted"].write_text(PASTED.replace("Officials declined", "Officials again declined"), encoding="utf-8")
    report = lib.add([files["pasted"]])  # changed: the article is replaced, the corrections applied again
    assert [a.id for a in report.added] == [ids["pasted"]]
    assert {f: getattr(lib.article(ids["pasted"]), f) for f in FIXED} == FIXED
    assert ids_of(lib.search("title:overnight")) == [ids["pasted"]]
    assert ids_of(lib.search("", date_from="2025-01-20", date_to="2025-01-20")) == [ids["pasted"]]
    lib.rebuild()
    assert {f: getattr(lib.article(ids["pasted"]), f) for f in FIXED} == FIXED
    assert ids_of(lib.search("title:overnight")) == [ids["pasted"]]
    assert ids_of(lib.search("author:marsh")) == [ids["pasted"]]


def test_an_empty_value_puts_back_the_imported_one(library):
    lib, ids, files = library
    lib.edit_details(ids["dated"], {"title": "Ports reopen", "source": "Other Outlet"})
    lib.edit_details(ids["dated"], {"title": "Ports reopen to inspectors"})  # a second edit: still one original
    article = lib.edit_details(ids["dated"], {"title": "  ", "source": ""})
    assert (article.title, article.source) == ("Harbour inspections resume at three ports", "Harbour Courier")
    assert lib.article_edits(ids["dated"]) == {}
    assert ids_of(lib.search("title:harbour")) == [ids["dated"]] and ids_of(lib.search("title:reopen")) == []
    # the file changed its title meanwhile: clearing the edit gives the new imported title
    lib.edit_details(ids["dated"], {"title": "Ports reopen"})
    changed = DATED.replace("three ports", "four ports").replace("two weeks", "three weeks")
    files["dated"].write_text(changed, encoding="utf-8")
    lib.add([files["dated"]])
    assert lib.article(ids["dated"]).title == "Ports reopen"
    assert lib.edit_details(ids["dated"], {"title": ""}).title == "Harbour inspections resume at four ports"
    assert lib.edit_details(ids["dated"], {"url": ""}).url == ""  # clearing what was never edited changes nothing


def test_values_are_tidied_to_one_line():
    assert check_edit("title", "  Talks\n resume\tin  Geneva ") == "Talks resume in Geneva"
    assert check_edit("date", " 2024-02-29 ") == "2024-02-29"
    assert check_edit("language", "UK") == "uk"
    assert check_edit("url", "HTTPS://example.org/a?b=1#c") == "HTTPS://example.org/a?b=1#c"


@pytest.mark.parametrize(("field", "value", "words"), [
    ("date", "2025-02-30", ["not a real day", "YYYY-MM-DD"]),
    ("date", "2023-02-29", ["not a real day"]),
    ("date", "10/03/2025", ["YYYY-MM-DD"]),
    ("date", "2025-3-1", ["YYYY-MM-DD"]),
    ("date", "yesterday", ["YYYY-MM-DD"]),
    ("url", "ftp://files.example/a.txt", ["http"]),
    ("url", "javascript:alert(1)", ["http"]),
    ("url", "https://", ["http"]),
    ("url", "www.example.org/news", ["http"]),
    ("url", "http://[::1", ["http"]),
    ("url", "https://example.org/a b", ["http"]),
    ("title", "Talks\x1b[31m resume", ["control characters"]),
    ("author", "Ada\u202eLindqvist", []),  # a bidi control is not a C0/C1 control: kept, shown escaped by the CLI
    ("title", "x" * 501, ["at most 500"]),
    ("language", "ua", ["country code"]),
    ("text", "anything", ["cannot be edited"]),
    ("path", "/etc/passwd", ["cannot be edited"]),
])
def test_bad_values_are_refused_with_a_message(field, value, words):
    if not words:
        assert check_edit(field, value) == value
        return
    with pytest.raises(ValueError) as raised:
        check_edit(field, value)
    for word in words:
        assert word in str(raised.value)


def test_a_refused_edit_changes_nothing(library):
    lib, ids, _files = library
    before = lib.article(ids["dated"])
    with pytest.raises(ValueError, match="not a real day"):
        lib.edit_details(ids["dated"], {"title": "A good title", "date": "2025-02-30"})
    with pytest.raises(ArticleNotFoundError, match="nope"):
        lib.edit_details("nope", {"title": "A good title"})
    assert lib.article(ids["dated"]) == before and lib.article_edits(ids["dated"]) == {}
    assert ids_of(lib.search("title:good")) == []


def test_a_version_2_store_gains_the_imported_values_and_keeps_its_language_edits(library, tmp_path):
    lib, ids, _files = library
    lib.edit_article(ids["dated"], "language", "de")
    lib.close()
    path = tmp_path / "lib" / "library.sqlite3"
    db = sqlite3.connect(path)
    with db:  # what version 2 made: article_edits without `original`
        db.execute("CREATE TABLE old_edits (article_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, "
                   "PRIMARY KEY (article_id, field))")
        db.execute("INSERT INTO old_edits SELECT article_id, field, value FROM article_edits")
        db.execute("DROP TABLE article_edits")
        db.execute("ALTER TABLE old_edits RENAME TO article_edits")
        db.execute("UPDATE meta SET value='2' WHERE key='schema'")
    db.close()
    with Library(tmp_path / "lib") as old:
        assert old.article(ids["dated"]).language == "de"
        assert old.edit_details(ids["dated"], {"language": ""}).language == "en"  # detected again
        assert old.edit_details(ids["dated"], {"title": "Ports reopen"}).title == "Ports reopen"
        assert old.edit_details(ids["dated"], {"title": ""}).title == "Harbour inspections resume at three ports"


def test_every_editable_field_has_a_cli_option():
    from indexer.cli import EDIT_OPTIONS

    assert sorted(field for field, _m, _h in EDIT_OPTIONS.values()) == sorted(EDITABLE_FIELDS)


# -- the CLI -----------------------------------------------------------------------------------------------
def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_edit_show_and_search(library, tmp_path, capsys):
    lib, ids, _files = library
    lib.close()
    where = ["--library", str(tmp_path / "lib")]
    code, out, err = run(capsys, *where, "edit", ids["pasted"], "--title", FIXED["title"], "--date", "2025-01-20",
                         "--author", "Jo Marsh", "--source", "Coastline Wire", "--url", FIXED["url"], "--json")
    assert code == 0, err
    assert json.loads(out) == {"id": ids["pasted"], **FIXED}
    code, out, _ = run(capsys, *where, "show", ids["pasted"], "--json")
    shown = json.loads(out)
    assert {f: shown[f] for f in FIXED} == FIXED
    code, out, _ = run(capsys, *where, "search", "title:overnight", "--from", "2025-01-20", "--to", "2025-01-20",
                       "--json")
    assert [h["id"] for h in json.loads(out)["hits"]] == [ids["pasted"]]
    code, out, _ = run(capsys, *where, "edit", ids["pasted"], "--source", "")
    assert code == 0 and out.strip() == f"{ids['pasted']}: source = (none) (as imported)"
    code, out, _ = run(capsys, *where, "edit", ids["pasted"], "--date", "2025-01-21")
    assert code == 0 and "date = 2025-01-21 (kept when its file is imported again)" in out


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--date", "2025-02-30"], 2, ["not a real day", "YYYY-MM-DD"]),
    (["--url", "ftp://x.example"], 2, ["http"]),
    (["--title", "ok", "--date", "13/03/2025"], 2, ["YYYY-MM-DD"]),
    (["--title", "a\x07b"], 2, ["control characters"]),
    ([], 2, ["--date 2025-03-10", "--lang uk"]),
])
def test_cli_bad_edits_say_what_to_fix_and_change_nothing(library, tmp_path, capsys, args, code, words):
    lib, ids, _files = library
    before = lib.article(ids["pasted"])
    lib.close()
    got, out, err = run(capsys, "--library", str(tmp_path / "lib"), "edit", ids["pasted"], *args)
    assert got == code and out == "" and "Traceback" not in err
    for word in words:
        assert word in err
    with Library(tmp_path / "lib") as again:
        assert again.article(ids["pasted"]) == before


def test_an_article_replaced_twice_is_found_once(library):
    """Whoosh's searcher refresh kept the readers of segments a commit had merged away: every second
    replacement of an article (an edit, or a changed file imported again) showed it twice."""
    lib, ids, files = library
    for day in ("2025-01-20", "2025-01-21", "2025-01-22"):
        lib.edit_details(ids["pasted"], {"date": day})
        assert ids_of(lib.search("annex")) == [ids["pasted"]]
    for n in range(3):
        files["dated"].write_text(DATED + f"\nUpdate {n}: schedules were posted.\n", encoding="utf-8")
        assert [a.id for a in lib.add([files["dated"]]).added] == [ids["dated"]]
        assert ids_of(lib.search("inspectors")) == [ids["dated"]]
    assert lib.index.doc_count() == 2


@given(field=st.sampled_from(EDITABLE_FIELDS), value=st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_any_typed_value_is_stored_on_one_line_or_refused_with_a_message(field, value):
    try:
        kept = check_edit(field, value)
    except ValueError as exc:
        assert str(exc)
        return
    assert kept == kept.strip() and "\n" not in kept and "\r" not in kept
    assert check_edit(field, kept) == kept  # stable: what is stored passes again unchanged


def test_a_store_that_cannot_be_written_is_explained(library, monkeypatch):
    from indexer.store import StoreError

    lib, ids, _files = library

    def refuse(*_args):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(lib.store, "edit", refuse)
    with pytest.raises(StoreError, match="read-only") as raised:
        lib.edit_details(ids["pasted"], {"title": "A new title"})
    assert str(lib.store.path) in str(raised.value)
    assert not lib.lock.held
