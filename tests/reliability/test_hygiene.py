"""Issue 8.7: the library, its store, logs and briefings are user-only; logs never hold article text."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from indexer.briefing.model import Briefing, Note
from indexer.briefing.store import RecoveryFile, save_briefing
from indexer.library import Library

from .conftest import run_cli, write_articles

MARKER = "Quiverplum lanterns hum beneath the seventh culvert at dawn."


@pytest.fixture
def typical_umask():
    """The common desktop umask (022): files would be world-readable unless the code restricts them."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def _mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def _cli_library(tmp_path: Path) -> Path:
    write_articles(tmp_path / "src", 3, seed=61)
    library = tmp_path / "new" / "library"
    proc = run_cli(library, "add", str(tmp_path / "src"), "--json")
    assert proc.returncode == 0, proc.stderr
    run_cli(library, "show", "no-such-id")  # an error path that logs
    return library


def test_library_folder_created_by_cli_is_user_only(tmp_path, typical_umask):
    library = _cli_library(tmp_path)
    assert _private(library), f"{library} is {_mode(library)}"


def test_library_store_lock_and_logs_are_user_only(tmp_path, typical_umask):
    library = _cli_library(tmp_path)
    must_be_private = [library / "library.sqlite3", library / "write.lock", library / "logs"]
    must_be_private += sorted((library / "logs").glob("*.log"))
    must_be_private += [p for p in (library / "library.sqlite3-wal", library / "library.sqlite3-shm") if p.exists()]
    assert len(must_be_private) >= 4
    loose = [f"{p.relative_to(tmp_path)} {_mode(p)}" for p in must_be_private if not _private(p)]
    assert not loose, f"readable by others: {loose}"


def test_library_opened_in_process_is_user_only(tmp_path, typical_umask):
    with Library(tmp_path / "lib") as lib:
        lib.add([a.path for a in write_articles(tmp_path / "src", 2, seed=62)])
    for path in (tmp_path / "lib", tmp_path / "lib" / "library.sqlite3"):
        assert _private(path), f"{path} is {_mode(path)}"


def test_briefing_and_recovery_files_are_user_only(tmp_path, typical_umask):
    briefing = Briefing(title="Private")
    section = briefing.add_section("One")
    briefing.add_item(section.id, Note("text"))
    path = tmp_path / "b.briefing.json"
    save_briefing(briefing, path)
    save_briefing(briefing, path)  # replacing keeps it private
    recovery = RecoveryFile(path)
    recovery.write(briefing)
    unsaved = RecoveryFile(folder=tmp_path / "autosave-folder-that-exists-not", name="untitled")
    (tmp_path / "autosave-folder-that-exists-not").mkdir()
    unsaved.write(briefing)
    for p in (path, recovery.path, unsaved.path):
        assert _private(p), f"{p.name} is {_mode(p)}"


def test_cli_briefing_export_is_user_only(tmp_path, typical_umask):
    brief = tmp_path / "x.briefing.json"
    library = tmp_path / "lib"
    assert run_cli(library, "brief", "new", str(brief), "--title", "T").returncode in (0, 2)
    if not brief.exists():
        pytest.skip("`brief new` has another syntax; the save path is covered by the store test")
    assert _private(brief), _mode(brief)
    assert run_cli(library, "brief", "note", str(brief), "A private note").returncode == 0
    assert _private(brief), _mode(brief)


def test_cli_briefing_exports_are_user_only(tmp_path, typical_umask):
    brief = tmp_path / "x.briefing.json"
    library = tmp_path / "lib"
    assert run_cli(library, "brief", "new", str(brief), "--title", "T").returncode == 0
    assert run_cli(library, "brief", "note", str(brief), "A private note").returncode == 0
    for fmt in ("md", "html"):
        out = tmp_path / f"export.{fmt}"
        proc = run_cli(library, "brief", "export", str(brief), "--format", fmt, "-o", str(out))
        assert proc.returncode == 0, proc.stderr
        assert _private(out), f"exported {fmt} is {_mode(out)}"


def _exercise_cli(tmp_path: Path, library: Path) -> list:
    """Run successful and failing commands over articles that carry MARKER in their bodies."""
    articles = write_articles(tmp_path / "src", 6, seed=63, marker_sentence=MARKER)
    html = tmp_path / "src" / "page.html"
    html.write_text(
        "<html><head><title>Broken page</title></head><body><article><p>Harbour officials spoke. "
        f"{MARKER}</p><p>Second paragraph of the page about the harbour and the grain corridor talks."
        "</article><div><p>unclosed <b>tags <i>everywhere</body>", encoding="utf-8")
    (tmp_path / "src" / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "src" / "bad.md").write_bytes(b"\xff\xfe" + MARKER.encode("utf-16-le")[:-1])
    assert run_cli(library, "add", str(tmp_path / "src"), "--json").returncode == 0
    assert run_cli(library, "add", str(tmp_path / "src")).returncode == 0
    assert run_cli(library, "search", "report").returncode == 0
    assert run_cli(library, "search", "title:(").returncode == 2
    assert run_cli(library, "show", "no-such-article").returncode == 1
    assert run_cli(library, "list").returncode == 0
    with Library(library) as lib:
        ids = [a.id for a in lib.articles()]
    assert run_cli(library, "show", ids[0]).returncode == 0
    # a damaged store entry and a damaged index: the unexpected-error and rebuild paths
    db = sqlite3.connect(library / "library.sqlite3")
    with db:
        db.execute("UPDATE articles SET mentions='{bad' WHERE id=?", (ids[1],))
    db.close()
    run_cli(library, "show", ids[1])
    for seg in (library / "index").glob("*.seg"):
        seg.write_bytes(seg.read_bytes()[:50])
    assert run_cli(library, "search", "report").returncode == 1
    assert run_cli(library, "rebuild").returncode == 0
    return articles


