"""A duplicate gives the article it repeats the metadata that article lacks, and never overwrites any."""

from __future__ import annotations

import pytest

from indexer.importer import has_fallback_title, missing_metadata
from indexer.library import Library
from indexer.model import Article, Document

PARAGRAPHS = [
    "Negotiators from the coastal provinces of Valmora and Kessin met again on Thursday in the old customs house "
    "to settle a dispute over fishing rights that has kept hundreds of boats in port since January.",
    "Officials said the six-hour session ended without a joint statement, but the mediator, a retired judge named "
    "Ilse Marten, told reporters that both delegations had agreed to keep their fleets away from the contested "
    "waters until a second round of talks next month.",
    "Harbour workers, who have been on strike for two weeks in support of the fishermen, said they would return "
    "to work on Monday if the truce held, and the U.S. consul in Valmora welcomed the pause.",
    "Kessin's delegation was led by its deputy governor, Paul Orrin, who said his province wanted a fair share "
    "of the catch and a joint patrol of the bay.",
]
BODY = "\n\n".join(PARAGRAPHS) + "\n"
HEADLINE = "Valmora and Kessin agree to keep fleets out of contested bay"
FRONT_MATTER = f"""---
title: {HEADLINE}
date: 2025-03-14
source: Harbour Herald
author: Anna Berg
url: https://example.org/valmora-talks
---

"""


def near_copy(body: str) -> str:
    """The same story lightly edited: "U.S." spelt "US", one word changed."""
    return body.replace("U.S.", "US").replace("Thursday", "Thursday afternoon")


@pytest.fixture
def lib(tmp_path):
    library = Library(tmp_path / "lib")
    yield library
    library.close()


def write(folder, name: str, text: str):
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def import_one(lib, path):
    return lib.add([path])


def last_log_detail(lib) -> str:
    return lib.import_log(1)[0].detail


def test_bare_txt_then_md_with_metadata_fills_the_kept_article(lib, tmp_path):
    bare = import_one(lib, write(tmp_path / "in", "pasted.txt", BODY)).added[0]
    assert lib.article(bare.id).date == ""
    report = import_one(lib, write(tmp_path / "in", "pasted.md", FRONT_MATTER + BODY))
    assert [d.duplicate_of for d in report.duplicates] == [bare.id]
    article = lib.article(bare.id)  # the id stays
    assert (article.title, article.date, article.source, article.author, article.url) == (
        HEADLINE, "2025-03-14", "Harbour Herald", "Anna Berg", "https://example.org/valmora-talks")
    detail = last_log_detail(lib)
    assert detail.startswith("duplicate of “")
    assert "(similarity 1.00); took headline, date, author, outlet, web address from this copy" in detail
    assert lib.count() == 1


def test_filled_metadata_reaches_search_filters_and_titles(lib, tmp_path):
    bare = import_one(lib, write(tmp_path / "in", "pasted.txt", BODY)).added[0]
    assert lib.search("", date_from="2025-03-01").total == 0
    import_one(lib, write(tmp_path / "in", "pasted.md", FRONT_MATTER + BODY))
    assert [h.id for h in lib.search("", date_from="2025-03-01").hits] == [bare.id]
    assert [h.id for h in lib.search("", source="harbour herald").hits] == [bare.id]
    assert [h.title for h in lib.search("title:contested").hits] == [HEADLINE]
    assert lib.index.doc_count() == 1 and lib.store.unindexed_count() == 0


def test_the_reverse_order_changes_nothing(lib, tmp_path):
    full = import_one(lib, write(tmp_path / "in", "pasted.md", FRONT_MATTER + BODY)).added[0]
    before = lib.article(full.id)
    report = import_one(lib, write(tmp_path / "in", "pasted.txt", BODY))
    assert [d.duplicate_of for d in report.duplicates] == [full.id]
    assert lib.article(full.id) == before
    assert "took" not in last_log_detail(lib)


def test_a_value_the_kept_article_has_is_never_overwritten(lib, tmp_path):
    own = "Fishing talks\n\nBy Jon Hale | 2 March 2025\n\n" + BODY
    kept = import_one(lib, write(tmp_path / "in", "own.txt", own)).added[0]
    import_one(lib, write(tmp_path / "in", "copy.md", FRONT_MATTER + BODY))
    article = lib.article(kept.id)
    assert (article.title, article.date, article.author) == ("Fishing talks", "2025-03-02", "Jon Hale")
    assert (article.source, article.url) == ("Harbour Herald", "https://example.org/valmora-talks")
    assert "took outlet, web address from this copy" in last_log_detail(lib)


