"""Our text analysis, shared by indexing, queries and highlights: one word, one form everywhere.

Plain Python, no engine: the Whoosh engine wraps `analyse` as its analyzer (whoosh_engine.BriefingAnalyzer),
and another engine can fill its text-search columns from the same tokens. The steps, in order:
tokenize (_TOKEN_PATTERN) -> word shape (apostrophes, possessives, dotted initialisms, the case looked at
before lowering) -> accent folding (and ё -> е) -> stop words (initialisms spared) -> stemming, chosen by the
word's script: Porter for Latin words, Snowball Russian for Cyrillic ones (see _cyrillic_stem).

`term_spans` and friends find the same tokens in a text as `analyse` does, fast (see term_spans).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from ..path_counters import PathCounters
from ._accents import ACCENT_MAP
from ._porter import stem as _porter_stem

# The version of the text analysis below. An index records the version it was built with (whoosh_engine
# keeps it in the schema); one built by an older analysis is searched as it was built until rebuilt.
#   1 (no record): "Russia's" -> russia', "U.S." -> u., "US" dropped as the stop word "us"
#   2: apostrophes unified, possessives stripped, initialisms folded (U.S. -> us) and kept
#   3: Cyrillic words folded (ё -> е) and stemmed (переговорах -> переговор, перемовинах -> перемовин)
ANALYZER_VERSION = "3"
CYRILLIC_SINCE = "3"  # analyses of older versions leave Cyrillic words as they are (see analyse's `version`)
LEGACY_ANALYZER_VERSION = "1"

# Words: a dotted initialism with its final dot (U.S.), or letters/digits keeping inner apostrophes and
# dots together (don't, o'clock, Zelenskyy’s, example.com). ʼ (U+02BC) is a letter to the regex engine.
_TOKEN_PATTERN = r"[^\W\d_](?:\.[^\W\d_])+\.(?!\w)|\w+(?:[.'’ʼ]\w+)*"
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})
_DOTTED = re.compile(r"[^\W\d_](?:\.[^\W\d_])+\.?")

# Whoosh's English stop words (the list version 1 used); a word shorter than 2 letters is also dropped.
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "have", "if", "in", "is", "it", "may",
    "not", "of", "on", "or", "tbd", "that", "the", "this", "to", "us", "we", "when", "will", "with", "yet", "you",
    "your",
))
_MIN_LENGTH = 2


class HighlightPaths(PathCounters):
    """Which way highlight candidates were found, once per set of query terms (see _candidates): a fallback
    fails the tests (issue 19)."""

    FAST = {"candidates": {"scan", "other_letters"}}


HIGHLIGHT_PATHS = HighlightPaths()


@dataclass
class Token:
    """One analysed word: its form, position (stop words removed) and characters in the text."""

    text: str
    pos: int
    start: int
    end: int
    stopped: bool = False


def analyse(text: str, *, stem: bool = True, stop: bool = True, keep_stops: bool = False,
            tokenize: bool = True, version: str = ANALYZER_VERSION) -> Iterator[Token]:
    """The tokens of `text`. Names and outlets are analysed with stem=False, stop=False. `keep_stops`
    yields stop words too, marked (not stemmed, no position of their own); `tokenize=False` takes the
    whole text as one word (a wildcard's or a range's text). `version`: the analysis of an index built by
    an older version (before CYRILLIC_SINCE, Cyrillic words are neither folded nor stemmed)."""
    cyrillic = int(version) >= int(CYRILLIC_SINCE)
    pos = -1
    words = ((m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)) if tokenize else [(text, 0, len(text))]
    for n, (word, start, end) in enumerate(words):
        form, initialism = _folded_shape(word, cyrillic)
        if not form:
            continue
        if stop and not initialism and (form in STOP_WORDS or len(form) < _MIN_LENGTH):
            if keep_stops:
                yield Token(form, n, start, end, stopped=True)
            continue
        pos = n if pos < 0 or not stop else pos + 1  # positions close up over stop words only
        yield Token((_stem(form) if cyrillic else _stem_v2(form)) if stem else form, pos, start, end)


@lru_cache(maxsize=200_000)
def _folded_shape(word: str, cyrillic: bool) -> tuple[str, bool]:
    """_shape, then accent folding (and ё -> е when `cyrillic`): the same for every occurrence of a word."""
    form, initialism = _shape(word)
    if not form:
        return form, initialism
    form = form.translate(ACCENT_MAP)
    if cyrillic and not form.isascii():
        form = form.translate(_CYRILLIC_FOLD)
    return form, initialism


def _shape(word: str) -> tuple[str, bool]:
    """(the word lowercased with apostrophes unified and a possessive stripped, or a dotted initialism
    folded; whether it is an initialism: dotted, or all capitals of 2-5 letters). "US" the country is
    then kept while "us" the pronoun stays a stop word."""
    dotted = False
    if not word.isalnum() or "ʼ" in word:  # an apostrophe or a dot inside (most words have neither)
        word = word.translate(_APOSTROPHES)
        if word[-2:] in ("'s", "'S"):
            word = word[:-2]
        word = word.rstrip("'")
        if "." in word and _DOTTED.fullmatch(word):
            word, dotted = word.replace(".", ""), True
    initialism = dotted or (word.isupper() and 2 <= len(word) <= 5 and word.isalpha())
    return word.lower(), initialism


@lru_cache(maxsize=None)
def _stem(word: str) -> str:
    """The word's stem, by its script: Cyrillic words by _cyrillic_stem, all others by Porter."""
    if not word.isascii() and _CYRILLIC_LETTER.search(word):
        return _cyrillic_stem(word)
    return _porter_stem(word)


