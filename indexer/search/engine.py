"""The search seam: what Library needs of a search engine, in plain data.

An engine (whoosh_engine.SearchIndex today) implements SearchEngine; callers get ids, stored fields,
scores and analysed terms back, and draw highlights with highlight_spans from our own analyzer, so any
engine highlights exactly alike. The query syntax check, the query tree (parse_query: one grammar, each
engine compiles the tree) and the search deadline are engine-independent.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Protocol, Sequence, runtime_checkable

from ..errors import QueryError
from .analysis import ANALYZER_VERSION, analyse, stem_letters
from .analysis import highlight_spans, phrase_spans, term_spans  # noqa: F401 - the seam's spans


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
    """One hit as the engine gives it: the article id, its score and its stored fields."""

    id: str
    score: float
    fields: dict


@dataclass
class RawResults:
    """What a search gives Library: the total, the top hits, and what to highlight."""

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

# How the user recreates the index, in every message that asks for it (the app's menu item: desktop/actions.py).
REBUILD_HINT = "Run `briefing-index rebuild` (or File ▸ Rebuild Index in the app)"

# Field names a user may type, and the schema field each one means.
FIELD_ALIASES = {"text": "body", "actor": "actors", "outlet": "source", "by": "author"}
USER_FIELDS = ("title", "text", "author", "source", "date", "actor", "path", "id", "lang")
LANGUAGE_FIELDS = ("lang", "language")  # `lang:ru`: the article's language, a filter on the whole query
_FIELD_PREFIX = re.compile(r"(?<![\w\"])([A-Za-z_]\w*):(?=\S)(?!//)")


@runtime_checkable
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


class CommittingWriter:
    """An engine writer as a context manager: commit() when the block ends, cancel() when it raises."""

    def commit(self, merge: bool = True) -> None:
        raise NotImplementedError

    def cancel(self) -> None:
        raise NotImplementedError

    def commit_alongside(self, work: Callable[[], None], merge: bool = True) -> None:
        """Commit, and run `work` in this process: while the commit is under way where the engine commits
        elsewhere (a writer process), else after it. Both are done on return; an error of either is raised."""
        self.commit(merge)
        work()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.cancel()


# -- a prefix on a stemmed field, for every engine ------------------------------------------------------
# Endings a word may add to the letters typed before a `*`; their stems are the index terms of those words
# that no longer start with the typed letters ("negotiat" + "ions" -> "negoti", "zelensky" + "y" -> "zelenskyi").
_PREFIX_ENDINGS = (
    "", "e", "s", "es", "ed", "d", "ing", "y", "ies", "ied", "er", "ers", "or", "ors", "ion", "ions", "ional",
    "ate", "ated", "ates", "ating", "ation", "ations", "ator", "ators", "ive", "ively", "al", "ally", "ly", "ment",
    "ments", "ness", "ful", "ity", "ities", "ism", "ist", "ists", "ize", "ized", "izes", "ization", "ise", "ised",
    "ic", "ical", "ance", "ence", "ant", "ent", "able", "ible", "ous",
)


def prefix_terms(typed: str, version: str = ANALYZER_VERSION) -> tuple[str, list[str]] | None:
    """`typed*` on a stemmed field: (the letters its index terms start with, folded but not stemmed: `peace*`
    is not the stem `peac`, which would match `peach`; the stems of the letters plus a common ending that do
    not start with them: `negotiat*` adds `negoti`, `Zelensky*` the stem `zelenski` of Zelensky beside the
    letters `zelensky` that `zelenskyi` (Zelenskyy) starts with). None when no letters are left."""
    folded = next(iter(analyse(typed, stem=False, stop=False, tokenize=False, version=version)), None)
    if folded is None:
        return None
    letters = stem_letters(folded.text, version)
    family = sorted(_stem_family(folded.text, version) - {letters})
    return letters, [term for term in family if not term.startswith(letters)]


@lru_cache(maxsize=1024)
def _stem_family(folded: str, version: str) -> frozenset[str]:
    """The stems of the folded prefix followed by each common ending (English ones: a Cyrillic stem keeps
    its word's first letters, so its prefix alone finds it)."""
    endings = _PREFIX_ENDINGS if folded.isascii() else ("",)
    return frozenset(t.text for ending in endings
                     for t in analyse(folded + ending, stop=False, tokenize=False, version=version))


# -- the query syntax, checked before any engine parses it ---------------------------------------------
_QUOTED = re.compile(r'"([^"]*)"')


def _check_phrase(text: str, phrase: str) -> None:
    """A phrase of several words that the index keeps only one of ("how are you": "are" and "you" are
    stop words) would find every article with that one word, and mark it as the phrase: refused, saying why."""
    typed = [t.text for t in analyse(phrase, stem=False, stop=False)]
    kept = [t.text for t in analyse(phrase, stem=False)]
    if len(typed) >= 2 and len(kept) == 1:
        dropped = ", ".join(dict.fromkeys(f"“{w}”" for w in typed if w not in kept))
        raise QueryError(
            f"The phrase “{phrase}” in {_shown(text)} is mostly very common words the index does not keep "
            f"({dropped}), so it would find every article with “{kept[0]}”. Add a less common word of the "
            "passage to the phrase."
        )


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
    for match in _QUOTED.finditer(text):
        _check_phrase(text, match.group(1))
    for match in _field_prefixes(text):
        name = match.group(1).lower()
        if name not in _KNOWN_FIELDS:
            raise QueryError(
                f"The query {_shown(text)} names an unknown field '{match.group(1)}:'. "
                f"Use one of: {', '.join(f + ':' for f in USER_FIELDS)}."
            )
    for match in _EMPTY_FIELD.finditer(text):
        name = match.group(1)
        if name.lower() in _KNOWN_FIELDS:
            example = _FIELD_EXAMPLES.get(FIELD_ALIASES.get(name.lower(), name.lower()), "ceasefire")
            raise QueryError(f"The query {_shown(text)} has nothing after '{name}:'. Put the value right after "
                             f"the colon, with no space: {name}:{example}")
    for match in _DATE_RANGE.finditer(text):
        check_day(match.group(1), "date range start")  # a day that cannot be is said first: swapping would not help
        check_day(match.group(2), "date range end")
        check_range(match.group(1), match.group(2), f"In the query {_shown(text)}, the range's first date",
                    "its last date")
    stripped = text.strip()
    if stripped in {"*", "?"} or re.fullmatch(r"[*?\s]+", stripped or "x"):
        raise QueryError(f"The query {_shown(text)} would match everything. Add a word before the wildcard.")
    _check_wildcards(text)


_FIELD_EXAMPLES = {"actors": "Putin", "source": "Reuters", "author": "Smith", "date": "2025-05-16", "lang": "ru",
                   "language": "ru", "id": "3dc141d2f65ba13a", "path": "reuters"}
_EMPTY_FIELD = re.compile(r"(?<![\w\"])([A-Za-z_]\w*):(?:\"\s*\"|(?=\s|$))")  # `title:`, `actor:""`: nothing after it
_KNOWN_FIELDS = (frozenset(USER_FIELDS) | frozenset(FIELD_ALIASES) | frozenset(LANGUAGE_FIELDS)
                 | {"body", "actors", "content_hash"})


def split_language(text: str) -> tuple[str, str]:
    """(the query without its `lang:CODE`, CODE lowercased or ""). The language narrows the whole query, so
    `lang:` must stand beside the other words, once, not inside brackets or after OR or NOT; else QueryError."""
    found = [m for m in _field_prefixes(text) if m.group(1).lower() in LANGUAGE_FIELDS]
    if not found:
        return text, ""
    word = re.match(r"[^\s()\"]+", text[found[0].end():])
    before, after = text[:found[0].start()], text[found[0].end() + (word.end() if word else 0):]
    if len(found) > 1 or word is None or not _beside_the_rest(before, after):
        raise QueryError(
            f"The query {_shown(text)} uses lang: inside brackets, after OR or NOT, or more than once. "
            "Give one language beside the other words: lang:ru talks."
        )
    return (before + after).strip(), word.group().lower()


def _beside_the_rest(before: str, after: str) -> bool:
    """True when a `lang:` between `before` and `after` is ANDed with the whole rest of the query."""
    words_before, words_after = before.split(), after.split()
    if before.count("(") != before.count(")"):
        return False
    if words_before and (words_before[-1] in ("OR", "NOT", "ANDNOT", "-", "+") or words_before[-1].endswith(":")):
        return False
    if (words_after and words_after[0] == "OR") or (before.strip().endswith("-")):
        return False
    return True


def _field_prefixes(text: str) -> Iterable[re.Match]:
    """The `name:` prefixes of a query, outside "phrases" (where a colon is just text)."""
    for m in _FIELD_PREFIX.finditer(text):
        if text.count('"', 0, m.start()) % 2 == 0:
            yield m


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


# -- the query tree: one grammar for every engine --------------------------------------------------------
# Each engine compiles this tree (whoosh_engine.compile_query). Word texts are as typed: the engine analyses
# them with our analyzer. `start`/`end` are character offsets into the query, for messages and name expansion.
@dataclass(frozen=True)
class Term:
    """One word, as typed (the engine analyses it)."""

    field: str  # a user field name (title, text, author...) or "" for the default: title and body
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Phrase:
    """`"words in quotes"`: the words in this order."""

    field: str
    text: str  # between the quotes
    start: int  # of the text, after the opening quote
    end: int


@dataclass(frozen=True)
class Pattern:
    """A word with wildcards: `peace*` (a prefix), `pe?ce`."""

    field: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Range:
    """`field:[a TO b]` (inclusive) or `{a TO b}` (exclusive); either end may be empty."""

    field: str
    low: str
    high: str
    exclusive: bool = False


@dataclass(frozen=True)
class DateRange:
    """`date:[2025-02-01 TO 2025-02-28]`."""

    low: str
    high: str


@dataclass(frozen=True)
class Actor:
    """`actor:NAME` (or `actor:"Full Name"`): articles mentioning the actor, under any of its names."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class And:
    """Every child matches."""

    children: tuple


@dataclass(frozen=True)
class Or:
    """Any child matches."""

    children: tuple


@dataclass(frozen=True)
class Not:
    """The child does not match."""

    child: object


Node = Term | Phrase | Pattern | Range | DateRange | Actor | And | Or | Not | None

_QUERY_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<open>\()
  | (?P<close>\))
  | "(?P<phrase>[^"]*)"
  | (?P<range>[\[{][^\]}]*[\]}])
  | (?P<field>(?<![\w"])[A-Za-z_]\w*):(?=\S)(?!//)
  | (?P<sign>[+-])(?=[^\s+-])
  | (?P<word>[^\s()"]+)
""", re.VERBOSE)
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT"}
_ACTOR_FIELDS = {"actor", "actors"}