def test_a_fallback_title_is_replaced_by_a_real_headline(lib, tmp_path):
    kept = import_one(lib, write(tmp_path / "in", "no-headline.txt", BODY)).added[0]
    assert lib.article(kept.id).title.startswith("Negotiators from the coastal provinces")
    import_one(lib, write(tmp_path / "in", "headline.txt", HEADLINE + "\n\n" + BODY))
    assert lib.article(kept.id).title == HEADLINE
    assert "took headline from this copy" in last_log_detail(lib)


def test_a_fallback_title_is_not_replaced_by_another_fallback(lib, tmp_path):
    kept = import_one(lib, write(tmp_path / "in", "first.txt", BODY)).added[0]
    title = lib.article(kept.id).title
    import_one(lib, write(tmp_path / "in", "second.txt", "\n\n" + BODY))
    assert lib.article(kept.id).title == title
    assert "took" not in last_log_detail(lib)


def test_an_analysts_edit_is_never_overwritten(lib, tmp_path):
    kept = import_one(lib, write(tmp_path / "in", "pasted.txt", BODY)).added[0]
    with lib.store.db as db:  # the analyst cleared a wrong date and corrected the title (edit-details dialog)
        db.execute("INSERT INTO article_edits (article_id, field, value, original) VALUES (?, 'date', '', '')",
                   (kept.id,))
        db.execute("INSERT INTO article_edits (article_id, field, value, original) VALUES (?, 'title', ?, ?)",
                   (kept.id, "My own title", kept.title))
    import_one(lib, write(tmp_path / "in", "pasted.md", FRONT_MATTER + BODY))
    article = lib.article(kept.id)
    assert article.date == ""
    assert article.source == "Harbour Herald"
    assert "took author, outlet, web address from this copy" in last_log_detail(lib)


def test_a_near_duplicate_fills_too(lib, tmp_path):
    kept = import_one(lib, write(tmp_path / "in", "pasted.txt", BODY)).added[0]
    report = import_one(lib, write(tmp_path / "in", "edited.md", FRONT_MATTER + near_copy(BODY)))
    assert [d.duplicate_of for d in report.duplicates] == [kept.id]
    assert report.duplicates[0].similarity < 1.0
    article = lib.article(kept.id)
    assert (article.date, article.source) == ("2025-03-14", "Harbour Herald")
    assert "U.S." in article.text and "US consul" not in article.text  # the kept text itself is unchanged
    assert "took headline, date, author, outlet, web address from this copy" in last_log_detail(lib)


FOLLOW_UP = "\n\n".join([
    "On Friday the two provinces signed a memorandum on joint patrols of the bay, ending the strike in the "
    "harbour after two weeks and reopening the customs house to traffic.",
    "The memorandum names the retired judge as arbiter of any quarrel over the catch, and sets quotas for "
    "both fleets until the end of the season in October.",
])


def test_a_copy_that_adds_much_and_drops_some_gives_no_metadata_and_says_why(lib, tmp_path):
    kept = import_one(lib, write(tmp_path / "in", "short.txt", BODY)).added[0]
    later = FOLLOW_UP.split("\n\n")[0]
    rewritten = "\n\n".join(PARAGRAPHS[:3]) + "\n\n" + later + "\n"  # a later story: not all of this one
    report = import_one(lib, write(tmp_path / "in", "later.md", FRONT_MATTER + rewritten))
    assert [d.duplicate_of for d in report.duplicates] == [kept.id]
    assert lib.article(kept.id).date == ""
    assert "not taken: the texts differ too much" in last_log_detail(lib)


def test_a_copy_that_holds_the_whole_article_and_adds_much_gives_it_its_text_and_details(lib, tmp_path):
    """A fuller copy (see test_fuller_copy.py): the article takes its text and details, nothing is lost."""
    kept = import_one(lib, write(tmp_path / "in", "short.txt", BODY)).added[0]
    report = import_one(lib, write(tmp_path / "in", "later.md", FRONT_MATTER + BODY + "\n" + FOLLOW_UP + "\n"))
    assert not report.duplicates and [a.id for a in report.added] == [kept.id]
    article = lib.article(kept.id)
    assert article.date == "2025-03-14" and "memorandum on joint patrols" in article.text
    assert "a fuller copy of" in last_log_detail(lib)


def test_both_copies_in_one_run_fill_and_index_once(lib, tmp_path):
    folder = tmp_path / "in"
    write(folder, "a-pasted.txt", BODY)
    write(folder, "b-pasted.md", FRONT_MATTER + BODY)
    report = lib.add([folder])
    assert len(report.added) == 1 and len(report.duplicates) == 1
    kept = report.added[0].id
    assert lib.article(kept).date == "2025-03-14"
    assert lib.index.doc_count() == 1
    assert [h.id for h in lib.search("", source="harbour herald").hits] == [kept]
    with Library(tmp_path / "lib") as again:  # nothing left for a crash repair
        assert again.store.unindexed_count() == 0 and not again.index_problem


