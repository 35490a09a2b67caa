"""Frozen dataclasses shared by every layer: ingest, actors, index, library, CLI, GUI.

They carry plain data only (str, int, tuples), so they can be copied into
background jobs and serialised to JSON without surprises.
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from typing import Any

ACTOR_TYPES = ("person", "organisation", "place")


@dataclass(frozen=True)
class Progress:
    """One step of a long job. Long core jobs are generators that yield these."""

    done: int
    total: int
    message: str = ""


@dataclass(frozen=True)
class Document:
    """A cleaned article ready to be stored: the output of the ingest pipeline."""

    path: str  # absolute path of the source file
    title: str
    text: str  # cleaned plain text, the article's body (title not repeated)
    date: str = ""  # ISO YYYY-MM-DD or ""
    author: str = ""
    source: str = ""  # outlet, e.g. "Reuters"
    url: str = ""
    kind: str = "text"  # "text", "markdown" or "html"
    file_hash: str = ""  # sha256 of the raw file bytes (detects unchanged re-imports)
    content_hash: str = ""  # sha256 of the normalised cleaned text
    removed: tuple[RemovedLine, ...] = ()  # source lines the cleaner took out, with the reason
    warnings: tuple[str, ...] = ()  # what the import log should say beside "added" (lost text, fallbacks)
    language: str = ""  # ISO 639-1 code detected at import ("en", "ru", "uk" ...), "" when unsure
    part: str = ""  # where in its file, for a file of several articles: "message 3", "entry 2; attachment of 'x'"
    pages: tuple[int, ...] = ()  # a PDF's page starts: offset in `text` where page N+1 begins; () if not paged


@dataclass(frozen=True)
class RemovedLine:
    """A source line that is in neither the body nor the metadata, and why ("photo credit", "share row")."""

    line: int  # 1-based line number in the decoded source text (0 when unknown, e.g. HTML)
    text: str
    reason: str


@dataclass(frozen=True)
class Skip:
    """A file the importer could not take, with a reason the user can act on."""

    path: str
    reason: str


@dataclass(frozen=True)
class Mention:
    """One mention of an actor: a character span [start, end) in an article's text."""

    actor_id: str
    start: int
    end: int
    text: str = ""


@dataclass(frozen=True)
class Actor:
    """An actor as the library presents it, after the analyst's curation."""

    id: str
    name: str
    type: str  # one of ACTOR_TYPES
    role: str = ""
    aliases: tuple[str, ...] = ()
    discovered: bool = False  # found from context, not in the gazetteer


@dataclass(frozen=True)
class ActorStats:
    """An actor with how often the library mentions it."""

    actor: Actor
    articles: int = 0
    mentions: int = 0


@dataclass(frozen=True)
class ActorRef:
    """An actor in one article, with its mentions."""

    id: str
    name: str
    type: str
    role: str = ""
    discovered: bool = False
    mentions: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Quote:
    """A quoted statement in an article, attributed to an actor when the text says who.

    kind is DIRECT for words inside quote marks, REPORTED for reported speech ("X said that ...", no quote
    marks in the source): never present a reported one as the speaker's own words."""

    article_id: str
    text: str
    start: int
    end: int
    actor_id: str = ""  # "" when unattributed
    kind: str = "direct"  # QUOTE_DIRECT or QUOTE_REPORTED

    @property
    def reported(self) -> bool:
        return self.kind == QUOTE_REPORTED


QUOTE_DIRECT, QUOTE_REPORTED = "direct", "reported"
QUOTE_KINDS = (QUOTE_DIRECT, QUOTE_REPORTED)


@dataclass(frozen=True)
class Article:
    """A stored article: the source of truth the index is derived from."""

    id: str
    title: str
    text: str
    date: str = ""
    author: str = ""
    source: str = ""
    path: str = ""
    url: str = ""
    kind: str = "text"
    content_hash: str = ""
    file_hash: str = ""
    imported: str = ""  # ISO timestamp
    actors: tuple[ActorRef, ...] = ()
    quotes: tuple[Quote, ...] = ()
    removed: tuple[RemovedLine, ...] = ()  # what the cleaner took out, shown on request
    language: str = ""  # ISO 639-1 code: detected at import, or the analyst's correction; "" when unknown
    demo: bool = False  # from the bundled demo corpus: an invented story, not real reporting
    pages: tuple[int, ...] = ()  # a PDF's page starts: offset in `text` where page N+1 begins; () if not paged


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    title: str
    date: str
    source: str
    path: str
    author: str = ""
    language: str = ""
    demo: bool = False  # an invented demo story


@dataclass(frozen=True)
class Snippet:
    """Plain text with highlight ranges as character offsets into `text`. Never HTML."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    date: str
    source: str
    path: str
    score: float
    snippets: tuple[Snippet, ...] = ()
    author: str = ""
    language: str = ""
    demo: bool = False  # an invented demo story


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: tuple[Hit, ...] = ()
    facets: tuple[tuple[str, int], ...] = ()  # (actor_id, matching article count), best first
    terms: tuple[str, ...] = ()  # analysed query terms, for highlighting inside an opened article


@dataclass(frozen=True)
class Added:
    id: str
    path: str
    title: str
    updated: bool = False  # the file's article was already in the library, and its text changed


@dataclass(frozen=True)
class Duplicate:
    path: str
    duplicate_of: str
    title: str = ""  # the title of the article it duplicates
    similarity: float = 1.0  # share of this file's text already in that article (1.0: identical)
    metadata: str = ""  # what became of this copy's metadata: "took date, outlet from this copy", or ""

    @property
    def detail(self) -> str:
        """What the import log says: duplicate of “<title>” (similarity 0.93)[; took date from this copy]."""
        said = f"duplicate of “{self.title or self.duplicate_of}” (similarity {self.similarity:.2f})"
        return f"{said}; {self.metadata}" if self.metadata else said


@dataclass(frozen=True)
class Unchanged:
    path: str
    id: str


@dataclass
class ImportReport:
    """What one import did to every file it was given."""

    added: list[Added] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    unchanged: list[Unchanged] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    cancelled: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "added": [asdict(a) for a in self.added],
            "duplicates": [asdict(d) for d in self.duplicates],
            "unchanged": [asdict(u) for u in self.unchanged],
            "skipped": [asdict(s) for s in self.skipped],
        }

    @property
    def count(self) -> int:
        return len(self.added) + len(self.duplicates) + len(self.unchanged) + len(self.skipped)

    @property
    def updated(self) -> list[Added]:
        """The articles of `added` that were already in the library (their file changed)."""
        return [a for a in self.added if a.updated]


def page_at(pages: tuple[int, ...], offset: int) -> int:
    """The 1-based page holding the character at `offset`, 0 when the article has no pages."""
    return bisect.bisect_right(pages, max(offset, 0)) if pages else 0


def page_label(pages: tuple[int, ...], start: int, end: int) -> str:
    """"4" for a span [start, end) on page 4, "4–5" across pages, "" when the article has no pages."""
    if not pages:
        return ""
    first, last = page_at(pages, start), page_at(pages, max(start, end - 1))
    return str(first) if first == last else f"{first}–{last}"
