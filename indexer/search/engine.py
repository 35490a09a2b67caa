"""The search seam: what Library needs of a search engine, in plain data.

An engine (whoosh_engine.SearchIndex today) implements SearchEngine; callers get ids, stored fields,
scores and analysed terms back, and draw highlights with highlight_spans from our own analyzer, so any
engine highlights exactly alike. The query syntax check and the search deadline are engine-independent.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Protocol, Sequence

from ..errors import QueryError
from .analysis import ANALYZER_VERSION, highlight_spans, phrase_spans, term_spans  # noqa: F401 - the seam's spans

@dataclass(frozen=True)
class IndexDoc:
    """What the index needs of one article."""

    id: str
    title: str
    body: str
    date: str = ""
    author: str = ""
    source: str = ""
    path: str = ""
    content_hash: str = ""
    actor_ids: tuple[str, ...] = ()


@dataclass
class RawHit:
    id: str
    score: float
    fields: dict


@dataclass
class RawResults:
    total: int
    hits: list[RawHit]
    terms: frozenset[str]  # the query's positive terms, analysed (wildcards expanded); see term_spans()
    facets: Counter = field(default_factory=Counter)  # actor id (after facet_key) -> matching articles
    phrases: frozenset[tuple[str, ...]] = frozenset()  # exact phrases, analysed: highlighted only whole


# Other names of the actor a word or phrase names ("Zelensky" -> "Zelenskyy", "Volodymyr Zelenskiy"),
# as plain text; given by the library (see Library._other_names), empty when the words name no one actor.
# Called with explicit=True for `actor:NAME`: then every name of the actors NAME resolves to.
NameExpander = Callable[..., Sequence[str]]
MAX_OTHER_NAMES = 24  # alternatives one query word or phrase may gain



# Bounds that keep every search short, whatever is typed or pasted (issue 12 item 4).
MAX_QUERY_CHARS = 1000  # Whoosh's parser is quadratic in a word's length
MAX_EXPANSION = 1000  # words one wildcard, prefix or range may stand for
MAX_WILDCARDS = 2  # '*' in one word: '*a*b*c*' makes the pattern match slow on every word of the index
SEARCH_SECONDS = 10.0  # the time budget of one search, the CLI's and the app's

# Field names a user may type, and the schema field each one means.
FIELD_ALIASES = {"text": "body", "actor": "actors", "outlet": "source", "by": "author"}
USER_FIELDS = ("title", "text", "author", "source", "date", "actor", "path", "id")
_FIELD_PREFIX = re.compile(r"(?<![\w\"])([A-Za-z_]\w*):(?=\S)(?!//)")


class SearchEngine(Protocol):
    """The operations Library uses. Raises QueryError (a message for the user) for a query it cannot run,
    IndexCorruptError for an index it cannot read, LibraryLockedError when another process writes."""

    path: Path

    def close(self) -> None: ...
    def recreate(self) -> None: ...
    def writer(self, *, timeout: float = 0.0, procs: int = 1): ...
    def doc_count(self) -> int: ...
    @property
    def outdated(self) -> bool: ...
    def forget_searchers(self) -> None: ...
    def parse(self, text: str, expand_names: NameExpander | None = None): ...
    def search(self, text: str = "", *, actor_sets: Sequence[set[str]] = (), date_from: str = "",
               date_to: str = "", source: str = "", limit: int = 20, sort: str = "relevance",
               facets: bool = False, facet_key: Callable[[str], str | None] = lambda actor_id: actor_id,
               time_budget: float | None = None, expand_names: NameExpander | None = None) -> RawResults: ...
    def more_like(self, article_id: str, text: str, limit: int = 5) -> list[tuple[str, float]]: ...
    def query_highlights(self, query_text: str, expand_names: NameExpander | None = None,
                         time_budget: float | None = None) -> tuple[frozenset[str], frozenset[tuple[str, ...]]]: ...
    def hit_spans(self, text: str, query_text: str,
                  expand_names: NameExpander | None = None) -> list[tuple[int, int]]: ...


# -- the query syntax, checked before any engine parses it ---------------------------------------------
def _check_syntax(text: str) -> None:
    """Catch mistakes Whoosh would silently swallow (or choke on), and say how to fix them."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"The query {_shown(text)} is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}. "
            "Search for a few distinctive words or a short phrase instead."
        )
    if text.count('"') % 2:
        raise QueryError(f"The query {_shown(text)} has an unclosed quote (\"). Close the phrase or remove the quote.")
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            break
    if depth != 0:
        raise QueryError(f"The query {_shown(text)} has unbalanced brackets. Check each ( has its ).")
    for match in _field_prefixes(text):
        name = match.group(1).lower()
        if name not in _KNOWN_FIELDS:
            raise QueryError(
                f"The query {_shown(text)} names an unknown field '{match.group(1)}:'. "
                f"Use one of: {', '.join(f + ':' for f in USER_FIELDS)}."
            )
    stripped = text.strip()
    if stripped in {"*", "?"} or re.fullmatch(r"[*?\s]+", stripped or "x"):
        raise QueryError(f"The query {_shown(text)} would match everything. Add a word before the wildcard.")
    _check_wildcards(text)


