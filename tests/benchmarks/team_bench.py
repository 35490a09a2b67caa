"""`make bench-team`: the team library (PostgreSQL) beside the local library (Whoosh + SQLite) and SQLite FTS5.

    .ci/with-postgres python -m tests.benchmarks.team_bench [--size 100000] [--reps 3] [--address LIBPQ]

The same synthetic articles (tests/benchmarks/synth.py) go into all three, generated batch by batch and fed
to each engine in turn, so memory stays flat at 1M articles. Loading goes through each engine's own write path
(store rows and index entries, committed every --batch articles) and leaves out what every engine shares:
reading files, cleaning, duplicate checks and actor recognition (`make bench` times a whole import); mentions
are the synthetic cast's names found in the text. Then the benchmark queries (queries.synth_queries) run on
each, interleaved, top 20 with snippets and the total, as the app asks: p50/p95 in milliseconds.

PostgreSQL comes from --address or libpq's PG* variables (pg_virtualenv sets them); the benchmark works in a
schema of its own, dropped afterwards. Prints a table and writes the figures as JSON (--json).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sqlite3
import sys
import time
import uuid
from pathlib import Path
from typing import Callable

from . import synth
from .common import cache_dir, percentile
from .peers import Fts5Searcher
from .queries import BenchQuery, synth_queries

ENGINES = ("postgresql", "whoosh", "fts5")


# -- the articles ---------------------------------------------------------------------------------------------
class Articles:
    """Synthetic articles as stored articles with mentions: the actor ids are the local library's own."""

    def __init__(self, name_ids: dict[str, str]):
        self.name_ids = name_ids
        names = sorted(name_ids, key=len, reverse=True)
        self.pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b") if names else None

    def batch(self, start: int, end: int) -> list:
        return [self.stored(i) for i in range(start, end)]

    def stored(self, index: int):
        from indexer.model import Article, Mention
        from indexer.store import StoredArticle

        a = synth.article(index)
        digest = hashlib.sha256(a.body.encode("utf-8")).hexdigest()
        article = Article(id=digest[:16], title=a.title, text=a.body, date=a.date, source=a.source,
                          path=f"synth/{index:07d}.txt", content_hash=digest, file_hash=digest)
        found = self.pattern.finditer(a.body) if self.pattern else ()
        mentions = tuple(Mention(self.name_ids[m.group()], m.start(), m.end(), m.group()) for m in found)
        return StoredArticle(article, mentions, (), ())


def name_ids(library) -> dict[str, str]:
    """The synthetic cast's names the library's actor engine knows, with one raw actor id each."""
    out = {}
    for name in synth.actor_names():
        ids = sorted(library._raw_ids_for_name(name))
        if ids:
            out[name] = ids[0]
    return out


# -- loading ---------------------------------------------------------------------------------------------------
class LibraryLoader:
    """A Briefing Reader library (team or local): store rows, then index entries, then the indexed marks."""

    def __init__(self, library):
        self.library = library

    def load(self, batch: list) -> None:
        from indexer.library import index_doc

        store = self.library.store
        with store.db as db:
            for stored in batch:
                store.put(stored.article, stored.mentions, (), (), (), db=db)
        with self.library.index.writer() as writer:
            for stored in batch:
                writer.add_new(index_doc(stored))
        store.mark_indexed(stored.article.id for stored in batch)


class Fts5Loader:
    """SQLite FTS5 with the schema of peers.fts5_build (porter stemmer, actor and date side tables)."""

    def __init__(self, path: Path):
        path.unlink(missing_ok=True)
        self.path, self.con, self.n = path, sqlite3.connect(path), 0
        self.con.executescript(
            "CREATE VIRTUAL TABLE docs USING fts5(title, body, date UNINDEXED, tokenize='porter unicode61');"
            "CREATE TABLE doc_actors(doc INTEGER, actor TEXT);"
            "CREATE TABLE doc_meta(doc INTEGER PRIMARY KEY, date TEXT);"
            "CREATE INDEX doc_actors_actor ON doc_actors(actor, doc);"
            "CREATE INDEX doc_meta_date ON doc_meta(date, doc);")

    def load(self, batch: list) -> None:
        rows, actors = [], []
        for stored in batch:
            self.n += 1
            a = stored.article
            rows.append((self.n, a.title, a.text, a.date))
            actors += [(self.n, actor) for actor in sorted({m.actor_id for m in stored.mentions})]
        with self.con:
            self.con.executemany("INSERT INTO docs(rowid, title, body, date) VALUES (?,?,?,?)", rows)
            self.con.executemany("INSERT INTO doc_meta(doc, date) VALUES (?,?)", [(r[0], r[3]) for r in rows])
            self.con.executemany("INSERT INTO doc_actors(doc, actor) VALUES (?,?)", actors)

    def close(self) -> None:
        self.con.close()