def parse_query(text: str) -> Node:
    """The query tree of `text` (check_query first: this never raises). Juxtaposed items are ANDed;
    explicit operators bind tighter, AND and ANDNOT before OR; NOT and a leading - negate, + is a no-op.
    A `-` inside a word is part of it (`U.S.-led`). None when nothing is left to search for."""
    return _QueryParser(text).parse()


class _QueryParser:
    def __init__(self, text: str):
        self.tokens = [(m.lastgroup, m) for m in _QUERY_TOKEN.finditer(text) if m.lastgroup != "space"]
        self.i = 0

    def parse(self) -> Node:
        node = self._sequence()
        while self.i < len(self.tokens):  # an unmatched ")": what follows is read on its own
            self.i += 1
            node = _joined(And, [node, self._sequence()])
        return node

    def _peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def _is_operator(self, *names: str) -> bool:
        kind, m = self._peek()
        return kind == "word" and m.group() in names

    def _sequence(self) -> Node:
        items = []
        while self.i < len(self.tokens) and self._peek()[0] != "close":
            if self._is_operator("AND", "OR", "ANDNOT"):  # an operator with nothing on its left
                self.i += 1
                continue
            items.append(self._or())
        return _joined(And, items)

    def _or(self) -> Node:
        items = [self._and()]
        while self._is_operator("OR"):
            self.i += 1
            items.append(self._and())
        return _joined(Or, items)

    def _and(self) -> Node:
        items = [self._unary()]
        while self._is_operator("AND", "ANDNOT"):
            negate = self._peek()[1].group() == "ANDNOT"
            self.i += 1
            item = self._unary()
            items.append(Not(item) if negate and item is not None else item)
        return _joined(And, items)

    def _unary(self) -> Node:
        if self._is_operator("NOT"):
            self.i += 1
            child = self._unary()
            return Not(child) if child is not None else None
        kind, m = self._peek()
        if kind == "sign":
            self.i += 1
            child = self._primary("")
            return Not(child) if m.group() == "-" and child is not None else child
        return self._primary("")

    def _primary(self, field: str) -> Node:
        kind, m = self._peek()
        if kind is None or kind == "close" or (kind == "word" and m.group() in _OPERATORS):
            return None
        self.i += 1
        if kind == "open":
            node = self._sequence()
            if self._peek()[0] == "close":
                self.i += 1
            return node if not field else _with_field(node, field)
        if kind == "field":
            return self._primary(m.group("field").lower())
        if kind == "sign":
            return self._primary(field)
        if kind == "phrase":
            if field in _ACTOR_FIELDS:
                return Actor(m.group("phrase"), m.start("phrase"), m.end("phrase"))
            return Phrase(field, m.group("phrase"), m.start("phrase"), m.end("phrase"))
        if kind == "range":
            return _range(field, m.group())
        return _word(field, m.group(), m.start(), m.end())


