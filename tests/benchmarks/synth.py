"""Deterministic synthetic news: the benchmark's large corpora.

Article `i` depends only on (GENERATOR_VERSION, i, the actor names), so any
slice can be regenerated identically. Text is news-like prose (invented
sentence templates, a few hundred everyday news words, and a long Zipf tail of
invented rare words) with actor names taken from the bundled gazetteer plus an
invented cast of people, so actor recognition and filters have work to do.

Files are written in the plain-text shape the importer reads:
title line, blank line, date line, source line, blank line, body paragraphs.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import os
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

GENERATOR_VERSION = "1"
WORDS_PER_ARTICLE = 600
FILES_PER_FOLDER = 1000
REPO = Path(__file__).resolve().parents[2]
GAZETTEER_DIR = REPO / "resources" / "gazetteer"
GAZETTEER_FILES = "countries.json"  # the stable list of states: the corpus key changes only with it
EPOCH = dt.date(2015, 1, 1)
DAYS = 3650

# Invented people: never real persons.
_PEOPLE = (
    "Alenka Varga", "Tomas Brennholt", "Marisol Quenet", "Oleksa Dravnyk", "Hamid Sorabi", "Ingrid Valstad",
    "Kwame Asantio", "Li Wenhao", "Beatriz Olmedo", "Yusuf Karaman", "Natalia Sverdlova", "Pieter Janszoon",
    "Amara Okonkwe", "Dmitri Lavrenko", "Sophie Marchetti", "Rafael Quiroga", "Elif Demirkan", "Jonas Ekwall",
    "Farida Nasseri", "Ruben Castellar", "Hana Kobayashi", "Viktor Halasz", "Claire Dubosc", "Mateo Ferrandi",
)
_ORGS = (
    "United Nations", "European Union", "NATO", "World Bank", "International Monetary Fund", "Red Cross",
    "World Health Organization", "African Union", "OPEC", "Amnesty International",
)
_ROLES = (
    "foreign minister", "prime minister", "president", "defence minister", "spokesperson", "envoy",
    "finance minister", "opposition leader", "central bank governor", "mayor",
)
_NOUNS = (
    "talks", "ceasefire", "agreement", "election", "economy", "budget", "sanctions", "troops", "border",
    "parliament", "government", "minister", "inflation", "market", "deal", "summit", "crisis", "vote",
    "protest", "court", "investigation", "report", "policy", "reform", "strike", "pipeline", "grain", "exports",
    "refugees", "aid", "delegation", "treaty", "negotiations", "coalition", "opposition", "referendum",
    "tariffs", "currency", "bank", "energy", "gas", "oil", "prices", "wages", "unemployment", "growth",
    "security", "drone", "missile", "attack", "offensive", "withdrawal", "hostages", "corridor", "port",
    "infrastructure", "reconstruction", "humanitarian", "convoy", "mediation", "dialogue", "framework",
    "inquiry", "verdict", "appeal", "campaign", "candidate", "poll", "turnout", "ballot", "constitution",
    "military", "navy", "airspace", "shipping", "harvest", "drought", "flooding", "earthquake", "vaccine",
    "hospital", "school", "teachers", "farmers", "workers", "union", "company", "shares", "profits", "losses",
    "investors", "debt", "loan", "bonds", "interest rates", "exchange rate", "supply chain", "factory",
)
_VERBS = (
    "said", "warned", "announced", "rejected", "accepted", "signed", "proposed", "confirmed", "denied",
    "criticised", "welcomed", "urged", "called for", "agreed", "postponed", "suspended", "resumed",
    "expanded", "reduced", "blocked", "approved", "questioned", "defended", "launched", "ended",
)
_ADJECTIVES = (
    "fragile", "fresh", "limited", "broad", "tentative", "binding", "interim", "regional", "national",
    "economic", "political", "military", "diplomatic", "humanitarian", "sharp", "modest", "record",
    "unexpected", "long-awaited", "controversial", "bilateral", "multilateral", "emergency", "formal",
)
_PLACES_FALLBACK = ("Kyiv", "Moscow", "Brussels", "Geneva", "Ankara", "Doha", "Cairo", "Beijing", "Washington")
_SOURCES = ("Synthetic Wire", "Northern Ledger", "Harbour Times", "Daily Meridian", "Continental Desk")
_TEMPLATES = (
    "{actor} {verb} on {weekday} that the {adj} {noun} would {outcome}.",
    "The {noun} in {place} {verb_past} after {actor2} {verb} the {adj} {noun2}.",
    "According to {actor}, {number} {noun2} were discussed during the {adj} {noun}.",
    "\"We will not accept any {noun} that ignores the {noun2},\" {actor}, the {role}, {verb}.",
    "Officials in {place} {verb} the {noun} as {adj}, while {actor2} {verb2} a {adj2} {noun2}.",
    "{actor2} met {actor} in {place} to discuss {noun} and {noun2}, {filler}.",
    "Analysts said the {adj} {noun} could {outcome} unless {actor} {verb2} the {noun2}.",
    "By {weekday}, {number} people had joined the {noun} in {place}, {filler}.",
    "The {role} told reporters that {noun} and {noun2} remained {adj} {filler}.",
    "{filler_cap} the {adj} {noun} {verb_past} in {place} as {actor2} {verb2} {noun2}.",
)
_OUTCOMES = (
    "hold until the spring", "collapse within weeks", "be delayed again", "take effect next month",
    "need another round of talks", "ease pressure on prices", "reopen the corridor",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SYLLABLES = (
    "ka", "lo", "mi", "ren", "sto", "vel", "dra", "pun", "qui", "zor", "bel", "tan", "mor", "sil", "gra",
    "nex", "pol", "ru", "ved", "yan", "ost", "ber", "cal", "dun", "fin", "hol", "jas", "kel", "lim", "nor",
)
RARE_VOCABULARY = 40000
ZIPF_S = 1.07


@dataclass(frozen=True)
class SynthArticle:
    index: int
    title: str
    date: str
    source: str
    body: str

    def as_text(self) -> str:
        return f"{self.title}\n\n{self.date}\nSource: {self.source}\n\n{self.body}\n"

    @property
    def words(self) -> int:
        return len(self.body.split())


@lru_cache(maxsize=1)
def actor_names() -> tuple[str, ...]:
    """Country names from the bundled gazetteer plus the invented cast and organisations, sorted."""
    names: set[str] = set(_PEOPLE) | set(_ORGS)
    if GAZETTEER_DIR.is_dir():
        for path in sorted(GAZETTEER_DIR.glob(GAZETTEER_FILES)):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            for entry in data.get("entries", []):
                name = entry.get("name") if isinstance(entry, dict) else None
                if isinstance(name, str) and 2 < len(name) < 40:
                    names.add(name)
    return tuple(sorted(names))


@lru_cache(maxsize=1)
def places() -> tuple[str, ...]:
    found = [n for n in actor_names() if n not in _PEOPLE and n not in _ORGS]
    return tuple(found) or _PLACES_FALLBACK


def corpus_key() -> str:
    """Cache key: generator version plus a digest of the actor names it draws on."""
    digest = hashlib.sha256("\n".join(actor_names()).encode()).hexdigest()[:10]
    return f"v{GENERATOR_VERSION}-{digest}"


@lru_cache(maxsize=1)
def rare_words() -> tuple[str, ...]:
    """An invented vocabulary for the long tail, the same every run."""
    rng = random.Random("briefing-bench-vocabulary")
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < RARE_VOCABULARY:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            out.append(word)
    return tuple(out)


@lru_cache(maxsize=1)
def _zipf_cdf() -> tuple[float, ...]:
    total, acc = 0.0, []
    for rank in range(1, RARE_VOCABULARY + 1):
        total += 1.0 / rank**ZIPF_S
        acc.append(total)
    return tuple(a / total for a in acc)


def rare_word(rank: int) -> str:
    """The invented word at a Zipf rank (1 = most common)."""
    return rare_words()[rank - 1]


def _zipf_word(rng: random.Random) -> str:
    return rare_words()[min(bisect.bisect_left(_zipf_cdf(), rng.random()), RARE_VOCABULARY - 1)]


def _filler(rng: random.Random, n: int) -> str:
    return " ".join(_zipf_word(rng) for _ in range(n))


def _sentence(rng: random.Random, cast: list[str]) -> str:
    template = rng.choice(_TEMPLATES)
    filler = _filler(rng, rng.randint(3, 9))
    return template.format(
        actor=rng.choice(cast), actor2=rng.choice(cast), verb=rng.choice(_VERBS), verb2=rng.choice(_VERBS),
        verb_past=rng.choice(("continued", "stalled", "intensified", "eased", "resumed")),
        adj=rng.choice(_ADJECTIVES), adj2=rng.choice(_ADJECTIVES), noun=rng.choice(_NOUNS),
        noun2=rng.choice(_NOUNS), outcome=rng.choice(_OUTCOMES), weekday=rng.choice(_WEEKDAYS),
        place=rng.choice(places()), number=rng.randint(2, 900), role=rng.choice(_ROLES),
        filler=filler, filler_cap=filler.capitalize() + ",",
    )


def article(index: int, words: int = WORDS_PER_ARTICLE) -> SynthArticle:
    """Article number `index`: the same text every time for the same generator version."""
    rng = random.Random(f"briefing-bench-{GENERATOR_VERSION}-{index}-{words}")
    names = actor_names()
    cast = rng.sample(_PEOPLE, k=rng.randint(1, 2)) + rng.sample(names, k=min(len(names), rng.randint(2, 4)))
    paragraphs, count = [], 0
    while count < words:
        sentences = [_sentence(rng, cast) for _ in range(rng.randint(3, 6))]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    title = f"{cast[0]} {rng.choice(_VERBS)} {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} ({index})"
    date = (EPOCH + dt.timedelta(days=rng.randrange(DAYS))).isoformat()
    return SynthArticle(index, title, date, rng.choice(_SOURCES), "\n\n".join(paragraphs))


def article_path(root: Path, index: int) -> Path:
    return root / f"{index // FILES_PER_FOLDER:03d}" / f"synth-{index:06d}.txt"


def write_corpus(root: Path, count: int, start: int = 0) -> Path:
    """Write articles [start, count) under `root` (skipping files already there); returns root."""
    for i in range(start, count):
        path = article_path(root, i)
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(article(i).as_text(), encoding="utf-8")
        os.replace(tmp, path)
    return root


def folders(root: Path, count: int) -> list[Path]:
    """The sub-folders holding the first `count` articles (count must be a multiple of FILES_PER_FOLDER)."""
    return [root / f"{k:03d}" for k in range((count + FILES_PER_FOLDER - 1) // FILES_PER_FOLDER)]


def iter_articles(count: int) -> Iterator[SynthArticle]:
    for i in range(count):
        yield article(i)
