"""Cyrillic names linked to their Latin actor: Уиткофф / Віткофф / Witkoff, Дмитрієв / Dmitriev, Умєров / Umerov.

A Cyrillic name is transliterated with anyascii (ISC), then both spellings are reduced to a skeleton that
forgets what the Latin schemes disagree on (w/v, h/g, y/i/j, doubled letters, soft signs). Skeletons one or
two edits apart (rapidfuzz) only propose a link: the caller also needs the first names to agree, and a
female form (Захарова) never links to a male one. A false merge is worse than a missed one.

`cyrillic_people` finds Russian and Ukrainian people's names in the text: a known given name in the
nominative, then a capitalised surname (with an optional patronymic): "Игорь Костюков", "Кирило Дмитрієв".
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from indexer.actors.discover import Found
from indexer.actors.normalise import NICKNAMES, fold_key
from indexer.actors.variants import gendered_pair

CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_DIGRAPHS = (("shch", "Š"), ("sh", "S"), ("ch", "C"), ("zh", "Z"), ("kh", "H"), ("ts", "T"))
_LETTERS = str.maketrans({"w": "v", "h": "g", "y": "i", "j": "i", "x": "ks"})
_DOUBLE_RE = re.compile(r"(.)\1+")


@lru_cache(maxsize=50_000)
def latin_key(name: str) -> str:
    """Folded Latin spelling of a name: 'Мединський' -> 'medinskiy', 'Віткофф' -> 'vitkoff'."""
    ascii_name = anyascii(name).replace("'", "").replace("’", "")
    return fold_key(ascii_name)


@lru_cache(maxsize=50_000)
def skeleton(key: str) -> str:
    """What two transliterations of one name share: 'witkoff' and 'uitkoff' -> 'vitkof' and 'uitkof'."""
    for digraph, mark in _DIGRAPHS:
        key = key.replace(digraph, mark)
    key = key.translate(_LETTERS)
    key = re.sub(r"^ie|^ye", "e", key)
    return _DOUBLE_RE.sub(r"\1", key).lower()


def _limit(sk: str) -> int:
    return 1 if len(sk) <= 5 else 2


def similar_surnames(surname: str, keys: list[str]) -> list[str]:
    """Latin surname keys whose skeleton is within one or two edits of the Cyrillic `surname`'s."""
    sk = skeleton(latin_key(surname))
    if len(sk) < 4:
        return []
    skeletons = [skeleton(k) for k in keys]
    limit = _limit(sk)
    hits = process.extract(sk, skeletons, scorer=Levenshtein.distance, score_cutoff=limit, limit=20)
    latin = latin_key(surname)
    return [keys[i] for _, _, i in hits if not gendered_pair(keys[i], latin) and abs(len(skeletons[i]) - len(sk)) <= limit]


def first_names_agree(cyrillic: str, latin: str) -> bool:
    """'Стив'/'steve', 'Ігор'/'ihor', 'Кирило'/'kirill': same skeleton initial, two edits at most."""
    if latin in NICKNAMES.get(latin_key(cyrillic), ()):
        return True  # Александр / Oleksandr / Alexander
    a, b = skeleton(latin_key(cyrillic)), skeleton(latin)
    return a[:1] == b[:1] and Levenshtein.distance(a, b) <= 2


# Given names whose Ukrainian, Russian and English spellings given_name_key cannot bring together: the full
# vowels of Ukrainian (Volodymyr/Vladimir), its O- for A- (Oleksandr/Aleksandr), its i for o or e (Fedir/Fyodor),
# and forms that differ outright (Mykola/Nikolai, Tetiana/Tatiana). Each line is one name; the first spelling
# is its key. Western forms that are another person's name just as often (Peter, Helen) are left out.
_EQUIVALENT_GIVEN_NAMES = (
    "vladimir volodymyr wladimir wolodymyr",
    "aleksandr oleksandr alexander alexandr aleksander oleksander",
    "aleksey oleksiy oleksii",
    "nikolai mykola nikolay",
    "pyotr petro petr",
    "pavel pavlo",
    "tatiana tetiana tetyana",
    "yekaterina kateryna ekaterina",
    "yelena olena",
    "fyodor fedir fedor",
    "nikita mykyta",
    "yakov yakiv",
)
_GIVEN_ENDINGS = ("ii", "ei", "i", "o")  # Serhiy/Sergei, Dmytro/Dmitry, Yuriy/Yuri: -ii -ei -i -o are one ending
_MIN_GIVEN = 4  # shorter names (Ian/Jan/Yan) are too often two different names


@lru_cache(maxsize=50_000)
def _given_skeleton(name: str) -> str:
    """The skeleton of a given name without its Slavic ending: 'Serhiy' and 'Sergei' -> 'serg'."""
    sk = skeleton(latin_key(name).replace(" ", ""))
    for ending in _GIVEN_ENDINGS:
        if sk.endswith(ending) and len(sk) - len(ending) >= 3:
            return sk[: -len(ending)]
    return sk


_GIVEN_TABLE = {
    _given_skeleton(name): _given_skeleton(line.split()[0]) for line in _EQUIVALENT_GIVEN_NAMES for name in line.split()
}


def given_name_key(name: str) -> str:
    """One key for the Ukrainian, Russian and English spellings of an East Slavic given name (Latin or
    Cyrillic): 'Volodymyr', 'Vladimir', 'Володимир' -> 'vladimir'; 'Serhiy', 'Sergei' -> 'serg'."""
    sk = _given_skeleton(name)
    return _GIVEN_TABLE.get(sk, sk)


def given_names_equivalent(a: str, b: str) -> bool:
    """True when `a` and `b` are spellings of one East Slavic given name ('Volodymyr'/'Vladimir',
    'Ihor'/'Igor', 'Dmytro'/'Dmitry'); a name under four letters only when spelt the same (Ian is not Jan)."""
    if fold_key(a) == fold_key(b):
        return bool(fold_key(a))
    if min(len(latin_key(a)), len(latin_key(b))) < _MIN_GIVEN:
        return False
    return given_name_key(a) == given_name_key(b)


_WORD = r"[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+(?:-[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ]+)?"
_PATRONYMIC_RE = re.compile(r"(?:ович|евич|йович|івна|овна|евна|ївна|ьевич|ьович)$")
_PERSON_RE = re.compile(rf"(?<![\w'’ʼ-])({_WORD})(?:[ \t]+({_WORD}(?:ович|евич|йович|івна|овна|евна|ївна)))?[ \t]+({_WORD})(?![\w'’ʼ-])")


def cyrillic_people(text: str, given_names: frozenset[str] | set[str]) -> list[Found]:
    """People named in Cyrillic as 'Given [Patronymic] Surname', the given name in the nominative."""
    if not CYRILLIC_RE.search(text):
        return []
    out, pos = [], 0
    while (m := _PERSON_RE.search(text, pos)) is not None:
        if fold_key(m.group(1)) not in given_names or fold_key(m.group(3)) in given_names:
            pos = m.end(1)  # "Президент Владимир Путин": try again from the next word
            continue
        if m.group(2) is None and _PATRONYMIC_RE.search(m.group(3)):
            pos = m.end()  # "— Кирилл Александрович, как вы оцениваете …": a name and patronymic, no surname
            continue
        out.append(Found(m.start(), m.end(), " ".join(m.group(0).split()), "person", "", "given-name"))
        pos = m.end()
    return out
