"""A new article never takes the id of another: an updated file's article keeps the id of its first text."""

from __future__ import annotations

from indexer.library import Library

FIRST = "Harbour talks resume\n\n" + " ".join(
    f"The envoy said grain shipment {k} would sail from the northern port soon." for k in range(12))
SECOND = "Orchard prices fall\n\n" + " ".join(
    f"Farmers said apple crate {k} sold below cost at the valley market today." for k in range(12))


def _imported_once(tmp_path):
    """A library with one article, imported from src/a.txt (its first text): (src, a.txt, library, its id)."""
    src = tmp_path / "src"
    src.mkdir()
    first = src / "a.txt"
    first.write_text(FIRST, encoding="utf-8")
    lib = Library(tmp_path / "lib")
    return src, first, lib, lib.add([first]).added[0].id


def test_a_new_file_with_an_updated_articles_first_text_is_a_new_article(tmp_path):
    src, first, lib, kept_id = _imported_once(tmp_path)
    first.write_text(SECOND, encoding="utf-8")  # the file is updated: its article keeps its id
    assert [a.id for a in lib.add([first]).added] == [kept_id]
    again = src / "b.txt"
    again.write_text(FIRST, encoding="utf-8")  # another file with the first text: a new article
    new_ids = [a.id for a in lib.add([again]).added]
    assert len(new_ids) == 1 and new_ids[0] != kept_id
    assert lib.article(kept_id).title == "Orchard prices fall", "the updated article was overwritten"
    assert lib.article(new_ids[0]).title == "Harbour talks resume"
    assert {h.id for h in lib.search("orchard OR harbour").hits} == {kept_id, new_ids[0]}
    lib.close()


def test_in_one_run_an_updated_file_and_a_new_file_with_its_first_text_stay_two_articles(tmp_path):
    src, first, lib, kept_id = _imported_once(tmp_path)
    first.write_text(SECOND, encoding="utf-8")
    (src / "b.txt").write_text(FIRST, encoding="utf-8")
    report = lib.add([first, src / "b.txt"])  # the update first, then the new file, in one run
    ids = [a.id for a in report.added]
    assert len(set(ids)) == 2 and kept_id in ids
    assert lib.article(kept_id).title == "Orchard prices fall"
    assert {lib.article(i).title for i in ids} == {"Orchard prices fall", "Harbour talks resume"}
    lib.close()


def test_an_updated_file_is_reported_as_updated_not_added(tmp_path, capsys):
    from indexer.cli import main

    src = tmp_path / "src"
    src.mkdir()
    first = src / "a.txt"
    first.write_text(FIRST, encoding="utf-8")
    library = str(tmp_path / "lib")
    assert main(["--library", library, "add", str(first)]) == 0
    capsys.readouterr()
    first.write_text(SECOND, encoding="utf-8")
    (src / "b.txt").write_text(SECOND.replace("Orchard", "Vineyard").replace("apple", "grape"), encoding="utf-8")
    assert main(["--library", library, "add", str(first), str(src / "b.txt")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Added 1, updated 1, duplicates 0")
    assert "  updated    " in out and "  added      " in out
    lib = Library(tmp_path / "lib")
    report = lib.add([first])  # unchanged now
    assert report.updated == [] and len(report.unchanged) == 1
    lib.close()
