"""Grammatical gender of a person as an English text shows it: for "he said" / "she said" in quotes.py.

Known only from what the text itself says: a first name that is clearly female or male in the news
(ambiguous ones such as Jean, Kim, Andrea, Sasha are in neither list), a courtesy title (Mrs, Ms, Mr), a
gendered role word (spokeswoman, Queen) or a pronoun right after the person speaks ("Kovac said she ...").
"" when the text does not tell, and when its cues disagree.
"""

from __future__ import annotations

import re

from indexer.actors.normalise import fold_key

FEMALE, MALE = "f", "m"

_FEMALE_NAMES = frozenset(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty sandra margaret
    ashley kimberly emily donna michelle carol amanda melissa deborah stephanie dorothy rebecca sharon laura
    cynthia amy kathleen angela shirley brenda emma anna anne ann pamela nicole samantha katherine catherine
    kathryn christine helen debra rachel carolyn janet maria marie julie joyce victoria ruth virginia lauren
    christina joan evelyn judith hannah megan cheryl jacqueline martha teresa theresa gloria janice abigail
    sophia sophie frances alice judy isabella julia grace denise danielle marilyn beverly charlotte natalie
    diana doris tammy condoleezza hillary nikki kamala kristi tulsi marjorie elise liz kaja ursula annalena
    giorgia roberta marine segolene christine nathalie sanna mette magdalena jacinda theresa margrethe
    valentina tatiana tatyana natalia nataliya natalya olga irina iryna yulia yuliya svetlana elena olena
    yelena lyudmila ludmila marina galina oksana kateryna ekaterina yekaterina veronika viktoria maria
    daria darya anastasia alina polina mariya khrystyna halyna larysa nadiya nadezhda ella elvira
    fatima aisha ayesha maryam leila layla zainab benazir hina hasina indira sonia nirmala
    dilma cristina michelle yingluck ruth nancy kristalina ngozi""".split()
)
_MALE_NAMES = frozenset(
    """james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony
    mark donald steven steve paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey
    ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory
    alexander frank patrick raymond jack dennis jerry tyler aaron adam nathan henry douglas peter kyle keith
    roger walter arthur lawrence bruce joe alan albert wayne vincent colin dick tony gordon jacques nicolas
    gerhard silvio romano luis carlos juan pedro manuel antonio francisco javier miguel alejandro fernando
    ricardo roberto eduardo jorge hugo emmanuel laurent philippe michel alain bernard hans klaus wolfgang
    helmut olaf friedrich viktor vladimir dmitry dmitri dmitriy sergei sergey sergiy serhiy mikhail mykhailo
    boris yuri yuriy igor alexei alexey oleksii oleksiy nikolai mykola ivan oleg andrei andrey andriy
    yevgeny evgeny gennady volodymyr petro arseniy vitali vitaly vitaliy oleksandr denys dmytro kostiantyn
    konstantin rustem kirill anatoly ruslan maxim maksym pavel pavlo vasily vasyl grigory hryhoriy leonid
    mohammed mohammad muhammad mohamed ahmed ahmad ali hassan hussein abdullah omar khalid khaled salman
    faisal tamim ibrahim mustafa recep tayyip hakan mevlut ilham nikol vucic aleksandar viktor volkan
    marco jd mike rex antony lloyd pete keir rishi boris emmanuel xi narendra shehbaz imran benjamin yair
    naftali isaac recep abbas mahmoud bashar hafez keith kurt jens mark""".split()
)
_FEMALE_TITLES = frozenset(
    "mrs ms miss madam madame lady dame queen princess duchess baronessess spokeswoman chairwoman "
    "congresswoman businesswoman stateswoman".split()
)
_MALE_TITLES = frozenset("mr sir lord king prince duke baron spokesman chairman congressman".split())
_TITLE_BEFORE_RE = re.compile(r"([A-Za-z]+)\.?\s+$")


def name_gender(name: str) -> str:
    """Gender its first word gives a name ('Ursula von der Leyen' -> f), else ''."""
    words = fold_key(name).split()
    if len(words) < 2:
        return ""  # a lone word may be a surname ("Mark" of "Dennis Mark")
    return _word_gender(words[0], _FEMALE_NAMES, _MALE_NAMES)


def title_gender(before: str) -> str:
    """Gender of the courtesy title or role word right before a name ('Mrs ', 'spokeswoman ')."""
    word = _TITLE_BEFORE_RE.search(before)
    return _word_gender(word.group(1).lower(), _FEMALE_TITLES, _MALE_TITLES) if word else ""


def pronoun_gender(pronoun: str) -> str:
    """he/him/his -> m, she/her/hers -> f, else ''."""
    word = pronoun.lower()
    return MALE if word in ("he", "him", "his") else FEMALE if word in ("she", "her", "hers") else ""


def role_gender(role: str) -> str:
    """Gender of a role noun phrase ('the spokeswoman' -> f), else ''."""
    words = role.lower().split()
    return _word_gender(words[-1], _FEMALE_TITLES, _MALE_TITLES) if words else ""


def agree(cues: list[str]) -> str:
    """The one gender all known cues give, '' when none is known or they disagree."""
    known = {c for c in cues if c}
    return next(iter(known)) if len(known) == 1 else ""


def _word_gender(word: str, female: frozenset[str], male: frozenset[str]) -> str:
    if word in female and word not in male:
        return FEMALE
    if word in male and word not in female:
        return MALE
    return ""
