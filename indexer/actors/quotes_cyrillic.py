"""Quote attribution in Russian and Ukrainian text: strict patterns, a speaker only when it is certain.

    after the quote    «…», — сказал Песков.    «…» — заявил глава делегации Мединский    "…", - заявив Умєров
    before the quote   Песков заявил: «…»    Умєров сказав, що "…"    как отметил Песков, «…»    як зазначив X, "…"
                       по словам Ушакова, «…»    за словами Умєрова, "…"  (the bare name only: no role words)
    interrupted        «A, — написал X. — B»: two quotes, both X's
    pronouns           «…», — добавил он.    Він додав, що "…"  -> the previous quote's speaker, when nobody
                       else is named or speaks in between and the verb's gender agrees

The speaker is a person or organisation mention from the recogniser, in the nominative case the verb needs
(checked on its ending: "помощник Путина заявил" is the aide, never Putin; a feminine verb after a role noun
gives nobody, since "помощница Путина" and "пресс-секретарь Захарова" look alike). Nobody when: a plural verb
("сообщили в Кремле"), a preposition or conjunction before the name, a role noun before an organisation
("представитель МИД"), an unrecognised capitalised name before the candidate, two candidates, another
speaker earlier in the sentence, or role words in "по словам ..." ("по словам помощника Путина").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from indexer.actors.gender import agree, name_gender
from indexer.model import Mention

_CYR = "А-Яа-яЁёІіЇїЄєҐґ"
_CYR_RE = re.compile(f"[{_CYR}]")
_LAT_RE = re.compile(r"[A-Za-z]")
_WORD = rf"[{_CYR}A-Za-z0-9'’ʼ-]+"
_CAPITAL = "А-ЯЁІЇЄҐA-Z"
_LOWER = "а-яёіїєґ'’ʼ-"
_WORD_RE = re.compile(_WORD)

# Past-tense stems: Russian masculine + "л", Ukrainian masculine + "в"; both: feminine "ла", neuter "ло",
# plural "ли".
_RU_STEMS = (
    "сказа заяви отмети добави подчеркну сообщи поясни замети уточни ответи написа рассказа объясни призна "
    "предупреди напомни указа завери пообеща призва возрази парирова констатирова резюмирова предложи повтори "
    "подытожи"
).split()
_UK_STEMS = (
    "сказа заяви зазначи дода наголоси повідоми поясни уточни відпові написа підкресли розпові зауважи визна "
    "попереди нагада заклика запевни запропонува констатува резюмува повтори відзначи"
).split()
_PRESENT = (
    "говорит заявляет отмечает подчеркивает подчёркивает добавляет поясняет пишет сообщает уточняет "
    "каже говорить заявляє зазначає наголошує додає пише повідомляє пояснює"
).split()


def _verb_forms() -> dict[str, str]:
    """Every speech verb form and its gender: m, f, n, pl or "" (present tense: any singular)."""
    forms = {verb: "" for verb in _PRESENT}
    for stems, masculine in ((_RU_STEMS, "л"), (_UK_STEMS, "в")):
        for stem in stems:
            forms[stem + masculine] = "m"
            forms.update({stem + "ла": "f", stem + "ло": "n", stem + "ли": "pl"})
    return forms


VERB_GENDER = _verb_forms()
_VERB_RE = re.compile(
    rf"(?<![{_CYR}\w-])({'|'.join(sorted(VERB_GENDER, key=len, reverse=True))})(?![{_CYR}\w-])", re.I
)
_STOP_WORDS = frozenset(
    """в во на с со к ко по о об обо у из за для при после перед от до над под про через между без и а но или
    что чтобы как когда который которая которые где если же ли бы не ни он она оно они его её ее их ему ей им
    это этот эта з із зі від та й і але чи що щоб як коли який яка які де якщо він вона воно вони його її їх
    йому їй цей ця це""".split()
)
_PRONOUNS = {"он": "m", "она": "f", "він": "m", "вона": "f"}
# "— заявил в понедельник Песков": a weekday after в/у is skipped, not taken as the end of the phrase.
_WEEKDAY_RE = re.compile(
    r"\s*(?:в|во|у)\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье|понеділок|вівторок|"
    r"середу|четвер|п['’ʼ]ятницю|суботу|неділю)(?![\w'’-])",
    re.I,
)
_ADVERBS = frozenset(
    """также тоже ранее уже позже позднее затем потом вчера сегодня же лично официально публично
    неоднократно также також теж раніше вже згодом потім учора вчора сьогодні особисто офіційно публічно""".split()
)
# "цитуючи Умєрова", "ссылаясь на Песковa": the words are another's, passed on.
_RELAYED_RE = re.compile(
    r"(?<![\w-])(?:[Цц]итиру[яю]|[Цц]итуючи|[Сс]сылаясь\s+на|[Пп]осилаючись\s+на|[Сс]о\s+ссылкой\s+на|"
    r"[Зз]\s+посиланням\s+на)(?![\w-])"
)
# Phrases that may stand between a subject and its verb like an adverb: "Лавров в свою очередь заявил".
_ADVERBIAL_PHRASE_RE = re.compile(
    r"(?:,\s*)?(?:в\s+свою\s+очередь|у\s+свою\s+чергу|со\s+своей\s+стороны|зі\s+свого\s+боку|"
    r"в\s+том\s+числе|в\s+частности|зокрема|при\s+этом|при\s+цьому)(?:\s*,)?\s*$",
    re.I,
)
# A quote named as a phrase under discussion, right before its mark: "фраза «…»", "слова «…»", "вислів «…»".
_DISCUSSED_BEFORE_RE = re.compile(
    r"(?<![\w-])(?:фраз[аыуеи]|слова|слів|высказывани[еяю]|вислов[иу]?|вислів|цитат[аыуи]|выражени[еяю]|"
    r"тезис[а-я]{0,2}|формулировк[аиу])\s*$",
    re.I,
)
# A denial in the quote's sentence: the words are what the speaker says he never said.
_DENIAL_RE = re.compile(
    r"(?<![\w-])(?:опроверг[а-я]*|отрица[а-я]*|не\s+принадлеж[а-я]*|не\s+говорил[а-я]*|спростува[а-я]*|"
    r"запереч[а-я]*|не\s+належ[а-я]*|не\s+казав|не\s+казала)",
    re.I,
)
_QUOTE_MARK_BETWEEN_RE = re.compile(r"[«»\"“”„]")
# Endings the nominative subject cannot have (checked on a person's last word, an organisation's first).
_OBLIQUE = {
    "m": ("а", "я", "у", "ю", "е", "ё", "і", "ї", "и", "ы", "ом", "ем", "ём", "ым", "им", "ой", "ою", "ею"),
    "f": ("ой", "ей", "ою", "ею", "ую", "юю", "ій", "ої", "ї", "у", "ю", "е"),
}
_DASH_AFTER_RE = re.compile(r"\s*,?\s*(?:—|–|-(?=\s))\s*")
_CLAUSE_BEFORE_RE = re.compile(
    rf"(?:\s+[{_LOWER}]+){{0,3}}\s*(?::|,\s*(?:что|що)\b[^.!?;:«»„“”\"\n]{{0,120}}?)\s*$"
)
_ACCORDING_RE = re.compile(r"(?<![\w-])(?:[Пп]о\s+словам|[Зз]а\s+словами)\s+")
_HOW_RE = re.compile(r"(?<![\w-])(?:[Кк]ак|[Яя]к)\s+$")
_SENTENCE_STOP_RE = re.compile(rf"[.!?…]+[\"”’»)]*\s+(?=[\"“«„{_CYR}A-Z0-9—–-])")
_MAX_GAP = 600  # characters between a quote and the previous one for a pronoun to point back


def is_cyrillic(text: str) -> bool:
    """More Cyrillic letters than Latin ones, and a few of them."""
    cyr = len(_CYR_RE.findall(text))
    return cyr >= 3 and cyr > len(_LAT_RE.findall(text))


# split_interrupted's patterns, compiled once.
_INTERRUPTION_RE = re.compile(rf"[,!?…]\s*[—–]\s*(?={_VERB_RE.pattern})")
_RESUMPTION_RE = re.compile(r"[.,:]\s*[—–]\s*")


def split_interrupted(text: str, spans: list) -> list:
    """«A, — написал X. — B»: the author's words inside one pair of marks make two quotes."""
    out = []
    for q in spans:
        inner = text[q.start : q.end]
        m = _INTERRUPTION_RE.search(inner)
        resume = _RESUMPTION_RE.search(inner[m.end() : m.end() + 200]) if m else None
        if m is None or resume is None or "\n" in inner[m.end() : m.end() + resume.start()]:
            out.append(q)
            continue
        first_end = q.start + m.start() + 1  # up to the comma, which extract_quotes trims from the text
        second = q.start + m.end() + resume.end()
        out.append(replace(q, end=first_end, close=first_end - 1))
        out.append(replace(q, start=second))
    return out


