"""Issue 17: a PDF article keeps where each page starts, through re-flow, header removal and cleaning,
in the store (old libraries included), `show --json` and a briefing citation."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.briefing.markdown_export import to_markdown
from indexer.briefing.model import Briefing, excerpt_from_article
from indexer.briefing.store import briefing_from_dict, briefing_to_dict
from indexer.cli import main
from indexer.ingest import pdf, readers
from indexer.model import Article, page_at, page_label
from indexer.store import ArticleStore

from .sources_fixtures import make_pdf, wrap

HEADER = "Harbour Monitor - Fisheries Desk"
OPENING = ("Negotiators from the two coastal provinces met in Valmora on Thursday and failed again to settle the "
           "dispute over fishing rights, officials said after a long session ended without a joint dele~gation "
           "statement of any kind.")
MIDDLE = ("A mediator from the inland council said the fleets would keep away from the contested banks until "
          "the next round, a promise the harbour masters of both towns greeted with open doubt.")
CLOSING = ("Trawler crews in the northern port stayed ashore for a third day, and the fish market there opened "
           "for only two hours on Friday morning while buyers waited for news from the talks.")


def _pages() -> list[list[str]]:
    """Three pages: a running header and a page number on each, OPENING broken across pages 1 and 2 by a
    hyphen, a blank page 3, and CLOSING on page 4."""
    opening = wrap(OPENING)
    split = opening.index(next(line for line in opening if line.endswith("dele-"))) + 1
    return [
        [HEADER, *opening[:split], "1"],
        [HEADER, *opening[split:], "", *wrap(MIDDLE), "2"],
        [],
        [HEADER, *wrap(CLOSING), "4"],
    ]


def _document(pages=None, info=None):
    data = make_pdf(pages or _pages(), info or {"Title": "Valmora talks stall", "Author": "Mara Lind"})
    (document,) = readers.prepare_all_bytes(data, "/in/valmora.pdf")
    return document


def test_page_starts_are_offsets_in_the_final_body_after_reflow_and_header_removal():
    doc = _document()
    assert len(doc.pages) == 4 and doc.pages[0] == 0
    assert HEADER not in doc.text and "delegation statement" in doc.text
    assert doc.text[doc.pages[1] - 4:doc.pages[1]] == "dele" and doc.text[doc.pages[1]:].startswith("gation")
    assert doc.pages[2] == doc.pages[3]  # the blank page owns no text
    assert doc.text[doc.pages[3]:].startswith("Trawler crews")
    assert page_at(doc.pages, doc.text.index("mediator")) == 2
    assert page_at(doc.pages, doc.text.index("fish market")) == 4


def test_a_page_whose_first_paragraph_the_cleaner_removed_starts_at_its_next_paragraph():
    source = "First page text of the report goes here.\n\nShare this article\n\nSecond page body starts here."
    body = "First page text of the report goes here.\n\nSecond page body starts here."
    assert pdf.page_starts(source, body, (0, source.index("Share"))) == (0, body.index("Second"))


def test_repeated_text_is_found_at_its_own_page_not_at_an_earlier_copy():
    line = "The council will meet again next week to review the fishing quotas."
    source = f"{line}\n\n{line}"
    assert pdf.page_starts(source, source, (0, len(line) + 2)) == (0, len(line) + 2)


def test_page_starts_of_text_without_pages_is_empty():
    assert pdf.page_starts("", "", ()) == ()
    assert _text_document().pages == ()


def _text_document():
    (document,) = readers.prepare_all_bytes(b"Plain title\n\n" + OPENING.replace("~", "").encode(), "/in/a.txt")
    return document


def test_page_label_of_a_span():
    pages = (0, 100, 100, 250)
    assert page_at(pages, 0) == 1 and page_at(pages, 99) == 1 and page_at(pages, 100) == 3
    assert page_label(pages, 10, 50) == "1" and page_label(pages, 90, 120) == "1–3"
    assert page_label(pages, 260, 261) == "4" and page_label((), 0, 5) == "" and page_at((), 3) == 0


def _stored_article(**fields) -> Article:
    values = dict(id="p1", title="Report", text="x" * 300, content_hash="h1", imported="2025-03-02T00:00:00")
    return Article(**{**values, **fields})


def _put(store: ArticleStore, article: Article) -> None:
    with store.db as db:
        store.put(article, [], [], (1, 2), (3,), db=db)


def test_sqlite_store_keeps_pages_and_an_older_library_still_opens(tmp_path):
    path = tmp_path / "library.sqlite3"
    store = ArticleStore(path)
    _put(store, _stored_article(pages=(0, 120, 240)))
    _put(store, _stored_article(id="p2", content_hash="h2"))
    assert store.pages("p1") == (0, 120, 240) and store.pages("p2") == ()
    with store.db as db:  # a library made before pages were kept, opened where it cannot be extended
        db.execute("DROP TABLE article_pages")
    assert store.pages("p1") == ()
    store.close()
    reopened = ArticleStore(path)
    assert reopened.pages("p1") == () and reopened.get("p1").article.text == "x" * 300
    reopened.close()


def test_damaged_page_starts_read_as_none(tmp_path):
    store = ArticleStore(tmp_path / "library.sqlite3")
    _put(store, _stored_article(pages=(0, 120)))
    for damaged in ("not json", '{"a": 1}', "[5, 2]", '[-1, 4]', '["0"]'):
        with store.db as db:
            db.execute("UPDATE article_pages SET pages=? WHERE article_id='p1'", (damaged,))
        assert store.pages("p1") == ()
    store.close()


def test_show_json_lists_the_pages_of_an_imported_pdf(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "valmora.pdf").write_bytes(make_pdf(_pages(), {"Title": "Valmora talks stall"}))
    (folder / "note.txt").write_text("A note on harbours\n\n" + MIDDLE, encoding="utf-8")
    library = str(tmp_path / "lib")
    assert main(["--library", library, "add", str(folder)]) == 0
    capsys.readouterr()
    assert main(["--library", library, "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    rows = listed if isinstance(listed, list) else listed["articles"]
    by_title = {row["title"]: row["id"] for row in rows}
    assert main(["--library", library, "show", by_title["Valmora talks stall"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["pages"] == list(_document(info={"Title": "Valmora talks stall"}).pages)
    assert len(shown["pages"]) == 4 and shown["text"][shown["pages"][3]:].startswith("Trawler crews")
    assert main(["--library", library, "show", by_title["A note on harbours"], "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pages"] == []


def test_briefing_citation_names_the_page_of_a_pdf_excerpt():
    doc = _document()
    article = Article(id="v1", title=doc.title, text=doc.text, source="Harbour Monitor", date="2025-03-14",
                      kind="pdf", pages=doc.pages)
    start = doc.text.index("A mediator")
    on_page_two = excerpt_from_article(article, start, start + 40)
    across = excerpt_from_article(article, doc.text.index("joint dele"), doc.text.index("statement of"))
    plain = excerpt_from_article(Article(id="t1", title="Note", text=doc.text, source="Desk"), 0, 20)
    assert (on_page_two.page, across.page, plain.page) == ("2", "1–2", "")
    briefing = Briefing(title="Harbours")
    section = briefing.add_section("Talks")
    for excerpt in (on_page_two, across, plain):
        briefing.add_item(section.id, excerpt)
    markdown = to_markdown(briefing, today="2025-03-20")
    assert "— Harbour Monitor, 2025-03-14, p. 2[^1]" in markdown
    assert "— Harbour Monitor, 2025-03-14, pp. 1–2[^1]" in markdown
    assert "— Desk[^2]" in markdown
    reloaded = briefing_from_dict(briefing_to_dict(briefing))
    assert [e.page for e in reloaded.excerpts()] == ["2", "1–2", ""]


_WORDS = st.sampled_from("harbour fleet quota talks envoy market crews dele- ﬁsh".split())
_LINES = st.lists(st.lists(_WORDS, min_size=0, max_size=8).map(" ".join), max_size=6)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=5), st.integers(0, 40))
def test_page_starts_are_ordered_and_inside_the_body_whatever_the_pages(pages, cut):
    source, starts = pdf.reflow_pages(pages)
    assert len(starts) == len(pages) and list(starts) == sorted(starts) and all(0 <= s <= len(source) for s in starts)
    body = source[cut:]  # the cleaner took the opening out
    mapped = pdf.page_starts(source, body, starts)
    assert len(mapped) == len(pages) and mapped[0] == 0
    assert list(mapped) == sorted(mapped) and all(0 <= s <= len(body) for s in mapped)
