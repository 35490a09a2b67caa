"""Briefing files: round trips, bad files, crashes during save, stale excerpts, recovery."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.briefing.model import STALE_CHANGED, STALE_MISSING, Briefing, Note, excerpt_from_article
from indexer.briefing.store import (
    FORMAT,
    RecoveryFile,
    briefing_to_dict,
    check_stale,
    load_briefing,
    remove_stale_temporaries,
    save_briefing,
    write_atomic,
)
from indexer.errors import ArticleNotFoundError, BriefingFileError
from indexer.model import ActorRef, Article

REPO = Path(__file__).resolve().parents[2]
TEXT = "Flooding closed the coast road. Governor Ada Mensah ordered an inquiry.\n\nRepairs start soon."


def make_article(text: str = TEXT, article_id: str = "art-1") -> Article:
    start = text.find("Ada Mensah")
    actors = (ActorRef("ada", "Ada Mensah", "person", "governor", mentions=((start, start + 10),)),) if start >= 0 else ()
    return Article(id=article_id, title="Coast road shut", text=text, date="2026-10-02", author="Lee Park",
                   source="Shore Daily", path="/news/road.txt", url="", actors=actors)


def sample_briefing() -> Briefing:
    briefing = Briefing("Storm watch", subtitle="Week 40", author="Desk 3")
    section = briefing.add_section("Roads")
    article = make_article()
    briefing.add_item(section.id, excerpt_from_article(article, 0, 31, note="Check *detours*."))
    briefing.add_item(section.id, Note("We expect **delays**. <b>ünïcode</b> ✓"))
    other = briefing.add_section("Politics")
    briefing.add_item(other.id, excerpt_from_article(article, 32, 71))
    return briefing


def test_round_trip_keeps_everything(tmp_path):
    briefing = sample_briefing()
    path = tmp_path / "storm.briefing.json"
    save_briefing(briefing, path)
    loaded = load_briefing(path)
    assert loaded == briefing
    assert briefing_to_dict(loaded) == briefing_to_dict(briefing)
    assert loaded.sections[1].items[0].actors == (("Ada Mensah", "person", "governor"),)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and data["version"] == 1


def test_saved_file_is_private_and_no_temp_left(tmp_path):
    path = tmp_path / "storm.briefing.json"
    save_briefing(sample_briefing(), path)
    save_briefing(sample_briefing(), path)  # replace an existing file too
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_failed_replace_keeps_old_file_and_cleans_up(tmp_path, monkeypatch):
    path = tmp_path / "storm.briefing.json"
    save_briefing(sample_briefing(), path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(BriefingFileError, match="storm.briefing.json.*previous file is unchanged"):
        save_briefing(Briefing("Other"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_save_into_missing_folder_names_it(tmp_path):
    with pytest.raises(BriefingFileError, match="nowhere"):
        save_briefing(Briefing("T"), tmp_path / "nowhere" / "b.briefing.json")


def assert_load_fails_unchanged(path: Path, *fragments: str) -> None:
    before = path.read_bytes()
    with pytest.raises(BriefingFileError) as caught:
        load_briefing(path)
    message = str(caught.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message
    assert path.read_bytes() == before


def test_truncated_file(tmp_path):
    path = tmp_path / "cut.briefing.json"
    save_briefing(sample_briefing(), path)
    path.write_bytes(path.read_bytes()[:120])
    assert_load_fails_unchanged(path, "damaged or truncated")


@pytest.mark.parametrize("content", [b"", b"\x00\xff\xfe garbage", b"{not json", b"[1, 2"])
def test_corrupt_file(tmp_path, content):
    path = tmp_path / "bad.briefing.json"
    path.write_bytes(content)
    assert_load_fails_unchanged(path, "Cannot open")


@pytest.mark.parametrize("document", [
    {"name": "some other app"},
    ["format", "briefing-reader/1"],
    {"format": "notes-app/3", "version": 1},
    "briefing-reader/1",
])
def test_foreign_file(tmp_path, document):
    path = tmp_path / "foreign.json"
    path.write_text(json.dumps(document))
    assert_load_fails_unchanged(path, "not a Briefing Reader briefing")


def test_newer_version(tmp_path):
    path = tmp_path / "future.briefing.json"
    data = briefing_to_dict(sample_briefing())
    data["version"] = 3  # version 2 is the format with pictures
    path.write_text(json.dumps(data))
    assert_load_fails_unchanged(path, "newer Briefing Reader", "format version 3", "Update Briefing Reader")


@pytest.mark.parametrize(("mutate", "fragment"), [
    (lambda d: d.pop("title"), "has no 'title'"),
    (lambda d: d.__setitem__("sections", {}), "is not a list"),
    (lambda d: d["sections"][0]["items"][0].__setitem__("start", "0"), "start is not a whole number"),
    (lambda d: d["sections"][0]["items"][0].__setitem__("end", 0), "bad offsets"),
    (lambda d: d["sections"][0]["items"][0].__setitem__("kind", "image"), "unknown kind"),
    (lambda d: d["sections"][0]["items"][0].pop("text"), "has no 'text'"),
    (lambda d: d["sections"][0]["items"][1].__setitem__("id", d["sections"][0]["id"]), "same id"),
    (lambda d: d.__setitem__("version", True), "not valid"),
])
def test_invalid_structure(tmp_path, mutate, fragment):
    data = briefing_to_dict(sample_briefing())
    mutate(data)
    path = tmp_path / "odd.briefing.json"
    path.write_text(json.dumps(data))
    assert_load_fails_unchanged(path, fragment)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(BriefingFileError, match="does not exist"):
        load_briefing(tmp_path / "absent.briefing.json")


# -- crash during save ---------------------------------------------------------------

_STALLING_SAVER = """
import os, sys, time
from indexer.briefing.model import Briefing, Note
from indexer.briefing.store import save_briefing