_KNOWN_FIELDS = frozenset(USER_FIELDS) | frozenset(FIELD_ALIASES) | {"body", "actors", "content_hash"}


def _field_prefixes(text: str) -> Iterable[re.Match]:
    """The `name:` prefixes of a query, outside "phrases" (where a colon is just text)."""
    for m in _FIELD_PREFIX.finditer(text):
        if text.count('"', 0, m.start()) % 2 == 0:
            yield m


def _lowercase_fields(text: str) -> str:
    """`ACTOR:Lavrov`, `Title:grain` -> `actor:Lavrov`, `title:grain`: field names are case-insensitive."""
    out, last = [], 0
    for m in _field_prefixes(text):
        out.append(text[last:m.start(1)] + m.group(1).lower())
        last = m.end(1)
    return "".join(out) + text[last:]


def _check_wildcards(text: str) -> None:
    """Reject patterns whose matching is slow on every word of the index ('*a*b*c*d*e*')."""
    outside_phrases = " ".join(text.split('"')[::2])  # in a "phrase" a * is not a wildcard
    for word in outside_phrases.split():
        if word.count("*") > MAX_WILDCARDS:
            raise QueryError(
                f"The pattern {_shown(word)} has {word.count('*')} wildcards (*); use at most {MAX_WILDCARDS} "
                "in one word, with letters before the first."
            )


# -- the search deadline: each thread's searches get a time budget ----------------------------------
class _OutOfTime(Exception):
    """The search's time budget ran out (turned into a QueryError for the user by the caller)."""


_clock = threading.local()  # each thread's search deadline (time.monotonic), or None


class _deadline:
    """`with _deadline(seconds):` gives the searches of this thread a time budget."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self):
        self._outer = getattr(_clock, "deadline", None)
        _clock.deadline = time.monotonic() + max(0.0, self.seconds)
        return self

    def __exit__(self, *exc):
        _clock.deadline = self._outer


def _check_time() -> None:
    """Raise _OutOfTime when this thread's search deadline has passed (cheap: one clock read)."""
    deadline = getattr(_clock, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise _OutOfTime


def _too_slow(text: str, seconds: float) -> str:
    return (f"The search for {_shown(text or 'the filters')} took longer than {seconds:g} seconds and was stopped. "
            "Narrow it: add a more specific word, use fewer wildcards, or filter by actor, date or source.")


def _shown(text: str, limit: int = 60) -> str:
    """A query quoted for a message, shortened: a pasted page never fills the screen."""
    return repr(text if len(text) <= limit else text[:limit] + "…")
