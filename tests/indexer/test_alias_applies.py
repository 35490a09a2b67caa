"""An added alias applies at once: the articles that contain it are re-analysed, store and index alike."""

from __future__ import annotations

from indexer.library import Library, run_to_end
from indexer.model import Progress

NAMED = "Talks at Quillhaven\n\nOfficials at Quillhaven said on Monday that the talks with Ukraine would continue.\n"
NOT_NAMED = "Harvest report\n\nFarmers in Ukraine brought in an early harvest, the ministry said.\n"
NEAR_MISS = "Quillhavener festival\n\nThe Quillhavener festival opened in a small town in Ukraine on Friday.\n"


def make_library(library_dir):
    folder = library_dir.parent / "clips"
    folder.mkdir()
    for name, text in (("named.txt", NAMED), ("plain.txt", NOT_NAMED), ("near.txt", NEAR_MISS)):
        (folder / name).write_text(text, encoding="utf-8")
    lib = Library(library_dir)
    lib.add([folder])
    ids = {s.title: s.id for s in lib.articles()}
    return lib, ids


def mentions_of(lib, article_id, actor_id):
    article = lib.article(article_id)
    return [article.text[s:e] for ref in article.actors if ref.id == actor_id for s, e in ref.mentions]


def test_an_alias_applies_to_the_articles_that_contain_it(library_dir):
    lib, ids = make_library(library_dir)
    with lib:
        nato = lib.actor("NATO")
        named = ids["Talks at Quillhaven"]
        assert lib.search(actors=["NATO"]).total == 0
        lib.alias_actor(nato.id, "Quillhaven")
        steps = []
        done = run_to_end(lib.iter_reanalyse_containing(["quillhaven"]), steps.append)
        assert done == [named]  # not the article without it, nor 'Quillhavener'
        assert steps and all(isinstance(s, Progress) for s in steps) and steps[-1].done == steps[-1].total == 1
        assert mentions_of(lib, named, nato.id) == ["Quillhaven"]
        assert [h.id for h in lib.search(actors=["NATO"]).hits] == [named]  # the index follows
        stats = {s.actor.id: s for s in lib.actor_stats()}
        assert (stats[nato.id].articles, stats[nato.id].mentions) == (1, 1)


def test_an_undone_alias_goes_away_the_same_way(library_dir):
    lib, ids = make_library(library_dir)
    with lib:
        nato = lib.actor("NATO")
        before = lib.actor_curation(nato.id)
        lib.alias_actor(nato.id, "Quillhaven")
        run_to_end(lib.iter_reanalyse_containing(["Quillhaven"]))
        lib.restore_actor_curation(before)
        lib.refresh()
        run_to_end(lib.iter_reanalyse_containing(["Quillhaven"]))
        assert mentions_of(lib, ids["Talks at Quillhaven"], nato.id) == []
        assert lib.search(actors=["NATO"]).total == 0


def test_cancelled_or_empty_reanalysis_changes_nothing(library_dir):
    lib, ids = make_library(library_dir)
    with lib:
        nato = lib.actor("NATO")
        lib.alias_actor(nato.id, "Quillhaven")
        assert run_to_end(lib.iter_reanalyse_containing(["Quillhaven"], cancel=lambda: True)) == []
        assert "Quillhaven" not in mentions_of(lib, ids["Talks at Quillhaven"], nato.id)
        assert run_to_end(lib.iter_reanalyse_containing(["", "  ", "—"])) == []
        assert run_to_end(lib.iter_reanalyse_containing(["Zzyzx"])) == []
        assert lib.store.unindexed_count() == 0