@dataclass
class Attribution:
    actor: str = ""
    end: int = -1  # where the attribution clause ends
    gender: str = ""  # of the verb, for a later pronoun
    cue: bool = False  # an attribution clause was found (even with nobody certain in it)


class CyrillicAttributor:
    """Speakers of the Cyrillic quotes of one article."""

    def __init__(self, text: str, mentions: list[Mention], kinds: dict[str, str],
                 names_of: Callable[[str], Sequence[str]] | None = None) -> None:
        self.text = text
        self.names_of = names_of or (lambda _id: ())  # an actor's names: its nominatives
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.kinds = kinds
        self.by_end = {m.end: m for m in self.mentions}
        self.previous: tuple[int, Attribution] | None = None  # (quote end, attribution) of the last quote
        self._open = 0  # the opening mark of the quote being attributed

    def attribute(self, start: int, end: int, close: int) -> Attribution:
        """The speaker of the quote text[start:end] (its last mark at `close`, -1 when it runs on)."""
        self._open = start - 1
        found = self._after(close) if close >= 0 else Attribution()
        if not found.cue:
            found = self._before(start - 1)
        if found.actor and self._relayed(start - 1, max(found.end, end)):
            found = Attribution(cue=True)  # "— сказав Зеленський, цитуючи Умєрова": someone else's words
        elif found.actor and self._disowned(start - 1, max(found.end, end)):
            found = Attribution(cue=True)  # "заявил, что фраза «…» ему не принадлежит": words he disowns
        self.previous = (end, found) if found.actor else None
        return found

    def _disowned(self, open_: int, after: int) -> bool:
        """The quote is a phrase being discussed ("фраза «…»", "слова «…»") or its sentence denies it
        ("опроверг", "не принадлежит", "спростував", "заперечив")."""
        if _DISCUSSED_BEFORE_RE.search(self.text, max(0, open_ - 30), open_):
            return True
        lo = self._sentence_start(open_)
        stop = _SENTENCE_STOP_RE.search(self.text, after, after + 200)
        hi = stop.start() if stop else min(len(self.text), after + 200)
        return bool(_DENIAL_RE.search(self.text, lo, open_) or _DENIAL_RE.search(self.text, after, hi))

    def _relayed(self, open_: int, after: int) -> bool:
        """The speaker passes on another's words: цитируя / цитуючи / ссылаясь на / посилаючись на … in the
        quote's sentence, before or after it."""
        lo = self._sentence_start(open_)
        stop = _SENTENCE_STOP_RE.search(self.text, after, after + 200)
        hi = stop.start() if stop else min(len(self.text), after + 200)
        return bool(_RELAYED_RE.search(self.text, lo, open_) or _RELAYED_RE.search(self.text, after, hi))

    # -- «…», — сказал NP.
    def _after(self, close: int) -> Attribution:
        dash = _DASH_AFTER_RE.match(self.text, close + 1)
        if dash is None:
            return Attribution()
        verb = _VERB_RE.match(self.text, dash.end())
        if verb is None:
            return Attribution()
        gender = VERB_GENDER[verb.group(1).lower()]
        actor, np_end = self._named_after_verb(verb.end(), gender)
        return Attribution(actor, np_end, gender, cue=True)

    def _named_after_verb(self, at: int, gender: str) -> tuple[str, int]:
        """The one nominative speaker of the noun phrase after a verb ('глава делегации Мединский')."""
        words = self._phrase_words(at)
        np_end = words[-1][1] if words else at
        if words and words[0][2].lower() in _PRONOUNS:
            pronoun = words[0][2].lower()
            return self._pronoun(pronoun, gender), words[0][1]
        if gender == "pl" or not words:
            return "", np_end
        if _role_word(words[0][2]) and not self._persons_in(at, np_end):
            return self._role_holder(words[0][2], at, gender), np_end  # "— наголосив спецпредставник президента"
        return self._one_candidate(at, np_end, gender), np_end

    # -- role references: «…», — сказал спецпосланник.
    def _role_holder(self, role: str, before: int, gender: str) -> str:
        """The one man the article introduced before `before` with this role word, in the form the verb's
        subject has (a genitive 'президента' depends on another role): in each sentence where it appears,
        the first person named in the nominative after it ('спецпредставник президента США Дональда
        Трампа … Кіт Келлог'); "" when none, when the article gives the role to two people or to a woman, and
        for a feminine verb (a woman's name in the nominative cannot be told from a man's in the genitive)."""
        if gender != "m":  # a woman's name in the nominative reads like a man's in the genitive (Трампа)
            return ""
        holders = set()
        for word in _role_word_re(role).finditer(self.text, 0, before):
            if word.group(0).lower() != role.lower():
                continue  # another case: 'помощник президента Юрий Ушаков' is the aide, not the president
            stop = _SENTENCE_STOP_RE.search(self.text, word.end(), before)
            hi = min(stop.start() if stop else before, word.end() + _ROLE_REACH)
            holder = next((m for m in self._persons_in(word.end(), hi)
                           if self._nominative(m, gender, self.text[word.end() : m.start])), None)
            if holder is not None and _QUOTE_MARK_BETWEEN_RE.search(self.text, word.end(), holder.start):
                continue  # «Президент поручил …», — сказал пресс-секретарь … Песков: quoted, not introduced
            if holder is not None and not _looks_feminine(holder.text):
                holders.add(holder.actor_id)
            elif holder is not None:
                return ""  # a woman holds the role, a man speaks: someone else's words
        return holders.pop() if len(holders) == 1 else ""

    def _persons_in(self, lo: int, hi: int) -> list[Mention]:
        return [m for m in self._mentions_in(lo, hi) if self.kinds.get(m.actor_id) == "person"]

    def _phrase_words(self, at: int) -> list[tuple[int, int, str]]:
        """Words from `at` to the first punctuation or stop word (preposition, conjunction, pronoun)."""
        out = []
        pos = at
        while len(out) < 8:
            weekday = _WEEKDAY_RE.match(self.text, pos)
            pos = weekday.end() if weekday else pos
            m = re.compile(rf"\s*({_WORD})").match(self.text, pos)
            if m is None or "\n" in self.text[pos : m.start(1)]:
                break
            word = m.group(1)
            if word.lower() in _STOP_WORDS and not (not out and word.lower() in _PRONOUNS):
                break
            out.append((m.start(1), m.end(1), word))
            pos = m.end()
            if word.lower() in _PRONOUNS:
                break
        return out

    def _one_candidate(self, lo: int, hi: int, gender: str) -> str:
        """The one person (else the one organisation right after the verb) in text[lo:hi] fit to be subject."""
        persons, orgs = [], []
        for m in self._mentions_in(lo, hi):
            kind = self.kinds.get(m.actor_id)
            before = self.text[lo : m.start]
            if self._unrecognised_capital(lo, m.start):
                return ""
            if kind == "person" and self._nominative(m, gender, before):
                persons.append(m.actor_id)
            elif kind == "organisation" and not before.strip() and self._nominative(m, gender, before):
                orgs.append(m.actor_id)
        if len(set(persons)) == 1:
            return persons[0]
        return orgs[0] if not persons and len(set(orgs)) == 1 else ""

    def _nominative(self, m: Mention, gender: str, before: str) -> bool:
        """Can this mention be the subject of a verb of this gender? ('Путина' after 'сказал' cannot.)"""
        if gender in ("pl",) or (gender == "n" and self.kinds.get(m.actor_id) == "person"):
            return False
        words = self.text[m.start : m.end].split()
        person = self.kinds.get(m.actor_id) == "person"
        if person and self._known_gender(m.actor_id) not in ("", gender):
            return False  # "— сказала Трампа": no verb of a woman has Donald Trump for its subject
        word = (words[-1] if person else words[0]).lower()
        if not _CYR_RE.search(word) or (word.isupper() and len(word) <= 6):
            return True  # Latin script or an acronym (МИД, ТАСС): not declined
        after_lowercase = bool(re.search(rf"[{_LOWER}]+\s+$", before)) and not _after_adverb(before)
        if after_lowercase and (gender == "f" or word[-1] in "аяоуюэеиіїыё"):
            return False  # "помощница Путина заявила", "помощник Рубио сказал": whose aide speaks?
        if gender == "m" and person and word[-1] in "ая" and self._nominative_name(m.actor_id, word):
            return True  # "— сказав Сибіга": his name ends in -а (a genitive would be "Сибіги")
        return not word.endswith(_OBLIQUE["f" if gender == "f" else "m"])

    def _known_gender(self, actor_id: str) -> str:
        """The gender the actor's names tell ("Donald Trump": m), "" when they do not or disagree."""
        return agree([name_gender(name) for name in self.names_of(actor_id)])

    def _nominative_name(self, actor_id: str, word: str) -> bool:
        """`word` (lower case) is the last word of one of the actor's own names: a nominative."""
        word = word.replace("ё", "е")
        return any(name.split()[-1].lower().replace("ё", "е") == word for name in self.names_of(actor_id)
                   if name.strip() and _CYR_RE.search(name))

    def _unrecognised_capital(self, lo: int, hi: int) -> bool:
        """A capitalised word in text[lo:hi] that is no mention and not the first name of the next one."""
        for m in _WORD_RE.finditer(self.text, lo, hi):
            if m.group()[:1].isupper() and not self._covered(m.start()):
                rest = self.text[m.end() : hi]
                if rest.strip() and not re.fullmatch(rf"\s+(?:[{_CAPITAL}][\w'’-]*\s+)*", rest):
                    return True
        return False

    # -- before the quote: X заявил: «…» / X сказал, что «…» / как отметил X, «…» / по словам X, «…»
    def _before(self, open_: int) -> Attribution:
        lo = self._sentence_start(open_)
        head = self.text[lo:open_]
        according = list(_ACCORDING_RE.finditer(self.text, lo, open_))
        verbs = list(_VERB_RE.finditer(self.text, lo, open_))
        if according and (not verbs or verbs[-1].start() < according[-1].start()):
            return self._according(according[-1].end(), open_)
        if not verbs or re.search(r"[«»„“”\"]", head):
            return Attribution()
        verb = verbs[-1]
        gender = VERB_GENDER[verb.group(1).lower()]
        if _HOW_RE.search(self.text, lo, verb.start()):
            return self._as_noted(verb.end(), open_, gender)
        if not _CLAUSE_BEFORE_RE.fullmatch(self.text, verb.end(), open_) and not self._short_object(verb.end(), open_):
            return Attribution()
        actor = self._subject_before(lo, verb.start(), gender)
        if not actor or any(self._earlier_speaker(lo, v, actor) for v in verbs[:-1]):
            return Attribution()  # nested speech: "Песков заявил, что Путин сказал: «…»"
        return Attribution(actor, open_, gender)

    def _earlier_speaker(self, lo: int, verb: re.Match, actor: str) -> bool:
        other = self._subject_before(lo, verb.start(), VERB_GENDER[verb.group(1).lower()])
        return other not in ("", actor)

    def _short_object(self, lo: int, hi: int) -> bool:
        """'предложил возобновить переговоры с Украиной "…"': a short clause, no punctuation, no speaker."""
        between = self.text[lo:hi]
        if len(between) > 120 or re.search(r"[.!?;:,«»„“”\"\n—–]", between):
            return False
        return not any(self.kinds.get(m.actor_id) in ("person", "organisation") for m in self._mentions_in(lo, hi))

    def _subject_before(self, lo: int, verb_start: int, gender: str) -> str:
        """The nominative subject ending right before the verb (adverbs allowed), or a pronoun's person."""
        end = verb_start
        while True:
            phrase = _ADVERBIAL_PHRASE_RE.search(self.text, lo, end)
            if phrase is not None:
                end = phrase.start()
                continue
            word = re.search(rf"({_WORD})\s*$", self.text[lo:end])
            if word is None or word.group(1).lower() not in _ADVERBS:
                break
            end = lo + word.start(1)
        end = lo + len(self.text[lo:end].rstrip())
        pronoun = re.search(rf"(?<![{_CYR}])({'|'.join(_PRONOUNS)})$", self.text[lo:end], re.I)
        if pronoun:
            return self._pronoun(pronoun.group(1).lower(), gender)
        m = self.by_end.get(end)
        if m is None or self.kinds.get(m.actor_id) not in ("person", "organisation") or gender == "pl":
            return ""
        before = self.text[lo : m.start]
        last = re.search(rf"({_WORD})\s*$", before)
        if last and (last.group(1).lower() in _STOP_WORDS or self.kinds[m.actor_id] == "organisation"):
            return ""  # "и Путин", "с Путиным"; an organisation speaks only from the clause start ("Представитель МИД")
        return m.actor_id if self._nominative(m, gender, before) else ""

    def _as_noted(self, at: int, open_: int, gender: str) -> Attribution:
        """как отметил NP, «…»: the noun phrase, a comma, then the quote within a short clause."""
        actor, np_end = self._named_after_verb(at, gender)
        if not actor or not re.fullmatch(r"\s*,[^.!?;:«»„“”\"\n]{0,80}", self.text[np_end:open_]):
            return Attribution()
        return Attribution(actor, open_, gender)

    def _according(self, at: int, open_: int) -> Attribution:
        """по словам X, «…»: X alone (no role words, which may name someone else's aide)."""
        m = next(iter(self._mentions_in(at, open_)), None)
        if m is None or m.start != at or self.kinds.get(m.actor_id) != "person":
            return Attribution()
        if not re.fullmatch(r"\s*,[^.!?;:«»„“”\"\n]{0,80}", self.text[m.end : open_]):
            return Attribution()
        return Attribution(m.actor_id, open_, "")

    # -- pronouns
    def _pronoun(self, pronoun: str, gender: str) -> str:
        """он/она/він/вона: the previous quote's speaker, when nobody else comes between and genders agree."""
        if self.previous is None:
            return ""
        prev_end, prev = self.previous
        lo = prev.end if prev.end > prev_end else prev_end
        wanted = _PRONOUNS[pronoun]
        if gender not in ("", wanted) or prev.gender not in ("", wanted) or self.kinds.get(prev.actor) != "person":
            return ""
        hi = max(lo, self._open)
        if hi - lo > _MAX_GAP or self.text.count("\n", lo, hi) > 4:
            return ""
        others = {m.actor_id for m in self._mentions_in(lo, hi)
                  if self.kinds.get(m.actor_id) in ("person", "organisation")} - {prev.actor}
        if others or self._capital_not_first(lo, hi) or self._someone_speaks(lo, hi, prev.actor):
            return ""
        return prev.actor

    def _someone_speaks(self, lo: int, hi: int, actor: str) -> bool:
        """A speech verb in text[lo:hi] whose neighbour is neither a pronoun nor `actor`'s mention."""
        for verb in _VERB_RE.finditer(self.text, lo, hi):
            before = re.search(rf"({_WORD})\s*$", self.text[lo : verb.start()])
            after = re.match(rf"\s*({_WORD})", self.text[verb.end() : hi])
            near = {w.group(1).lower() for w in (before, after) if w}
            own = [m for m in self._mentions_in(lo, hi) if m.actor_id == actor]
            if not (near & set(_PRONOUNS)) and not any(self._adjacent(m, verb) for m in own):
                return True
        return False

    def _adjacent(self, m: Mention, verb: re.Match) -> bool:
        """Only spaces between a mention and a verb ('Песков добавил', 'добавил Песков')."""
        if m.end <= verb.start():
            return not self.text[m.end : verb.start()].strip()
        return m.start >= verb.end() and not self.text[verb.end() : m.start].strip()

    def _capital_not_first(self, lo: int, hi: int) -> bool:
        """An unrecognised capitalised word that does not open a sentence: someone may be named there."""
        for m in _WORD_RE.finditer(self.text, lo, hi):
            if not m.group()[:1].isupper() or self._covered(m.start()):
                continue
            if not re.search(r"(?:^|[.!?…»\"”:\n]\s*|[—–]\s*)$", self.text[max(lo, m.start() - 4) : m.start()]):
                return True
            if m.group().lower() not in _PRONOUNS and _VERB_RE.match(self.text, m.end() + 1):
                return True  # "Ушаков добавил": a sentence opened by an unrecognised speaker
        return False

    # -- helpers
    def _mentions_in(self, lo: int, hi: int) -> list[Mention]:
        return [m for m in self.mentions if lo <= m.start and m.end <= hi]

    def _covered(self, pos: int) -> bool:
        return any(m.start <= pos < m.end for m in self.mentions)

    def _sentence_start(self, pos: int) -> int:
        lo = max(self.text.rfind("\n", 0, pos) + 1, pos - 1000)
        starts = [s.end() for s in _SENTENCE_STOP_RE.finditer(self.text, lo, pos) if not _initial(self.text, s.start())]
        return starts[-1] if starts else lo


