"""`briefing-index`: the JSON contract, tables, exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from indexer.cli import main, parse_size

from .fixtures import write_corpus


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "articles")


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args):
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def imported(tmp_path, corpus, capsys):
    lib = str(tmp_path / "lib")
    report = run_json(capsys, "--library", lib, "add", str(corpus["riyadh"].parent))
    return lib, report


def test_add_json_contract(imported, corpus):
    _lib, report = imported
    assert set(report) == {"added", "duplicates", "unchanged", "skipped"}
    assert {a["path"] for a in report["added"]} == {str(p) for p in corpus.values()}
    for a in report["added"]:
        assert set(a) == {"id", "path", "title", "updated"} and os.path.isabs(a["path"]) and a["updated"] is False


def test_add_reports_duplicates_unchanged_and_skipped(imported, corpus, tmp_path, capsys):
    lib, first = imported
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "copy.txt").write_text(corpus["riyadh"].read_text() + "\nShare this article\n")
    (tmp_path / "more" / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    report = run_json(capsys, "--library", lib, "add", str(corpus["riyadh"]), str(tmp_path / "more"))
    riyadh_id = next(a["id"] for a in first["added"] if a["path"] == str(corpus["riyadh"]))
    assert report["unchanged"] == [{"path": str(corpus["riyadh"]), "id": riyadh_id}]
    riyadh_title = next(a["title"] for a in first["added"] if a["id"] == riyadh_id)
    assert report["duplicates"] == [{"path": str(tmp_path / "more" / "copy.txt"), "duplicate_of": riyadh_id,
                                     "title": riyadh_title, "similarity": 1.0, "metadata": ""}]
    assert [s["path"] for s in report["skipped"]] == [str(tmp_path / "more" / "picture.txt")]
    assert report["skipped"][0]["reason"]


def test_max_size(tmp_path, corpus, capsys):
    report = run_json(capsys, "--library", str(tmp_path / "lib"), "add", "--max-size", "200B", str(corpus["grain"]))
    assert not report["added"]
    assert "max-size" in report["skipped"][0]["reason"]


def test_search_json_contract(imported, capsys):
    lib, _ = imported
    result = run_json(capsys, "--library", lib, "search", "grain")
    assert result["query"] == "grain" and result["total"] == 1
    hit = result["hits"][0]
    assert set(hit) == {"id", "title", "date", "source", "path", "language", "demo", "score", "snippets"}
    assert any(s["text"][a:b].lower() == "grain" for s in hit["snippets"] for a, b in s["highlights"])


def test_search_by_actor_without_query(imported, capsys):
    lib, _ = imported
    result = run_json(capsys, "--library", lib, "search", "--actor", "Zelensky")
    assert [h["title"] for h in result["hits"]] == ["Prisoner exchange completed"]


def test_search_limit_and_table(imported, capsys):
    lib, _ = imported
    result = run_json(capsys, "--library", lib, "search", "said", "--limit", "1")
    assert result["total"] >= 2 and len(result["hits"]) == 1
    code, out, _ = run(capsys, "--library", lib, "search", "grain")
    assert code == 0 and "[grain]" in out.lower()


@pytest.mark.parametrize("query", ['"unclosed', "nosuchfield:x", "(a"])
def test_bad_query_exits_2_with_a_message(imported, capsys, query):
    lib, _ = imported
    code, out, err = run(capsys, "--library", lib, "search", query, "--json")
    assert code == 2 and out == ""
    assert query in err and "Traceback" not in err


def test_show_json_contract(imported, capsys):
    lib, report = imported
    article_id = next(a["id"] for a in report["added"] if a["title"].startswith("Envoys"))
    shown = run_json(capsys, "--library", lib, "show", article_id)
    assert set(shown) == {"id", "title", "date", "author", "source", "path", "url", "language", "demo", "text",
                          "actors", "removed", "pages"}
    assert shown["pages"] == []  # a text article has no pages
    assert shown["date"] == "2025-02-18"
    for actor in shown["actors"]:
        assert set(actor) == {"id", "name", "type", "mentions"}
        for start, end in actor["mentions"]:
            assert shown["text"][start:end].strip()
    assert any(a["name"] == "Sergey Lavrov" or "Lavrov" in a["name"] for a in shown["actors"])


def test_show_unknown_id_fails_clearly(imported, capsys):
    lib, _ = imported
    code, _out, err = run(capsys, "--library", lib, "show", "nope")
    assert code == 1 and "nope" in err


def test_show_json_lists_the_removed_lines_with_their_reason(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Harbour talks resume in Valmora\n\nNegotiators met again on Thursday to settle the dispute over fishing "
        "rights, officials said after a long session.\n\nShare this story\n\nThe mediator said a second round "
        "would follow next month.\n",
        encoding="utf-8",
    )
    lib = str(tmp_path / "lib")
    (added,) = run_json(capsys, "--library", lib, "add", str(folder))["added"]
    shown = run_json(capsys, "--library", lib, "show", added["id"])
    assert {"line": 5, "text": "Share this story", "reason": "share row"} in shown["removed"]
    assert {"line": 1, "text": "Harbour talks resume in Valmora", "reason": "title"} in shown["removed"]


def test_list_json(imported, capsys):
    lib, report = imported
    rows = run_json(capsys, "--library", lib, "list")
    assert {r["id"] for r in rows} == {a["id"] for a in report["added"]}
    assert all(set(r) == {"id", "title", "date", "source", "path", "language", "demo"} for r in rows)


def test_rebuild_restores_search(imported, capsys, tmp_path):
    lib, _ = imported
    import shutil

    shutil.rmtree(os.path.join(lib, "index"))
    code, _out, err = run(capsys, "--library", lib, "search", "grain")
    assert code == 1 and "rebuild" in err
    code, out, _ = run(capsys, "--library", lib, "rebuild")
    assert code == 0 and "4 article" in out
    assert run_json(capsys, "--library", lib, "search", "grain")["total"] == 1


def test_actors_json_and_curation(imported, capsys):
    lib, _ = imported
    actors = run_json(capsys, "--library", lib, "actors")
    assert actors and set(actors[0]) == {"id", "name", "type", "role", "aliases", "articles", "mentions", "discovered"}
    lavrov = next(a for a in actors if "Lavrov" in a["name"])
    code, _, err = run(capsys, "--library", lib, "actors", "rename", lavrov["id"], "S. V. Lavrov")
    assert code == 0, err
    assert any(a["name"] == "S. V. Lavrov" for a in run_json(capsys, "--library", lib, "actors"))
    code, _, err = run(capsys, "--library", lib, "actors", "type", "no-such-actor", "place")
    assert code == 2 and "no-such-actor" in err


def test_quotes_json(imported, capsys):
    lib, _ = imported
    quotes = run_json(capsys, "--library", lib, "quotes", "--actor", "Lavrov")
    assert quotes and set(quotes[0]) == {"article", "actor", "text", "span", "kind", "demo"}


def test_usage_errors_exit_2(capsys, tmp_path):
    assert run(capsys, "--library", str(tmp_path), "frobnicate")[0] == 2
    assert run(capsys, "--library", str(tmp_path), "search")[0] == 2
    assert run(capsys, "--library", str(tmp_path), "add", "--max-size", "lots", "x")[0] == 2


def test_a_query_starting_with_a_dash_is_told_to_go_after_double_dash(capsys, imported):
    lib, _ = imported
    code, _out, err = run(capsys, "--library", lib, "search", "-talks")
    assert code == 2 and "unrecognized arguments: -talks" in err and '-- "-talks' in err and "Options go before --" in err
    assert "Traceback" not in err


def test_locked_library_fails_clearly(imported, corpus, capsys):
    lib, _ = imported
    from indexer.locking import WriteLock

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys,time; from indexer.locking import WriteLock; "
         "WriteLock(sys.argv[1]).acquire(); print('held', flush=True); time.sleep(30)", os.path.join(lib, "write.lock")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        code, _out, err = run(capsys, "--library", lib, "add", "--wait", "0.3", str(corpus["grain"]))
        assert code == 1 and "another Briefing Reader process" in err and "waiting" in err
    finally:
        holder.kill()
        holder.wait()
    assert WriteLock  # imported for the reader


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("briefing-index ")


def test_env_var_chooses_the_library(tmp_path, corpus, capsys, monkeypatch):
    monkeypatch.setenv("BRIEFING_READER_HOME", str(tmp_path / "envlib"))
    run_json(capsys, "add", str(corpus["grain"]))
    assert (tmp_path / "envlib" / "library.sqlite3").exists()


def test_console_script_runs_without_qt(tmp_path, corpus):
    env = dict(os.environ, BRIEFING_READER_HOME=str(tmp_path / "lib"))
    code = ("import sys, indexer.cli; rc = indexer.cli.main(['add', sys.argv[1], '--json']); "
            "assert 'PySide6' not in sys.modules, 'the CLI imported Qt'; sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code, str(corpus["grain"])], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["added"]


def test_search_starts_without_the_briefing_exporters(tmp_path, corpus):
    """`search` is run often from scripts; it must not pay for markdown, nh3 or the briefing model."""
    env = dict(os.environ, BRIEFING_READER_HOME=str(tmp_path / "lib"))
    code = ("import sys, indexer.cli; indexer.cli.main(['add', sys.argv[1]]); rc = indexer.cli.main(['search', 'grain']); "
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('markdown', 'nh3') "
            "or m in ('indexer.briefing.model', 'indexer.briefing.cli', 'indexer.briefing.html_export')); "
            "assert not heavy, heavy; sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code, str(corpus["grain"])], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("text,expected", [("20MB", 20 * 1024**2), ("500KB", 500 * 1024), ("1024", 1024), ("1.5k", 1536)])
def test_parse_size(text, expected):
    assert parse_size(text) == expected


# -- issue 12.7: file names and titles never drive the terminal ------------------------------------
import re  # noqa: E402

from indexer.cli import printable  # noqa: E402

from .fixtures import GRAIN  # noqa: E402

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HOSTILE_NAME = "brief\x1b[2J\x1b]0;owned\x07\u202eing\x9b31m\u2066.txt"


@pytest.mark.parametrize("raw,shown", [
    ("a\x1b[2Jb", "a\\x1b[2Jb"),
    ("t\x1b]0;title\x07", "t\\x1b]0;title\\x07"),
    ("\x9b31m", "\\x9b31m"),
    ("abc\u202efed", "abc\\u202efed"),
    ("\u2066x\u2069\u200e\u200f\u061c", "\\u2066x\\u2069\\u200e\\u200f\\u061c"),
    ("line\nbreak\ttab\rcr\x7f", "line\\x0abreak\\x09tab\\x0dcr\\x7f"),
    ("Élysée Київ 北京 — “quoted”", "Élysée Київ 北京 — “quoted”"),
])
def test_printable_escapes_control_and_bidi_characters(raw, shown):
    assert printable(raw) == shown


def test_printable_multiline_keeps_newlines_and_tabs_only():
    assert printable("a\n\tb\x1b\r", multiline=True) == "a\n\tb\\x1b\\x0d"


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / HOSTILE_NAME
    path.write_text(GRAIN, encoding="utf-8")
    return str(tmp_path / "lib"), path


def _assert_inert(*outputs):
    for text in outputs:
        assert not RAW_CONTROL.search(text), f"raw control character reached the terminal: {text!r}"


def test_add_log_list_and_show_escape_hostile_file_names(hostile, capsys):
    lib, path = hostile
    code, out, err = run(capsys, "--library", lib, "add", str(path))
    assert code == 0, err
    _assert_inert(out, err)
    assert printable(str(path)) in run(capsys, "--library", lib, "add", str(path))[1]  # `unchanged` row
    article_id = run_json(capsys, "--library", lib, "list")[0]["id"]
    for command in (["log"], ["list"], ["show", article_id], ["search", "grain"]):
        code, out, err = run(capsys, "--library", lib, *command)
        assert code == 0, err
        _assert_inert(out, err)
    assert "\\x1b]0;owned\\x07\\u202e" in run(capsys, "--library", lib, "show", article_id)[1]


def test_json_output_keeps_the_exact_name_and_stays_inert(hostile, capsys):
    lib, path = hostile
    code, out, err = run(capsys, "--library", lib, "add", str(path), "--json")
    assert code == 0, err
    _assert_inert(out)
    assert json.loads(out)["added"][0]["path"] == str(path)
    code, out, _ = run(capsys, "--library", lib, "log", "--json")
    _assert_inert(out)
    assert str(path) in {e["path"] for e in json.loads(out)}


def test_error_messages_escape_hostile_names(tmp_path, capsys):
    missing = tmp_path / ("gone\x1b]0;x\x07\u202e.txt")
    code, out, err = run(capsys, "--library", str(tmp_path / "lib"), "add", str(missing))
    _assert_inert(out, err)
    code, out, err = run(capsys, "--library", str(tmp_path / "lib"), "show", "id\x1b[2J")
    assert code == 1 and "\\x1b[2J" in err
    _assert_inert(out, err)


def test_brief_show_escapes_hostile_titles(tmp_path, capsys):
    brief = str(tmp_path / "b\x1b[31m.briefing.json")
    lib = str(tmp_path / "lib")
    code, out, err = run(capsys, "--library", lib, "brief", "new", brief, "--title", "Title\x1b]0;owned\x07\u202e")
    assert code == 0, err
    _assert_inert(out, err)
    code, out, err = run(capsys, "--library", lib, "brief", "note", brief, "note \x1b[2J text", "--section", "S\u2067")
    assert code == 0, err
    _assert_inert(out, err)
    code, out, err = run(capsys, "--library", lib, "brief", "show", brief)
    assert code == 0 and "Title\\x1b]0;owned\\x07\\u202e" in out
    _assert_inert(out, err)
    code, out, _ = run(capsys, "--library", lib, "brief", "show", brief, "--json")
    _assert_inert(out)
    assert json.loads(out)["title"] == "Title\x1b]0;owned\x07\u202e"


# -- issue 12.10: store errors name the file and say what to do; `--` for dash-named files ----------
import sqlite3  # noqa: E402


@pytest.mark.parametrize("error,words", [
    ("attempt to write a readonly database", ["read-only", "writable"]),
    ("database disk image is malformed", ["damaged", "backup", "salvage", "rebuild"]),
])
def test_store_failure_mid_command_is_explained(tmp_path, corpus, capsys, monkeypatch, error, words):
    from indexer.store import ArticleStore

    def fail(*args, **kwargs):
        raise sqlite3.DatabaseError(error)

    monkeypatch.setattr(ArticleStore, "put", fail)
    code, _out, err = run(capsys, "--library", str(tmp_path / "lib"), "add", str(corpus["grain"]))
    assert code == 1 and "unexpected" not in err
    assert str(tmp_path / "lib" / "library.sqlite3") in err
    for word in words:
        assert word in err


def test_unreadable_store_file_is_explained(tmp_path, capsys):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "library.sqlite3").write_bytes(b"this is not a database, just bytes " * 200)
    code, _out, err = run(capsys, "--library", str(lib), "list")
    assert code == 1 and "unexpected" not in err
    assert str(lib / "library.sqlite3") in err and "backup" in err and "salvage" in err


@pytest.mark.parametrize("argv", [["add", "--help.txt"], ["add", "-notes.md", "other.txt"], ["add", "--max-size", "1MB", "--x.html"]])
def test_dash_named_file_gets_the_double_dash_hint(tmp_path, capsys, argv):
    code, _out, err = run(capsys, "--library", str(tmp_path / "lib"), *argv)
    assert code == 2
    assert 'put -- before it' in err and f"briefing-index add -- {argv[-1] if argv[-1].startswith('-') else argv[1]}" in err


def test_no_double_dash_hint_for_real_option_mistakes(tmp_path, capsys):
    code, _out, err = run(capsys, "--library", str(tmp_path / "lib"), "add", "--max-size", "lots", "x")
    assert code == 2 and "--" not in err.replace("--max-size", "")
    code, _out, err = run(capsys, "--library", str(tmp_path / "lib"), "search", "--limt", "3", "grain")
    assert code == 2 and "put -- before it" not in err


def test_double_dash_imports_a_dash_named_file(tmp_path, capsys, monkeypatch):
    from .fixtures import MARKETS

    monkeypatch.chdir(tmp_path)
    (tmp_path / "--help.txt").write_text(MARKETS, encoding="utf-8")
    code, out, err = run(capsys, "--library", str(tmp_path / "lib"), "add", "--json", "--", "--help.txt")
    assert code == 0, err
    assert [a["title"] for a in json.loads(out)["added"]] == ["Markets steady as investors weigh diplomacy"]


def test_search_exact_turns_the_name_expansion_off(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Envoy meets Zelensky\n\nPresident Volodymyr Zelensky met the envoy on Monday.\n",
                                  encoding="utf-8")
    (folder / "b.txt").write_text("Talks go on\n\nPresident Volodymyr Zelenskyy said the talks went well.\n",
                                  encoding="utf-8")
    lib = str(tmp_path / "lib")
    run(capsys, "--library", lib, "add", str(folder))
    assert run_json(capsys, "--library", lib, "search", "Zelensky")["total"] == 2
    assert run_json(capsys, "--library", lib, "search", "Zelensky", "--exact")["total"] == 1


def test_an_interrupted_command_says_what_an_import_keeps(capsys, tmp_path, monkeypatch):
    import indexer.cli as cli_module

    def interrupted(_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_module, "_dispatch", interrupted)
    code, _out, err = run(capsys, "--library", str(tmp_path), "list")
    assert code == 130 and "Nothing half-written was kept" in err and "keeps the articles it had already saved" in err


def test_log_says_when_it_shows_only_the_last_entries(imported, capsys):
    lib, _ = imported
    code, out, _err = run(capsys, "--library", lib, "log", "--limit", "1")
    assert code == 0 and "(the last 1 entries; --limit N shows more)" in out
    code, out, _err = run(capsys, "--library", lib, "log", "--limit", "100000")
    assert code == 0 and "--limit N shows more" not in out


def test_a_query_of_several_words_without_quotes_is_told_to_quote_them(tmp_path, capsys):
    """QA: `search prisoner exchange` said only "unrecognized arguments: exchange"."""
    lib = str(tmp_path / "lib")
    code, _out, err = run(capsys, "--library", lib, "search", "--limit", "3", "prisoner", "exchange", "deal")
    assert code == 2 and 'put it in quotes, e.g. briefing-index search "prisoner exchange deal"' in err
    code, _out, err = run(capsys, "--library", lib, "list", "extra")
    assert code == 2 and "quotes" not in err
