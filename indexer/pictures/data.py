"""The data behind the two pictures: a timeline of who said what, and an actor network.

Both are answered by the article store's picture methods (SQLite or PostgreSQL, see store_protocol):
the per-article actor summary (counted and filtered by the store, its rows paired per article for the
edges), the article dates, and the quotes column (speaker and span of each quote, the span cut from the
text). No article is analysed again. The analyst's merges and ignores apply through a raw-id ->
canonical-id map, so an ignored actor is never drawn and merged actors are one lane or one node, an
article counted once. Qt-free.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from itertools import combinations, groupby
from operator import itemgetter

from indexer.errors import QueryError
from indexer.model import QUOTE_DIRECT
from indexer.store import quote_row

from .scope import Scope, article_filter

MAX_LANES = 12  # lanes of named speakers; the others share one folded lane
MAX_NODES = 40  # the most mentioned actors of the scope that a network shows
OTHERS = "*others*"  # the id of the folded lane


# -- the timeline ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Lane:
    """One row of the timeline: an actor, or the folded lane of every other speaker."""

    id: str  # canonical actor id, or OTHERS
    name: str
    type: str  # person / organisation / place, "" for the folded lane
    quotes: int  # marks on the lane
    actors: int = 1  # how many speakers the lane holds (more than one only for the folded lane)


@dataclass(frozen=True)
class QuoteMark:
    """A quote on its speaker's lane: the article's date, and where the quote is in the article."""

    lane: str  # Lane.id
    actor_id: str  # the speaker (canonical); differs from `lane` on the folded lane
    date: str  # YYYY-MM-DD
    article_id: str
    start: int
    end: int
    text: str
    kind: str = QUOTE_DIRECT  # QUOTE_REPORTED for reported speech: draw and cite it as such


@dataclass(frozen=True)
class TimelineData:
    scope: Scope
    articles: int  # articles in scope
    undated: int  # of which have no usable date (not drawn)
    unattributed: int  # dated quotes whose speaker the text does not name (not drawn)
    lanes: tuple[Lane, ...]
    marks: tuple[QuoteMark, ...]  # by date, then article, then position
    density: tuple[tuple[str, int], ...]  # (YYYY-MM-DD, articles in scope that day), by date

    def to_json(self) -> dict:
        data = asdict(self)
        data["scope"] = self.scope.to_json()
        data["density"] = [list(d) for d in self.density]
        return data


def timeline_data(library, scope: Scope | None = None, *, max_lanes: int = MAX_LANES) -> TimelineData:
    """Quotes and article counts over time for the articles in `scope`.

    With actors in the scope, those actors are the lanes, in the order given; otherwise the speakers
    quoted most often. Speakers beyond `max_lanes` share one folded lane."""
    scope = scope or Scope()
    curation = _Curation(library)
    lane_ids = curation.resolve_all(scope.actors)
    where = article_filter(library, scope, curation.raw_ids(lane_ids))
    store = library.store
    density = tuple((day, n) for day, n in store.day_counts(where))
    articles = store.count_in(where)
    rows, unattributed = _quote_rows(store, where, curation)
    lanes, lane_of = _choose_lanes(curation, rows, lane_ids, max(1, max_lanes))
    marks = tuple(
        QuoteMark(lane_of[actor], actor, date, article_id, start, end, text, kind)
        for article_id, date, actor, start, end, text, kind in rows
    )
    return TimelineData(scope, articles, articles - sum(n for _, n in density), unattributed, lanes, marks, density)


def _quote_rows(store, where, curation: "_Curation") -> tuple[list[tuple], int]:
    """(article, date, canonical speaker, start, end, text, kind) of every attributed quote in scope, and how
    many dated quotes have no speaker. Quotes of ignored actors are dropped; a damaged row is skipped.

    The quotes column holds [speaker, start, end, kind] lists; decoding it here is several times faster than
    SQLite's json_each for tens of thousands of quotes."""
    rows, unattributed = [], 0
    for article_id, date, payload, text in store.dated_quote_rows(where):
        if not isinstance(text, str):
            continue
        for raw, start, end, kind in _quote_items(payload, text):
            if not raw:
                unattributed += 1
                continue
            actor = curation.canonical.get(raw)
            if actor is not None and 0 <= start < end <= len(text):
                rows.append((article_id, date, actor, start, end, text[start:end], kind))
    rows.sort(key=itemgetter(1, 0, 3))  # date, article, position
    return rows, unattributed


def _quote_items(payload, text: str) -> list[tuple[str, int, int, str]]:
    """The well-formed (speaker, start, end, kind) of a quotes column, by start; [] when it is damaged."""
    try:
        items = json.loads(payload)
    except (TypeError, ValueError):
        return []
    if not isinstance(items, list):
        return []
    return sorted((row for row in (quote_row(item, text) for item in items) if row[0] is not None),
                  key=lambda t: t[1])


def _choose_lanes(curation: "_Curation", rows: list[tuple], chosen: list[str], max_lanes: int):
    """The lanes, and the lane of every speaker: the chosen actors (or the most quoted), then the rest folded."""
    counts = Counter(row[2] for row in rows)
    named = chosen or sorted(counts, key=lambda a: (-counts[a], curation.name(a), a))
    named = named[:max_lanes]
    lanes = [Lane(a, curation.name(a), curation.type(a), counts.get(a, 0)) for a in named]
    lane_of = {a: a for a in named}
    others = [a for a in counts if a not in lane_of]
    if others:
        lanes.append(Lane(OTHERS, "Others", "", sum(counts[a] for a in others), len(others)))
        lane_of.update((a, OTHERS) for a in others)
    return tuple(lanes), lane_of