def stall(src, dst):
    print("WRITTEN", src, flush=True)
    time.sleep(120)

os.replace = stall
briefing = Briefing("Replacement that must never land")
section = briefing.add_section("Big")
for n in range(2000):
    briefing.add_item(section.id, Note("note %d " % n * 5))
save_briefing(briefing, sys.argv[1])
"""


@pytest.mark.parametrize("attempt", range(5))
def test_kill_between_write_and_replace_keeps_old_file(tmp_path, attempt):
    path = tmp_path / "work.briefing.json"
    original = sample_briefing()
    save_briefing(original, path)
    before = path.read_bytes()
    child = subprocess.Popen([sys.executable, "-c", _STALLING_SAVER, str(path)], cwd=REPO,
                             stdout=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()
        assert line.startswith("WRITTEN"), line
        temp = Path(line.split(" ", 1)[1].strip())
        assert temp.parent == tmp_path and temp.stat().st_size > len(before)  # new data fully written
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    assert load_briefing(path) == original


_LOOPING_SAVER = """
import sys
from indexer.briefing.model import Briefing, Note
from indexer.briefing.store import save_briefing

versions = []
for title in ("Version A", "Version B"):
    briefing = Briefing(title)
    section = briefing.add_section("S")
    for n in range(300):
        briefing.add_item(section.id, Note(title * 20))
    versions.append(briefing)
print("GO", flush=True)
n = 0
while True:
    save_briefing(versions[n % 2], sys.argv[1])
    n += 1
