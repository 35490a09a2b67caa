"""The fixed query sets: at least 40 per corpus, every kind the issue names.

Query strings use syntax both engines share (implicit AND, OR, "phrases"),
so the same text goes to our library, to FTS5 MATCH and to recollq.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import synth


@dataclass(frozen=True)
class BenchQuery:
    kind: str  # common, rare, and, or, phrase, common-phrase, actor, date
    text: str = ""
    actors: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""

    @property
    def label(self) -> str:
        parts = [self.text] if self.text else []
        parts += [f"actor={a}" for a in self.actors]
        if self.date_from or self.date_to:
            parts.append(f"date={self.date_from}..{self.date_to}")
        return " ".join(parts)

    @property
    def plain(self) -> bool:
        """A text-only query that a whole-process peer (recollq) can run as is."""
        return bool(self.text) and not self.actors and not (self.date_from or self.date_to)


def _many(kind: str, texts: str) -> list[BenchQuery]:
    return [BenchQuery(kind, t.strip()) for t in texts.split("|") if t.strip()]


def bbc_queries() -> list[BenchQuery]:
    """Queries for the BBC News corpus (business, entertainment, politics, sport, tech)."""
    qs = (
        _many("common", "government|people|market|film|game|music|election|year")
        + _many("rare", "yukos|ombudsman|tsunami|bluetooth|wimbledon|oscar|chancellor|broadband")
        + _many("and", "oil prices|mobile phone|interest rates bank|blair election|chelsea manager|music download")
        + _many("or", "chelsea OR arsenal|google OR yahoo|film OR music|euro OR dollar|iraq OR afghanistan")
        + _many("phrase", '"prime minister"|"interest rates"|"general election"|"chief executive"|"mobile phones"')
        + _many("common-phrase", '"told the bbc"|"last year"|"he said"')
    )
    qs += [
        BenchQuery("actor", "economy", actors=("China",)),
        BenchQuery("actor", "", actors=("United States",)),
        BenchQuery("actor", "trade", actors=("Russia",)),
        BenchQuery("date", "economy", date_from="2004-01-01", date_to="2005-12-31"),
        BenchQuery("date", "film", date_from="2000-01-01", date_to="2010-12-31"),
    ]
    return qs


def synth_queries() -> list[BenchQuery]:
    """Queries for the synthetic corpus: its templates give common words and phrases, its Zipf tail rare ones."""
    rare = "|".join(synth.rare_word(r) for r in (800, 3000, 9000, 20000, 35000))
    qs = (
        _many("common", "talks|ceasefire|election|economy|sanctions|government|minister|reporters")
        + _many("rare", rare + "|drought|hostages|referendum")
        + _many("and", "ceasefire talks|sanctions oil|election turnout|border troops|vaccine hospital|drone attack")
        + _many("or", "ceasefire OR truce|drought OR flooding|tariffs OR sanctions|navy OR airspace|grain OR harvest")
        + _many("phrase", '"interest rates"|"supply chain"|"central bank governor"|"foreign minister"|"exchange rate"')
        + _many("common-phrase", '"told reporters"|"take effect next month"|"people had joined the"')
    )
    qs += [
        BenchQuery("actor", "ceasefire", actors=("Ukraine",)),
        BenchQuery("actor", "", actors=("United Nations",)),
        BenchQuery("actor", "talks", actors=("Turkey",)),
        BenchQuery("date", "ceasefire", date_from="2020-01-01", date_to="2020-12-31"),
        BenchQuery("date", "election", date_from="2016-03-01", date_to="2016-06-30"),
    ]
    return qs


def fts_match(text: str) -> str:
    """Our query text as an FTS5 MATCH expression: the shared syntax passes through unchanged."""
    return text.strip()
