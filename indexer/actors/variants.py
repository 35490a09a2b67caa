"""Spelling variants of one person's name across transliterations and typos (Umerov/Umyerov/Umarov, Sybiha/Sybhia).

The string test (rapidfuzz's optimal string alignment distance: one edit, or a swap of two neighbours, costs 1)
only proposes; the caller merges only when something beyond the string agrees: the same first name, a
specific role word, or the same article naming the person in full. A false merge is worse than a missed one.
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from indexer.actors.discover import ROLE_NOUNS
from indexer.actors.normalise import NICKNAMES, fold_key, token_variant_set

MIN_LENGTH = 4
# Female and male forms of one Slavic surname are two people: Petrov/Petrova, Sybin/Sybina, Zelensky/Zelenska.
_GENDERED = (("", "a"), ("y", "a"), ("i", "a"), ("iy", "a"), ("yy", "a"), ("ii", "a"), ("sky", "skaya"))
_ROLE_STOP = frozenset("of the and for a an in to on at former deputy acting u s us uk".split()) | ROLE_NOUNS


def max_distance(key: str) -> int:
    """Edits allowed between two spellings of a surname: one for short names, two from six letters."""
    return 1 if len(key) <= 5 else 2


class NameBuckets:
    """Folded surname keys grouped by first letter, for fuzzy lookups that stay fast as the library grows."""

    def __init__(self) -> None:
        self._by_letter: dict[str, set[str]] = {}
        # The same keys by first letter and length: a key whose length differs by more than the allowed edits
        # cannot be within them, so only the few lengths around the key's are compared.
        self._by_length: dict[str, dict[int, list[str]]] = {}
        # similar()'s answers by first letter: a letter's are dropped when a key of that letter is added.
        self._answers: dict[str, dict[str, list[str]]] = {}

    def add(self, key: str) -> None:
        if len(key) >= MIN_LENGTH and " " not in key:
            bucket = self._by_letter.setdefault(key[0], set())
            if key not in bucket:
                bucket.add(key)
                self._by_length.setdefault(key[0], {}).setdefault(len(key), []).append(key)
                self._answers.pop(key[0], None)

    def similar(self, key: str) -> list[str]:
        """Keys within max_distance(key) of `key` with the same first letter, `key` itself excluded."""
        if len(key) < MIN_LENGTH or " " in key:
            return []
        answers = self._answers.setdefault(key[0], {})
        if key not in answers:
            answers[key] = self._similar(key)
        return list(answers[key])

    def _similar(self, key: str) -> list[str]:
        bucket = self._by_letter.get(key[0])
        if not bucket:
            return []
        limit = max_distance(key)
        lengths = self._by_length[key[0]]
        hits = []
        for n in range(len(key) - limit, len(key) + limit + 1):
            near = lengths.get(n)
            if near:
                hits += process.extract(key, near, scorer=OSA.distance, score_cutoff=limit, limit=None)
        if len(hits) > 20:  # more than the 20 closest: let the whole bucket's order decide ties, as always
            hits = process.extract(key, list(bucket), scorer=OSA.distance, score_cutoff=limit, limit=20)
        return [k for k, _, _ in hits if k != key and abs(len(k) - len(key)) <= limit and not _derived_pair(k, key)]


def _derived_pair(a: str, b: str) -> bool:
    """One word extends the other ('nuristan'/'nuristani', 'iraqi'/'iraqis') or they are gendered forms."""
    return a.startswith(b) or b.startswith(a) or gendered_pair(a, b)


def gendered_pair(a: str, b: str) -> bool:
    """True for the male and female form of one surname ('petrov'/'petrova'): two people, never merged."""
    for male, female in _GENDERED:
        for x, y in ((a, b), (b, a)):
            if x.endswith(male) and y.endswith(female) and x[: len(x) - len(male)] == y[: len(y) - len(female)]:
                if x != y:
                    return True
    return False


def same_first_name(a: str, b: str) -> bool:
    """Strict: equal, a nickname or transliteration of each other, or one edit apart ('hugh'/'hugo')."""
    if a == b or b in NICKNAMES.get(a, ()) or b in token_variant_set(a) or a in token_variant_set(b):
        return True
    return len(a) >= 4 and a[0] == b[0] and Levenshtein.distance(a, b) <= 1


def first_names_close(a: str, b: str) -> bool:
    """Looser, for an exact surname: 'mark'/'marco' (same initial, two edits at most)."""
    if a == b or b in NICKNAMES.get(a, ()):
        return True
    return a[:1] == b[:1] and Levenshtein.distance(a, b) <= 2


def specific_role_overlap(found: str, known: str) -> bool:
    """True when two roles share a word beyond titles: 'Defence Minister' and 'Defence Minister of Ukraine'."""
    a = set(fold_key(found).split()) - _ROLE_STOP
    b = set(fold_key(known).split()) - _ROLE_STOP
    return bool(a & b)
