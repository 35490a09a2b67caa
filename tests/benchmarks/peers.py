"""The peers we measure against: SQLite FTS5 (in process) and Recoll (whole processes)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .queries import BenchQuery, fts_match

SNIPPET_TOKENS = 24


# -- SQLite FTS5 ---------------------------------------------------------------------------
@dataclass(frozen=True)
class FtsDoc:
    title: str
    body: str
    date: str = ""
    actor_ids: tuple[str, ...] = ()


def fts5_available() -> bool:
    try:
        con = sqlite3.connect(":memory:")
        con.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        con.close()
        return True
    except sqlite3.Error:
        return False


def fts5_build(db_path: Path, docs: Iterable[FtsDoc], batch: int = 2000) -> int:
    """Index the documents into a fresh FTS5 database (porter stemmer); returns how many."""
    db_path = Path(db_path)
    if db_path.exists():
        db_path.unlink()
    con = sqlite3.connect(db_path)
    con.executescript(
        """
        CREATE VIRTUAL TABLE docs USING fts5(title, body, date UNINDEXED, tokenize='porter unicode61');
        CREATE TABLE doc_actors(doc INTEGER, actor TEXT);
        CREATE TABLE doc_meta(doc INTEGER PRIMARY KEY, date TEXT);
        """
    )
    n, rows, actor_rows = 0, [], []
    for doc in docs:
        n += 1
        rows.append((n, doc.title, doc.body, doc.date))
        actor_rows.extend((n, a) for a in doc.actor_ids)
        if len(rows) >= batch:
            _flush(con, rows, actor_rows)
    _flush(con, rows, actor_rows)
    con.execute("CREATE INDEX doc_actors_actor ON doc_actors(actor, doc)")
    con.execute("CREATE INDEX doc_meta_date ON doc_meta(date, doc)")
    con.commit()
    con.close()
    return n


def _flush(con: sqlite3.Connection, rows: list, actor_rows: list) -> None:
    con.executemany("INSERT INTO docs(rowid, title, body, date) VALUES (?,?,?,?)", rows)
    con.executemany("INSERT INTO doc_meta(doc, date) VALUES (?,?)", [(r[0], r[3]) for r in rows])
    con.executemany("INSERT INTO doc_actors(doc, actor) VALUES (?,?)", actor_rows)
    rows.clear()
    actor_rows.clear()


class Fts5Searcher:
    """Top 20 with `snippet()` plus count(*), the FTS5 equivalent of one of our searches."""

    def __init__(self, db_path: Path):
        self.con = sqlite3.connect(db_path)

    def search(self, q: BenchQuery, actor_ids: Sequence[Sequence[str]] = (), limit: int = 20) -> tuple[int, list]:
        where, args = self._where(q, actor_ids)
        if q.text:
            select = f"snippet(docs, 1, '[', ']', '…', {SNIPPET_TOKENS})"
            order = "rank"
        else:  # filters only: no ranking, the opening of the text as the snippet (as ours does)
            select, order = "substr(body, 1, 220)", "rowid DESC"
        rows = self.con.execute(
            f"SELECT rowid, title, date, {select} FROM docs WHERE {where} ORDER BY {order} LIMIT ?",
            (*args, limit),
        ).fetchall()
        total = self.con.execute(f"SELECT count(*) FROM docs WHERE {where}", args).fetchone()[0]
        return total, rows

    def _where(self, q: BenchQuery, actor_ids: Sequence[Sequence[str]]) -> tuple[str, list]:
        clauses, args = [], []
        if q.text:
            clauses.append("docs MATCH ?")
            args.append(fts_match(q.text))
        # With a MATCH, "+rowid" keeps SQLite from driving FTS5 by rowid lookups (one full-text
        # query per candidate row, seconds at 40k); the filters then check the MATCH's rows.
        rowid = "+rowid" if q.text else "rowid"
        for ids in actor_ids:
            marks = ",".join("?" * len(ids)) or "NULL"
            clauses.append(f"{rowid} IN (SELECT doc FROM doc_actors WHERE actor IN ({marks}))")
            args.extend(ids)
        if q.date_from or q.date_to:  # an indexed side table, as an FTS5 application would keep
            clauses.append(f"{rowid} IN (SELECT doc FROM doc_meta WHERE date >= ? AND date <= ?)")
            args.extend([q.date_from or "0000", q.date_to or "9999"])
        return " AND ".join(clauses) or "1", args

    def close(self) -> None:
        self.con.close()


# -- Recoll --------------------------------------------------------------------------------
class RecollUnavailable(RuntimeError):
    pass


def ensure_recoll() -> str:
    """Path of recollindex, installing Debian's recollcmd when missing; RecollUnavailable with a reason."""
    found = shutil.which("recollindex")
    if found and shutil.which("recollq"):
        return found
    if not shutil.which("apt-get"):
        raise RecollUnavailable("recollindex is missing and apt-get is not available to install recollcmd")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
        subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True, capture_output=True, env=env, timeout=300)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "recollcmd"], check=True, capture_output=True,
                       env=env, timeout=600)
    except (OSError, subprocess.SubprocessError) as exc:
        raise RecollUnavailable(f"could not install recollcmd with apt-get: {exc}") from exc
    found = shutil.which("recollindex")
    if not found:
        raise RecollUnavailable("apt-get ran but recollindex is still missing")
    return found


def recoll_config(confdir: Path, topdir: Path) -> Path:
    """A fresh Recoll configuration indexing `topdir` into a database inside `confdir`."""
    confdir = Path(confdir)
    if confdir.exists():
        shutil.rmtree(confdir)
    confdir.mkdir(parents=True)
    (confdir / "recoll.conf").write_text(
        f"topdirs = {topdir}\n"
        f"dbdir = {confdir / 'xapiandb'}\n"
        "indexStemmingLanguages = english\n"
        "idxflushmb = 50\n"
        "noaspell = 1\n"
        # recollindex runs at nice 19 / idle I/O by default, which starves it on a busy machine:
        # race it at the same priority as our import.
        "idxniceprio = 0\n"
        "monioniceclass = 2\n"
        "loglevel = 1\n",
        encoding="utf-8",
    )
    return confdir


def recoll_index(confdir: Path, topdir: Path) -> float:
    """Index `topdir` from scratch with recollindex; returns wall seconds."""
    recoll_config(confdir, topdir)
    start = time.perf_counter()
    proc = subprocess.run(["recollindex", "-c", str(confdir), "-z"], capture_output=True, text=True, timeout=1800)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RecollUnavailable(f"recollindex failed ({proc.returncode}): {proc.stderr.strip()[-300:]}")
    return elapsed


def recoll_count(confdir: Path) -> int:
    """How many documents the Recoll database holds (checks the index is real)."""
    proc = subprocess.run(["recollq", "-c", str(confdir), "-S", "mtime", "-n", "1", "-q", "the"],
                          capture_output=True, text=True, timeout=120)
    for line in proc.stdout.splitlines() + proc.stderr.splitlines():
        if "results" in line:
            digits = "".join(ch for ch in line.split("results")[0] if ch.isdigit())
            if digits:
                return int(digits)
    return 0


def recollq(confdir: Path, text: str, limit: int = 20) -> tuple[float, str]:
    """Run one whole-process recollq query with abstracts (snippets); returns (seconds, stdout)."""
    start = time.perf_counter()
    proc = subprocess.run(["recollq", "-c", str(confdir), "-A", "-n", str(limit), text],
                          capture_output=True, text=True, timeout=120)
    return time.perf_counter() - start, proc.stdout
