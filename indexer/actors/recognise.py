"""Gazetteer recognition: one Aho-Corasick automaton over the folded aliases of every actor.

Keys are matched on token boundaries in the folded article (see `normalise.FoldedText`), then
checked against the original text: short acronyms must be upper case there ("US", not "us"),
single-word names must be capitalised, and a name never spans a sentence or clause break.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

import ahocorasick

from indexer.actors.normalise import FoldedText, fold_key, name_variants, strip_titles, TITLES

# Single words that are never an actor on their own, whatever a gazetteer says.
COMMON_WORDS = frozenset(
    """a an the he she it we us i you they him her his hers its our ours their them me my mine your who
    what which this that these those there here one all any some no not and or but if as at by for from in
    into of on onto to up with may will can shall must might said says say new old de la le el al bin van
    von der du des da di do so also just now then than more most less very good well long young king
    brown green white black gray grey rice page hope love rose mark pope""".split()
)
# Words that may precede a surname without making it someone else's ("Mr Xi", "President Putin").
_NAME_LEADERS = TITLES | frozenset(
    """the a an his her their former late acting outgoing incoming new russian ukrainian american british
    chinese french german said says told by with and or of to for in on at as when while after before""".split()
)
# Russian and Ukrainian titles, matched by their start so every case counts ("Президента", "Міністр").
_CYRILLIC_TITLE_STEMS = (
    "президент", "премьер", "прем", "министр", "міністр", "замминистр", "глав", "голов", "лидер", "лідер",
    "спикер", "спікер", "посол", "посл", "помощник", "помічник", "советник", "радник", "представител",
    "представник", "генсек", "канцлер", "госсекретар", "держсекретар", "спецпосланник", "посланник",
    "спецпредставител", "вице", "віце", "пресс", "прес", "секретар", "господин", "мистер",
    "директор", "руководител", "керівник", "командующ", "командувач", "генерал", "король", "принц", "наследн",
    "эмир", "емір", "шейх", "губернатор", "сенатор", "депутат", "бывш", "колишн",
)
_CYRILLIC_TITLES = frozenset("пан пані мэр мер мэра мера экс екс г н".split())
_DAYS_MONTHS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
# A name never crosses these: clause punctuation, a blank line, or a sentence-ending full stop.
_BARRIER_RE = re.compile(
    r"[,;:()\[\]!?\"“”«»]|\n\s*\n|(?<!\b[A-Za-z])(?<!\b(?:Mr|Ms|Dr|St|ST|Jr|Sr|Lt|No))(?<!\b(?:Mrs|Gen|Col|Sen|Rep|Gov))\.\s"
)

STRONG, ALIAS, WEAK = 3, 2, 1  # key strength: full/multi-word name, single-word alias, surname


@dataclass(frozen=True)
class KeyInfo:
    actor_id: str
    strength: int
    acronym: bool = False  # the match must be upper case in the original text
    prose: bool = False  # a brand name: counts only inside a sentence, not on a share row


@dataclass(frozen=True)
class Candidate:
    """A possible mention before overlaps are resolved."""

    start: int
    end: int
    ids: tuple[str, ...]
    strength: int
    discovered: bool = False


def is_acronym(alias: str) -> bool:
    """'US', 'U.S.', 'NATO', 'OSCE' - short all-capital aliases that need upper case in the text."""
    letters = [c for c in alias if c.isalpha()]
    return 1 < len(letters) <= 5 and all(c.isupper() for c in letters) and " " not in alias.strip()


class AliasIndex:
    """Folded keys -> KeyInfo for every actor the matcher should find."""

    def __init__(self) -> None:
        self.keys: dict[str, dict[str, KeyInfo]] = {}
        self._automaton = None

    def add(self, key: str, info: KeyInfo) -> None:
        if not key:
            return
        if " " not in key and key in COMMON_WORDS and not info.acronym:
            return
        slot = self.keys.setdefault(key, {})
        old = slot.get(info.actor_id)
        if old is None or (info.strength, info.acronym is False) > (old.strength, old.acronym is False):
            slot[info.actor_id] = info
        self._automaton = None

    def add_name(
        self, actor_id: str, alias: str, type_: str, country: str = "", strength: int | None = None, prose: bool = False
    ) -> None:
        """Add one alias with its spelling variants (`prose`: a brand name, see KeyInfo)."""
        person = type_ == "person"
        if is_acronym(alias):
            letters = "".join(c for c in alias if c.isalpha()).lower()
            for key in {letters, " ".join(letters)}:
                self.add(key, KeyInfo(actor_id, ALIAS, acronym=True, prose=prose))
            return
        for key in name_variants(alias, person=person, country=country):
            n = key.count(" ") + 1
            level = strength if strength is not None else (STRONG if n > 1 else (WEAK if person else ALIAS))
            self.add(key, KeyInfo(actor_id, level, prose=prose))

    def lookup(self, key: str) -> dict[str, KeyInfo]:
        return self.keys.get(key, {})

    def automaton(self):
        if self._automaton is None:
            auto = ahocorasick.Automaton()
            for key, infos in self.keys.items():
                auto.add_word(f" {key} ", (len(key) + 2, tuple(infos.values())))
            if len(auto):
                auto.make_automaton()
            self._automaton = auto
        return self._automaton


SURNAME_FIRST = frozenset({"china", "taiwan", "hong kong", "macau", "north korea", "south korea", "korea"})


def surname_keys(name: str, country: str = "") -> list[str]:
    """Folded surname forms of a person's name: 'Halima Al-Rashed' -> ['al rashed', 'rashed'].

    Chinese and Korean names put the surname first: 'Xi Jinping' -> ['xi']."""
    tokens = strip_titles(fold_key(name).split())
    if len(tokens) < 2:
        return []
    if country.strip().lower() in SURNAME_FIRST:
        return [tokens[0]] if tokens[0] not in COMMON_WORDS else []
    out = [" ".join(tokens[1:])] if len(tokens) > 2 or tokens[1] else []
    last = tokens[-1]
    if last not in out and len(last) > 1:
        out.append(last)
    return [k for k in out if k not in COMMON_WORDS and k not in _DAYS_MONTHS]


def match(index: AliasIndex, ft: FoldedText) -> list[Candidate]:
    """Every gazetteer key found in the folded text that passes the original-text checks."""
    auto = index.automaton()
    if not len(auto):
        return []
    text, folded, original = ft.text, ft.folded, ft.original
    out = []
    for end, (klen, infos) in auto.iter(folded):
        fstart = end - klen + 2
        start, stop = original(fstart), original(end - 1) + 1
        surface = text[start:stop]
        if klen > 3 and " " in folded[fstart:end] and _BARRIER_RE.search(surface):
            continue
        if len(infos) == 1 and infos[0].strength == STRONG and not infos[0].prose:  # the common case: a full name
            out.append(Candidate(start, stop, (infos[0].actor_id,), STRONG))
            continue
        kept = [i for i in infos if case_ok(i, surface) and context_ok(i, text, start, stop)]
        kept = [i for i in kept if not i.prose or in_prose(text, start, stop)]
        if not kept:
            continue
        if "." in surface and text[stop : stop + 1] == "." and any(i.acronym for i in kept):
            stop += 1  # "U.S." keeps its last full stop
        kept.sort(key=lambda i: (-i.strength, i.actor_id))  # strongest reading first
        out.append(Candidate(start, stop, tuple(i.actor_id for i in kept), kept[0].strength))
    return out


_LOWER_WORD_RE = re.compile(r"(?<![\w'’])[a-zа-яёіїєґ]+(?![\w'’])")  # Latin or Cyrillic lower-case words
_SHARE_CUE_RE = re.compile(r"(?i)[|•·]|\b(?:share|follow|like us|subscribe|join us|find us|sign in|log in)\b")


def in_prose(text: str, start: int, stop: int) -> bool:
    """True when [start, stop) sits in a sentence, not on a share row, menu or credit line ('Facebook | X')."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", stop)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return not _SHARE_CUE_RE.search(line) and len(_LOWER_WORD_RE.findall(line)) >= 4


