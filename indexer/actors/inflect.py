"""Case endings of Russian and Ukrainian names: Путина, Путіну, Зеленського, Стамбуле, России, України.

A gazetteer lists the nominative only. Each word of a Cyrillic alias is stored as a stem plus the class of
endings its last letters call for; a word of the article matches when it is that stem followed by one ending
of that class, so no form is listed and nothing else is matched:

- a bounded ending set per class (no "-изм", "-ская", "-ство": Путинизм and Путинская are other words);
- only Cyrillic aliases, only words of four letters or more, never an acronym (НАТО, США, ЕС stay exact);
- a surname keeps its gender: the masculine class has no feminine endings, so Зеленский never matches
  Зеленская (his wife, an actor of her own); "-ова", "-ина" are also the genitive of the man's name.

Words are compared folded (see normalise.fold_key: й -> и, ё -> е, ї -> і), so endings are folded too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.actors.normalise import FoldedText, fold_key
from indexer.actors.recognise import (
    ALIAS,
    STRONG,
    WEAK,
    Candidate,
    KeyInfo,
    barrier_between,
    case_ok,
    context_ok,
    is_acronym,
)

_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_CYRILLIC_WORD_RE = re.compile(r"[\u0400-\u04ff]+")
MIN_WORD = 4  # shorter words are matched exactly only (Си, Доха's stem would be 3 letters)
MIN_STEM = 3


def _endings(*forms: str) -> frozenset[str]:
    return frozenset(fold_key(f) if f else "" for f in forms)


# Endings by the alias word's last letters (the nominative); the first ending of a class is cut off the alias.
_CLASSES: list[tuple[str, frozenset[str]]] = [
    # masculine adjectives and -ский surnames: Зеленский/Зеленський -> Зеленского, Зеленському, Зеленским
    ("ский", _endings("ий", "ого", "ому", "им", "ом", "ім")),
    ("ський", _endings("ий", "ого", "ому", "им", "ім")),
    ("ый", _endings("ый", "ого", "ому", "ым", "ом")),
    ("ий", _endings("ий", "ого", "ому", "им", "ом", "ім", "его", "ему", "ем")),
    # -ей, -ай, -ій nouns and first names: Сергей -> Сергея, Китай -> Китая, Андрій -> Андрія, Андрієм
    ("ей", _endings("ей", "ея", "ею", "еем", "ее")),
    ("ай", _endings("ай", "ая", "аю", "аем", "ае")),
    ("ій", _endings("ій", "ія", "ію", "ієм", "ії", "єві")),
    # feminine adjectives: Донецкая (область) -> Донецкой, Донецкую
    ("ая", _endings("ая", "ой", "ую", "ою")),
    # -ия/-ія nouns: Россия/Росія -> России, Росії, Россией, Росією
    ("ия", _endings("ия", "ии", "ию", "ией", "иею")),
    ("ія", _endings("ія", "ії", "ію", "ією")),
    ("я", _endings("я", "и", "і", "ю", "ей", "ею", "е")),
    # -а nouns and surnames: Украина/Україна -> Украины, України, Украиной, Україною; Донецька -> Донецької
    ("а", _endings("а", "ы", "и", "і", "е", "у", "ой", "ою", "ої", "ій")),
    # soft sign: Кремль -> Кремля, Кремлю, Кремлем; область -> области, області, областью
    ("ь", _endings("ь", "я", "ю", "ем", "е", "и", "і", "ью", "ю")),
]
# Consonant-final nouns and surnames: Путин -> Путина, Путину, Путиным, Путине; Путін -> Путіна, Путіним, Путінові
_CONSONANT = _endings("", "а", "у", "ом", "ем", "ым", "им", "е", "і", "ові", "еві", "ю", "я")
_VOWELS = frozenset(fold_key("аеёиоуыэюяіїєy"))
_PERSON_O = _endings("о", "а", "у", "ом", "ові")  # a person's name in -о, as Ukrainian declines it
# Common Russian and Ukrainian given names: before a surname they make it someone else's ("Марина Умерова").
# The first names of the gazetteer's Cyrillic full names are added (see InflectedIndex.add_name).
_GIVEN_NAMES = frozenset(fold_key(n) for n in """александр олександр алексей олексій андрей андрій анна анастасия
    анастасія борис вадим валентина валерий валерій василий василь виктор віктор виктория вікторія владимир
    володимир геннадий геннадій дарья дарія денис дмитрий дмитро евгений євген екатерина катерина елена олена
    иван іван игорь ігор илья ілля ирина ірина кирилл кирило константин костянтин ксения ксенія любовь любов
    максим марина мария марія михаил михайло наталья наталія николай микола нина ніна оксана олег ольга павел
    павло петр петро роман светлана світлана сергей сергій станислав станіслав татьяна тетяна юлия юлія юрий
    юрій ярослав виталий віталій вячеслав вʼячеслав григорий григорій артем артём антон арсений арсеній
    богдан галина глеб гліб леонид леонід людмила лариса надежда надія руслан рустем семен семён степан тарас
    тимур тимофей тимофій федор фёдор федір эдуард едуард владислав всеволод вероника вероніка алла алина
    аліна инна інна маргарита евгения євгенія софия софія остап мирослав назар данило даниил егор єгор
    зиновий лидия лідія полина поліна яна""".split())
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?\n«\"“(:—–-])[ \t]*$")
_BEFORE_WORD_RE = re.compile(r"([\u0400-\u04ff][\u0400-\u04ff'’ʼ-]*)[ \t]+$")
_ALL_ENDINGS = frozenset().union(_CONSONANT, *(e for _, e in _CLASSES))
_ENDING_LENGTHS = sorted({len(e) for e in _ALL_ENDINGS})


@dataclass(frozen=True)
class _Word:
    stems: tuple[str, ...]  # the nominative's stem, plus the Ukrainian і -> о/е/є form (Київ -> Києва)
    endings: frozenset[str]  # empty: the word must be exactly the stem


def word_pattern(word: str, min_word: int = MIN_WORD, person: bool = False) -> _Word:
    """Stem and ending class of one folded alias word ('путин' -> путин + consonant endings); a person's
    name keeps its і (Путін -> Путіна), a place's or thing's opens (Київ -> Києва)."""
    if len(word) < min_word or not _CYRILLIC_RE.search(word):
        return _Word((word,), frozenset())
    for tail, endings in _CLASSES:
        if word.endswith(fold_key(tail)):
            stem = word[: len(word) - _cut_length(word, endings)]
            return _Word((stem,), endings) if len(stem) >= MIN_STEM else _Word((word,), frozenset())
    if word[-1] not in _VOWELS:
        return _Word((word,) if person else _alternations(word), _CONSONANT)
    if person and word.endswith("о"):
        return _Word((word[:-1],), _PERSON_O)  # Ukrainian Дмитро, Шевченко: Дмитра, Дмитрові, Шевченком
    return _Word((word,), frozenset())  # -о, -е, -и, -у: indeclinable (Шойгу, Сумы)


def _cut_length(word: str, endings: frozenset[str]) -> int:
    """Length of the longest ending of the class that the nominative itself ends with."""
    return max((len(e) for e in endings if e and word.endswith(e)), default=0)


_LAST_I_RE = re.compile(r"і(?=[^аеиоуыэюяіє\s]$)")


def _alternations(word: str) -> tuple[str, ...]:
    """Ukrainian і in a closed last syllable opens in other cases: Київ -> Києва, Харків -> Харкова, дім -> дому."""
    if not _LAST_I_RE.search(word):
        return (word,)
    return (word, *(_LAST_I_RE.sub(v, word) for v in ("о", "е", "є")))


def matches_word(pattern: _Word, token: str) -> bool:
    """True when the folded `token` is one of the pattern's stems plus one of its endings."""
    if not pattern.endings:
        return token in pattern.stems
    return any(token.startswith(s) and token[len(s) :] in pattern.endings for s in pattern.stems)


