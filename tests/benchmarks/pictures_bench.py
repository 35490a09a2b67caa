"""Time the two pictures (data + drawing) on a 20,000-article library.

    python -m tests.benchmarks.pictures_bench [--count 20000] [--folder DIR]

The library is written straight into the store (invented text, actor mentions drawn from the bundled
gazetteer with a Zipf-like skew, one to three quotes an article) and indexed with short bodies, so it
builds in a minute instead of the half hour an import of 20,000 files takes. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from indexer.library import Library
from indexer.model import Article, Mention, Quote

WORDS = ("ceasefire talks harbour grain tariff envoy summit sanctions corridor pipeline election budget "
         "delegation treaty monitoring guarantee").split()


def build(folder: Path, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with Library(folder) as lib:
        actors = [a.id for a in lib.actors_engine.all_actors()][:400]
        weights = [1 / (i + 1) for i in range(len(actors))]
        with lib.store.db as db:
            for i in range(count):
                _put(lib, db, rng, i, actors, weights)
        lib.store.db.commit()
    Library(folder).close()  # opening indexes the stored articles


def _put(lib, db, rng, i: int, actors, weights) -> None:
    chosen = list(dict.fromkeys(rng.choices(actors, weights, k=rng.randint(4, 12))))
    words = " ".join(rng.choice(WORDS) for _ in range(40))
    quotes_said = [f"we will keep talking about the {rng.choice(WORDS)} for now" for _ in range(rng.randint(1, 3))]
    text = words + "\n\n" + "\n\n".join(f"“{q},” someone said." for q in quotes_said) + "\n\n" + "filler " * 300
    mentions = [Mention(a, 0, 5) for a in chosen for _ in range(rng.randint(1, 3))]
    quotes, at = [], 0
    for q in quotes_said:
        start = text.index(q, at)
        quotes.append(Quote(f"b{i}", q, start, start + len(q), rng.choice(chosen)))
        at = start + 1
    day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 540))
    article = Article(id=f"b{i:06d}", title=f"Story {i} about {rng.choice(WORDS)}", text=text, date=day.isoformat(),
                      source="Bench Wire", content_hash=f"h{i}")
    lib.store.put(article, mentions, quotes, (), (), db=db)


def measure(folder: Path) -> None:
    from indexer.pictures import Scope, render_network, render_timeline

    with Library(folder) as lib:
        print(f"library: {lib.count()} articles")
        render_network(lib.network(Scope(), min_weight=1), format="png")  # warm up: imports, fonts
        for label, scope in (("whole library", Scope()), ("query 'harbour'", Scope(query="harbour")),
                             ("one actor", Scope(actors=(lib.actor_stats()[0].actor.name,))),
                             ("one month", Scope(date_from="2024-06", date_to="2024-06"))):
            for kind in ("timeline", "network"):
                t0 = time.perf_counter()
                data = lib.timeline(scope) if kind == "timeline" else lib.network(scope, min_weight=2)
                t1 = time.perf_counter()
                (render_timeline if kind == "timeline" else render_network)(data, format="png")
                t2 = time.perf_counter()
                size = len(data.marks) if kind == "timeline" else len(data.edges)
                print(f"{label:16s} {kind:8s} articles {data.articles:6d} items {size:6d}  "
                      f"data {1000 * (t1 - t0):6.0f} ms  draw {1000 * (t2 - t1):6.0f} ms  total {1000 * (t2 - t0):6.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="pictures-bench-")) / "lib"
    if not (folder / "library.sqlite3").exists():
        t0 = time.perf_counter()
        build(folder, args.count)
        print(f"built {args.count} articles in {time.perf_counter() - t0:.0f} s at {folder}")
    measure(folder)


if __name__ == "__main__":
    main()
