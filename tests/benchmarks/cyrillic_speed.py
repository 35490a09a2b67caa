"""Cyrillic import per article against English per article, end to end (issue 16: within 2×).

    python -m tests.benchmarks.cyrillic_speed [--count 300] [--runs 3]

Writes `count` invented Russian/Ukrainian articles (cyrillic_corpus) and takes `count` BBC files evenly
spread over the corpus (English, about the same length), then imports each folder into a fresh library in a
child process (tests.benchmarks.worker import), alternating, `runs` times. Prints the median seconds per
article of each and their ratio, with the articles added and the duplicates found (the invented articles
must all be added: a near-duplicate is not analysed, which would flatter the figure).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from . import cyrillic_corpus
from .common import BBC, REPO, median
from .import_ab import timed_import


def english_sample(folder: Path, count: int) -> Path:
    """`count` BBC files spread evenly over the corpus, copied into `folder` (a temporary folder)."""
    files = sorted(BBC.glob("*/*.txt"))
    step = max(1, len(files) // count)
    folder.mkdir(parents=True)
    for n, path in enumerate(files[::step][:count]):
        shutil.copyfile(path, folder / f"{n:04d}-{path.parent.name}-{path.name}")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not BBC.is_dir():
        print(f"skipped: BBC corpus not found at {BBC}")
        return 0
    with tempfile.TemporaryDirectory(prefix="cyrillic-speed-") as tmp:
        work = Path(tmp)
        folders = {"english": english_sample(work / "english", args.count),
                   "cyrillic": work / "cyrillic"}
        cyrillic_corpus.write_corpus(folders["cyrillic"], args.count)
        per_article: dict[str, list[float]] = {name: [] for name in folders}
        for run in range(args.runs):
            order = list(folders.items()) if run % 2 == 0 else list(reversed(folders.items()))
            for name, folder in order:
                wall, cpu, result = timed_import(REPO, folder, work)
                files = result["added"] + result["duplicates"] + result["unchanged"] + result["skipped"]
                per_article[name].append(wall / files)
                print(f"run {run + 1} {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, {result['added']} added, "
                      f"{result['duplicates']} duplicates, {1000 * wall / files:.1f} ms/article", flush=True)
    english, cyrillic = median(per_article["english"]), median(per_article["cyrillic"])
    print(f"median per article: English {1000 * english:.1f} ms, Cyrillic {1000 * cyrillic:.1f} ms, "
          f"ratio {cyrillic / english:.2f} (goal ≤ 2.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
