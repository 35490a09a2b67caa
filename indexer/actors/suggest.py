"""Merge suggestions: a discovered person who is most likely a known one under a misspelt or machine-translated
name ("Ursula von der Lin" for Ursula von der Leyen).

Never applied automatically: the analyst confirms each one. A suggestion needs two kinds of evidence at once,
a similar full name (rapidfuzz `ratio` on the folded Latin spelling) and the same company (the Jaccard index of
the sets of actors each appears with across the library; or, for a name very close to one of a person's names,
most of the smaller set shared: a name seen once keeps the company of a person seen in fifty), and the best
candidate must stand clearly ahead of the runner-up, so that a namesake with other company is not proposed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Iterable, Mapping

from rapidfuzz import fuzz

from indexer.actors.discover import GIVEN_NAMES
from indexer.actors.gender import is_given_name
from indexer.actors.translit import given_names_equivalent, latin_key
from indexer.actors.variants import same_first_name

MIN_NAME_SCORE = 70.0  # rapidfuzz ratio of the folded full names, 0-100
MIN_COACTOR_SCORE = 0.25  # Jaccard index of the two actors' co-actor sets
# ... or, for a much-quoted person: a name this close to one of its names (aliases included), and this share
# of the smaller company held by the other (coactor_overlap), with at least MIN_SHARED_COACTORS shared.
CLOSE_NAME_SCORE = 82.0
MIN_COACTOR_OVERLAP = 0.6
MIN_SHARED_COACTORS = 3
MIN_MARGIN = 0.10  # combined score (name / 100 + co-actors) ahead of the runner-up
RUNNER_UP_NAME_SCORE = 55.0  # a candidate this close in name competes as runner-up


@dataclass(frozen=True)
class Person:
    """A person of the library, as the suggester sees it."""

    id: str
    name: str
    discovered: bool
    articles: int = 0
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class MergeSuggestion:
    """`discovered_id` is probably `suggested_id`: merge it into that actor if the analyst agrees."""

    discovered_id: str
    suggested_id: str
    name_score: float
    coactor_score: float
    discovered_name: str = ""
    suggested_name: str = ""


def co_actor_sets(article_actors: Iterable[set[str]]) -> dict[str, set[str]]:
    """For each actor, the other actors it appears with in at least one article."""
    out: dict[str, set[str]] = {}
    for actors in article_actors:
        for actor in actors:
            out.setdefault(actor, set()).update(actors - {actor})
    return out


def name_score(a: str, b: str) -> float:
    """Similarity of two full names, 0-100, on their folded Latin spelling (Cyrillic transliterated)."""
    ka, kb = latin_key(a), latin_key(b)
    if not ka or not kb:
        return 0.0
    return float(fuzz.ratio(ka, kb))


def coactor_score(a: str, b: str, company: Mapping[str, set[str]]) -> float:
    """Jaccard index of the co-actors of `a` and `b`, each leaving the other out (0 when either has none)."""
    left = company.get(a, set()) - {b}
    right = company.get(b, set()) - {a}
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def coactor_overlap(a: str, b: str, company: Mapping[str, set[str]]) -> float:
    """The share of the smaller of the two companies that the other holds (0 below MIN_SHARED_COACTORS shared):
    a name seen in one article keeps the company of a person seen in fifty, whose Jaccard index stays small."""
    left = company.get(a, set()) - {b}
    right = company.get(b, set()) - {a}
    shared = len(left & right)
    return shared / min(len(left), len(right)) if shared >= MIN_SHARED_COACTORS else 0.0


def merge_suggestions(people: Iterable[Person], company: Mapping[str, set[str]],
                      apart: Collection[frozenset[str]] = ()) -> list[MergeSuggestion]:
    """For each discovered person, the person it most likely is, when the evidence is clear; by name score.
    A pair in `apart` (the analyst said they are two people) is never suggested."""
    people = [p for p in people if p.id and latin_key(p.name)]
    out = []
    for person in people:
        if not person.discovered:
            continue
        candidates = [p for p in people if _may_absorb(p, person) and frozenset((p.id, person.id)) not in apart]
        best = _best_candidate(person, candidates, company)
        if best is not None:
            out.append(best)
    out.sort(key=lambda s: (-s.name_score, -s.coactor_score, s.discovered_id))
    return out


def _may_absorb(candidate: Person, person: Person) -> bool:
    """A known person, or a discovered one the library mentions more often, can be what `person` means;
    never a relative the name itself sets apart (see _told_apart)."""
    if candidate.id == person.id or _told_apart(person.name, candidate.name):
        return False
    return not candidate.discovered or candidate.articles > person.articles


_GENERATIONS = frozenset("jr junior sr senior ii iii iv".split())


def _told_apart(a: str, b: str) -> bool:
    """The names say two people: one has a generation the other lacks ('Donald Trump Jr.' and 'Donald
    Trump'), or their first names are not one name while the surnames are the same ('Lara Trump' and
    'Melania Trump') or both first names are known ones ('Svitlana' and 'Olena'); 'Volodimir' is a misspelt
    'Volodymyr', not another name."""
    words_a, words_b = latin_key(a).split(), latin_key(b).split()
    if (_GENERATIONS & set(words_a)) != (_GENERATIONS & set(words_b)):
        return True
    first_a, first_b = words_a[0] if words_a else "", words_b[0] if words_b else ""
    if same_first_name(first_a, first_b) or given_names_equivalent(first_a, first_b):
        return False
    if len(words_a) > 1 and len(words_b) > 1 and words_a[-1] == words_b[-1] and "-" not in a.split()[0] + b.split()[0]:
        return True  # one surname, two first names: 'Lara Trump' and 'Melania Trump' ('Euro-Sceptic X' is no name)
    return all(is_given_name(w) or w in GIVEN_NAMES for w in (first_a, first_b))


def _close_name(person: Person, candidate: Person) -> bool:
    """`person`'s name is very close to one of the candidate's names (its aliases included)."""
    return any(name_score(person.name, name) >= CLOSE_NAME_SCORE for name in (candidate.name, *candidate.aliases))


def _best_candidate(person: Person, candidates: list[Person],
                    company: Mapping[str, set[str]]) -> MergeSuggestion | None:
    scored = []
    for candidate in candidates:
        names = name_score(person.name, candidate.name)
        if names < RUNNER_UP_NAME_SCORE:
            continue
        shared = coactor_score(person.id, candidate.id, company)
        if shared < MIN_COACTOR_SCORE and _close_name(person, candidate):
            overlap = coactor_overlap(person.id, candidate.id, company)
            shared = overlap if overlap >= MIN_COACTOR_OVERLAP else shared
        scored.append((names / 100 + shared, names, shared, candidate))
    if not scored:
        return None
    scored.sort(key=lambda row: (-row[0], row[3].id))
    combined, names, shared, best = scored[0]
    if names < MIN_NAME_SCORE or shared < MIN_COACTOR_SCORE:
        return None
    if len(scored) > 1 and combined - scored[1][0] < MIN_MARGIN:
        return None
    return MergeSuggestion(person.id, best.id, names, round(shared, 3), person.name, best.name)
