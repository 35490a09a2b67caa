"""A library kept open (the GUI's) searches the index as it is after each write: no article counted twice."""

from __future__ import annotations

from indexer.library import Library


def test_one_file_imports_between_searches_never_count_an_article_twice(tmp_path):
    """Whoosh's searcher.refresh() kept the segments a commit had merged away: after six one-file imports
    an open library found eleven articles for six."""
    with Library(tmp_path / "lib") as lib:
        for k in range(12):
            story = tmp_path / f"story-{k}.txt"
            story.write_text(f"Harbour story {k}\n\nThe council said harbour number {k} reopens after repairs "
                             f"to berth {k * 7}.\n", encoding="utf-8")
            lib.add([story])
            result = lib.search("council", limit=50)
            assert result.total == k + 1
            assert len({h.id for h in result.hits}) == len(result.hits) == k + 1