def test_logs_never_contain_article_text(tmp_path):
    library = tmp_path / "lib"
    articles = _exercise_cli(tmp_path, library)
    logs = [p for p in library.rglob("*") if p.is_file() and (p.suffix == ".log" or "log" in p.parent.name)]
    assert logs, "the CLI wrote no log file"
    body_pieces = [MARKER, "Quiverplum"] + [a.body.split(".")[0][:60] for a in articles]
    for log_file in logs:
        content = log_file.read_text(encoding="utf-8", errors="replace")
        for piece in body_pieces:
            assert piece not in content, f"{log_file.name} contains article text: {piece!r}"


# -- issue 12.8: the whole library tree is user-only, whatever the umask or earlier modes -----------
def _loose(root: Path) -> list[str]:
    """Every folder that is not 700 and every file that is not 600 under `root` (root included)."""
    out = []
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        want = 0o700 if path.is_dir() else 0o600
        if stat.S_IMODE(path.stat().st_mode) != want:
            out.append(f"{path.relative_to(root.parent)} {_mode(path)}")
    return out


def _loosen(root: Path) -> None:
    """What an older version, or a `mkdir` with umask 022, left behind: folders 755, files 644."""
    for path in [root, *root.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)


def test_existing_755_library_folder_is_made_private(tmp_path, typical_umask):
    library = tmp_path / "lib"
    library.mkdir(mode=0o755)
    assert _mode(library) == "0o755"
    with Library(library) as lib:
        lib.add([a.path for a in write_articles(tmp_path / "src", 3, seed=64)])
        assert not _loose(library), "after an import and its index commit"
    assert (library / "index").is_dir() and (library / "actors").is_dir()
    assert sorted((library / "index").glob("*.seg")), "no Whoosh segment to check"


def test_library_tree_left_readable_is_made_private_when_opened(tmp_path, typical_umask):
    library = tmp_path / "lib"
    with Library(library) as lib:
        lib.add([a.path for a in write_articles(tmp_path / "src", 3, seed=65)])
    _loosen(library)
    assert _loose(library)
    Library(library).close()
    assert not _loose(library)


def test_cli_import_rebuild_and_logs_leave_a_private_tree(tmp_path, typical_umask):
    library = tmp_path / "lib"
    (library / "logs").mkdir(parents=True, mode=0o755)
    os.chmod(library, 0o755)
    os.chmod(library / "logs", 0o755)
    write_articles(tmp_path / "src", 3, seed=66)
    for command in (["add", str(tmp_path / "src")], ["rebuild"], ["search", "report"]):
        proc = run_cli(library, *command)
        assert proc.returncode == 0, proc.stderr
        assert not _loose(library), f"after {command[0]}: {_loose(library)}"


def test_brief_commands_make_the_logs_private(tmp_path, typical_umask):
    library = tmp_path / "lib"
    (library / "logs").mkdir(parents=True)
    os.chmod(library, 0o755)
    os.chmod(library / "logs", 0o755)
    assert run_cli(library, "brief", "new", str(tmp_path / "x.briefing.json"), "--title", "T").returncode == 0
    assert not _loose(library)


def test_a_tree_that_cannot_be_made_private_is_warned_about(tmp_path, monkeypatch, caplog):
    import indexer.paths

    def refuse(path, mode):
        raise PermissionError(1, "Operation not permitted", str(path))

    library = tmp_path / "lib"
    library.mkdir(mode=0o755)
    os.chmod(library, 0o755)
    monkeypatch.setattr(indexer.paths.os, "chmod", refuse)
    with caplog.at_level("WARNING", logger="indexer.paths"):
        Library(library).close()
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert str(library) in warned and "readable by you only" in warned


def test_only_the_library_entries_are_touched(tmp_path, typical_umask):
    """A user's own files beside the library's are not re-moded; a store the owner made read-only stays so."""
    library = tmp_path / "lib"
    with Library(library) as lib:
        lib.add([a.path for a in write_articles(tmp_path / "src", 2, seed=67)])
    script = library / "notes" / "sync.sh"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    os.chmod(script.parent, 0o755)
    os.chmod(script, 0o755)
    os.chmod(library / "library.sqlite3", 0o444)
    Library(library).close()
    assert _mode(script) == "0o755" and _mode(script.parent) == "0o755"
    assert _mode(library / "library.sqlite3") == "0o400"
    os.chmod(library / "library.sqlite3", 0o600)


def test_index_folder_is_private_while_a_rebuild_writes_it(tmp_path, typical_umask, monkeypatch):
    """A rebuild that repairs an index replaced by a file makes the new folder user-only before writing in it."""
    library = tmp_path / "lib"
    with Library(library) as lib:
        lib.add([a.path for a in write_articles(tmp_path / "src", 2, seed=68)])
    shutil.rmtree(library / "index")
    (library / "index").write_text("not an index")
    seen = []
    reanalyse = Library._reanalyse

    def watching(self, stored):  # runs once per article, while the new index is being written
        seen.append(_mode(library / "index"))
        return reanalyse(self, stored)

    monkeypatch.setattr(Library, "_reanalyse", watching)
    with Library(library) as lib:
        lib.rebuild()
    assert seen and set(seen) == {"0o700"}, seen
