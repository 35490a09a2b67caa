"""Who owns a generic organisation name: "Ukraine's national security council" is Ukraine's, not the US one.

A gazetteer alias made only of generic words ("National Security Council", "Foreign Ministry", "Air Force")
names one country's body. When the text qualifies it with another owner - a possessive ("Ukraine's"), a
demonym ("Ukrainian") or a trailing "of Ukraine" - the bare name must not link to that entry.
"""

from __future__ import annotations

import re

from indexer.actors.discover import DEMONYMS

# Words every country uses for its own bodies; a name made only of these has no owner of its own.
_GENERIC = frozenset(
    """national security council ministry foreign defence defense affairs interior justice health state department
    general staff air force forces armed army navy naval intelligence service services agency directorate main
    central bank supreme court constitutional parliament assembly federal federation committee commission office
    presidential administration border guard police investigative bureau cabinet government commerce treasury
    homeland energy finance economy economic trade military command joint chiefs of the and for on""".split()
)
_OWNER_WORD = r"[A-ZÀ-ÖØ-Þ][\w.’'-]*"
_POSSESSIVE_RE = re.compile(rf"({_OWNER_WORD}(?:[ \t]+{_OWNER_WORD})?)['’]s?[ \t]+$")
_DEMONYM_RE = re.compile(rf"\b({_OWNER_WORD})[ \t]+$")
_OF_OWNER_RE = re.compile(rf"[ \t]+of[ \t]+(?:the[ \t]+)?({_OWNER_WORD}(?:[ \t]+{_OWNER_WORD})?)")


def is_generic(key: str) -> bool:
    """True for a folded name made only of generic words: 'national security council', 'air force'."""
    words = key.split()
    return len(words) >= 1 and all(w in _GENERIC for w in words)


def qualifiers(text: str, start: int, end: int) -> list[str]:
    """Owner names qualifying text[start:end]: 'Ukraine' for "Ukraine's ...", "Ukrainian ...", "... of Ukraine"."""
    out = []
    before = text[max(0, start - 60) : start]
    m = _POSSESSIVE_RE.search(before)
    if m:
        out.append(re.sub(r"^(?:The|A|An)[ \t]+", "", m.group(1)))
    else:
        d = _DEMONYM_RE.search(before)
        if d and d.group(1) in DEMONYMS:
            out.append(DEMONYMS[d.group(1)])
    after = _OF_OWNER_RE.match(text, end)
    if after:
        out.append(after.group(1))
    return out
