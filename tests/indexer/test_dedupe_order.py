"""The articles a library keeps do not depend on the order its files arrive in (issue 15): a pair of
near-duplicates is judged the same story whichever comes first, and the fuller copy is the one kept; a kept
cut-down copy gives way to its fuller version, and its id still opens it."""

from __future__ import annotations

import itertools

import pytest

from indexer.errors import ArticleNotFoundError
from indexer.ingest import dedupe
from indexer.library import Library

# Invented stories. FERRY_FULL is a page; FERRY_CUT the same page cut off after four paragraphs, under
# another header line (all of it is in the full page, which adds more than 30% to it).
FERRY = [
    "The island ferry will sail twice a day again from Monday, the harbour board said on Friday, after a winter "
    "in which storms and a broken engine left villagers without a regular crossing for almost six weeks.",
    "The board has leased a second vessel from a mainland operator until the repaired ferry returns in the "
    "spring, and the timetable printed in December will apply to both boats without any change of fares.",
    "Shopkeepers on the island said deliveries of bread, milk and fuel had become unpredictable, and the "
    "primary school had closed on three days because teachers who live on the mainland could not reach it.",
    "The board's chair apologised to residents at a crowded meeting in the village hall on Thursday evening and "
    "promised that a standby boat would be found for any future breakdown lasting longer than two days.",
    "Fishermen asked for the early morning sailing to be moved half an hour earlier so that their catch could "
    "reach the market on the mainland before the auction opens, and the board agreed to try it for a month.",
    "A survey of the old pier found that two of its timber piles need replacing before the summer, work that "
    "will close the southern landing for a fortnight while passengers use the fuel jetty instead.",
    "Tourism officials hope the restored service will bring back the walkers and birdwatchers who usually "
    "arrive in April, when the cliffs fill with nesting seabirds and the guest houses reopen.",
]
FERRY_FULL = "Island ferry to sail twice a day again\n\n" + "\n\n".join(FERRY) + "\n"
FERRY_CUT = "FERRY SERVICE RESUMES\n\n" + "\n\n".join(FERRY[:4]) + "\n"

# A council story and its repost with one more short paragraph: each holds most of the other.
COUNCIL = [
    "The town council voted on Wednesday to turn the disused tram depot into a covered market, ending three years "
    "of argument over whether the listed building should be sold to a developer of flats.",
    "Traders will be offered stalls at reduced rents for the first two years, and the council expects the market "
    "to open in the autumn once the roof has been repaired and the old inspection pits filled in.",
    "Opponents said the plan would cost more than the council had admitted, and that the money should go to the "
    "swimming pool, which has been closed since a boiler failed last winter and needs a new heating system.",
    "The mayor said the market would bring visitors back to the eastern end of the high street, where a dozen "
    "shops have closed since the bypass opened, and promised a separate decision on the pool in March.",
]
COUNCIL_POST = "Depot to become covered market\n\n" + "\n\n".join(COUNCIL) + "\n"
COUNCIL_REPOST = COUNCIL_POST + "\nResidents may send comments on the design until April.\n"

CHOIR = ("Choir wins regional contest\n\nThe school choir won the regional contest on Sunday with a programme of "
         "folk songs arranged by its music teacher, who has led it for eleven years.\n")

FILES = {"a-ferry-cut.txt": FERRY_CUT, "b-council-repost.txt": COUNCIL_REPOST, "c-choir.txt": CHOIR,
         "d-council.txt": COUNCIL_POST, "e-ferry-full.txt": FERRY_FULL}


def write_folder(folder) -> list[str]:
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(str(folder / name) for name in FILES)


def kept(library: Library) -> dict[str, str]:
    """File name -> article id of the articles the library holds."""
    return {s.path.rsplit("/", 1)[-1]: s.id for s in library.store.summaries()}


def import_in_runs(path, runs: list[list[str]]) -> dict[str, str]:
    with Library(path) as library:
        for files in runs:
            library.add(files)
        return kept(library)


# -- the pair rule -------------------------------------------------------------------------------------
def test_a_cut_down_copy_and_its_full_page_are_one_story_whichever_comes_first():
    cut_first, full_first = dedupe.overlap(FERRY_FULL, FERRY_CUT), dedupe.overlap(FERRY_CUT, FERRY_FULL)
    assert not cut_first.is_near_duplicate and full_first.is_near_duplicate  # the old rule: order decides
    assert cut_first.is_same_story and full_first.is_same_story