def case_ok(info: KeyInfo, surface: str) -> bool:
    if info.acronym:
        letters = [c for c in surface if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)
    if info.strength < STRONG:
        return surface[:1].isupper()
    return True


# context_ok's patterns, compiled once.
_WORD_BEFORE_RE = re.compile(r"([^\W\d_][\w.'’-]*)[ \t]*\n?[ \t]*$")
_POSSESSIVE_END_RE = re.compile(r"['’]s?$")
_WORD_AFTER_RE = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")


def context_ok(info: KeyInfo, text: str, start: int, stop: int) -> bool:
    """A bare surname preceded by another first name is someone else ('Mike Johnson')."""
    if info.strength != WEAK:
        return True
    before = _WORD_BEFORE_RE.search(text[max(0, start - 40) : start])
    if before and before.group(1)[:1].isupper():
        word = fold_key(before.group(1))
        if before.group(1).endswith(".") and word not in TITLES:
            word = ""  # the previous sentence ended there
        if _POSSESSIVE_END_RE.search(before.group(1)):
            word = ""  # a possessive: "Ukraine's Zelenskyy"
        if word and not _is_leader(word) and not is_acronym(before.group(1)) and word not in _DAYS_MONTHS:
            return False
    after = _WORD_AFTER_RE.match(text[stop : stop + 40])
    if after and after.group(1)[:1].isupper() and fold_key(after.group(1)) not in _DAYS_MONTHS:
        return False
    return True


def _is_leader(word: str) -> bool:
    """A word that may stand before a surname: a title, article or verb ('President', 'Президента')."""
    first = word.split(" ", 1)[0]
    return word in _NAME_LEADERS or first in _CYRILLIC_TITLES or first.startswith(_CYRILLIC_TITLE_STEMS)


def barrier_between(surface: str) -> bool:
    """True when a clause or sentence break lies inside `surface`: no name spans it."""
    return _BARRIER_RE.search(surface) is not None


def select(cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, longest first, then strongest, then gazetteer before discovered."""
    order = sorted(cands, key=lambda c: (-(c.end - c.start), -c.strength, c.discovered, c.start))
    starts: list[int] = []
    chosen: list[Candidate] = []
    for c in order:
        i = bisect_left(starts, c.start)
        if i > 0 and chosen[i - 1].end > c.start:
            continue
        if i < len(chosen) and chosen[i].start < c.end:
            continue
        starts.insert(i, c.start)
        chosen.insert(i, c)
    return chosen