# Role words that may stand for a person the article introduced ("— сказав спецпосланник"): stems, each
# followed by at most _ROLE_ENDING more letters (its case endings).
_ROLE_STEMS = tuple(
    """спецпредставник спецпосланник спецпосланец посланник посланец представник представител речник
    пресс-секретар прес-секретар міністр министр голова глава посол помічник помощник радник советник
    президент прем'єр премьер канцлер генсек спикер спікер очільник керівник руководител командувач
    командующ губернатор дипломат переговорник переговорщик""".split()
)
_ROLE_ENDING = 3
_ROLE_REACH = 160  # characters after a role word in which its holder is named


def _role_word(word: str) -> str:
    """The role stem `word` is a form of ('спецпредставника' -> 'спецпредставник'), or ""."""
    low = word.lower()
    return next((stem for stem in _ROLE_STEMS if low.startswith(stem) and len(low) - len(stem) <= _ROLE_ENDING), "")


def _role_word_re(word: str) -> re.Pattern:
    stem = _role_word(word)
    return re.compile(rf"(?<![{_CYR}'’ʼ-]){re.escape(stem)}[{_LOWER}]{{0,{_ROLE_ENDING}}}(?![{_CYR}])", re.I)


_FEMININE_SURNAME = ("ова", "ева", "єва", "іна", "ина", "ська", "цька", "ская", "цкая", "ая")


def _looks_feminine(name: str) -> bool:
    """A Cyrillic full name that reads as a woman's: a feminine surname, or a first name in -а/-я
    (a man's 'Микола' reads so too: then no speaker is found, never a wrong one)."""
    words = name.lower().split()
    return bool(words) and (words[-1].endswith(_FEMININE_SURNAME) or (len(words) > 1 and words[0][-1] in "ая"))


def _initial(text: str, dot: int) -> bool:
    """'В. Путин', 'т. е.': a full stop after one letter does not end a sentence."""
    return dot >= 1 and text[dot - 1].isalpha() and (dot < 2 or not text[dot - 2].isalpha())


def _after_adverb(before: str) -> bool:
    word = re.search(rf"({_WORD})\s*$", before)
    return word is not None and word.group(1).lower() in _ADVERBS