# -- the network -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Node:
    id: str  # canonical actor id
    name: str
    type: str
    articles: int  # articles in scope mentioning the actor (once per article, merges included)
    discovered: bool = False


@dataclass(frozen=True)
class Edge:
    source: str  # the smaller of the two actor ids
    target: str
    weight: int  # articles in scope mentioning both


@dataclass(frozen=True)
class NetworkData:
    scope: Scope
    min_weight: int
    articles: int  # articles in scope
    actors: int  # actors mentioned in scope (the nodes are the most mentioned of them)
    nodes: tuple[Node, ...]  # most mentioned first
    edges: tuple[Edge, ...]  # heaviest first

    def to_json(self) -> dict:
        data = asdict(self)
        data["scope"] = self.scope.to_json()
        return data


def network_data(
    library, scope: Scope | None = None, *, min_weight: int = 1, max_nodes: int = MAX_NODES
) -> NetworkData:
    """The most mentioned actors of the scope, joined by how many articles mention both.

    An edge needs at least `min_weight` shared articles; an actor left with no edge is not drawn."""
    if min_weight < 1:
        raise QueryError(f"The minimum weight must be at least 1 shared article, not {min_weight}.")
    scope = scope or Scope()
    curation = _Curation(library)
    where = article_filter(library, scope, curation.raw_ids(curation.resolve_all(scope.actors)))
    store = library.store
    counts = _actor_articles(store, where, curation)
    top = sorted(counts, key=lambda a: (-counts[a], curation.name(a), a))[: max(1, max_nodes)]
    edges = _edges(store, where, curation, top, min_weight)
    linked = {e.source for e in edges} | {e.target for e in edges}
    nodes = tuple(
        Node(a, curation.name(a), curation.type(a), counts[a], curation.discovered(a)) for a in top if a in linked
    )
    return NetworkData(scope, min_weight, store.count_in(where), len(counts), nodes, edges)


def _actor_articles(store, where, curation: "_Curation") -> dict[str, int]:
    """Articles in scope per canonical actor: per raw id from the summary, then merged groups recounted
    from their rows so an article naming two merged actors counts once."""
    counts: Counter = Counter()
    members: dict[str, list[str]] = {}
    for raw, n in store.actor_article_counts(where):
        canon = curation.canonical.get(raw)
        if canon is not None:
            counts[canon] += n
            members.setdefault(canon, []).append(raw)
    for canon, raws in members.items():
        if len(raws) > 1:
            counts[canon] = len({article for article, _raw in store.actor_rows(where, raws)})
    return dict(counts)


def _edges(store, where, curation: "_Curation", top: list[str], min_weight: int) -> tuple[Edge, ...]:
    """Shared articles of every pair of `top` actors: their summary rows in article order, paired per article."""
    if len(top) < 2:
        return ()
    pairs: Counter = Counter()
    for _article, group in groupby(store.actor_rows(where, curation.raw_ids(top)), key=itemgetter(0)):
        actors = sorted({curation.canonical[raw] for _a, raw in group if raw in curation.canonical})
        pairs.update(combinations(actors, 2))
    edges = [Edge(x, y, n) for (x, y), n in pairs.items() if n >= min_weight]
    edges.sort(key=lambda e: (-e.weight, e.source, e.target))
    return tuple(edges)


# -- curation --------------------------------------------------------------------------------------------
class _Curation:
    """The analyst's merges and ignores as a raw-id -> canonical-id map over every actor the store mentions."""

    def __init__(self, library):
        self.engine = library.actors_engine
        self.canonical: dict[str, str] = {}
        self._actors: dict = {}
        for raw_id in library.store.actor_ids():
            canon = self.engine.canonical_id(raw_id)
            actor = self._actor(canon) if canon is not None else None
            if actor is not None:
                self.canonical[raw_id] = canon

    def _actor(self, canon: str):
        if canon not in self._actors:
            self._actors[canon] = self.engine.actor(canon)
        return self._actors[canon]

    def name(self, canon: str) -> str:
        actor = self._actor(canon)
        return actor.name if actor else canon

    def type(self, canon: str) -> str:
        actor = self._actor(canon)
        return actor.type if actor else ""

    def discovered(self, canon: str) -> bool:
        actor = self._actor(canon)
        return bool(actor and actor.discovered)

    def resolve_all(self, names) -> list[str]:
        """The canonical id of each name (the best match), in order, without repeats; QueryError for an unknown one."""
        out: list[str] = []
        for name in names:
            ids = self.engine.resolve(name)
            if not ids:
                raise QueryError(f"No actor called {name!r} in the library. Check the spelling in the Actors list.")
            if ids[0] not in out:
                out.append(ids[0])
        return out

    def raw_ids(self, canonical_ids: list[str]) -> list[str]:
        """Every raw id that now means one of these actors (the actors merged into them included)."""
        wanted = set(canonical_ids)
        return sorted({raw for raw, canon in self.canonical.items() if canon in wanted} | wanted)