def load_all(loaders: dict[str, object], articles: Articles, size: int, batch: int, log) -> dict[str, float]:
    """Feed articles [0, size) to every loader, batch by batch; seconds spent in each loader."""
    seconds = dict.fromkeys(loaders, 0.0)
    started = time.perf_counter()
    for start in range(0, size, batch):
        rows = articles.batch(start, min(size, start + batch))
        for name, loader in loaders.items():
            began = time.perf_counter()
            loader.load(rows)
            seconds[name] += time.perf_counter() - began
        done = min(size, start + batch)
        if done % max(batch, size // 20) == 0 or done == size:
            rates = ", ".join(f"{n} {done / s:.0f}/s" for n, s in seconds.items() if s)
            log(f"loaded {done:,}/{size:,} articles in {time.perf_counter() - started:.0f} s ({rates})")
    return seconds


# -- searching -------------------------------------------------------------------------------------------------
def library_search(library) -> Callable[[BenchQuery], int]:
    def search(q: BenchQuery) -> int:
        result = library.search(q.text, actors=list(q.actors), date_from=q.date_from, date_to=q.date_to, limit=20)
        assert all(hit.snippets for hit in result.hits) or not result.hits
        return result.total
    return search


def fts5_search(path: Path, ids: dict[str, str]) -> Callable[[BenchQuery], int]:
    searcher = Fts5Searcher(path)

    def search(q: BenchQuery) -> int:
        return searcher.search(q, [[ids[a]] if a in ids else [] for a in q.actors])[0]
    return search


def measure(searches: dict[str, Callable[[BenchQuery], int]], queries: list[BenchQuery], reps: int) -> dict:
    """Every query on every engine, interleaved (the same machine load for each), `reps` times."""
    times: dict[str, dict[str, list[float]]] = {name: {q.label: [] for q in queries} for name in searches}
    totals: dict[str, dict[str, object]] = {name: {} for name in searches}
    for _ in range(reps):
        for q in queries:
            for name, search in searches.items():
                began = time.perf_counter()
                try:
                    totals[name][q.label] = search(q)
                except Exception as exc:  # noqa: BLE001 - a failed query is a figure too (e.g. too slow)
                    totals[name][q.label] = f"failed: {str(exc).splitlines()[0][:160]}"
                times[name][q.label].append((time.perf_counter() - began) * 1000)
    return {name: _figures(times[name], totals[name]) for name in searches}


def _figures(times: dict[str, list[float]], totals: dict[str, object]) -> dict:
    every = [t for per_query in times.values() for t in per_query]
    return {"p50_ms": round(percentile(every, 50), 2), "p95_ms": round(percentile(every, 95), 2),
            "failed": sorted(label for label, total in totals.items() if isinstance(total, str)),
            "totals": totals, "median_ms": {label: round(percentile(t, 50), 2) for label, t in times.items()}}


# -- PostgreSQL --------------------------------------------------------------------------------------------------
def team_schema(address: str) -> tuple[str, str]:
    """(schema, libpq address whose search_path is it): a fresh schema for this run."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    schema = f"team_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(address, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return schema, make_conninfo(address, options=f"-c search_path={schema}")


def drop_schema(address: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(address, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def as_uri(dsn: str) -> str:
    from urllib.parse import quote, urlencode

    from psycopg.conninfo import conninfo_to_dict

    return "postgresql://?" + urlencode(conninfo_to_dict(dsn), quote_via=quote)


def postgres_reason(address: str) -> str:
    """"" when PostgreSQL can be reached at `address`, else why not."""
    if not address and not (os.environ.get("PGHOST") or os.environ.get("PGDATABASE")):
        return "no PostgreSQL server: run inside .ci/with-postgres (make bench-team), or give --address"
    try:
        import psycopg

        with psycopg.connect(address, connect_timeout=5):
            return ""
    except ImportError:
        return "psycopg is not installed: pip install -e '.[test]'"
    except Exception as exc:  # noqa: BLE001 - psycopg.Error and its kin: said, not raised
        return f"PostgreSQL cannot be reached ({str(exc).strip().splitlines()[0]})"


# -- the run -----------------------------------------------------------------------------------------------------
def run(size: int, reps: int, batch: int, work: Path, address: str, log=print,
        engines: tuple[str, ...] = ENGINES) -> dict:
    from indexer.library import Library

    work.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_DATA_HOME"] = str(work / "home")  # the team library's local folder, away from the user's
    reason = postgres_reason(address)
    schema = ""
    libraries, loaders = {}, {}
    result: dict = {"size": size, "reps": reps, "batch": batch, "queries": len(synth_queries()),
                    "postgresql_skipped": reason or None}
    try:
        if not reason and "postgresql" in engines:
            schema, dsn = team_schema(address)
            libraries["postgresql"] = Library(as_uri(dsn))
        libraries["whoosh"] = Library(_fresh(work / "local-library"))
        articles = Articles(name_ids(libraries["whoosh"]))  # the actor ids, even when Whoosh is not measured
        if "whoosh" not in engines:
            libraries.pop("whoosh").close()
        loaders = {name: LibraryLoader(lib) for name, lib in libraries.items()}
        if "fts5" in engines:
            loaders["fts5"] = Fts5Loader(work / "fts5.sqlite3")
        if not loaders:
            return result  # PostgreSQL alone was asked for, and cannot be had: postgresql_skipped says why
        seconds = load_all(loaders, articles, size, batch, log)
        result["import_articles_per_s"] = {name: round(size / s, 1) for name, s in seconds.items()}
        result["import_seconds"] = {name: round(s, 1) for name, s in seconds.items()}
        for library in libraries.values():
            library.refresh()
        searches = {name: library_search(lib) for name, lib in libraries.items()}
        if "fts5" in engines:
            searches["fts5"] = fts5_search(work / "fts5.sqlite3", articles.name_ids)
        log(f"searching: {len(synth_queries())} queries x {reps} on {', '.join(searches)}")
        result["search"] = measure(searches, synth_queries(), reps)
        result["same_totals_postgresql_whoosh"] = _same_totals(result["search"])
    finally:
        for library in libraries.values():
            library.close()
        if "fts5" in loaders:
            loaders["fts5"].close()
        if schema:
            drop_schema(address, schema)
    return result


def _fresh(folder: Path) -> Path:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
    return folder


def _same_totals(search: dict) -> str | None:
    if "postgresql" not in search or "whoosh" not in search:
        return None
    ours, theirs = search["postgresql"]["totals"], search["whoosh"]["totals"]
    return f"{sum(ours[k] == theirs[k] for k in ours)} of {len(ours)} queries"


def table(result: dict) -> str:
    """The figures side by side, as text."""
    engines = [e for e in ENGINES if e in result.get("import_articles_per_s", {})]
    lines = [f"Team benchmark: {result['size']:,} synthetic articles, {result['queries']} queries x {result['reps']}",
             f"{'':28}" + "".join(f"{e:>14}" for e in engines)]
    rows = [("import articles/s", lambda e: result["import_articles_per_s"][e]),
            ("import seconds", lambda e: result["import_seconds"][e]),
            ("search p50 ms (snippets)", lambda e: result["search"][e]["p50_ms"]),
            ("search p95 ms (snippets)", lambda e: result["search"][e]["p95_ms"]),
            ("failed queries", lambda e: len(result["search"][e]["failed"]))]
    if not engines:
        return "\n".join(lines[:1] + [f"PostgreSQL skipped: {result.get('postgresql_skipped')}"])
    for label, value in rows:
        lines.append(f"{label:28}" + "".join(f"{value(e):>14}" for e in engines))
    if result.get("postgresql_skipped"):
        lines.append(f"PostgreSQL skipped: {result['postgresql_skipped']}")
    if result.get("same_totals_postgresql_whoosh"):
        lines.append(f"same totals on PostgreSQL and Whoosh: {result['same_totals_postgresql_whoosh']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="synthetic articles (default 100000)")
    parser.add_argument("--reps", type=int, default=3, help="times each query runs on each engine")
    parser.add_argument("--batch", type=int, default=1000, help="articles per committed batch")
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: the bench cache)")
    parser.add_argument("--address", default="", help="libpq address of the PostgreSQL server (default: PG*)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help="which to build and measure, comma-separated (default: all; e.g. postgresql alone "
                             "for a faster run)")
    args = parser.parse_args(argv)
    engines = tuple(e.strip() for e in args.engines.split(",") if e.strip())
    if not engines or set(engines) - set(ENGINES):
        parser.error(f"--engines takes some of {', '.join(ENGINES)}, comma-separated")
    if args.size < 1 or args.reps < 1 or args.batch < 1:
        parser.error("--size, --reps and --batch must be positive")
    work = args.work or cache_dir() / f"team-bench-{args.size}"
    began = time.perf_counter()
    result = run(args.size, args.reps, args.batch, work, args.address,
                 log=lambda msg: print(msg, file=sys.stderr, flush=True), engines=engines)
    result["wall_seconds"] = round(time.perf_counter() - began, 1)
    print(table(result))
    print(f"whole run: {result['wall_seconds']:.0f} s")
    out = args.json or work / "team-bench.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"figures: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