@lru_cache(maxsize=100_000)
def _stem_v2(word: str) -> str:
    """Stemming as versions 1 and 2 did it: Porter for every word (a Cyrillic word comes out as it went in)."""
    return _porter_stem(word)


# ё is е in most Russian text; the Ukrainian letters go to their nearest Russian ones for the stemmer only
# (і -> и, ї -> и, є -> е, ґ -> г), so Snowball Russian finds the vowels and endings of Ukrainian words too:
# угоді, угоди, угоду -> угод; війна, війни, війною -> вийн. No maintained Ukrainian stemmer is on PyPI
# under a licence we can ship (PyStemmer and snowballstemmer have none; pymorphy3's Ukrainian dictionary is
# GPL-3.0), and this one stemmer is safe for both languages, whatever a word's article.
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_CYRILLIC_FOLD = str.maketrans({"ё": "е", "Ё": "Е"})
_UKRAINIAN_TO_RUSSIAN = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г"})
_snowball = threading.local()  # a PyStemmer stemmer is not safe to share between threads


def stem_letters(folded: str, version: str = ANALYZER_VERSION) -> str:
    """The letters a folded word's index terms start with: a Cyrillic word's Ukrainian letters are bridged
    (see above), so the prefix `Україн*` is matched as `украин`."""
    if int(version) < int(CYRILLIC_SINCE) or folded.isascii() or not _CYRILLIC_LETTER.search(folded):
        return folded
    return folded.translate(_UKRAINIAN_TO_RUSSIAN)


def _cyrillic_stem(word: str) -> str:
    stemmer = getattr(_snowball, "russian", None)
    if stemmer is None:
        import Stemmer  # PyStemmer: loaded at the first Cyrillic word, English-only libraries never pay for it

        stemmer = _snowball.russian = Stemmer.Stemmer("russian")
    return stemmer.stemWord(word.translate(_UKRAINIAN_TO_RUSSIAN))


_TOKEN_RE = re.compile(_TOKEN_PATTERN, re.UNICODE)


@lru_cache(maxsize=100_000)
def _analysed(word: str) -> str:
    """One surface token as the index stores it ("" for a stop word). Analysis is per token, so this is exact."""
    tokens = [t.text for t in analyse(word)]
    return tokens[0] if len(tokens) == 1 else ""