def _word(field: str, text: str, start: int, end: int) -> Node:
    if field in _ACTOR_FIELDS:
        return Actor(text, start, end)
    if "*" in text or "?" in text:
        return Pattern(field, text, start, end)
    return Term(field, text, start, end)


def _range(field: str, text: str) -> Node:
    low, _sep, high = text[1:-1].partition(" TO ")
    low, high = low.strip(), high.strip()
    if not _sep:  # "[TO b]" or "[a TO]" lose a space to strip(); "[a b]" is read as "[a TO b]"
        body = text[1:-1].strip()
        low, high = (("", body[3:].strip()) if body.startswith("TO ") else
                     (body[:-3].strip(), "") if body.endswith(" TO") else body.partition(" ")[::2])
    if field == "date":
        check_day(low, "date range start")
        check_day(high, "date range end")
        return DateRange(low, high)
    return Range(field, low, high, exclusive=text[0] == "{")


def check_day(value: str, label: str = "date") -> None:
    """QueryError when `value` names a day that does not exist ("2025-13-01", "2025-02-30").

    Dates are read by their digits (YYYY, YYYY-MM, YYYY-MM-DD, any separators), as the engines read them; an
    empty value or "*" is an open end. Only a month or day that cannot be is refused here."""
    digits = re.sub(r"\D", "", value or "")[:8]  # a time after the day is ignored, as the engines do
    if not digits or value.strip() == "*":
        return
    if len(digits) in (1, 2, 3, 5, 7):
        raise QueryError(f"The {label} {value!r} is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY).")
    year, month, day = int(digits[:4]), int(digits[4:6] or 1), int(digits[6:8] or 1)
    if not 1 <= month <= 12:
        raise QueryError(f"The {label} {value!r} is not a real date: there is no month {month}. Use YYYY-MM-DD.")
    if day < 1 or day > _days_in_month(year, month):
        raise QueryError(f"The {label} {value!r} is not a real day: {year}-{month:02d} has "
                         f"{_days_in_month(year, month)} days. Use YYYY-MM-DD.")