class InflectedIndex:
    """Cyrillic aliases as word patterns, found by the stem of their first word."""

    def __init__(self) -> None:
        self._by_stem: dict[str, list[tuple[tuple[_Word, ...], KeyInfo]]] = {}
        self._given = set(_GIVEN_NAMES)

    @property
    def given_names(self) -> frozenset[str]:
        """Folded Russian and Ukrainian given names (common ones and those of the gazetteer's full names)."""
        return frozenset(self._given)

    def __len__(self) -> int:
        return len(self._by_stem)

    def add_name(self, actor_id: str, alias: str, type_: str) -> None:
        """Add one alias when it is Cyrillic and not an acronym."""
        if not _CYRILLIC_RE.search(alias) or is_acronym(alias):
            return
        words = fold_key(alias).split()
        if not words or not any(len(w) >= MIN_WORD for w in words):
            return
        min_word = MIN_WORD if len(words) == 1 else MIN_STEM  # other words anchor a short one: Белого дома
        patterns = tuple(word_pattern(w, min_word, type_ == "person") for w in words)
        if type_ == "person" and len(words) > 1:
            self._given.add(words[0])
        strength = STRONG if len(words) > 1 else (WEAK if type_ == "person" else ALIAS)
        for stem in patterns[0].stems:
            self._by_stem.setdefault(stem, []).append((patterns, KeyInfo(actor_id, strength)))

    def match(self, ft: FoldedText) -> list[Candidate]:
        """Candidates for every inflected alias in the article (nothing when it has no Cyrillic)."""
        if not self._by_stem or not _CYRILLIC_RE.search(ft.text):
            return []
        folded = ft.folded
        tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", folded)]
        out = []
        for i, (a, b) in enumerate(tokens):
            tok = folded[a:b]
            if not _CYRILLIC_RE.match(tok):
                continue
            for stem in word_stems(tok):
                for patterns, info in self._by_stem.get(stem, ()):
                    cand = self._candidate(ft, tokens, i, patterns, info)
                    if cand is not None:
                        out.append(cand)
        return out

    def _candidate(self, ft: FoldedText, tokens, i: int, patterns, info: KeyInfo) -> Candidate | None:
        j = i + len(patterns)
        if j > len(tokens):
            return None
        folded = ft.folded
        if not all(matches_word(p, folded[a:b]) for p, (a, b) in zip(patterns, tokens[i:j])):
            return None
        start, stop = ft.original_span(tokens[i][0], tokens[j - 1][1])
        surface = ft.text[start:stop]
        if len(patterns) > 1 and barrier_between(surface):
            return None
        if not surface[:1].isupper() or not case_ok(info, surface):
            return None
        if not context_ok(info, ft.text, start, stop) and not self._opens_sentence_before(ft.text, start):
            return None
        return Candidate(start, stop, (info.actor_id,), info.strength)

    def _opens_sentence_before(self, text: str, start: int) -> bool:
        """'Заява Умєрова ...': the capitalised word before the surname opens the sentence and is no given
        name, so it is an ordinary word (Russian and Ukrainian put the owner after the noun)."""
        m = _BEFORE_WORD_RE.search(text, max(0, start - 40), start)
        if m is None or fold_key(m.group(1)) in self._given:
            return False
        return _SENTENCE_START_RE.search(text, max(0, m.start() - 4), m.start()) is not None


def is_given_name_form(word: str, given: frozenset[str]) -> bool:
    """The folded `word` is one of the `given` names (folded nominatives) in some case: 'петра', 'марину',
    'олександром' (a given name's -о/-а is replaced, a consonant-final one extended, by one or two letters)."""
    if word in given:
        return True
    cut = {word[:-1], word[:-2]}
    return any(name in cut or (name[-1] in _VOWELS and name[:-1] in cut) for name in given if len(name) > 2)


def word_stems(token: str) -> set[str]:
    """Every prefix of `token` left when a possible ending is cut off (the token itself included)."""
    out = {token}
    for n in _ENDING_LENGTHS:
        if 0 < n < len(token) and token[-n:] in _ALL_ENDINGS:
            out.add(token[:-n])
    return out