"""


def test_kill_at_random_moments_of_repeated_saves(tmp_path):
    path = tmp_path / "loop.briefing.json"
    save_briefing(Briefing("Version A"), path)
    rng = random.Random(4)
    for _ in range(3):
        child = subprocess.Popen([sys.executable, "-c", _LOOPING_SAVER, str(path)], cwd=REPO,
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "GO"
        time.sleep(rng.uniform(0.02, 0.15))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        child.stdout.close()
        assert load_briefing(path).title in {"Version A", "Version B"}


# -- stale excerpts -----------------------------------------------------------------


def test_check_stale_flags_changed_and_missing_keeps_snapshot():
    briefing = sample_briefing()
    first, second = briefing.excerpts()
    changed = make_article(TEXT.replace("Flooding", "Rainfall"))
    stale = check_stale(briefing, lambda article_id: changed)
    assert stale == [first]
    assert first.stale == STALE_CHANGED and first.text == TEXT[0:31]
    assert second.stale == ""
    assert check_stale(briefing, lambda article_id: None) == [first, second]
    assert {first.stale, second.stale} == {STALE_MISSING}
    assert second.text == TEXT[32:71]


def test_check_stale_accepts_raising_lookup_and_clears_flags():
    briefing = sample_briefing()

    def gone(article_id: str) -> Article:
        raise ArticleNotFoundError(f"no article {article_id}")

    events: list[str] = []
    briefing.add_listener(lambda doc, op: events.append(op))
    assert len(check_stale(briefing, gone)) == 2
    assert check_stale(briefing, lambda article_id: make_article()) == []
    assert [e.stale for e in briefing.excerpts()] == ["", ""]
    assert events == ["check_stale", "check_stale"]


def test_stale_flag_survives_save_and_load(tmp_path):
    briefing = sample_briefing()
    check_stale(briefing, lambda article_id: None)
    path = tmp_path / "s.briefing.json"
    save_briefing(briefing, path)
    assert [e.stale for e in load_briefing(path).excerpts()] == [STALE_MISSING] * 2


# -- recovery -------------------------------------------------------------------------


def test_recovery_file_next_to_briefing(tmp_path):
    path = tmp_path / "storm.briefing.json"
    briefing = sample_briefing()
    save_briefing(briefing, path)
    recovery = RecoveryFile(path)
    assert recovery.path == tmp_path / "storm.briefing.json.recovery"
    assert not recovery.exists() and not recovery.is_newer_than_saved()
    briefing.set_title("Storm watch (edited)")
    recovery.write(briefing)
    assert recovery.exists() and stat.S_IMODE(recovery.path.stat().st_mode) == 0o600
    assert recovery.is_newer_than_saved()
    assert recovery.load().title == "Storm watch (edited)"
    save_briefing(briefing, path)  # saved: the recovery holds nothing newer
    assert not recovery.is_newer_than_saved()
    recovery.discard()
    assert not recovery.exists()
    recovery.discard()  # idempotent


def test_recovery_for_unsaved_briefing_in_folder(tmp_path):
    with pytest.raises(ValueError):
        RecoveryFile()
    recovery = RecoveryFile(folder=tmp_path, name="draft-1")
    assert recovery.path == tmp_path / "draft-1.briefing.json.recovery"
    recovery.write(sample_briefing())
    assert recovery.is_newer_than_saved()
    assert recovery.load().title == "Storm watch"


def test_recovery_offered_when_saved_file_is_damaged(tmp_path):
    path = tmp_path / "b.briefing.json"
    path.write_text("{")
    recovery = RecoveryFile(path, folder=tmp_path / "rec")
    (tmp_path / "rec").mkdir()
    recovery.write(sample_briefing())
    assert recovery.path.parent == tmp_path / "rec"
    assert recovery.is_newer_than_saved()
    recovery.path.write_text("garbage")
    assert not recovery.is_newer_than_saved()
    with pytest.raises(BriefingFileError, match="recovery"):
        recovery.load()


def test_round_trip_of_text_with_lone_surrogate(tmp_path):
    article = make_article("Odd \udcff bytes here.")
    briefing = Briefing("Odd")
    section = briefing.add_section("S")
    briefing.add_item(section.id, excerpt_from_article(article, 0, 14))
    path = tmp_path / "odd.briefing.json"
    save_briefing(briefing, path)
    assert load_briefing(path).excerpts()[0].text == "Odd \udcff bytes he"


# -- temporaries left by a killed writer ----------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=30)
    return child.pid


def test_killed_writer_temporary_is_removed_at_the_next_save(tmp_path):
    path = tmp_path / "work.briefing.json"
    save_briefing(sample_briefing(), path)
    child = subprocess.Popen([sys.executable, "-c", _STALLING_SAVER, str(path)], cwd=REPO,
                             stdout=subprocess.PIPE, text=True)
    try:
        temp = Path(child.stdout.readline().split(" ", 1)[1].strip())
        assert temp.exists() and temp.name.startswith(".work.briefing.json.")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        child.stdout.close()
    assert temp.exists()  # the kill left the full excerpts in a hidden file
    save_briefing(sample_briefing(), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_export_cleans_only_stale_temporaries_of_its_own_target(tmp_path):
    target = tmp_path / "talks.md"
    dead, alive = _dead_pid(), os.getpid()
    stale = [f".talks.md.{dead}-abcd1234.tmp", ".talks.md.x7_kq2zz.tmp", f".talks.md.{dead}.tmp"]
    kept = [f".talks.md.{alive}-abcd1234.tmp", f".other.md.{dead}-abcd1234.tmp", ".talks.md.notours.tmp",
            "talks.md.tmp"]
    for name in stale + kept:
        (tmp_path / name).write_text("excerpt text")
    (tmp_path / f".talks.md.{dead}-linklink.tmp").symlink_to(tmp_path / "talks.md.tmp")
    write_atomic(target, b"# Export\n", mode=0o600)
    left = {p.name for p in tmp_path.iterdir()}
    assert left == set(kept) | {"talks.md", f".talks.md.{dead}-linklink.tmp"}
    assert (tmp_path / "talks.md.tmp").read_text() == "excerpt text"  # a symlink's target is never touched


def test_a_temporary_past_a_day_is_stale_even_with_a_live_pid(tmp_path):
    target = tmp_path / "talks.md"
    old = tmp_path / f".talks.md.{os.getpid()}-abcd1234.tmp"
    old.write_text("x")
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    assert remove_stale_temporaries(target) == [old]
    assert remove_stale_temporaries(tmp_path / "missing-folder" / "x.md") == []
