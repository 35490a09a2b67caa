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
    kimberly emily donna michelle carol amanda melissa deborah stephanie dorothy rebecca sharon laura
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
    dilma cristina michelle yingluck ruth nancy kristalina ngozi
    kate katie kathy cathy liz beth sue susie jenny jen becky vicky vicki tina gina gemma joanna joanne
    lucy lucie lydia mandy melanie miranda molly naomi nina paula penny polly rosa rose rosie louise
    sally sheila sylvia tracey tracy wendy yvonne zoe clare claire caroline carla carmen cecilia celine
    chloe clara daphne deirdre dolores edith eileen eleanor elaine ellen eva eve fiona florence francesca
    geraldine gillian hazel heidi helena hilary ingrid irene iris isabel isabelle jane jeanne jessie
    jill josephine judi katrina kirsty kylie leah lesley lorraine lynn lynne madeleine margot marian
    marion martina maureen maxine mia monica morag nadia natasha nora norma olivia pauline
    philippa priscilla rachael rebekah rita ruby sabine sabrina shannon sienna simone sonja stella
    susanne suzanne tamara tanya tessa thelma valerie vanessa vera veronica violet vivienne yasmin
    yolanda britney serena venus justine amelie svitlana liudmyla olha tetiana hanna inna alla zoya lyubov""".split()
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
    naftali isaac recep abbas mahmoud bashar hafez keith kurt jens mark
    jimmy jim jimmie nick ed eddie ted tom tommy tim bob bobby bill billy mickey dave davey
    ken kenny ron ronnie rob robbie matt andy danny dan ben harry neil graham ian alistair alasdair
    angus archie barry bernie bertie brendan callum craig darren dean declan derek des desmond
    duncan edwin eamonn elliot ernest euan fergus geoff geoffrey glenn grant greg guy hamish harvey
    hugh iain ivor jamie jeremy jonny jon josh julian kieran leon lewis liam luke malcolm marcus martin
    max mervyn miles murray nigel norman oliver owen phil piers ralph reg rhys rory ross roy rupert
    russell sebastian shane simon stan stanley stewart stuart theo toby trevor vernon victor wes xavier
    lars sven giuseppe giovanni luigi mario massimo matteo enrico jean-pierre jean-claude jean-marc
    thierry olivier didier zinedine arsene rafael andre andres diego sergio pablo lionel cristiano
    serhii yevhen bohdan taras yaroslav vyacheslav valery valeriy anatoliy nikolay aleksandr aleksei""".split()
)
_FEMALE_TITLES = frozenset(
    "mrs ms miss madam madame lady dame queen princess duchess baronessess spokeswoman chairwoman "
    "congresswoman businesswoman stateswoman".split()
)
_MALE_TITLES = frozenset("mr sir lord king prince duke baron spokesman chairman congressman".split())
_TITLE_BEFORE_RE = re.compile(r"([A-Za-z]+)\.?\s+$")


def is_given_name(word: str) -> bool:
    """A folded word that is one of the clearly gendered given names above (never a title: 'mr', 'sir')."""
    return word in _FEMALE_NAMES or word in _MALE_NAMES


def name_gender(name: str) -> str:
    """Gender its first word gives a name ('Ursula von der Leyen', 'Baroness Boothroyd' -> f), else ''."""
    words = fold_key(name).split()
    if len(words) < 2:
        return ""  # a lone word may be a surname ("Mark" of "Dennis Mark")
    return _word_gender(words[0], _FEMALE_NAMES, _MALE_NAMES) or title_gender(words[0] + " ")


def title_gender(before: str) -> str:
    """Gender of the courtesy title or role word right before a name ('Mrs ', 'spokeswoman ')."""
    word = _TITLE_BEFORE_RE.search(before)
    return _word_gender(word.group(1).lower(), _FEMALE_TITLES, _MALE_TITLES) if word else ""


def pronoun_gender(pronoun: str) -> str:
    """he/him/his -> m, she/her/hers -> f, else ''."""
    word = re.sub(r"[^a-z]", "", pronoun.lower())
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