def test_stories_sharing_a_paragraph_or_a_phrase_stay_apart_whichever_comes_first():
    follow_up = COUNCIL[0] + "\n\n" + "\n\n".join(FERRY[4:])  # one borrowed paragraph, the rest its own
    quoting = "Residents were reminded that the school choir won with a programme of folk songs arranged by its " \
              "music teacher. " + FERRY[2]  # a phrase of the choir story, under the shared-shingle floor
    for a, b in ((follow_up, COUNCIL_POST), (CHOIR, quoting)):
        assert not dedupe.overlap(a, b).is_same_story and not dedupe.overlap(b, a).is_same_story
    assert not dedupe.overlap("", FERRY_FULL).is_same_story and not dedupe.overlap(FERRY_FULL, "").is_same_story
    assert not dedupe.overlap("\x00\ufffd", FERRY_CUT).is_same_story  # bad input: nothing shared


def test_the_fuller_copy_is_kept_and_a_tie_goes_to_the_smaller_hash():
    assert dedupe.kept_of_pair(300, "f" * 64, 200, "0" * 64)
    assert not dedupe.kept_of_pair(200, "0" * 64, 300, "f" * 64)
    assert dedupe.kept_of_pair(250, "0a", 250, "0b") and not dedupe.kept_of_pair(250, "0b", 250, "0a")
    assert not dedupe.kept_of_pair(250, "0a", 250, "0a")  # the same text is never kept twice


# -- the library ---------------------------------------------------------------------------------------
def test_every_order_of_arrival_keeps_the_same_articles(tmp_path):
    files = write_folder(tmp_path / "news")
    first, second = files[:3], files[2:]  # overlapping halves: c-choir in both
    outcomes = [
        import_in_runs(tmp_path / "sorted", [files]),
        import_in_runs(tmp_path / "reversed", [files[::-1]]),
        import_in_runs(tmp_path / "first-then-second", [first, second]),
        import_in_runs(tmp_path / "second-then-first", [second, first]),
        import_in_runs(tmp_path / "one-by-one", [[f] for f in files]),
    ]
    assert sorted(outcomes[0]) == ["b-council-repost.txt", "c-choir.txt", "e-ferry-full.txt"]
    assert all(outcome == outcomes[0] for outcome in outcomes[1:])


