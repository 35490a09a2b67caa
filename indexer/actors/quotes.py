"""Quotes: who said what.

Finds quoted statements (curly, straight or guillemet quotes) and reported speech
("X told reporters that ..."), and attributes them to the actor the text names:

    “...,” X said        X said: “...”        “...,” said X        “A,” X said. “B.”  (B is X's too)

A quote span is the text inside the quotation marks (character offsets into the article).
Quotes the text does not attribute keep actor_id "".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from indexer.model import Mention, Quote

VERBS = (
    r"said|says|say|told|tells|added|adds|noted|notes|stated|warned|warns|announced|explained|wrote|writes|"
    r"insisted|argued|declared|replied|urged|acknowledged|confirmed|denied|stressed|emphasi[sz]ed|commented|"
    r"claimed|predicted|suggested|responded|recalled|cautioned|conceded|admitted|asserted|maintained|"
    r"observed|continued|tweeted|posted|asked|according to"
)
_MIN_WORDS = 3
_PAIRS_RE = re.compile(r"“([^“”]{1,3000}?)”|«([^«»]{1,3000}?)»|\"([^\"\n]{1,3000}?)\"|„([^“„]{1,3000}?)“")
_AFTER_VERB_RE = re.compile(rf"^[\s,]*(?:{VERBS})\b", re.I)
_SPEAKER_VERB_RE = re.compile(rf"^(?:[^.!?\"“”«»\n]|\.(?!\s)){{0,160}}?\b(?:{VERBS})\b")
_SHORT_TAIL_RE = re.compile(r"^[^.!?\n]{0,40}[.,!?]")
_BEFORE_RE = re.compile(rf"\b(?:{VERBS})(?:\s+(?:on|in)\s+\w+)?(?:\s+(?:reporters|journalists|\w+))?(?:\s+that)?\s*[,:]?\s*$", re.I)
_PRONOUN_RE = re.compile(r"^[\s,]*(?:he|she)\s+(?:" + VERBS + r")\b", re.I)
_REPORTED_RE = re.compile(
    r"\s+(?:told\s+(?:reporters|journalists|the\s+[\w ]{1,30}?|\w+)|said|says|warned|added|stressed|insisted)"
    r"(?:\s+on\s+\w+)?\s+that\s+([^.!?\n\"“”«»]{10,600}[.!?]?)"
)

TypeFn = Callable[[str], str]


@dataclass
class _Q:
    start: int
    end: int
    actor: str = ""
    attribution_end: int = -1  # where the attribution clause ends, for continuations


def extract_quotes(text: str, mentions: list[Mention], article_id: str = "", type_of: TypeFn | None = None) -> list[Quote]:
    """Quoted statements of an article with the actor each is attributed to ("" when unattributed)."""
    type_of = type_of or (lambda _id: "person")
    speakers = [m for m in mentions if type_of(m.actor_id) in ("person", "organisation")]
    starts = [m.start for m in speakers]
    found: list[_Q] = []
    for m in _PAIRS_RE.finditer(text):
        group = next(g for g in range(1, 5) if m.group(g) is not None)
        start, end = m.start(group), m.end(group)
        if len(text[start:end].split()) < _MIN_WORDS:
            continue
        found.append(_attribute(text, _Q(start, end), speakers, starts, type_of))
    _continue_attributions(text, found, speakers, starts)
    quotes = [Quote(article_id, text[q.start : q.end], q.start, q.end, q.actor) for q in found]
    quotes += _reported_speech(text, speakers, [(q.start, q.end) for q in found], article_id)
    return sorted(quotes, key=lambda q: (q.start, q.end))


def _in_range(speakers: list[Mention], starts: list[int], lo: int, hi: int) -> list[Mention]:
    i = bisect_left(starts, lo)
    out = []
    while i < len(speakers) and speakers[i].end <= hi:
        out.append(speakers[i])
        i += 1
    return out


def _prefer_person(found: list[Mention], type_of: TypeFn) -> Mention:
    """The first person among candidate speakers, else the first organisation."""
    return next((m for m in found if type_of(m.actor_id) == "person"), found[0])


def _attribute(text: str, q: _Q, speakers: list[Mention], starts: list[int], type_of: TypeFn) -> _Q:
    head = text[max(0, q.start - 1 - 250) : q.start - 1]
    if re.search(r"(?:\bthat|:)\s*$", head):
        found = _speaker_before(text, q, head, speakers, starts)
        if found is not None:
            return found
    close = q.end + 1
    tail = text[close : close + 200]
    # “...,” said X  /  “...,” X said  /  “...,” X, the ..., said
    verb = _AFTER_VERB_RE.match(tail)
    if verb:
        after = _in_range(speakers, starts, close + verb.end(), close + verb.end() + 120)
        after = [m for m in after if not re.search(r"[!?\"“”]|\.\s", text[close + verb.end() : m.start])]
        if after:
            who = _prefer_person(after, type_of)
            return _Q(q.start, q.end, who.actor_id, who.end)
    clause = _SPEAKER_VERB_RE.match(tail)
    if clause:
        inside = _in_range(speakers, starts, close, close + clause.end())
        ended = text[q.start : q.end].rstrip().endswith(".")
        if inside and (not ended or _SHORT_TAIL_RE.match(text, close + clause.end())):
            return _Q(q.start, q.end, _prefer_person(inside, type_of).actor_id, close + clause.end())
    found = _speaker_before(text, q, head, speakers, starts)
    if found is not None:
        return found
    if _PRONOUN_RE.match(tail):  # “...,” he said -> the last person named before the quote
        earlier = [m for m in speakers if m.end <= q.start]
        if earlier:
            return _Q(q.start, q.end, earlier[-1].actor_id, close + _PRONOUN_RE.match(tail).end())
    return q


def _speaker_before(text: str, q: _Q, head: str, speakers: list[Mention], starts: list[int]) -> _Q | None:
    """X said: “...”  /  X said that “...” - the last speaker named in the same sentence before the verb."""
    before = _BEFORE_RE.search(head)
    if not before:
        return None
    sentence_start = max(head.rfind(". "), head.rfind("\n"), head.rfind("”"), head.rfind('"')) + 1
    base = q.start - 1 - len(head)
    found = _in_range(speakers, starts, base + sentence_start, base + before.start())
    return _Q(q.start, q.end, found[-1].actor_id, q.end) if found else None


def _continue_attributions(text: str, found: list[_Q], speakers: list[Mention], starts: list[int]) -> None:
    """“A,” X said. “B.” - B continues X's quote when nobody else is named in between."""
    for prev, cur in zip(found, found[1:]):
        if cur.actor or not prev.actor or prev.attribution_end < 0:
            continue
        gap_start = max(prev.attribution_end, prev.end + 1)
        gap = text[gap_start : cur.start - 1]
        if len(gap) > 200 or "\n\n" in gap.strip(" \t") and len(gap.strip()) > 0:
            continue
        if _in_range(speakers, starts, gap_start, cur.start):
            continue
        cur.actor = prev.actor
        cur.attribution_end = prev.attribution_end


def _reported_speech(
    text: str, speakers: list[Mention], quoted: list[tuple[int, int]], article_id: str
) -> list[Quote]:
    """'X told reporters that ...': the clause after 'that' is X's statement."""
    out = []
    for m in speakers:
        rep = _REPORTED_RE.match(text, m.end)
        if rep is None:
            continue
        start, end = rep.span(1)
        if any(a <= start < b for a, b in quoted):
            continue
        out.append(Quote(article_id, text[start:end], start, end, m.actor_id))
    return out
