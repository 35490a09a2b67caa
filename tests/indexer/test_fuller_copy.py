"""A near-duplicate that holds the whole article and adds to it (an update with a new paragraph, the whole page
after a cut-off copy) gives the article its text: nothing either file holds becomes unsearchable (QA)."""

from __future__ import annotations

import pytest

from indexer.library import Library

HEAD = "Harbour talks resume in Varna\n\n"
PARAGRAPHS = [
    "Negotiators from both delegations met again on Tuesday at the old customs house in Varna, where the "
    "first round of harbour talks had ended without agreement two weeks ago.",
    "The mediator, a retired judge from Plovdiv, said both sides had brought new maps of the grain terminals "
    "and that the question of the northern berths was now the only open point.",
    "Dock workers gathered outside the building with banners asking for the shipping lanes to reopen before "
    "the autumn harvest, when the silos along the coast are usually full.",
    "Officials expect a further meeting next week if the technical teams agree on the inspection rules for "
    "the cargo ships that call at the three contested piers.",
]
UPDATE = ("UPDATE: Late on Tuesday the delegations signed a short protocol on pilot boats, the first document "
          "of the talks, and agreed to publish the berth inspection rules on Friday.")


def _write(folder, name: str, paragraphs: list[str]):
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(HEAD + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def test_an_updated_copy_gives_the_article_its_new_paragraph(tmp_path):
    lib = Library(tmp_path / "lib")
    first = lib.add([_write(tmp_path / "a", "wire.txt", PARAGRAPHS)])
    [added] = first.added
    report = lib.add([_write(tmp_path / "b", "wire-updated.txt", PARAGRAPHS + [UPDATE])])
    assert not report.duplicates and [a.id for a in report.added] == [added.id] and report.added[0].updated
    assert lib.count() == 1
    assert UPDATE in lib.article(added.id).text
    assert lib.search('"pilot boats"').total == 1
    entry = lib.import_log(1)[0]
    assert entry.status == "updated" and "fuller copy of “Harbour talks resume in Varna”" in entry.detail


def test_the_whole_page_after_a_cut_off_copy_in_one_import(tmp_path):
    lib = Library(tmp_path / "lib")
    folder = tmp_path / "in"
    _write(folder, "1-cut.txt", PARAGRAPHS[:3])
    _write(folder, "2-whole.txt", PARAGRAPHS)
    report = lib.add([folder])
    assert lib.count() == 1 and not report.duplicates
    [article_id] = {a.id for a in report.added}
    assert PARAGRAPHS[3] in lib.article(article_id).text
    assert lib.search('"contested piers"').total == 1  # indexed after the run's own entries were committed
    assert lib.search("silos").total == 1


def test_a_shorter_copy_after_the_whole_one_is_still_a_duplicate(tmp_path):
    lib = Library(tmp_path / "lib")
    [added] = lib.add([_write(tmp_path / "a", "whole.txt", PARAGRAPHS)]).added
    report = lib.add([_write(tmp_path / "b", "cut.txt", PARAGRAPHS[:3])])
    assert [d.duplicate_of for d in report.duplicates] == [added.id] and not report.added
    assert PARAGRAPHS[3] in lib.article(added.id).text


@pytest.mark.parametrize("extra", ["Share this article.", "Photo: Reuters"])
def test_a_copy_that_adds_a_line_or_two_is_still_a_duplicate(tmp_path, extra):
    lib = Library(tmp_path / "lib")
    [added] = lib.add([_write(tmp_path / "a", "wire.txt", PARAGRAPHS)]).added
    report = lib.add([_write(tmp_path / "b", "copy.txt", PARAGRAPHS + [extra])])
    assert [d.duplicate_of for d in report.duplicates] == [added.id]


def test_a_rewritten_copy_that_drops_much_of_the_article_is_not_a_fuller_copy(tmp_path):
    """It adds text, but does not hold the article's: it stays a duplicate, the article keeps its own text."""
    lib = Library(tmp_path / "lib")
    [added] = lib.add([_write(tmp_path / "a", "wire.txt", PARAGRAPHS)]).added
    report = lib.add([_write(tmp_path / "b", "rewrite.txt", PARAGRAPHS[:3] + [UPDATE])])
    assert [d.duplicate_of for d in report.duplicates] == [added.id]
    assert PARAGRAPHS[3] in lib.article(added.id).text


def test_the_analysts_corrections_stay_when_a_fuller_copy_arrives(tmp_path):
    lib = Library(tmp_path / "lib")
    [added] = lib.add([_write(tmp_path / "a", "wire.txt", PARAGRAPHS)]).added
    lib.edit_details(added.id, {"source": "Varna Harbour Gazette"})
    lib.add([_write(tmp_path / "b", "wire-updated.txt", PARAGRAPHS + [UPDATE])])
    article = lib.article(added.id)
    assert article.source == "Varna Harbour Gazette" and UPDATE in article.text


@pytest.mark.parametrize("head", ["date 2025-06-03\n\n", "Source: Harbour Digest\n\n"])
def test_a_fuller_copy_of_another_day_or_outlet_stays_a_duplicate_that_says_it_adds_text(tmp_path, head):
    """The same story a day later, or at another outlet, with a paragraph more: taking it would move the
    article's citations to another date or outlet; it stays the duplicate it is, and the log says it adds text."""
    lib = Library(tmp_path / "lib")
    first = tmp_path / "a" / "wire.txt"
    first.parent.mkdir()
    first.write_text(HEAD + "date 2025-06-02\n\nSource: Varna Courier\n\n" + "\n\n".join(PARAGRAPHS) + "\n",
                     encoding="utf-8")
    [kept] = lib.add([first]).added
    later = tmp_path / "b" / "later.txt"
    later.parent.mkdir()
    base_head = "date 2025-06-02\n\n" if head.startswith("Source") else "Source: Varna Courier\n\n"
    later.write_text(HEAD + head + base_head + "\n\n".join(PARAGRAPHS + [UPDATE]) + "\n", encoding="utf-8")
    report = lib.add([later])
    assert [d.duplicate_of for d in report.duplicates] == [kept.id] and not report.added and lib.count() == 1
    article = lib.article(kept.id)
    assert (article.date, article.source) == ("2025-06-02", "Varna Courier") and UPDATE not in article.text
    assert "adds text of its own, but has another date or outlet" in lib.import_log(1)[0].detail


def test_a_one_sentence_update_is_a_fuller_copy_and_a_one_word_edit_is_not(tmp_path):
    lib = Library(tmp_path / "lib")
    [added] = lib.add([_write(tmp_path / "a", "wire.txt", PARAGRAPHS)]).added
    edited = [PARAGRAPHS[0].replace("Tuesday", "Tuesday morning")] + PARAGRAPHS[1:]
    assert [d.duplicate_of for d in lib.add([_write(tmp_path / "b", "edited.txt", edited)]).duplicates] == [added.id]
    short = "UPDATE: The judge said the talks lasted four and a half hours."
    report = lib.add([_write(tmp_path / "c", "updated.txt", PARAGRAPHS + [short])])
    assert [(a.id, a.updated) for a in report.added] == [(added.id, True)]
    assert lib.search('"four and a half hours"').total == 1


def _dated(folder, name: str, dateline: str, paragraphs: list[str]):
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(HEAD + f"VARNA, {dateline} (Valmora Wire) - " + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("second, duplicate", [
    ("Dec 3, 2025", False),  # four months later: the outlet ran the story again, with new figures
    ("Aug 12, 2025", True),  # within the week (a late copy, another time zone) it is the same story
])
def test_a_near_copy_dated_months_apart_is_another_article(tmp_path, second, duplicate):
    lib = Library(tmp_path / "lib")
    lib.add([_dated(tmp_path / "a", "aug.txt", "Aug 6, 2025", PARAGRAPHS[:3])])
    changed = [PARAGRAPHS[0].replace("two weeks", "five weeks"), *PARAGRAPHS[1:3]]
    report = lib.add([_dated(tmp_path / "b", "later.txt", second, changed)])
    assert bool(report.duplicates) is duplicate
    assert lib.count() == (1 if duplicate else 2)
    assert lib.search('"five weeks"').total == (0 if duplicate else 1)