def term_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of the tokens of `text` whose analysed form is in `terms`.

    Equivalent to running the index analyzer over `text` and keeping matching tokens, but fast:
    a C-level regex finds only tokens that start like one of the terms (a stem keeps its word's
    first letters), plus tokens with non-ASCII letters (accent folding); each distinct surface
    word is analysed once (cached)."""
    if not terms or not text:
        return []
    spans = [m.span() for m in _candidate_matches(terms, text) if _analysed(m.group()) in terms]
    if not text.isascii():
        extra = [(a, b) for a, b in _non_ascii_tokens(text) if _analysed(text[a:b]) in terms]
        if extra:
            spans = sorted(set(spans) | set(extra))
    return spans


def highlight_spans(
    text: str, terms: frozenset[str], phrases: Iterable[tuple[str, ...]] = (),
) -> list[tuple[int, int]]:
    """Sorted spans of `text` to highlight: tokens in `terms`, and each exact phrase where all its
    words stand together (stop words and punctuation between them, as the index's positions allow).
    Overlapping spans are joined, so a name inside a matched phrase is one highlight."""
    spans = term_spans(text, terms)
    if not phrases:
        return spans  # tokens: sorted, never overlapping
    spans += [span for words in phrases for span in phrase_spans(text, words)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def phrase_spans(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of `text` where the analysed `words` occur in order, with only stop words between them: from
    each token of the first word, the tokens that follow are read one by one (stop words skipped), so the
    text is scanned for the first word's tokens only, not for every word's."""
    if not words or not _may_hold(text, tuple(words)):
        return []
    out = []
    for start, end, _form in _matching_tokens(text, frozenset(words[:1])):
        end = _followed_by(text, end, words[1:])
        if end is not None:
            out.append((start, end))
    return out


def _followed_by(text: str, pos: int, words: tuple[str, ...]) -> int | None:
    """Where `words` end when the tokens after `pos` are they, stop words between them aside; else None."""
    for word in words:
        form = ""
        while not form:  # a stop word (or a token that analyses to none or several terms): skipped
            token = _TOKEN_RE.search(text, pos)
            if token is None:
                return None
            form, pos = _analysed(token.group()), token.end()
        if form != word:
            return None
    return pos


def _may_hold(text: str, words: tuple[str, ...]) -> bool:
    """False when `text` surely holds no token of one of the phrase's words (_gate's): none starts like it,
    and no token has a letter outside ASCII (accent folding may change its first letters). One search that
    stops at the first candidate, where the whole phrase's candidates cost a pass over the text (and most
    texts an actor's other names are looked for in do not hold them)."""
    gate = _gate(words)
    if gate is None or gate.search(text) is not None:
        return True
    return not text.isascii() and _NON_ASCII_LETTER.search(text) is not None


@lru_cache(maxsize=256)
def _gate(words: tuple[str, ...]) -> re.Pattern | None:
    """The candidates pattern (see _candidates) of the phrase word with the longest prefix: the fewest
    tokens start like it."""
    word = max(words, key=lambda w: (len(_term_prefix(w)), len(w)), default="")
    return _candidates(frozenset({word})) if word else None


def _matching_tokens(text: str, terms: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, analysed form) of the tokens of `text` whose analysed form is in `terms` (see term_spans)."""
    out = []
    for m in _candidate_matches(terms, text):
        form = _analysed(m.group())
        if form in terms:
            out.append((m.start(), m.end(), form))
    if not text.isascii():
        extra = [(a, b, _analysed(text[a:b])) for a, b in _non_ascii_tokens(text)]
        extra = [tok for tok in extra if tok[2] in terms]
        if extra:
            out = sorted(set(out) | set(extra))
    return out


_TOKEN_START = r"(?<!\w)(?<!\w[.'’])"
# A letter outside ASCII: a character outside ASCII, then a look back that it is a word character (a class
# that a search can skip ahead to, unlike [^\W\x00-\x7f]: 4x faster on a text with a few £ or ’).
_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f](?<=\w)")


def _non_ascii_tokens(text: str) -> list[tuple[int, int]]:
    """Spans of the tokens holding a letter outside ASCII (`Élysée`, `l'Élysée`), which the
    prefix regex cannot find because accent folding changes their first letters.

    Most English text has none (a `£` or a curly quote is not a letter), so this is one C-level
    search; otherwise each such letter's whitespace-delimited chunk is tokenised as the index does."""
    out: list[tuple[int, int]] = []
    done = 0
    for m in _NON_ASCII_LETTER.finditer(text):
        if m.start() < done:
            continue
        start, end = m.start(), m.end()
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        for tok in _TOKEN_RE.finditer(text, start, end):
            if not tok.group().isascii():
                out.append(tok.span())
        done = end
    return out


def _candidate_matches(terms: frozenset[str], text: str) -> Iterable[re.Match]:
    """The tokens of `text` that start like one of `terms` (see _candidates), in text order: those of terms
    whose first letter a scanning pattern can take found by one, the others' by the lookahead pattern. No
    token start lies inside another candidate, so the two lists merge without overlap."""
    scannable, others = _split_by_first_letter(terms)
    if not others:
        return _candidates(scannable).finditer(text)
    if not scannable:
        return _candidates(others).finditer(text)
    found = {m.start(): m for group in (scannable, others) for m in _candidates(group).finditer(text)}
    return [found[start] for start in sorted(found)]


@lru_cache(maxsize=256)
def _split_by_first_letter(terms: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(the terms whose first letter has its case partners listed, the others)."""
    scannable = frozenset(t for t in terms if t and _partners_known(t[0]))
    return scannable, terms - scannable


@lru_cache(maxsize=256)
def _candidates(terms: frozenset[str]) -> re.Pattern:
    """Tokens (exactly as the tokenizer cuts them) that start like one of `terms`: a stem keeps its
    word's first letters, give or take the dots of an initialism (N.A.T.O.) and the kind of apostrophe.
    Counted in HIGHLIGHT_PATHS once per set of terms: "scan" (see _scanning_candidates); "other_letters" for
    first letters whose case partners are not listed (their only way); "lookahead" when scanning failed."""
    prefixes = sorted({_term_prefix(t) for t in terms}, key=len, reverse=True)
    scannable = all(terms) and all(_partners_known(prefix[0]) for prefix in prefixes)
    scanning = _scanning_candidates(prefixes) if scannable else None
    HIGHLIGHT_PATHS.add("candidates", "scan" if scanning is not None else "lookahead" if scannable else "other_letters")
    if scanning is not None:
        return scanning
    # The first letters as a class first: implied by the prefixes, it lets the regex engine skip ahead
    # to them instead of testing the token start at every character (2x faster highlights).
    starts = "(?=" + "|".join(map(_surface_prefix, prefixes)) + ")"
    return re.compile(_first_letters(terms) + _TOKEN_START + starts + "(?:" + _TOKEN_PATTERN + ")", re.IGNORECASE)


def _term_prefix(term: str) -> str:
    """The letters a token whose analysed form is `term` surely starts with (a stem may change the rest)."""
    return term[: max(1, min(3, len(term) - 1))]


# The characters besides a letter's own cases that IGNORECASE matches to it (the re module's case fixes):
# İ ı to i, ſ to s, K (Kelvin) to k, and the old Cyrillic shapes ᲀ-ᲈ to в д о с т ъ ѣ ꙋ. A test checks, for
# every ASCII and Cyrillic character, that _ignorecase_partners lists all that IGNORECASE matches to it.
_CASE_EXTRAS = "\u0130\u0131\u017f\u212a" + "".join(map(chr, range(0x1C80, 0x1C89)))
# _TOKEN_PATTERN with its first character already read (and tested as \w or as a letter by a look back).
_TOKEN_AFTER_FIRST = r"(?:(?<=[^\W\d_])(?:\.[^\W\d_])+\.(?!\w)|(?<=\w)\w*(?:[.'’ʼ]\w+)*)"


def _partners_known(ch: str) -> bool:
    """True for the characters whose case partners _ignorecase_partners lists: ASCII and Cyrillic."""
    return ch.isascii() or "\u0400" <= ch <= "\u04ff"


def _scanning_candidates(prefixes: list[str]) -> re.Pattern | None:
    """The matches of _candidates' lookahead pattern, by a pattern that starts by reading a character of a
    plain class: the regex engine then skips in C to the next possible first letter, where a pattern under
    IGNORECASE that starts with a lookahead runs at every character (2-3x slower). The class holds every
    character IGNORECASE matches to a first letter, so the matches are the same; the token start, the
    prefixes and the token are then tested from the second character, looking back at the first. None when
    a first letter's case partners are not known (see _partners_known)."""
    firsts = {prefix[0] for prefix in prefixes}
    if not all(map(_partners_known, firsts)):
        return None
    letters = "".join(sorted({c for ch in firsts for c in _ignorecase_partners(ch)}))
    after_first = "|".join(map(_prefix_after_first, prefixes))
    return re.compile("[" + re.escape(letters) + r"](?<!\w[\s\S])(?<!\w[.'’][\s\S])"
                      + "(?i:(?=" + after_first + ")" + _TOKEN_AFTER_FIRST + ")")


def _prefix_after_first(prefix: str) -> str:
    """_surface_prefix(prefix) read from its second character: a look back at the first, then the rest."""
    first = _surface_prefix(prefix[0])
    return f"(?<={first})" + _surface_prefix(prefix)[len(first):]


def _ignorecase_partners(ch: str) -> str:
    """`ch` and every character IGNORECASE matches to it (an apostrophe: every kind, as _surface_prefix);
    complete for the characters of _partners_known."""
    if ch == "'":
        return "'’ʼ"
    forms = {ch, ch.lower(), ch.upper(), ch.title(), *_CASE_EXTRAS}
    return "".join(sorted(c for c in forms if len(c) == 1 and re.fullmatch(re.escape(ch), c, re.IGNORECASE)))


def _first_letters(terms: frozenset[str]) -> str:
    """A lookahead for the characters the surface form of a term can start with ("" when a term is empty)."""
    if not all(terms):
        return ""
    firsts = {"'’ʼ" if t[0] == "'" else t[0] for t in terms}
    return "(?=[" + "".join(re.escape(ch) for chars in sorted(firsts) for ch in chars) + "])"


def _surface_prefix(prefix: str) -> str:
    """A regex for the surface forms of an analysed prefix: any apostrophe for ', optional dots between letters."""
    return r"\.?".join("['’ʼ]" if ch == "'" else re.escape(ch) for ch in prefix)


def term_positions(text: str, *, stem: bool = True, stop: bool = True,
                   version: str = ANALYZER_VERSION) -> dict[str, list[int]]:
    """Each term of `text` with its positions, in first-seen order: exactly what collecting `analyse`'s
    tokens (text -> pos) gives, without a Token per word (the index's analysis of every imported article)."""
    cyrillic = int(version) >= int(CYRILLIC_SINCE)
    positions: dict[str, list[int]] = {}
    pos = -1
    for n, word in enumerate(_TOKEN_RE.findall(text)):
        term = _index_term(word, stem, stop, cyrillic)
        if term is None:
            continue
        pos = n if pos < 0 or not stop else pos + 1  # as in analyse: positions close up over stop words only
        found = positions.get(term)
        if found is None:
            positions[term] = [pos]
        else:
            found.append(pos)
    return positions


@lru_cache(maxsize=200_000)
def _index_term(word: str, stem: bool, stop: bool, cyrillic: bool) -> str | None:
    """The term analyse yields for one word as the tokenizer found it, or None when it yields none."""
    form, initialism = _folded_shape(word, cyrillic)
    if not form or (stop and not initialism and (form in STOP_WORDS or len(form) < _MIN_LENGTH)):
        return None
    return (_stem(form) if cyrillic else _stem_v2(form)) if stem else form
