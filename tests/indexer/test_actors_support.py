"""Shared test data for the actor tests: a small invented-for-tests gazetteer (no real data file needed)."""

from __future__ import annotations

import json
from pathlib import Path

from indexer.actors import ActorEngine


def _p(id_, name, role, aliases=(), country=""):
    return {"id": id_, "name": name, "type": "person", "role": role, "aliases": list(aliases), "country": country}


ENTRIES = [
    _p("vladimir-putin", "Vladimir Putin", "President of Russia", ["Putin"], "Russia"),
    _p("sergey-lavrov", "Sergey Lavrov", "Foreign Minister of Russia", ["Lavrov"], "Russia"),
    _p("volodymyr-zelenskyy", "Volodymyr Zelenskyy", "President of Ukraine", ["Zelenskyy"], "Ukraine"),
    _p("marco-rubio", "Marco Rubio", "United States Secretary of State", ["Rubio"], "United States"),
    _p("xi-jinping", "Xi Jinping", "President of China", ["Xi"], "China"),
    _p("he-lifeng", "He Lifeng", "Vice Premier of China", [], "China"),
    _p("guo-jiakun", "Guo Jiakun", "Chinese Foreign Ministry spokesperson", [], "China"),
    _p("michael-waltz", "Michael Waltz", "US National Security Advisor", [], "United States"),
    _p("jane-waltz", "Jane Waltz", "Invented test diplomat", [], "Testland"),
    _p("boris-johnson", "Boris Johnson", "Prime Minister of the United Kingdom", ["Johnson"], "United Kingdom"),
    _p("dmitry-peskov", "Dmitry Peskov", "Kremlin spokesman", ["Peskov"], "Russia"),
    {"id": "united-states", "name": "United States", "type": "place", "role": "Country",
     "aliases": ["US", "U.S.", "USA", "United States of America"], "country": "United States"},
    {"id": "russia", "name": "Russia", "type": "place", "role": "Country", "aliases": [], "country": "Russia"},
    {"id": "ukraine", "name": "Ukraine", "type": "place", "role": "Country", "aliases": [], "country": "Ukraine"},
    {"id": "nato", "name": "North Atlantic Treaty Organization", "type": "organisation", "role": "Alliance",
     "aliases": ["NATO", "Nato"], "country": ""},
    {"id": "washington-post", "name": "Washington Post", "type": "organisation", "role": "Newspaper",
     "aliases": ["The Washington Post"], "country": "United States"},
    {"id": "washington", "name": "Washington", "type": "place", "role": "US capital", "aliases": [], "country": "United States"},
]


def write_gazetteer(folder: Path, entries: list[dict] | None = None, name: str = "test.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    data = {"format": "briefing-reader-gazetteer/1", "entries": ENTRIES if entries is None else entries}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def make_engine(tmp_path: Path, state: bool = False) -> ActorEngine:
    """An engine over the test gazetteer; with state=True it persists to tmp_path/'actors'."""
    gaz = write_gazetteer(tmp_path / "gaz")
    return ActorEngine(state_dir=tmp_path / "actors" if state else None, gazetteer_paths=[gaz])


def ids(mentions) -> list[str]:
    return [m.actor_id for m in mentions]


def by_text(mentions) -> dict[str, str]:
    return {m.text: m.actor_id for m in mentions}