def test_missing_metadata_is_a_pure_decision():
    kept = Article(id="a", title="Untitled", text="", path="/x/a.txt", source="Own Outlet")
    doc = Document(path="/x/b.md", title="Real", text="", date="2025-01-02", source="Other", url="  ")
    assert missing_metadata(kept, doc, set()) == {"title": "Real", "date": "2025-01-02"}
    assert missing_metadata(kept, doc, {"title", "date"}) == {}
    assert has_fallback_title(kept)
    assert not has_fallback_title(Article(id="b", title="A headline", text="Some text here.", path="/x/b.txt"))


def test_a_search_made_before_an_article_is_replaced_finds_it_once(lib, tmp_path):
    """A searcher opened before a write must not keep the replaced index entry (Whoosh's refresh did)."""
    path = write(tmp_path / "in", "story.txt", BODY)
    kept = import_one(lib, path).added[0]
    assert lib.search("Valmora").total == 1  # opens this thread's searcher
    path.write_text(BODY.replace("Kessin", "Kessinor"), encoding="utf-8")
    assert [a.id for a in import_one(lib, path).added] == [kept.id]
    assert [h.id for h in lib.search("Valmora").hits] == [kept.id]


def test_the_report_says_what_was_taken(lib, tmp_path, capsys):
    import json

    from indexer.cli import main

    import_one(lib, write(tmp_path / "in", "pasted.txt", BODY))
    copy = write(tmp_path / "in", "pasted.md", FRONT_MATTER + BODY)
    lib.close()
    assert main(["--library", str(tmp_path / "lib"), "add", str(copy), "--json"]) == 0
    duplicate = json.loads(capsys.readouterr().out)["duplicates"][0]
    assert duplicate["metadata"] == "took headline, date, author, outlet, web address from this copy"
    with Library(tmp_path / "lib") as again:
        assert again.import_log(1)[0].detail.endswith("; took headline, date, author, outlet, web address "
                                                      "from this copy")


def test_a_copy_dropped_by_an_older_version_fills_the_article_when_imported_again(lib, tmp_path):
    bare = import_one(lib, write(tmp_path / "in", "pasted.txt", BODY)).added[0]
    copy = write(tmp_path / "in", "pasted.md", FRONT_MATTER + BODY)
    import_one(lib, copy)
    with lib.store.db as db:  # as a version that took nothing from duplicates left it
        db.execute("UPDATE articles SET title=?, date='', source='', author='', url='' WHERE id=?",
                   (bare.title, bare.id))  # bare.title: the stand-in it was added with
        db.execute("UPDATE files SET status='duplicate' WHERE status='duplicate-checked'")
    assert lib.article(bare.id).date == ""
    report = import_one(lib, copy)
    assert [d.duplicate_of for d in report.duplicates] == [bare.id] and not report.unchanged
    assert (lib.article(bare.id).date, lib.article(bare.id).title) == ("2025-03-14", HEADLINE)
    assert [u.id for u in import_one(lib, copy).unchanged] == [bare.id]  # nothing missing any more: unchanged


def test_a_copy_already_read_stays_unchanged_even_when_the_article_lacks_metadata(lib, tmp_path):
    kept = import_one(lib, write(tmp_path / "in", "first.txt", BODY)).added[0]
    copy = write(tmp_path / "in", "second.txt", "\n\n" + BODY)  # no date, outlet or headline either
    assert [d.duplicate_of for d in import_one(lib, copy).duplicates] == [kept.id]
    again = import_one(lib, copy)
    assert [u.id for u in again.unchanged] == [kept.id] and not again.duplicates


def test_the_fidelity_eval_judges_a_kept_article_by_its_duplicate_group():
    from tests.benchmarks.fidelity_eval import Outcome, with_copies_metadata

    gold = {"a.txt": {"title": "T", "date": None, "outlet": None},
            "a.md": {"title": "T", "date": "2025-08-17", "date_in_text": True, "outlet": "Kyiv Independent",
                     "duplicate_of": "a.txt"},
            "b.txt": {"title": "U", "date": "2025-01-01", "outlet": "Other"}}
    outcomes = {"a.txt": Outcome("a.txt"), "a.md": Outcome("a.md", merged_into="a.txt"), "b.txt": Outcome("b.txt")}
    judged = with_copies_metadata("a.txt", gold, outcomes)
    assert (judged["date"], judged["date_in_text"], judged["outlet"]) == ("2025-08-17", True, "Kyiv Independent")
    assert with_copies_metadata("b.txt", gold, outcomes) == gold["b.txt"]
    assert gold["a.txt"]["date"] is None  # the gold itself is left as it is