_DATE_RANGE = re.compile(r"(?i)\bdate:\s*[\[{]\s*([\d-]+)\s+TO\s+([\d-]+)\s*[\]}]")


def check_range(date_from: str, date_to: str, first_label: str = "The from date", last_label: str = "the to date") -> None:
    """QueryError when the range's first day comes after its last: it can match nothing ("2025-06" to "2025-05";
    a month or year stands for its first day as a start, its last as an end)."""
    first, last = re.sub(r"\D", "", date_from or "")[:8], re.sub(r"\D", "", date_to or "")[:8]
    if first and last and first.ljust(8, "0") > last.ljust(8, "9"):
        raise QueryError(f"{first_label} ({date_from}) is after {last_label} ({date_to}), so nothing can match. "
                         "Swap the two dates.")


def _days_in_month(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(max(year, 1), month)[1]


def _with_field(node: Node, field: str) -> Node:
    """`field:(a b "c d")`: the field applies to every leaf that has none."""
    if isinstance(node, (Term, Phrase, Pattern)) and not node.field:
        return (Actor(node.text, node.start, node.end) if field in _ACTOR_FIELDS and not isinstance(node, Pattern)
                else type(node)(field, node.text, node.start, node.end))
    if isinstance(node, Range) and not node.field:
        rebuilt = _range(field, f"[{node.low} TO {node.high}]")
        return replace(rebuilt, exclusive=node.exclusive) if isinstance(rebuilt, Range) else rebuilt
    if isinstance(node, (And, Or)):
        return type(node)(tuple(_with_field(child, field) for child in node.children))
    if isinstance(node, Not):
        return Not(_with_field(node.child, field))
    return node


def _joined(kind, items: list) -> Node:
    items = [item for item in items if item is not None]
    if not items:
        return None
    return items[0] if len(items) == 1 else kind(tuple(items))
