"""Which articles a picture is drawn from, as a filter the article store applies (store.ArticleFilter).

A scope combines a search query (answered by the index exactly as the search answers it: language, source,
name expansion or exact words), actors (any of them mentioned, through the analyst's merges; every one of them
when it follows the search's Actor filter), a date range and an optional list of article ids (e.g. the open
panes). Each store turns the filter into its own SQL over its per-article actor summary (SQLite or PostgreSQL).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields

from indexer.errors import QueryError
from indexer.search.engine import check_day
from indexer.store import ArticleFilter

MAX_QUERY_ARTICLES = 50_000  # the most relevant matches of a query that a picture is drawn from
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?\Z")


@dataclass(frozen=True)
class Scope:
    """What a picture shows: the articles matching all of the given parts (none given: the whole library)."""

    query: str = ""
    actors: tuple[str, ...] = ()  # names or ids; an article mentioning any of them is in scope
    date_from: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD, inclusive
    date_to: str = ""
    article_ids: tuple[str, ...] | None = None  # only these articles (e.g. the open panes)
    language: str = ""  # an ISO 639-1 code: only articles in that language (as `lang:` in the query)
    source: str = ""  # only articles from this outlet, as the search's Source filter
    exact: bool = False  # words as typed: no other names or spellings of an actor (the search's Exact switch)
    every_actor: bool = False  # an article must mention every actor, as the search's Actor filter asks

    @property
    def searched(self) -> bool:
        """The scope needs the search index: a query, a language or source filter, or every one of its actors."""
        return bool(self.query.strip() or self.language.strip() or self.source.strip()
                    or (self.every_actor and self.actors))

    def to_json(self) -> dict:
        data = asdict(self)
        data["actors"] = list(self.actors)
        data["article_ids"] = None if self.article_ids is None else list(self.article_ids)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Scope":
        """The inverse of to_json; ValueError when a field has the wrong type."""
        def text(name: str) -> str:
            value = data.get(name, "")
            if not isinstance(value, str):
                raise ValueError(f"scope.{name} is not a string")
            return value

        actors, ids = data.get("actors", []), data.get("article_ids")
        if not isinstance(actors, list) or not all(isinstance(a, str) for a in actors):
            raise ValueError("scope.actors is not a list of names")
        if ids is not None and (not isinstance(ids, list) or not all(isinstance(i, str) for i in ids)):
            raise ValueError("scope.article_ids is not a list of ids")
        flags = {name: data.get(name, False) for name in ("exact", "every_actor")}
        if not all(isinstance(flag, bool) for flag in flags.values()):
            raise ValueError("scope.exact or scope.every_actor is not true or false")
        return cls(text("query"), tuple(actors), text("date_from"), text("date_to"),
                   None if ids is None else tuple(ids), text("language"), text("source"), **flags)

    def describe(self) -> str:
        """A short human description naming every filter, e.g. for a caption:
        '“ceasefire” · every one of Lavrov, Rubio · 2025-02 to 2025-03 · lang:ru · from TASS · exact words'."""
        parts = [f"“{self.query.strip()}”"] if self.query.strip() else []
        if self.actors:
            every = self.every_actor and len(self.actors) > 1
            parts.append(("every one of " if every else "") + ", ".join(self.actors))
        if self.date_from or self.date_to:
            parts.append(f"{self.date_from or '…'} to {self.date_to or '…'}")
        parts += [f"{label}{value.strip()}" for label, value in (("lang:", self.language), ("from ", self.source))
                  if value.strip()]
        if self.exact:
            parts.append("exact words")
        if self.article_ids is not None:
            parts.append(f"{len(self.article_ids)} chosen article(s)")
        return " · ".join(parts) or "the whole library"


def readable_scope(data: dict) -> tuple[Scope, bool]:
    """A stored scope as far as it can be read (for a caption): each field of the wrong type is left out.
    Returns the scope and whether a field was left out."""
    kept = {}
    for name in (f.name for f in fields(Scope)):
        if name in data:
            try:
                Scope.from_json({name: data[name]})
            except ValueError:
                continue
            kept[name] = data[name]
    return Scope.from_json(kept), len(kept) < sum(1 for f in fields(Scope) if f.name in data)


def check_dates(date_from: str, date_to: str) -> tuple[str, str]:
    """The range as comparable ISO bounds; QueryError naming a date that is not YYYY[-MM[-DD]]."""
    for label, value in (("from", date_from), ("to", date_to)):
        if value and not _DATE.match(value.strip()):
            raise QueryError(f"The {label} date {value!r} is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY).")
        check_day(value, f"{label} date")
    low, high = date_from.strip(), date_to.strip()
    if low and high and low > high + "~":
        raise QueryError(f"The date range {low} to {high} is empty: the first date is after the second.")
    return low, (high + "~" if high else "")  # '~' sorts after digits: '2025-03' covers 2025-03-31


def article_filter(library, scope: Scope, raw_ids_of_actors: list[str]) -> ArticleFilter:
    """The scope as a store filter; `raw_ids_of_actors` are the raw ids of the scope's actors (with merged ones)."""
    low, high = check_dates(scope.date_from, scope.date_to)
    ids = None
    if scope.searched:
        ids = frozenset(library.matching_ids(scope.query, MAX_QUERY_ARTICLES, language=scope.language,
                                             source=scope.source, exact=scope.exact,
                                             actors=scope.actors if scope.every_actor else ()))
    if scope.article_ids is not None:
        ids = frozenset(scope.article_ids) & ids if ids is not None else frozenset(scope.article_ids)
    actors = frozenset(raw_ids_of_actors) if scope.actors else None
    return ArticleFilter(ids, actors, low, high)
