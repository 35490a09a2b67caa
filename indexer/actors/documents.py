"""Documents that speak: “…,” the statement read / according to a joint statement, … “…”.

A document speaker is named by the noun phrase that introduces it, with its qualifiers ("US-Ukraine joint
statement", "28-point peace plan", "joint statement"). A later bare "the document", "the statement", "the
declaration", "the initial proposal" points back to the one document of that kind named earlier in the
article, and to nothing when there are several or none. Precision first: a phrase with no qualifier never
names a document ("the Kremlin said in a statement": the Kremlin speaks), nor one whose qualifier is a
person or an organisation ("the Kremlin statement", "Telnov's plan").

quotes.py gives such quotes a placeholder id (DOCUMENT_PREFIX + name) and reports the noun phrases as
Mentions; add_document_speakers turns them into discovered actors of type "document".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from indexer.model import Mention, Quote

DOCUMENT_PREFIX = "document:"
DOCUMENT = "document"

_KIND = {
    "statement": "statement", "declaration": "statement", "communique": "statement", "communiqué": "statement",
    "plan": "plan", "proposal": "plan", "draft": "plan", "framework": "plan", "roadmap": "plan",
    "memorandum": "memorandum", "memo": "memorandum",
    "agreement": "agreement", "treaty": "agreement", "accord": "agreement",
    "resolution": "resolution", "letter": "letter", "decree": "decree",
}
_ANY_KIND = ("document", "text")  # "the document" may be any of them
_HEADS = "|".join(sorted([*_KIND, *_ANY_KIND], key=len, reverse=True))
_NOT_QUALIFIER = r"(?!(?i:the|a|an|and|or|of|to|in|on|for|with|by|at|from|that|which|is|was|has|had|as)\b)"
_QUALIFIER = rf"{_NOT_QUALIFIER}(?:(?:[A-Z]\.){{2,}}|[\w’'-]+)"  # a word, or initials such as U.S.
_NP_RE = re.compile(rf"(?<![\w'’-])(?:[Tt]he|[Aa]n?)\s+((?:{_QUALIFIER}\s+){{0,4}}?)({_HEADS})(?![\w'’-])")
# Qualifiers that do not tell one document from another: "the initial proposal" is only an anaphor.
_GENERIC = frozenset(
    """initial original new updated latest earlier revised first second third final previous current same full
    official brief short long contentious controversial proposed so-called written signed whole entire lengthy
    latter former draft leaked published amended""".split()
)
_PARTICIPLE_RE = re.compile(r"-(?:proposed|backed|brokered|led|drafted|sponsored|authored|agreed)$", re.I)
_SAYS = r"(?:says|said|states|stated|reads|read|notes|noted|stresses|stressed|emphasi[sz]es|emphasi[sz]ed|adds|added)"
_SPOKE_BEFORE_RE = re.compile(rf"(?:\b{_SAYS}|\b[Aa]ccording\s+to)\s+(?:the|a|an)\s+$")
_SPOKE_AFTER_RE = re.compile(rf"\s+(?:also\s+|further\s+)?{_SAYS}\b")
# Verbs only a document takes as a speaker: “…,” the statement read.
DOCUMENT_VERBS = "read reads stipulates stipulated specifies specified"


@dataclass(frozen=True)
class DocumentPhrase:
    """A noun phrase naming or pointing to a document: text[start:end] is qualifiers and head."""

    start: int
    end: int
    kind: str  # "statement", "plan", ... or "" for "document"/"text"
    name: str  # "joint statement"; "" when the phrase only points back ("the statement")


def is_document(actor_id: str) -> bool:
    return actor_id.startswith(DOCUMENT_PREFIX)


def phrase_at(text: str, start: int, end: int, speaker_in: Callable[[int, int], bool]) -> DocumentPhrase | None:
    """The document phrase that is exactly text[start:end] (determiner included), else None."""
    m = _NP_RE.fullmatch(text, start, end)
    return _phrase(m, speaker_in) if m else None


def phrase_ending(text: str, lo: int, end: int, speaker_in: Callable[[int, int], bool]) -> DocumentPhrase | None:
    """The document phrase that ends text[lo:end] ("Later, the joint statement"), else None."""
    last = text[max(lo, end - 12) : end].split()
    if not last or last[-1].lower() not in _KIND and last[-1].lower() not in _ANY_KIND:
        return None
    for m in _NP_RE.finditer(text, max(lo, end - 80), end):
        if m.end() == end:
            return _phrase(m, speaker_in)
    return None


def phrase_starting(text: str, at: int, speaker_in: Callable[[int, int], bool]) -> DocumentPhrase | None:
    """The document phrase that starts at `at` after spaces ("according to a joint statement")."""
    m = _NP_RE.match(text, at + len(text[at : at + 10]) - len(text[at : at + 10].lstrip()))
    return _phrase(m, speaker_in) if m else None


def _phrase(m: re.Match, speaker_in: Callable[[int, int], bool]) -> DocumentPhrase | None:
    qualifiers = m.group(1).split()
    if qualifiers and (speaker_in(m.start(1), m.end(1)) or qualifiers[-1].endswith(("'s", "’s"))):
        return None  # "the Kremlin statement", "the minister's letter": that speaker's words
    named = _naming_words(qualifiers)
    head = m.group(2)
    start = m.start(1) if qualifiers else m.start(2)
    return DocumentPhrase(start, m.end(), _KIND.get(head.lower(), ""), " ".join([*named, head]) if named else "")


def _naming_words(qualifiers: list[str]) -> list[str]:
    """The qualifiers that name the document: those after the last generic word or participle."""
    cut = 0
    for i, word in enumerate(qualifiers):
        if word.lower() in _GENERIC or _PARTICIPLE_RE.search(word) or (word.islower() and word.endswith("ed")):
            cut = i + 1
    return qualifiers[cut:]


class Documents:
    """The documents an article names, for resolving "the statement" back to "a joint statement"."""

    def __init__(self, text: str, outside_quotes: Callable[[int], bool], speaker_in: Callable[[int, int], bool]):
        self.text = text
        self._outside = outside_quotes
        self._speaker_in = speaker_in
        self._named: list[DocumentPhrase] | None = None

    def named(self) -> list[DocumentPhrase]:
        """Every phrase outside quotes that names a document, in text order (found once per article)."""
        if self._named is None:
            found = (_phrase(m, self._speaker_in) for m in _NP_RE.finditer(self.text) if self._outside(m.start()))
            self._named = [p for p in found if p is not None and p.name]
        return self._named

    def resolve(self, phrase: DocumentPhrase, at: int) -> DocumentPhrase | None:
        """The phrase itself when it names a document; else the one document of its kind named before `at`,
        or, of several, the one that already spoke ("…, says a joint statement")."""
        if phrase.name:
            return phrase
        fits = [p for p in self.named() if p.start < at and (not phrase.kind or p.kind == phrase.kind)]
        if len({p.name.lower() for p in fits}) > 1:
            fits = [p for p in fits if self._speaks(p)]
        return fits[0] if len({p.name.lower() for p in fits}) == 1 else None

    def _speaks(self, phrase: DocumentPhrase) -> bool:
        """The phrase is the subject of a speech verb or follows "according to"."""
        before = self.text[max(0, phrase.start - 30) : phrase.start]
        return bool(_SPOKE_BEFORE_RE.search(before) or _SPOKE_AFTER_RE.match(self.text, phrase.end))


def placeholder(phrase: DocumentPhrase) -> str:
    return DOCUMENT_PREFIX + phrase.name


def add_document_speakers(
    text: str, mentions: list[Mention], quotes: list[Quote], phrases: list[Mention], register: Callable[[str], str]
) -> tuple[list[Mention], list[Quote]]:
    """Documents quoted as speakers become actors (register(name) -> actor id, "" when ignored): their quotes
    get that id and their phrases become mentions, trimmed so they overlap no other mention."""
    used = {q.actor_id for q in quotes if is_document(q.actor_id)}
    ids = {p: register(p[len(DOCUMENT_PREFIX) :]) for p in sorted(used)}
    quotes = [replace(q, actor_id=ids.get(q.actor_id, "")) if is_document(q.actor_id) else q for q in quotes]
    added = []
    for phrase in phrases:
        actor_id = ids.get(phrase.actor_id, "")
        start = max([phrase.start, *(m.end for m in mentions if phrase.start < m.end <= phrase.end)])
        start += len(text[start : phrase.end]) - len(text[start : phrase.end].lstrip(" -–"))
        if actor_id and start < phrase.end and not any(m.start < phrase.end and start < m.end for m in mentions):
            added.append(Mention(actor_id, start, phrase.end, text[start : phrase.end]))
    return sorted([*mentions, *_no_overlaps(added)], key=lambda m: m.start), quotes


def _no_overlaps(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in sorted(set(mentions), key=lambda m: (m.start, -m.end)):
        if not out or m.start >= out[-1].end:
            out.append(m)
    return out
