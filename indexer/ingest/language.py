"""The language of an article: an ISO 639-1 code ("en", "ru", "uk" ...) or "" when the text does not say.

A small rule, not a model: the script decides first (Cyrillic or Latin letters), then evidence within it.

- Cyrillic: Ukrainian writes і ї є ґ and never ы э ё ъ; Russian the reverse. Their function words differ too
  (що/что, це/это, від/от, та/и, його/его). Both kinds of evidence are counted, so a Russian text quoting a
  Ukrainian name (or the reverse) keeps its language. Letters only a few other Cyrillic languages use
  (ў Belarusian, ј љ њ Serbian, ѓ ќ ѕ Macedonian, ә қ ң ө ұ Kazakh) or a frequent ъ without ы (Bulgarian)
  name those.
- Latin: the most frequent short function words of English and of a few European languages likely in this
  kind of library (German, French, Spanish, Italian, Polish, Turkish).

Precision over recall: too little evidence, or two languages too close, gives "" rather than a guess. Only the
first SAMPLE_CHARS characters are read, so the cost is bounded (well under a millisecond an article).
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["LANGUAGES", "SAMPLE_CHARS", "detect_language", "is_language_code", "language_code_problem"]

SAMPLE_CHARS = 1500  # a title and a lead paragraph or two: evidence enough, at a bounded cost
MIN_EVIDENCE = 3  # function words or marker letters needed before a language is named
MARGIN = 2.0  # the winner needs this many times the runner-up's evidence

_UK_LETTERS = "іїєґ"
_RU_LETTERS = "ыэёъ"
# Frequent words of one of the two languages that the other never writes so (after lower-casing).
_UK_WORDS = frozenset(
    "що це від та як але або щоб він вона вони його її їх був була були було також після під між ще вже може "
    "має буде цього році року й ми ви які який яка яке щодо проти коли саме лише"
    .split()
)
_RU_WORDS = frozenset(
    "что это от и как но или чтобы он она они его ее её их был была были было также после под между еще ещё "
    "уже может будет этого году года мы вы которые который которая которое против когда поэтому "
    "именно лишь только"
    .split()
)
# Letters that mark another Cyrillic language; the letter share of the text that names it.
_OTHER_CYRILLIC = {"be": "ў", "sr": "јљњћђџ", "mk": "ѓќѕ", "kk": "әғқңөұүһ"}
OTHER_LETTER_SHARE = 0.005
BULGARIAN_HARD_SIGN_SHARE = 0.01  # ъ is about 2% of Bulgarian letters, under 0.1% of Russian ones
_MARKERS = re.compile("[" + _UK_LETTERS + _RU_LETTERS + "".join(_OTHER_CYRILLIC.values()) + "]")

_LATIN_WORDS = {
    "en": "the and of to in is that was for on with said it as by he at from his have has are were be this an "
          "will not but who they which their would had been its after about",
    "de": "der die und das ist nicht mit den von zu sich des auf für ein eine dem im auch es wird wurde bei nach "
          "sie hat sind einen über aus",
    "fr": "le la les de des et est que une du pour dans qui pas au sur avec il ce par sont aux ont été mais elle "
          "selon cette",
    "es": "el la los las de que y en del se por un una con para es su al lo como más pero fue según este",
    "it": "il di che la e per un del della non una sono con gli le nel alla ha è anche dei dalla",
    "pl": "i w z na się nie do że jest to o jak przez oraz dla po od ale czy są był została które",
    "tr": "ve bir bu da de ile için olarak çok daha olan gibi ama ki ise sonra",
}
LANGUAGES = ("en", "ru", "uk", *(c for c in _LATIN_WORDS if c != "en"), *_OTHER_CYRILLIC, "bg")


def _weights(lists: dict[str, str]) -> dict[str, dict[str, float]]:
    """word -> {language: weight}: a word several languages share counts a fraction for each."""
    owners: dict[str, list[str]] = {}
    for code, words in lists.items():
        for word in words.split():
            owners.setdefault(word, []).append(code)
    return {word: {code: 1 / len(codes) for code in codes} for word, codes in owners.items()}


_LATIN_WEIGHTS = _weights(_LATIN_WORDS)
_PUNCTUATION = "\"'“”‘’«»„‚‹›()[]{}<>.,;:!?¡¿…—–-‐/\\|*_#@%&+=~^`´ʼ•·"


def detect_language(text: str, title: str = "") -> str:
    """The ISO 639-1 code of the language `title` and `text` are written in, or "" when unsure."""
    if not isinstance(text, str) or not isinstance(title, str):
        return ""
    raw = f"{title}\n{text[:SAMPLE_CHARS]}"
    sample = raw.lower()
    words = Counter(word for word in (token.strip(_PUNCTUATION) for token in sample.split()) if word)
    cyrillic, latin = _letters_by_script(words)
    if cyrillic > latin:
        return _cyrillic_language(sample, _common_words(raw), words, cyrillic)
    if latin > cyrillic:
        return _latin_language(words)
    return ""


def _common_words(raw: str) -> str:
    """The lower-cased words that do not start with a capital: names (Умєров in a Russian text, Ушаков in a
    Ukrainian one) travel between the languages with their letters, so their letters are no evidence."""
    kept = (token for token in raw.split() if not token.strip(_PUNCTUATION)[:1].isupper())
    return " ".join(kept).lower()


def _letters_by_script(words: Counter) -> tuple[int, int]:
    """Letters in words that start with a Cyrillic letter, and in words that start with a Latin one."""
    cyrillic = latin = 0
    for word, n in words.items():
        first = word[0]
        if "\u0400" <= first <= "\u04ff":
            cyrillic += n * len(word)
        elif "a" <= first <= "z" or "\u00df" <= first <= "\u024f":
            latin += n * len(word)
    return cyrillic, latin


def _cyrillic_language(sample: str, common: str, words: Counter, letters: int) -> str:
    marks = Counter(_MARKERS.findall(sample))
    count = lambda chars: sum(marks[ch] for ch in chars)  # noqa: E731
    for code, chars in _OTHER_CYRILLIC.items():
        if count(chars) >= max(MIN_EVIDENCE, OTHER_LETTER_SHARE * letters):
            return code
    marks = Counter(_MARKERS.findall(common))  # Russian or Ukrainian: names' letters are no evidence
    ru_letters = count(_RU_LETTERS)
    if ru_letters == marks["ъ"] >= max(MIN_EVIDENCE, BULGARIAN_HARD_SIGN_SHARE * letters):
        return "bg"
    uk = count(_UK_LETTERS) + sum(n for w, n in words.items() if w in _UK_WORDS)
    ru = ru_letters + sum(n for w, n in words.items() if w in _RU_WORDS)
    return _winner({"uk": uk, "ru": ru})


def _latin_language(words: Counter) -> str:
    scores: dict[str, float] = {}
    for word, n in words.items():
        for code, weight in _LATIN_WEIGHTS.get(word, {}).items():
            scores[code] = scores.get(code, 0.0) + n * weight
    return _winner(scores)


def _winner(scores: dict[str, float]) -> str:
    """The best-scoring language when it has enough evidence and a clear lead, else ""."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < MIN_EVIDENCE:
        return ""
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return ranked[0][0] if ranked[0][1] >= MARGIN * runner_up else ""


ISO_639_1 = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee "
    "el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is "
    "it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms "
    "mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk "
    "sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi "
    "yo za zh zu".split()
)
_COUNTRY_NOT_LANGUAGE = {"ua": "uk", "by": "be", "kz": "kk", "gb": "en", "us": "en", "rs": "sr"}


def is_language_code(value: str) -> bool:
    """Whether `value` is an ISO 639-1 language code ("uk"; not the country code "ua")."""
    return value in ISO_639_1


def language_code_problem(value: str) -> str:
    """Why `value` is not a language code, with the likely one; "" when it is one."""
    if is_language_code(value):
        return ""
    hint = _COUNTRY_NOT_LANGUAGE.get(value)
    if hint:
        return f"{value!r} is a country code; the language code is {hint!r}"
    return f"{value!r} is not a language code; give a two-letter ISO 639-1 code such as en, ru or uk"
