"""The `brief` command, run through its parser with a fake library."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from indexer.briefing.cli import run_brief
from indexer.briefing.parser import add_brief_parser
from indexer.briefing.markdown_export import to_markdown
from indexer.briefing.model import Excerpt, Note
from indexer.briefing.store import load_briefing
from indexer.errors import ArticleNotFoundError, LibraryLockedError
from indexer.model import Article

TEXT = "Talks resumed in Orvik on Tuesday. The envoy said progress was slow.\n# Not a heading <b>x</b>"
ARTICLE = Article(id="art-7", title="Talks resume", text=TEXT, date="2026-05-06", source="Northern Wire",
                  path="/corpus/talks.txt")


class FakeLibrary:
    def __init__(self, articles: dict[str, Article]) -> None:
        self.articles = articles
        self.closed = False

    def article(self, article_id: str) -> Article:
        if article_id not in self.articles:
            raise ArticleNotFoundError(f"No article with id {article_id!r}.")
        return self.articles[article_id]

    def close(self) -> None:
        self.closed = True


class Opener:
    """open_library() for run_brief; remembers the libraries it handed out."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.opened: list[FakeLibrary] = []

    def __call__(self) -> FakeLibrary:
        if self.error:
            raise self.error
        self.opened.append(FakeLibrary({ARTICLE.id: ARTICLE}))
        return self.opened[-1]


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="briefing-index")
    add_brief_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def brief(*argv: str, opener: Opener | None = None) -> int:
    return run_brief(parse(["brief", *argv]), opener or Opener())


@pytest.fixture
def briefing_file(tmp_path: Path) -> Path:
    path = tmp_path / "talks.briefing.json"
    assert brief("new", str(path), "--title", "Talks watch") == 0
    return path


def test_new_creates_a_loadable_file(briefing_file, capsys):
    assert load_briefing(briefing_file).title == "Talks watch"
    assert load_briefing(briefing_file).sections == []


def test_new_refuses_existing_file(briefing_file, capsys):
    before = briefing_file.read_bytes()
    assert brief("new", str(briefing_file), "--title", "Other") == 2
    assert "already exists" in capsys.readouterr().err
    assert briefing_file.read_bytes() == before


def test_new_requires_title():
    with pytest.raises(SystemExit) as caught:
        parse(["brief", "new", "x.briefing.json"])
    assert caught.value.code == 2


def test_add_quote_goes_to_default_then_last_then_named_section(briefing_file):
    opener = Opener()
    assert brief("add", str(briefing_file), "--article", "art-7", "--quote", "The envoy said", opener=opener) == 0
    assert opener.opened[0].closed
    assert brief("add", str(briefing_file), "--article", "art-7", "--start", "0", "--end", "5",
                 "--note", "Check *this*") == 0
    assert brief("add", str(briefing_file), "--article", "art-7", "--quote", "Orvik", "--section", "Places") == 0
    assert brief("add", str(briefing_file), "--article", "art-7", "--quote", "Tuesday", "--section", "Excerpts") == 0
    briefing = load_briefing(briefing_file)
    assert [s.title for s in briefing.sections] == ["Excerpts", "Places"]
    first, second, fourth = briefing.sections[0].items
    assert isinstance(first, Excerpt) and (first.start, first.end, first.text) == (35, 49, "The envoy said")
    assert (second.text, second.note, second.source) == ("Talks", "Check *this*", "Northern Wire")
    assert fourth.text == "Tuesday"
    assert briefing.sections[1].items[0].text == "Orvik"


def unchanged_failure(path: Path, capsys, code: int, *args: str, opener: Opener | None = None) -> str:
    before = path.read_bytes()
    assert brief(*args, opener=opener) == code
    assert path.read_bytes() == before
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_quote_not_found_exits_2_and_leaves_file(briefing_file, capsys):
    err = unchanged_failure(briefing_file, capsys, 2, "add", str(briefing_file), "--article", "art-7",
                            "--quote", "the envoy said")
    assert "does not occur" in err and str(briefing_file) in err and "not changed" in err


@pytest.mark.parametrize(("extra", "fragment"), [
    ([], "either --quote"),
    (["--quote", "Talks", "--start", "0", "--end", "3"], "either --quote"),
    (["--start", "3"], "go together"),
    (["--start", "5", "--end", "2"], "outside"),
    (["--start", "0", "--end", "9999"], "outside"),
    (["--start", "34", "--end", "35"], "whitespace"),
])
def test_bad_excerpt_arguments_exit_2(briefing_file, capsys, extra, fragment):
    err = unchanged_failure(briefing_file, capsys, 2, "add", str(briefing_file), "--article", "art-7", *extra)
    assert fragment in err


def test_unknown_article_exits_2(briefing_file, capsys):
    opener = Opener()
    err = unchanged_failure(briefing_file, capsys, 2, "add", str(briefing_file), "--article", "nope",
                            "--quote", "Talks", opener=opener)
    assert "no article with id 'nope'" in err
    assert opener.opened[0].closed


