"""A small invented library for the picture tests: five articles whose actors and quotes are set exactly.

Articles go straight into the store with known mentions and quotes (no recognition), then the library is
reopened so the index picks them up. Every name is invented.
"""

from __future__ import annotations

import json
from pathlib import Path

from indexer.library import Library
from indexer.model import Article, Mention, Quote


def _entry(id_, name, type_, aliases=()):
    return {"id": id_, "name": name, "type": type_, "role": "", "aliases": list(aliases), "country": ""}


GAZETTEER = [
    _entry("alba-ferrant", "Alba Ferrant", "person", ["Ferrant"]),
    _entry("bram-oduya", "Bram Oduya", "person", ["Oduya"]),
    _entry("cara-lindqvist", "Cara Lindqvist", "person", ["Lindqvist"]),
    _entry("northwind-council", "Northwind Council", "organisation"),
    _entry("port-selmar", "Port Selmar", "place"),
]
A, B, C, N, P = "alba-ferrant", "bram-oduya", "cara-lindqvist", "northwind-council", "port-selmar"

# id, date, topic word, actors mentioned, quotes as (speaker or "", words said)
ARTICLES = [
    ("a1", "2025-03-01", "harbour", [A, B, N, P], [(A, "we will reopen the harbour soon"), (B, "the fleet stays home"),
                                                  ("", "nobody knows the timetable yet")]),
    ("a2", "2025-03-01", "tariff", [A, B], [(A, "the tariff must fall this spring")]),
    ("a3", "2025-03-05", "harbour", [A, N], [(N, "the council backs the harbour plan")]),
    ("a4", "", "tariff", [A, B], [(A, "undated words are never drawn")]),
    ("a5", "2025-04-10", "harbour", [B, P, C], [(C, "the harbour pilots are ready to strike")]),
]


def article_text(topic: str, actors: list[str], quotes: list[tuple[str, str]]) -> str:
    names = {e["id"]: e["name"] for e in GAZETTEER}
    lines = [f"A report about the {topic} question."]
    lines += [f"{names[a]} was there." for a in actors]
    lines += [f"“{words},” someone said." for _speaker, words in quotes]
    return "\n\n".join(lines)


def write_gazetteer(actors_folder: Path) -> Path:
    """The invented actors as the library's own gazetteer (actors/gazetteer.json), so any Library sees them."""
    actors_folder.mkdir(parents=True, exist_ok=True)
    path = actors_folder / "gazetteer.json"
    path.write_text(json.dumps({"format": "briefing-reader-gazetteer/1", "entries": GAZETTEER}), encoding="utf-8")
    return path


def open_library(root: Path) -> Library:
    write_gazetteer(root / "lib" / "actors")
    return Library(root / "lib")


def build_library(root: Path) -> Library:
    """The five articles stored exactly, indexed, and the library reopened on them (at root/lib)."""
    with open_library(root) as lib:
        for article_id, date, topic, actors, quotes in ARTICLES:
            put_article(lib, article_id, date, topic, actors, quotes)
    return open_library(root)  # opening indexes what the store holds unindexed


def put_article(lib: Library, article_id: str, date: str, topic: str, actors, quotes) -> None:
    text = article_text(topic, actors, quotes)
    names = {e["id"]: e["name"] for e in GAZETTEER}
    mentions = [Mention(a, text.index(names[a]), text.index(names[a]) + len(names[a])) for a in actors]
    spans = [(s, text.index(w), text.index(w) + len(w)) for s, w in quotes]
    stored = [Quote(article_id, text[b:e], b, e, s) for s, b, e in spans]
    article = Article(id=article_id, title=f"The {topic} story {article_id}", text=text, date=date,
                      source="Invented Wire", content_hash=f"hash-{article_id}")
    with lib.store.db as db:
        lib.store.put(article, mentions, stored, (), (), db=db)
