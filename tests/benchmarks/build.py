"""Build (and cache) the synthetic corpus and the 20k / 100k libraries outside the repo.

    python -m tests.benchmarks.build [--count 100000]

Folders are added one at a time (1,000 articles each), so an interrupted build
resumes where it stopped and a partly built library can still be measured.
The 20k library is built first, then copied and grown to 100k.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

from . import synth
from .common import cache_dir

SMALL = 20_000
LARGE = 100_000


def corpus_root() -> Path:
    return cache_dir() / f"corpus-{synth.corpus_key()}"


def library_dir(count: int) -> Path:
    return cache_dir() / f"library-{synth.corpus_key()}-{count // 1000}k"


def progress_file(lib: Path) -> Path:
    return lib.with_name(lib.name + ".progress.json")


def built_count(lib: Path) -> int:
    """How many articles a cached library holds according to its build log (0 when absent)."""
    try:
        return int(json.loads(progress_file(lib).read_text())["articles"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def is_complete(lib: Path, count: int) -> bool:
    return built_count(lib) >= count


def grow(lib: Path, count: int, log=print) -> int:
    """Add corpus folders to `lib` until it holds `count` articles; returns the article count."""
    from indexer.library import Library

    done = built_count(lib)
    folders = synth.folders(corpus_root(), count)
    with Library(lib) as library:
        for k, folder in enumerate(folders):
            if (k + 1) * synth.FILES_PER_FOLDER <= done:
                continue
            synth.write_corpus(corpus_root(), (k + 1) * synth.FILES_PER_FOLDER, start=k * synth.FILES_PER_FOLDER)
            start = time.perf_counter()
            report = library.add([folder])
            n = library.count()
            progress_file(lib).write_text(json.dumps({"articles": n, "folders": k + 1}))
            log(f"{lib.name}: folder {k + 1}/{len(folders)} added {len(report.added)} "
                f"dup {len(report.duplicates)} in {time.perf_counter() - start:.1f}s, total {n}")
        return library.count()


def build(count: int = LARGE, log=print) -> None:
    small = library_dir(SMALL)
    if not is_complete(small, SMALL):
        grow(small, SMALL, log)
    if count <= SMALL:
        return
    large = library_dir(count)
    if not large.exists():
        shutil.copytree(small, large)
        shutil.copy(progress_file(small), progress_file(large))
    grow(large, count, log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=LARGE)
    args = parser.parse_args(argv)
    build(args.count, log=lambda msg: print(msg, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
