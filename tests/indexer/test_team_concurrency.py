"""Many analysts at once on one team library (issue 15): concurrent imports of overlapping folders end with the
articles of one local import, and readers keep searching while an import runs."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from indexer.library import Library

# Invented stories; each copy below repeats one of them with small changes, as a wire copy or a re-post does.
STORIES = {
    "01-harbour": ("Harbour cranes idle as dockers strike",
                   "Cranes stood idle at the northern harbour on Tuesday as dockers began a three-day strike over "
                   "shift pay. The port authority said forty ships were waiting at anchor and that perishable "
                   "cargo would be moved first once work resumed. Union leaders told reporters they had offered "
                   "to meet the operators twice last month without an answer. Shipping agents warned that "
                   "delays could spread to rail depots inland by the weekend."),
    "02-orchard": ("Late frost hits valley orchards",
                   "A late frost damaged apricot and cherry blossom across the river valley overnight, growers "
                   "said on Wednesday. Some farmers lit smudge pots and ran sprinklers to protect the buds, but "
                   "many lost most of this year's crop. The regional farm office will visit orchards next week "
                   "to estimate the losses and decide on emergency loans. Prices for stone fruit are expected "
                   "to rise in local markets this summer."),
    "03-library": ("City library reopens after flood repairs",
                   "The central city library reopened on Saturday after eight months of repairs to its flooded "
                   "basement. Volunteers dried and catalogued more than twelve thousand rescued books, while the "
                   "rare maps collection was sent to a conservation studio abroad. The mayor thanked the donors "
                   "who paid for new pumps and raised shelving. Opening hours will be shorter until the reading "
                   "room on the ground floor is finished in autumn."),
    "04-rail": ("Night trains return to the coast line",
                "Night trains will run again on the coast line from next month, the rail operator announced on "
                "Thursday, ending a pause of two years. Sleeper carriages have been refitted with smaller cabins "
                "and a dining car serving regional food. Tickets go on sale on Monday, with discounts for "
                "students and pensioners. Tourism officials hope the service will bring visitors to fishing "
                "towns that lost their last direct link to the capital."),
    "05-bridge": ("Inspectors close the old toll bridge",
                  "Engineers closed the old toll bridge to heavy lorries on Friday after inspectors found "
                  "corroded cables under the eastern span. Cars and buses may still cross at reduced speed while "
                  "a detailed survey is carried out. Hauliers face a detour of about forty kilometres through "
                  "the hill villages, and residents there fear noise and congestion. The transport ministry "
                  "promised a decision on repairs or a replacement before the end of the year."),
}


def _copy_of(name: str) -> str:
    """A wire copy: another headline line, a credit line, and the last sentence cut off."""
    title, body = STORIES[name]
    return f"{title.upper()}\n\nBy Staff Reporter\n\n{body.rsplit('. ', 1)[0]}.\n"


def write_folder(folder: Path) -> list[str]:
    """The invented folder, sorted as an import reads it. Copies of stories 01 and 02 sort last, so a first half
    holds the originals and a second half their copies."""
    folder.mkdir()
    for name, (title, body) in STORIES.items():
        (folder / f"{name}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    (folder / "08-harbour-wire.txt").write_text(_copy_of("01-harbour"), encoding="utf-8")
    (folder / "09-orchard-wire.txt").write_text(_copy_of("02-orchard"), encoding="utf-8")
    return sorted(str(p) for p in folder.iterdir())


def overlapping_halves(files: list[str]) -> tuple[list[str], list[str]]:
    """The first two thirds, and the last two thirds with its own files first: the middle third is imported by
    both. (Without a lock, the second import would check its own files against the library before it met the
    first's uncommitted rows, and wait for those only then.)"""
    third = len(files) // 3
    return files[: len(files) - third], files[len(files) - third:] + files[third: len(files) - third]


def as_uri(dsn: str) -> str:
    from psycopg.conninfo import conninfo_to_dict

    return "postgresql://?" + urlencode(conninfo_to_dict(dsn), quote_via=quote)


def analyst_env(home: Path) -> dict[str, str]:
    """Another analyst's environment: own data folders (own local write lock), the same team library."""
    env = dict(os.environ, XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"))
    env.pop("BRIEFING_READER_HOME", None)
    return env


def import_then_wait(uri: str, files: list[str], home: str, taken, go) -> None:
    """(In a child process.) Import `files`, stop after the last article is written but before the commit,
    say so through `taken`, and commit once `go` is set."""
    os.environ.update(analyst_env(Path(home)))
    with Library(uri) as library:
        steps = library.iter_add(files)
        for step in steps:
            if step.total and step.done == step.total:
                taken.set()
                go.wait(120)
        # the generator has returned: the store and the index are committed


def waiting_for_a_lock(dsn: str) -> bool:
    """Some session waits for a lock: the import lock, or a row another import wrote and has not committed."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_locks WHERE NOT granted").fetchall())


def cli_add(uri: str, files: list[str], home: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "indexer.cli", "--library", uri, "add", *files],
                            env=analyst_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def seed_file(tmp_path: Path) -> str:
    """An unrelated story, imported before the race: a library in use (whose first import wrote its settings)."""
    path = tmp_path / "seed" / "00-seed.txt"
    path.parent.mkdir()
    path.write_text("Choir wins regional contest\n\nThe school choir won the regional contest on Sunday with a "
                    "programme of folk songs arranged by its music teacher.\n", encoding="utf-8")
    return str(path)


def race(dsn: str, first: list[str], second: list[str], tmp_path: Path) -> None:
    """Analyst 1 writes `first` and holds it uncommitted; analyst 2 runs `briefing-index add` on `second`
    meanwhile; analyst 1 commits once analyst 2 has finished or waits for a lock. The library holds the seed
    story before."""
    uri, spawn = as_uri(dsn), multiprocessing.get_context("spawn")
    seeding = cli_add(uri, [seed_file(tmp_path)], tmp_path / "analyst-0")
    assert seeding.wait(120) == 0, seeding.communicate()[1]
    taken, go = spawn.Event(), spawn.Event()
    holder = spawn.Process(target=import_then_wait, args=(uri, first, str(tmp_path / "analyst-1"), taken, go))
    holder.start()
    try:
        assert taken.wait(180), "analyst 1's import did not get to its last article"
        other = cli_add(uri, second, tmp_path / "analyst-2")
        deadline = time.monotonic() + 60
        while other.poll() is None and not waiting_for_a_lock(dsn) and time.monotonic() < deadline:
            time.sleep(0.1)
        go.set()
        out, err = other.communicate(timeout=180)
        assert other.returncode == 0, err
        assert "Traceback" not in err
    finally:
        go.set()
        holder.join(180)
    assert holder.exitcode == 0


def team_ids(dsn: str) -> set[str]:
    import psycopg

    with psycopg.connect(dsn) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM articles")}


def local_ids(files: list[str], tmp_path: Path) -> set[str]:
    """The articles of one local import of the seed story and then `files`."""
    with Library(tmp_path / "local") as library:
        library.add([str(tmp_path / "seed" / "00-seed.txt"), *files])
        return {summary.id for summary in library.store.summaries()}


def test_concurrent_imports_of_overlapping_halves_end_as_one_local_import(pg_dsn, tmp_path):
    files = write_folder(tmp_path / "news")
    first, second = overlapping_halves(files)
    assert "01-harbour" in first[0] and "08-harbour" in second[0] and "08-harbour" not in str(first)  # split
    race(pg_dsn, first, second, tmp_path)
    expected = local_ids(files, tmp_path)
    assert len(expected) == len(STORIES) + 1  # the copies are duplicates in one local import
    assert team_ids(pg_dsn) == expected


def test_concurrent_imports_of_bbc_politics_end_as_one_local_import(pg_dsn, shared_corpus, tmp_path):
    folder = shared_corpus / "bbc" / "politics"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found (the BBC corpus of the shared folder)")
    files = sorted(str(p) for p in folder.glob("*.txt"))
    race(pg_dsn, *overlapping_halves(files), tmp_path)
    expected = local_ids(files, tmp_path)
    assert team_ids(pg_dsn) == expected


def test_readers_search_while_an_import_runs(pg_dsn, tmp_path, monkeypatch):
    files = write_folder(tmp_path / "news")
    uri = as_uri(pg_dsn)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "writer"))
    with Library(uri) as writer:
        writer.add(files[:1])  # the harbour story
        steps = writer.iter_add(files[1:5])
        for step in steps:
            if step.total and step.done == step.total:
                break  # four articles written, the import lock held, nothing committed yet
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "reader"))
        with Library(uri) as reader:
            started = time.monotonic()
            assert reader.search("dockers strike").total == 1
            assert reader.search("frost OR library OR sleeper OR toll").total == 0  # not committed yet
            assert time.monotonic() - started < 5
            for _step in steps:
                pass
            assert reader.search("frost OR library OR sleeper OR toll").total == 4


def test_two_free_running_imports_end_as_one_after_the_other(pg_dsn, tmp_path):
    """No coordination at all: the library ends as if one import ran after the other, in whichever order they
    got the import lock; never with both copies of a pair that either order keeps once."""
    uri = as_uri(pg_dsn)
    files = write_folder(tmp_path / "news")
    first, second = overlapping_halves(files)
    seeding = cli_add(uri, [seed_file(tmp_path)], tmp_path / "analyst-0")
    assert seeding.wait(120) == 0, seeding.communicate()[1]
    racers = [cli_add(uri, half, tmp_path / f"analyst-{n}") for n, half in enumerate((first, second), 1)]
    for racer in racers:
        _out, err = racer.communicate(timeout=180)
        assert racer.returncode == 0 and "Traceback" not in err, err
    seed = str(tmp_path / "seed" / "00-seed.txt")
    orders = []
    for n, (a, b) in enumerate(((first, second), (second, first))):
        with Library(tmp_path / f"local-{n}") as library:
            library.add([seed])
            library.add(a)
            library.add(b)
            orders.append({summary.id for summary in library.store.summaries()})
    assert team_ids(pg_dsn) in orders
