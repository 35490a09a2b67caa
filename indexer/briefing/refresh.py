"""Citations that follow the library: each excerpt's citation is compared with its article as the library
has it now (by article id), so a corrected title, date, outlet, author or URL reaches the briefing.

The quoted text is never changed. When the article no longer contains it, the excerpt keeps it and is flagged
STALE_CHANGED ("text no longer in the article"); when the article is gone, the excerpt keeps its snapshot and
is flagged STALE_MISSING ("article no longer in the library"). `plan_refresh` only reads, so a GUI can apply
the updates as one undoable step; `refresh_citations` applies them at once (the CLI). Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from indexer.model import QUOTE_DIRECT, Article, page_label

from .model import STALE_CHANGED, STALE_MISSING, Briefing, Excerpt, article_citation, quote_at_span

Lookup = Callable[[str], Optional[Article]]  # the article now; None (or KeyError) when it is gone


@dataclass
class CitationRefresh:
    """What following the library changes: updates {excerpt id: {field: value now}} (an undoable edit),
    flags {excerpt id: flag now} for the excerpts whose flag changes, and every flagged excerpt's flag."""

    updates: dict[str, dict[str, object]] = field(default_factory=dict)
    flags: dict[str, str] = field(default_factory=dict)
    flagged: dict[str, str] = field(default_factory=dict)
    found: int = 0  # articles cited that the library has
    missing: int = 0  # and those it does not have

    @property
    def none_found(self) -> bool:
        """Not one cited article is in the library: most likely the briefing was built from another one."""
        return self.missing > 0 and self.found == 0

    def count(self, flag: str) -> int:
        return sum(1 for value in self.flagged.values() if value == flag)

    def summary(self) -> str:
        """One sentence for a status bar or a terminal; "" when every citation already followed the library."""
        parts = []
        if self.updates:
            parts.append(f"Updated the citations of {_excerpts(len(self.updates))} to the library's current details.")
        for flag, what in ((STALE_CHANGED, "whose text is no longer in the article"),
                           (STALE_MISSING, "whose article is no longer in the library")):
            if self.count(flag):
                parts.append(f"{_excerpts(self.count(flag)).capitalize()} {what} kept as taken and flagged.")
        return " ".join(parts)


def _excerpts(n: int) -> str:
    return f"{n} excerpt{'' if n == 1 else 's'}"


def plan_refresh(briefing: Briefing, lookup: Lookup) -> CitationRefresh:
    """Compare every excerpt with its article now; changes nothing. A lookup error other than KeyError
    (a damaged or locked library) propagates: the caller says the citations could not be checked."""
    refresh = CitationRefresh()
    articles: dict[str, Optional[Article]] = {}
    for excerpt in briefing.excerpts():
        if excerpt.article_id not in articles:
            articles[excerpt.article_id] = _article(lookup, excerpt.article_id)
            refresh.found += articles[excerpt.article_id] is not None
            refresh.missing += articles[excerpt.article_id] is None
        fields_now, flag = excerpt_now(excerpt, articles[excerpt.article_id])
        changed = {name: value for name, value in fields_now.items() if getattr(excerpt, name) != value}
        if {"start", "end"} & set(changed):  # offsets move together (a file's end may not match its text)
            changed.update(start=fields_now["start"], end=fields_now["end"])
        if changed:
            refresh.updates[excerpt.id] = changed
        if flag != excerpt.stale:
            refresh.flags[excerpt.id] = flag
        if flag:
            refresh.flagged[excerpt.id] = flag
    return refresh


def refresh_citations(briefing: Briefing, lookup: Lookup) -> CitationRefresh:
    """plan_refresh, then apply it to the briefing (flags and updates); returns what changed."""
    refresh = plan_refresh(briefing, lookup)
    apply_refresh(briefing, refresh)
    return refresh


def apply_refresh(briefing: Briefing, refresh: CitationRefresh) -> None:
    """Set the flags and the updated citations of a plan_refresh, at once (not undoable)."""
    briefing.flag_excerpts(refresh.flags)
    briefing.update_excerpts(refresh.updates)


def _article(lookup: Lookup, article_id: str) -> Optional[Article]:
    try:
        return lookup(article_id)
    except KeyError:
        return None


def excerpt_now(excerpt: Excerpt, article: Optional[Article]) -> tuple[dict[str, object], str]:
    """The excerpt's citation fields as the article has them now, and its flag ("" when all is well).

    The metadata always follows a present article. Offsets, page, and a quote's speaker and kind follow
    only where the article still contains the excerpt's text: at its offsets, else at the nearest place."""
    if article is None:
        return {}, STALE_MISSING
    fields: dict[str, object] = dict(article_citation(article))
    span = locate(article.text, excerpt.text, excerpt.start)
    if span is None:
        return fields, STALE_CHANGED
    start, end = span
    fields.update(start=start, end=end, page=page_label(article.pages, start, end))
    fields.update(_attribution(excerpt, article, start, end))
    return fields, ""


def locate(text: str, quoted: str, near: int) -> tuple[int, int] | None:
    """[start, end) of `quoted` in `text`: at `near` when it is still there, else the occurrence nearest to
    it; None when the text no longer contains it."""
    if not quoted:
        return None
    if text[near : near + len(quoted)] == quoted:
        return near, near + len(quoted)
    best, at = None, text.find(quoted)
    while at >= 0:
        if best is None or abs(at - near) < abs(best - near):
            best = at
        at = text.find(quoted, at + 1)
    return None if best is None else (best, best + len(quoted))


def _attribution(excerpt: Excerpt, article: Article, start: int, end: int) -> dict[str, object]:
    """A quote excerpt's speaker and kind as the article attributes that quote now; a plain excerpt (no
    speaker, no kind) never gains a speaker, and a span that is no longer a quote keeps what it had."""
    if not (excerpt.speaker or excerpt.quote_kind):
        return {}
    found = quote_at_span(article, start, end)
    if found is None:
        return {}
    speaker, kind = found
    if kind == QUOTE_DIRECT and not excerpt.quote_kind:  # a file from before quote kinds: "" meant direct
        return {"speaker": speaker}
    return {"speaker": speaker, "quote_kind": kind}