def test_three_copies_of_one_story_keep_the_fullest_in_every_order(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for name, paragraphs in (("four.txt", 4), ("five.txt", 5), ("seven.txt", 7)):
        (folder / name).write_text("\n\n".join(FERRY[:paragraphs]) + "\n", encoding="utf-8")
    names = ["four.txt", "five.txt", "seven.txt"]
    for n, order in enumerate(itertools.permutations(names)):
        outcome = import_in_runs(tmp_path / f"lib-{n}", [[str(folder / name)] for name in order])
        assert list(outcome) == ["seven.txt"], order


def test_a_replaced_article_still_opens_and_its_file_stays_a_duplicate(tmp_path):
    files = write_folder(tmp_path / "news")
    with Library(tmp_path / "lib") as library:
        cut_id = library.add([files[0]]).added[0].id
        report = library.add([files[4]])
        full_id = report.added[0].id
        assert not report.duplicates  # the cut-down copy was kept by an earlier import: the log tells of it
        assert library.article(cut_id).id == full_id
        assert library.plain_article(cut_id).id == full_id
        entry = next(e for e in library.import_log(10) if e.status == "duplicate")
        assert entry.article_id == full_id and "replaced by the fuller copy" in entry.detail
        assert cut_id in entry.detail  # the analyst can tell which id now opens the fuller copy
        again = library.add([files[0]])
        assert [u.id for u in again.unchanged] == [full_id]
        assert [h.id for h in library.search("ferry").hits] == [full_id]
        assert library.index.doc_count() == library.count() == 1
    with Library(tmp_path / "lib") as reopened:
        assert reopened.store.unindexed_count() == 0 and not reopened.index_problem


def test_a_briefing_citing_a_replaced_article_still_finds_its_excerpt(tmp_path):
    from indexer.briefing.model import Briefing, excerpt_from_article
    from indexer.briefing.refresh import plan_refresh

    files = write_folder(tmp_path / "news")
    with Library(tmp_path / "lib") as library:
        cut = library.article(library.add([files[0]]).added[0].id)
        start = cut.text.index("Shopkeepers")
        briefing = Briefing("Desk notes")
        section = briefing.add_section("Items")
        briefing.add_item(section.id, excerpt_from_article(cut, start, start + 60))
        library.add([files[4]])
        refresh = plan_refresh(briefing, library.article)
    assert (refresh.found, refresh.missing, refresh.flagged) == (1, 0, {})
    assert [fields["title"] for fields in refresh.updates.values()] == ["Island ferry to sail twice a day again"]


def test_a_copy_replaced_in_the_same_import_is_reported_as_its_duplicate(tmp_path):
    files = write_folder(tmp_path / "news")
    with Library(tmp_path / "lib") as library:
        report = library.add([files[0], files[4]])
        assert [a.path.rsplit("/", 1)[-1] for a in report.added] == ["e-ferry-full.txt"]
        assert [(d.path.rsplit("/", 1)[-1], d.duplicate_of) for d in report.duplicates] == \
            [("a-ferry-cut.txt", report.added[0].id)]
        assert report.duplicates[0].similarity == 1.0  # all of the cut-down copy is in the full page
        assert library.index.doc_count() == 1


def test_a_failed_import_drops_a_committed_replacement_from_the_index(tmp_path, monkeypatch):
    import indexer.importer as importer

    files = write_folder(tmp_path / "news")
    with Library(tmp_path / "lib") as library:
        cut_id = library.add([files[0]]).added[0].id
        monkeypatch.setattr(importer, "COMMIT_EVERY", 1)  # the replacement is committed with the first article
        analyse = library.actors_engine.analyse

        def fail_on_the_choir(text, *args):
            if "choir" in text:
                raise OSError("disk full")
            return analyse(text, *args)

        monkeypatch.setattr(library.actors_engine, "analyse", fail_on_the_choir)
        with pytest.raises(OSError):
            library.add([files[4], files[2]])
        assert library.store.get(cut_id) is None
        assert cut_id not in {h.id for h in library.search("ferry").hits}


def test_a_replaced_article_gives_its_metadata_to_a_near_identical_fuller_copy(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    post = folder / "post.md"
    post.write_text("---\ntitle: Depot to become covered market\ndate: 2025-03-12\nsource: Valley Courier\n---\n\n"
                    + "\n\n".join(COUNCIL) + "\n", encoding="utf-8")
    (folder / "repost.txt").write_text(COUNCIL_REPOST, encoding="utf-8")
    with Library(tmp_path / "lib") as library:
        old = library.add([post]).added[0].id
        new = library.add([folder / "repost.txt"]).added[0].id
        article = library.article(old)
        assert article.id == new and (article.date, article.source) == ("2025-03-12", "Valley Courier")


def test_an_article_the_analyst_corrected_is_never_replaced(tmp_path):
    files = write_folder(tmp_path / "news")
    with Library(tmp_path / "lib") as library:
        cut_id = library.add([files[0]]).added[0].id
        library.edit_article(cut_id, "title", "Ferry back after the storms")
        report = library.add([files[4]])  # judged as before: the full page adds too much to be a copy of it
        assert len(report.added) == 1 and library.article(cut_id).title == "Ferry back after the storms"
        assert library.count() == 2


def test_a_copy_that_would_join_two_kept_articles_replaces_neither(tmp_path):
    """Two cut-down copies, each a different part of the page: the page matches both, and replacing both
    would merge two articles that are not copies of each other."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "head.txt").write_text("\n\n".join(FERRY[:4]) + "\n", encoding="utf-8")
    (folder / "tail.txt").write_text("\n\n".join(FERRY[3:]) + "\n", encoding="utf-8")
    (folder / "page.txt").write_text(FERRY_FULL, encoding="utf-8")
    with Library(tmp_path / "lib") as library:
        parts = {a.id for a in library.add([folder / "head.txt", folder / "tail.txt"]).added}
        library.add([folder / "page.txt"])
        assert parts <= {s.id for s in library.store.summaries()}


def test_unknown_ids_are_still_not_found(tmp_path):
    with Library(tmp_path / "lib") as library:
        assert library.store.replaced_by("0123456789abcdef") is None
        with pytest.raises(ArticleNotFoundError, match="0123456789abcdef"):
            library.article("0123456789abcdef")
        with pytest.raises(ArticleNotFoundError):
            library.plain_article("")