def test_locked_library_exits_1(briefing_file, capsys):
    opener = Opener(LibraryLockedError("The library /lib is being written by another process; try again."))
    err = unchanged_failure(briefing_file, capsys, 1, "add", str(briefing_file), "--article", "art-7",
                            "--quote", "Talks", opener=opener)
    assert "another process" in err


def test_damaged_briefing_exits_1_without_opening_library(tmp_path, capsys):
    path = tmp_path / "broken.briefing.json"
    path.write_text('{"format": "briefing-reader/1", "vers')
    opener = Opener()
    err = unchanged_failure(path, capsys, 1, "add", str(path), "--article", "art-7", "--quote", "Talks",
                            opener=opener)
    assert "damaged or truncated" in err and str(path) in err
    assert opener.opened == []
    for args in (("note", str(path), "hello"), ("show", str(path)), ("export", str(path), "--format", "md",
                                                                     "-o", str(tmp_path / "out.md"))):
        assert unchanged_failure(path, capsys, 1, *args)
    assert not (tmp_path / "out.md").exists()


def test_missing_briefing_file_exits_1(tmp_path, capsys):
    assert brief("show", str(tmp_path / "absent.briefing.json")) == 1
    assert "does not exist" in capsys.readouterr().err


def test_note_default_section_and_named_section(briefing_file):
    assert brief("note", str(briefing_file), "First **thought**") == 0
    assert brief("note", str(briefing_file), "Second", "--section", "Outlook") == 0
    assert brief("note", str(briefing_file), "Third") == 0  # the last section
    briefing = load_briefing(briefing_file)
    assert [(s.title, [i.text for i in s.items]) for s in briefing.sections] == [
        ("Notes", ["First **thought**"]), ("Outlook", ["Second", "Third"])]
    assert all(isinstance(i, Note) for s in briefing.sections for i in s.items)


def test_empty_note_exits_2(briefing_file, capsys):
    assert "empty" in unchanged_failure(briefing_file, capsys, 2, "note", str(briefing_file), "  ")


def test_show_text_and_json(briefing_file, capsys):
    brief("add", str(briefing_file), "--article", "art-7", "--quote", "Talks resumed", "--section", "Diplomacy")
    brief("note", str(briefing_file), "Watch Orvik.")
    capsys.readouterr()
    assert brief("show", str(briefing_file)) == 0
    out = capsys.readouterr().out
    assert out.startswith("Talks watch\n") and "## Diplomacy" in out
    assert '"Talks resumed" — Northern Wire, 2026-05-06 [art-7 0-13]' in out and "Watch Orvik." in out
    assert brief("show", str(briefing_file), "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == "briefing-reader/1" and document["title"] == "Talks watch"
    kinds = [i["kind"] for i in document["sections"][0]["items"]]
    assert kinds == ["excerpt", "note"]


def test_export_markdown_and_html(briefing_file, tmp_path, capsys):
    brief("add", str(briefing_file), "--article", "art-7", "--quote", "# Not a heading <b>x</b>")
    md_path, html_path = tmp_path / "out.md", tmp_path / "out.html"
    assert brief("export", str(briefing_file), "--format", "md", "-o", str(md_path)) == 0
    assert md_path.read_text(encoding="utf-8") == to_markdown(load_briefing(briefing_file))
    assert "> \\# Not a heading &lt;b&gt;x&lt;/b&gt;" in md_path.read_text(encoding="utf-8")
    assert brief("export", str(briefing_file), "--format", "html", "-o", str(html_path)) == 0
    page = html_path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "# Not a heading &lt;b&gt;x&lt;/b&gt;" in page
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    capsys.readouterr()
    assert brief("export", str(briefing_file), "--format", "md", "-o", "-") == 0
    assert capsys.readouterr().out.startswith("# Talks watch\n")


def test_export_refuses_to_overwrite_the_briefing(briefing_file, capsys):
    err = unchanged_failure(briefing_file, capsys, 2, "export", str(briefing_file), "--format", "md",
                            "-o", str(briefing_file))
    assert "briefing file itself" in err


def test_export_to_missing_folder_exits_1(briefing_file, tmp_path, capsys):
    assert brief("export", str(briefing_file), "--format", "html", "-o", str(tmp_path / "no" / "x.html")) == 1
    assert "Cannot save" in capsys.readouterr().err


def test_export_format_is_checked_by_parser():
    with pytest.raises(SystemExit):
        parse(["brief", "export", "f.briefing.json", "--format", "pdf", "-o", "x"])


def test_wired_into_briefing_index_main(tmp_path, capsys):
    cli = pytest.importorskip("indexer.cli")
    if not hasattr(cli, "main"):
        pytest.skip("the top-level CLI has no main() yet")
    path = tmp_path / "wired.briefing.json"
    base = ["--library", str(tmp_path / "lib"), "brief"]
    assert cli.main([*base, "new", str(path), "--title", "Wired"]) == 0
    assert cli.main([*base, "note", str(path), "Hello *there*"]) == 0
    capsys.readouterr()
    assert cli.main([*base, "show", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sections"][0]["items"][0]["text"] == "Hello *there*"
    assert cli.main([*base, "export", str(path), "--format", "pdf", "-o", "x"]) == 2
    assert cli.main([*base, "new", str(path), "--title", "Again"]) == 2
