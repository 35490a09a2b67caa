"""`briefing-index brief`: `add` cites a quote's speaker and kind as the app does (only the article's own
attribution); `show` and `export` cite each article as the library has it now, and flag what was lost."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

import pytest

from indexer.briefing.cli import run_brief
from indexer.briefing.parser import add_brief_parser
from indexer.briefing.store import load_briefing
from indexer.errors import ArticleNotFoundError, IndexCorruptError
from indexer.model import ActorRef, Article, Quote

TEXT = ('Grain barges left Dorn port at dawn. "The river is open again," said Mara Voss, the port director. '
        'Voss said that insurers would follow. "Nobody knows for how long," one skipper added.')
OPEN_AT = TEXT.index("The river")
OPEN_END = TEXT.index(',"')
INSURERS = TEXT.index("insurers")
INSURERS_END = TEXT.index(" follow") + len(" follow")
NOBODY = TEXT.index("Nobody")
NOBODY_END = TEXT.index(',"', NOBODY)
VOSS = TEXT.index("Mara Voss")

ARTICLE = Article(
    id="barge-1", title="Barges leave Dorn", text=TEXT, date="2026-06-01", source="River Post",
    path="/news/barges.txt", url="https://riverpost.example/barges",
    actors=(ActorRef("voss", "Mara Voss", "person", "port director", mentions=((VOSS, VOSS + 9),)),),
    quotes=(Quote("barge-1", TEXT[OPEN_AT:OPEN_END], OPEN_AT, OPEN_END, "voss", "direct"),
            Quote("barge-1", TEXT[INSURERS:INSURERS_END], INSURERS, INSURERS_END, "voss", "reported"),
            Quote("barge-1", TEXT[NOBODY:NOBODY_END], NOBODY, NOBODY_END, "", "direct")),
)


class Library:
    def __init__(self, articles: dict[str, Article]) -> None:
        self.articles, self.closed = articles, False

    def article(self, article_id: str) -> Article:
        if article_id not in self.articles:
            raise ArticleNotFoundError(f"No article with id {article_id!r}.")
        return self.articles[article_id]

    def close(self) -> None:
        self.closed = True


class Opener:
    """open_library() handing out a library with the given articles (ARTICLE by default)."""

    def __init__(self, *articles: Article, error: Exception | None = None) -> None:
        self.articles = {a.id: a for a in (articles or (ARTICLE,))}
        self.error, self.opened = error, []

    def __call__(self) -> Library:
        if self.error:
            raise self.error
        self.opened.append(Library(self.articles))
        return self.opened[-1]


def brief(*argv: str, opener: Opener | None = None) -> int:
    parser = argparse.ArgumentParser(prog="briefing-index")
    add_brief_parser(parser.add_subparsers(dest="command"))
    return run_brief(parser.parse_args(["brief", *argv]), opener or Opener())


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "river.briefing.json"
    assert brief("new", str(file), "--title", "River watch") == 0
    return file


def add(path: Path, *span: str) -> int:
    return brief("add", str(path), "--article", "barge-1", *span)


def test_a_quote_span_is_cited_with_the_articles_speaker_and_kind(path, capsys):
    assert add(path, "--quote", TEXT[OPEN_AT:OPEN_END]) == 0
    assert "a quote by Mara Voss" in capsys.readouterr().out
    assert add(path, "--start", str(INSURERS), "--end", str(INSURERS_END)) == 0
    assert "reported speech by Mara Voss" in capsys.readouterr().out
    assert add(path, "--quote", TEXT[NOBODY:NOBODY_END]) == 0
    assert "a quote with no speaker named" in capsys.readouterr().out
    direct, reported, unattributed = load_briefing(path).excerpts()
    assert (direct.speaker, direct.quote_kind) == ("Mara Voss", "direct")
    assert (reported.speaker, reported.quote_kind, reported.reported) == ("Mara Voss", "reported", True)
    assert (unattributed.speaker, unattributed.quote_kind) == ("", "direct")


@pytest.mark.parametrize("span", [
    ("--quote", "Grain barges left Dorn port"),  # not a quote
    ("--quote", TEXT[OPEN_AT - 1:OPEN_END + 1]),  # the quote with its marks: not the article's span
    ("--start", str(OPEN_AT), "--end", str(OPEN_END - 1)),  # part of a quote
])
def test_any_other_span_is_a_plain_excerpt_with_no_speaker(path, capsys, span):
    assert add(path, *span) == 0
    assert "quote" not in capsys.readouterr().out.split("(", 1)[1].split(")")[0]
    (excerpt,) = load_briefing(path).excerpts()
    assert (excerpt.speaker, excerpt.quote_kind) == ("", "")


def test_no_speaker_option_exists(path, capsys):
    with pytest.raises(SystemExit) as caught:
        add(path, "--quote", TEXT[OPEN_AT:OPEN_END], "--speaker", "Someone Else")
    assert caught.value.code == 2


@pytest.mark.parametrize(("args", "fragment"), [
    (("--article", "nope", "--quote", "Grain"), "no article with id 'nope'"),
    (("--article", "barge-1", "--start", str(OPEN_AT), "--end", "99999"), "outside"),
    (("--article", "barge-1", "--start", "-4", "--end", "3"), "outside"),
    (("--article", "barge-1", "--quote", "the river is open"), "does not occur"),
])
def test_a_bad_id_or_span_exits_2_with_a_message_and_leaves_the_file(path, capsys, args, fragment):
    before = path.read_bytes()
    assert brief("add", str(path), *args) == 2
    captured = capsys.readouterr()
    assert fragment in captured.err and "not changed" in captured.err and captured.out == ""
    assert path.read_bytes() == before


def corrected(**changes) -> Opener:
    return Opener(dataclasses.replace(ARTICLE, **changes))


def test_show_cites_the_corrected_details_and_leaves_the_file(path, capsys):
    add(path, "--quote", TEXT[OPEN_AT:OPEN_END])
    before = path.read_bytes()
    capsys.readouterr()
    assert brief("show", str(path), opener=corrected(date="2026-06-02", source="River Post Daily")) == 0
    out = capsys.readouterr().out
    assert "River Post Daily, 2026-06-02" in out and "2026-06-01" not in out
    assert "(citation updated from the library)" in out and "Updated the citations of 1 excerpt" in out
    assert path.read_bytes() == before
    assert brief("show", str(path), "--json", opener=corrected(date="2026-06-02")) == 0
    assert json.loads(capsys.readouterr().out)["sections"][0]["items"][0]["date"] == "2026-06-02"


def test_show_flags_a_lost_text_and_a_removed_article(path, capsys):
    add(path, "--quote", TEXT[OPEN_AT:OPEN_END])
    capsys.readouterr()
    rewritten = corrected(text=TEXT.replace("The river is open again", "The river is open"))
    assert brief("show", str(path), opener=rewritten) == 0
    out = capsys.readouterr().out
    assert "(text no longer in the article)" in out and "The river is open again" in out
    other = dataclasses.replace(ARTICLE, id="barge-2")
    assert brief("add", str(path), "--article", "barge-2", "--quote", "Grain", opener=Opener(ARTICLE, other)) == 0
    capsys.readouterr()
    assert brief("show", str(path), opener=Opener(other)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.endswith("(article no longer in the library)") for line in lines[-2:]] == [True, False]


def test_a_library_holding_none_of_the_articles_flags_nothing_and_says_so(path, tmp_path, capsys):
    add(path, "--quote", TEXT[OPEN_AT:OPEN_END])
    capsys.readouterr()
    out = tmp_path / "river.md"
    elsewhere = Opener(dataclasses.replace(ARTICLE, id="unrelated"))
    assert brief("export", str(path), "--format", "md", "-o", str(out), opener=elsewhere) == 0
    err = capsys.readouterr().err
    assert "none of the articles" in err and "--library" in err
    assert "no longer in the library" not in out.read_text(encoding="utf-8")


def test_export_uses_the_current_metadata(path, tmp_path, capsys):
    add(path, "--quote", TEXT[OPEN_AT:OPEN_END])
    out = tmp_path / "river.md"
    assert brief("export", str(path), "--format", "md", "-o", str(out), opener=corrected(date="2026-06-03")) == 0
    markdown = out.read_text(encoding="utf-8")
    assert "2026-06-03" in markdown and "2026-06-01" not in markdown and "Mara Voss" in markdown
    assert "Updated the citations of 1 excerpt" in capsys.readouterr().err
    assert load_briefing(path).excerpts()[0].date == "2026-06-01"


def test_an_unreadable_library_is_said_and_the_saved_citations_are_used(path, tmp_path, capsys):
    add(path, "--quote", TEXT[OPEN_AT:OPEN_END])
    capsys.readouterr()
    broken = Opener(error=IndexCorruptError("The library index is damaged; run `briefing-index rebuild`."))
    assert brief("show", str(path), opener=broken) == 0
    captured = capsys.readouterr()
    assert "could not be checked against the library" in captured.err and str(path) in captured.err
    assert "River Post, 2026-06-01" in captured.out and "no longer" not in captured.out


def test_a_briefing_without_excerpts_never_opens_the_library(path, capsys):
    brief("note", str(path), "Only a thought.")
    opener = Opener()
    assert brief("show", str(path), opener=opener) == 0
    assert opener.opened == []


class PlainLibrary(Library):
    """A library with the fast plain_article read; remembers which read served each article."""

    def __init__(self, articles: dict[str, Article]) -> None:
        super().__init__(articles)
        self.reads: list[tuple[str, str]] = []

    def article(self, article_id: str) -> Article:
        self.reads.append(("article", article_id))
        return super().article(article_id)

    def plain_article(self, article_id: str) -> Article:
        self.reads.append(("plain", article_id))
        return dataclasses.replace(super().article(article_id), actors=(), quotes=())


def test_only_a_quotes_article_is_read_with_its_actors(path, capsys):
    other = dataclasses.replace(ARTICLE, id="barge-2", date="2026-06-09")
    both = Opener(ARTICLE, other)
    assert brief("add", str(path), "--article", "barge-1", "--quote", TEXT[OPEN_AT:OPEN_END], opener=both) == 0
    assert brief("add", str(path), "--article", "barge-2", "--quote", "Grain barges", opener=both) == 0
    library = PlainLibrary({a.id: a for a in (ARTICLE, dataclasses.replace(other, date="2026-06-10"))})
    capsys.readouterr()
    assert brief("show", str(path), "--json", opener=lambda: library) == 0
    assert sorted(library.reads) == [("article", "barge-1"), ("plain", "barge-2")]
    quote, plain = json.loads(capsys.readouterr().out)["sections"][0]["items"]
    assert (quote["speaker"], plain["date"]) == ("Mara Voss", "2026-06-10")


def test_through_a_real_library_a_quote_keeps_its_speaker_and_an_edit_reaches_the_export(tmp_path, capsys):
    cli = pytest.importorskip("indexer.cli")
    source = tmp_path / "in" / "geneva.txt"
    source.parent.mkdir()
    source.write_text("Envoys gather in Geneva\n\nSource: Lake Courier\nDate: 2025-03-10\n\n"
                      "GENEVA - Emmanuel Macron arrived on Monday.\n\n"
                      "\"Patience is the whole method,\" Macron said. Delegations met until late.\n", encoding="utf-8")
    base = ["--library", str(tmp_path / "lib")]
    assert cli.main([*base, "add", str(source)]) == 0
    capsys.readouterr()
    assert cli.main([*base, "list", "--json"]) == 0
    article_id = json.loads(capsys.readouterr().out)[0]["id"]
    file, out = tmp_path / "b.briefing.json", tmp_path / "b.md"
    assert cli.main([*base, "brief", "new", str(file), "--title", "Geneva"]) == 0
    assert cli.main([*base, "brief", "add", str(file), "--article", article_id,
                     "--quote", "Patience is the whole method"]) == 0
    assert cli.main([*base, "brief", "add", str(file), "--article", article_id, "--quote", "Delegations met"]) == 0
    quote, plain = load_briefing(file).excerpts()
    assert (quote.speaker, quote.quote_kind, plain.speaker, plain.quote_kind) == ("Emmanuel Macron", "direct", "", "")
    assert cli.main([*base, "edit", article_id, "--date", "2025-03-11"]) == 0
    from indexer.library import Library

    with Library(tmp_path / "lib") as library:
        plain = library.plain_article(article_id)
        assert (plain.date, plain.title, plain.actors, plain.quotes) == ("2025-03-11", "Envoys gather in Geneva", (), ())
        assert plain.text == library.article(article_id).text
        with pytest.raises(ArticleNotFoundError):
            library.plain_article("no-such-article")
    assert cli.main([*base, "brief", "export", str(file), "--format", "md", "-o", str(out)]) == 0
    markdown = out.read_text(encoding="utf-8")
    assert "Emmanuel Macron, in “Envoys gather in Geneva”, Lake Courier, 2025-03-11" in markdown
    assert "2025-03-10" not in markdown


def test_add_show_and_export_never_cite_a_stand_in_title_as_a_headline(path, tmp_path, capsys):
    from indexer.ingest.metadata import fallback_title

    stand_in = fallback_title(TEXT, "barges")  # the reader's title for a file with no headline
    opener = Opener(dataclasses.replace(ARTICLE, title=stand_in, source=""))
    assert brief("add", str(path), "--article", "barge-1", "--quote", TEXT[OPEN_AT:OPEN_END], opener=opener) == 0
    out = tmp_path / "river.md"
    assert brief("export", str(path), "--format", "md", "-o", str(out), opener=opener) == 0
    markdown = out.read_text(encoding="utf-8")
    assert f"— Mara Voss, in an untitled article beginning “{stand_in}”, 2026-06-01[^1]" in markdown
    assert f"in “{stand_in}”" not in markdown and "- **Mara Voss** (person)" in markdown
    capsys.readouterr()
    undated = Opener(dataclasses.replace(ARTICLE, title=stand_in, source="", date=""))
    assert brief("show", str(path), opener=undated) == 0
    assert f"— an untitled article beginning “{stand_in}” [barge-1" in capsys.readouterr().out
