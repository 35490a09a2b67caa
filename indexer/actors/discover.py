"""Discovery of actors no gazetteer holds, from the shape of the text around capitalised names.

Cues, strongest first:
- a title or role before the name: "Qatari Foreign Minister Halima Al-Rashed", "spokeswoman Tammy Bruce";
- attribution: "..., X Y said", "X Y told reporters", "according to X Y", "X Y, the head of ..., said";
- organisation shapes: "Institute for ...", "... Ministry", "... Programme", acronyms defined in the text,
  lone unknown acronyms ("OPEC"), and "the Senate"/"Parliament"-style institutions;
- place shapes: "Nuristan Province", "Gaza Strip";
- a two- or three-word capitalised name that starts with a common given name, or any such name in
  mid-sentence that is not known, not after "in/at/the", and made of no organisation or place words.

Bylines, reporting credits and web boilerplate lines are skipped; weekdays, months, pronouns and
sentence-initial function words never become actors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from indexer.actors.gender import is_given_name
from indexer.actors.normalise import fold_key

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_ABBREV = r"(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sen|Rep|Gov|Prof|Capt|Maj|Sgt|Adm|St|Jr|Sr|Cmdr|Brig|Amb)\."
_MIDDLE_INITIAL = rf"(?<=[a-z][ \t])[A-Z]\.(?=[ \t]+[{_UPPER}][a-z])"  # "George W. Bush"
CAP_TOKEN = (
    rf"(?:(?:[A-Z]\.){{2,}}|{_ABBREV}|{_MIDDLE_INITIAL}|(?:al|el|ad|as|ash|abu|bin|ibn)-[{_UPPER}][\w'’]*"
    rf"|[{_UPPER}][\w'’]*(?:-[\w'’]+)*)"
)
_SEP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
_CONN = r"(?:(?:of|for)(?:[ \t]+the)?|de[ \t]+la|von[ \t]+der|van[ \t]+der|van[ \t]+den|de|del|da|dos|al|el|bin|ibn|von|van|der|den|la|le|du)"
_RUN = rf"(?<![\w'’.-]){CAP_TOKEN}(?:{_SEP}(?:{_CONN}{_SEP})?{CAP_TOKEN})*"
# The lookahead admits only the characters a CAP_TOKEN can start with (a capital, or the a/e/b/i of "al-",
# "bin-" ...): the same runs as _RUN, with most positions of a text rejected by one test.
RUN_RE = re.compile(rf"(?=[{_UPPER}aebi]){_RUN}")
_TOKEN_RE = re.compile(CAP_TOKEN + r"|[a-z][\w'’]*")

_WORDS = lambda s: frozenset(s.split())  # noqa: E731

STOP = _WORDS(
    """the a an in on at but and or nor however this that these those it he she they we i you his her hers
    their its our my your as after before when while if meanwhile also both some many most other such for
    from with by to of under over since during despite although though yet so then now today yesterday
    tomorrow last next earlier later still even only one two three four five several all each every no not
    why what who whom whose how where which there here dear thank thanks please according because until
    unless whether once more less much few another same new former late said says asked told added read
    latest breaking watch listen follow share subscribe sign click related advertisement photo video
    image copyright updated published source sources editing reporting writing additional more top home
    news world business sport opinion live analysis comment yes oh okay ok let lets thus therefore perhaps
    instead indeed again otherwise among between against without within about above below around across
    along toward towards upon via per amid like unlike near off out through throughout into onto inside
    outside beyond behind beneath beside besides ahead already always almost anyway soon just back"""
)
DAYS_MONTHS = _WORDS(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan feb mar apr jun jul aug sep sept oct nov dec"""
)
ROLE_NOUNS = _WORDS(
    """president premier chancellor minister secretary ambassador envoy spokesman spokeswoman spokesperson
    chief commander general gen governor gov senator sen rep representative congressman congresswoman mayor
    king queen prince princess sheikh emir ayatollah pope cardinal archbishop bishop judge justice director
    chairman chairwoman chair leader lt col colonel captain capt major maj sergeant sgt admiral adm marshal
    mr mrs ms dr prof professor sir dame lord lady adviser advisor aide official officer prosecutor attorney
    speaker coordinator commissioner rapporteur delegate negotiator mufti imam rabbi cleric analyst expert
    researcher economist lawyer lawmaker legislator diplomat head founder ceo executive activist candidate
    counsellor counselor deputy vice-president secretary-general director-general under-secretary
    undersecretary chief-of-staff president-elect spokesmen correspondent manager scientist strategist
    brig cmdr amb inspector superintendent detective constable warden pastor reverend rev father brother
    sister fellow lecturer historian author novelist journalist editor reporter"""
)
# Lower-case words that may sit inside a role phrase: "IMF mission chief", "senior foreign policy aide".
ROLE_MODIFIERS = _WORDS(
    """mission senior foreign defence defense deputy former acting interim prime national security policy
    presidential top military press vice assistant special regional chief state foreign-policy party
    opposition rebel army police finance health interior justice trade energy economy economic political
    government cabinet white house campaign communications intelligence permanent executive general
    managing union international affairs external human rights development affairs-office supreme
    election electoral central bank bureau council commission de facto de-facto spy navy air force
    ministry ministerial public private armed forces humanitarian relief country programme program"""
)
ROLE_COMPLEMENTS = _WORDS(
    """state defence defense foreign affairs finance interior justice health energy commerce treasury homeland
    security trade education agriculture labor labour economy economic information culture environment
    transport transportation industry staff the joint chiefs army navy parliament commons lords house
    internal external development international cooperation emergency situations veterans digital science
    technology home office exchequer national"""
)
ORG_TAILS = _WORDS(
    """party agency union council ministry organization organisation programme program fund bank commission
    committee court corporation corp company co group front movement army forces force association institute
    university office department police parliament assembly congress senate airlines airways inc ltd llc plc
    news service services authority alliance federation foundation society center centre board network
    brigade brigades guard guards navy church league coalition club bureau cabinet administration tribunal
    academy school college hospital times post journal television radio press agency trust consortium
    institution secretariat directorate command corps mission observatory watch initiative partnership
    forum summit conference exchange industries holdings group motors bloc junta militia regime guardians
    taliban brotherhood"""
)
ORG_HEADS = _WORDS(
    """institute ministry bank university department organization organisation office council committee
    commission court federation association union party church fund centre center agency bureau board
    society academy school college league movement front army"""
)
# Titles that can stand before a bare surname ("President Bush", "Mr. Xi").
PERSONAL_TITLES = _WORDS(
    """president premier chancellor minister secretary ambassador envoy general gen governor gov senator sen rep
    representative congressman congresswoman mayor king queen prince princess sheikh emir ayatollah pope
    cardinal archbishop bishop judge justice colonel col captain capt major maj sergeant sgt admiral adm marshal
    mr mrs ms dr prof professor sir dame lord lady speaker chairman chairwoman commander lt spokesman
    spokeswoman prosecutor brig cmdr amb president-elect secretary-general director-general"""
)
# Capitalised words that are not part of a person's name.
NON_NAME = _WORDS(
    """human rights social democrats democrat republican republicans reconstruction defense defence security
    affairs development national international united democratic republic people peoples popular liberation
    islamic christian muslim muslims jewish catholic sunni shiite shi'ite arab arabs western eastern northern
    southern central hurricane typhoon cyclone storm tropical operation world cup olympic olympics games war
    peace treaty accord agreement act law plan prize empire kingdom open protocol mirror cross daily herald tribune award day year new old great grand holy supreme
    federal state states province district region city county island islands strip valley river sea ocean
    gulf mountains mountain lake street square avenue airport bay peninsula desert border coast canal park
    north south east west internet online web twitter facebook google christmas easter ramadan eid
    communist socialist conservative liberal green greens labour labor tory tories parliament congress
    senate ministry embassy consulate prison camp hospital university stock index dollar euro yen oil gas
    energy nuclear atomic army navy police military forces economic trade foreign interior justice health
    education finance treasury commerce agriculture environment transport science technology"""
) | ORG_TAILS
# Buildings and sites: "Dolmabahce Palace" is a place, never a person.
BUILDINGS = _WORDS(
    """palace hotel mosque cathedral stadium tower towers bridge castle residence monastery temple fortress
    plaza airbase"""
)
PLACE_TAILS = _WORDS(
    """province district region county island islands strip valley river sea ocean gulf mountains lake bay
    peninsula desert coast canal park square street avenue airport city state territory territories
    prefecture oblast governorate municipality village camp border"""
) | BUILDINGS
# Demonym -> country name (resolved through the gazetteer). Used to keep adjectives out of names and,
# optionally, to report demonyms as mentions of their country.
DEMONYMS = {
    d: c
    for c, ds in {
        "Afghanistan": "Afghan Afghans", "Albania": "Albanian Albanians", "Algeria": "Algerian Algerians",
        "United States": "American Americans", "Argentina": "Argentine Argentinian Argentines",
        "Armenia": "Armenian Armenians", "Australia": "Australian Australians", "Austria": "Austrian Austrians",
        "Azerbaijan": "Azerbaijani Azeri Azeris", "Bahrain": "Bahraini Bahrainis", "Bangladesh": "Bangladeshi",
        "Belarus": "Belarusian Belarusians", "Belgium": "Belgian Belgians", "Bolivia": "Bolivian Bolivians",
        "Bosnia and Herzegovina": "Bosnian Bosnians", "Brazil": "Brazilian Brazilians", "United Kingdom": "British Briton Britons English Scottish Welsh",
        "Bulgaria": "Bulgarian Bulgarians", "Myanmar": "Burmese", "Cambodia": "Cambodian Cambodians",
        "Canada": "Canadian Canadians", "Chile": "Chilean Chileans", "China": "Chinese", "Colombia": "Colombian Colombians",
        "Croatia": "Croatian Croatians Croat Croats", "Cuba": "Cuban Cubans", "Cyprus": "Cypriot Cypriots",
        "Czech Republic": "Czech Czechs", "Denmark": "Danish Dane Danes", "Netherlands": "Dutch",
        "Ecuador": "Ecuadorian Ecuadorians", "Egypt": "Egyptian Egyptians", "Eritrea": "Eritrean Eritreans",
        "Estonia": "Estonian Estonians", "Ethiopia": "Ethiopian Ethiopians", "Finland": "Finnish Finn Finns",
        "France": "French", "Georgia": "Georgian Georgians", "Germany": "German Germans", "Ghana": "Ghanaian Ghanaians",
        "Greece": "Greek Greeks", "Haiti": "Haitian Haitians", "Hungary": "Hungarian Hungarians",
        "Iceland": "Icelandic", "India": "Indian Indians", "Indonesia": "Indonesian Indonesians",
        "Iran": "Iranian Iranians", "Iraq": "Iraqi Iraqis", "Ireland": "Irish", "Israel": "Israeli Israelis",
        "Italy": "Italian Italians", "Japan": "Japanese", "Jordan": "Jordanian Jordanians",
        "Kazakhstan": "Kazakh Kazakhs", "Kenya": "Kenyan Kenyans", "Kuwait": "Kuwaiti Kuwaitis",
        "Kyrgyzstan": "Kyrgyz", "Latvia": "Latvian Latvians", "Lebanon": "Lebanese", "Liberia": "Liberian Liberians",
        "Libya": "Libyan Libyans", "Lithuania": "Lithuanian Lithuanians", "Malaysia": "Malaysian Malaysians",
        "Mexico": "Mexican Mexicans", "Moldova": "Moldovan Moldovans", "Mongolia": "Mongolian Mongolians",
        "Morocco": "Moroccan Moroccans", "Nepal": "Nepalese Nepali", "New Zealand": "Zealander",
        "Nicaragua": "Nicaraguan Nicaraguans", "Nigeria": "Nigerian Nigerians", "North Korea": "North Korean",
        "Norway": "Norwegian Norwegians", "Oman": "Omani Omanis", "Pakistan": "Pakistani Pakistanis",
        "Palestine": "Palestinian Palestinians", "Peru": "Peruvian Peruvians", "Philippines": "Filipino Filipinos Philippine",
        "Poland": "Polish Pole Poles", "Portugal": "Portuguese", "Qatar": "Qatari Qataris", "Romania": "Romanian Romanians",
        "Russia": "Russian Russians", "Rwanda": "Rwandan Rwandans", "Saudi Arabia": "Saudi Saudis",
        "Serbia": "Serbian Serbians Serb Serbs", "Singapore": "Singaporean", "Slovakia": "Slovak Slovaks",
        "Slovenia": "Slovenian Slovene", "Somalia": "Somali Somalis", "South Africa": "South African",
        "South Korea": "South Korean Korean Koreans", "Spain": "Spanish Spaniard Spaniards", "Sri Lanka": "Sri Lankan",
        "Sudan": "Sudanese", "Sweden": "Swedish Swede Swedes", "Switzerland": "Swiss", "Syria": "Syrian Syrians",
        "Taiwan": "Taiwanese", "Tajikistan": "Tajik Tajiks", "Tanzania": "Tanzanian Tanzanians", "Thailand": "Thai Thais",
        "Tunisia": "Tunisian Tunisians", "Turkey": "Turkish Turk Turks", "Turkmenistan": "Turkmen",
        "Uganda": "Ugandan Ugandans", "Ukraine": "Ukrainian Ukrainians", "United Arab Emirates": "Emirati Emiratis",
        "Uruguay": "Uruguayan", "Uzbekistan": "Uzbek Uzbeks", "Venezuela": "Venezuelan Venezuelans",
        "Vietnam": "Vietnamese", "Yemen": "Yemeni Yemenis", "Zambia": "Zambian Zambians", "Zimbabwe": "Zimbabwean Zimbabweans",
        "Europe": "European Europeans", "Africa": "African Africans", "Asia": "Asian Asians", "Latin America": "Latin",
        "Arab League": "Arab Arabs", "Kosovo": "Kosovar Kosovars", "Chechnya": "Chechen Chechens", "Kurdistan": "Kurdish Kurd Kurds",
    }.items()
    for d in ds.split()
}
_DEMONYM_KEYS = frozenset(d.lower() for d in DEMONYMS)
PLACE_HEADS = _WORDS("abu al el los las rio san santa sao new port fort mount lake saint st st. cape gulf")
GENERIC_ORGS = _WORDS("congress senate house parliament pentagon kremlin cabinet marines navy army knesset duma")
ATTRIBUTION_VERBS = (
    "said|says|say|told|tells|added|adds|noted|notes|stated|warned|warns|announced|explained|wrote|writes|"
    "insisted|argued|declared|replied|urged|acknowledged|confirmed|denied|stressed|emphasised|emphasized|"
    "commented|claimed|predicted|suggested|responded|recalled|cautioned|conceded|admitted|asserted|"
    "maintained|observed|pointed out|went on|continued|tweeted|posted"
)
_AFTER_CUE_RE = re.compile(rf"\s*(?:,\s*)?(?:{ATTRIBUTION_VERBS})\b")
_APPOSITIVE_RE = re.compile(rf",\s+((?:a|an|the|who|whose)\s[^,.;:\"“”]{{3,90}}),\s+(?:{ATTRIBUTION_VERBS})\b")
_BEFORE_CUE_RE = re.compile(
    rf"(?:\b(?:{ATTRIBUTION_VERBS}|according to|quoted|quoting|asked|interviewed|citing|cited)\s+)$"
)
ACRONYM_STOP = _WORDS(
    """AIDS HIV GDP TV CEO AM PM OK UTC GMT BC AD USD EUR GBP RPG AK CNN-IBN DNA PDF MP MPS LGBT LGBTQ COVID SARS
    ID PR CO2 IT FAQ VIP UK US USA UN EU II III IV VI VII VIII IX XI XII JR SR ET PT EST EDT BST CET KM KG
    MW GW NB PS RSS URL SMS GPS ATM ICU ER NGO NGOS PHD MBA UAV UAVS IED IEDS AWOL POW POWS OPED FYI ASAP TBA TBC RSVP AKA IMO FWIW DIY EOD"""
)
# Ordinary words written in capitals for emphasis or as page furniture ("the reports were FALSE").
EMPHASIS_CAPS = _WORDS(
    """TRUE FALSE NOT NO YES NEVER ALL ANY NONE NOW NEW FREE ONLY MUST STOP EVER BIG HUGE VERY REAL FAKE
    BREAKING UPDATE UPDATED LIVE WATCH READ MORE VIDEO PHOTO PHOTOS EXCLUSIVE OPINION ANALYSIS EDITORIAL
    URGENT ALERT CORRECTION NOTE WARNING AND OR BUT THE WAR PEACE DEAL HELP"""
)

GIVEN_NAMES = _WORDS(
    """james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony
    mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan
    jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander
    frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle
    noah ethan jeremy walter christian keith roger terry austin sean gerald carl harold dylan arthur lawrence
    jordan jesse bryan billy bruce gabriel joe logan alan juan albert willie elijah wayne randy vincent
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty sandra margaret
    ashley kimberly emily donna michelle carol amanda melissa deborah stephanie dorothy rebecca sharon laura
    cynthia amy kathleen angela shirley brenda emma anna pamela nicole samantha katherine christine helen
    debra rachel carolyn janet maria catherine heather diane olivia julie joyce victoria ruth virginia lauren
    kelly christina joan evelyn judith andrea hannah megan cheryl jacqueline martha madison teresa gloria
    sara janice ann kathryn abigail sophia frances jean alice judy isabella julia grace amber denise danielle
    marilyn beverly charlotte natalie theresa diana brittany doris kayla alexis lori marie tammy condoleezza
    hillary colin dick tony gordon jacques nicolas angela gerhard silvio romano jose luis carlos juan pedro
    manuel antonio francisco javier miguel alejandro fernando ricardo roberto eduardo jorge hugo evo alvaro
    felipe ollanta cristina michelle dilma lula mauricio andres jean pierre francois emmanuel marine dominique
    laurent philippe michel alain bernard hans klaus wolfgang helmut jurgen frank-walter joschka horst gunther
    angela ursula olaf friedrich viktor vladimir dmitry dmitri sergei sergey mikhail boris yuri igor alexei
    alexey nikolai ivan oleg andrei andrey yevgeny gennady valentina volodymyr viktor petro yulia arseniy
    vitali vitaly oleksandr oleksiy mykhailo denys dmytro andriy kostiantyn rustem mohammed mohammad muhammad
    mohamed ahmed ahmad ali hassan hussein hussain abdullah abdul omar umar khalid khaled saeed said salman
    faisal hamad tamim yousef yusuf youssef ibrahim ismail mahmoud mahmud mustafa mostafa nabil walid
    fawzi jamal kamal karim hamid rashid rasheed tariq nasser nasir saleh salih abdel abdelaziz abdulaziz
    hamza bashar hafez hosni anwar ayman osama nouri nuri jalal masoud massoud hamid ashraf pervez nawaz
    benazir asif imran shehbaz yasser mahmoud ismail khaled ehud ariel benjamin shimon yitzhak tzipi avigdor
    naftali yair isaac moshe amir amos rajiv sonia manmohan narendra rahul atal lal pranab subrahmanyam
    jaishankar shinzo junichiro yoshihiko taro fumio yoshihide kim moon park lee roh hu wen xi li wang zhang
    chen liu yang zhao huang zhou wu xu sun ma zhu hu guo he lin luo gao liang song zheng xie han tang feng
    yu dong xiao cheng cao yuan deng thabo jacob nelson desmond robert morgan jakaya yoweri paul uhuru raila
    mwai olusegun goodluck muhammadu bola umaru abiola kofi ban antonio boutros javier jens anders stoltenberg
    kurt ernest julius hamid ashraf abdul mullah gulbuddin ismail nur abdirahman sharif hassan abdullahi
    aung thein than min hun norodom gloria corazon joseph rodrigo ferdinand susilo joko megawati abdurrahman
    mahathir najib anwar lee goh thaksin yingluck abhisit prayuth hamid recep ahmet abdullah tayyip mevlut
    kemal bulent binali nicolae traian viorel janez borut ivo franjo slobodan vojislav boris zoran radovan
    ratko ramush hashim aleksandar milo ilham heydar nursultan kassym-jomart islam emomali saparmurat
    gurbanguly askar kurmanbek almazbek alexander lukashenko eduard mikheil levan bidzina robert serzh nikol
    haider nouri ayad adil mustafa jalal barham fuad masoud massoud qassem hassan ebrahim mohsen ali akbar
    mir hossein mahmoud javad abbas ismail khaled ahmed recep"""
)

_BYLINE_RE = re.compile(r"(?im)^[ \t]*(?:by|words by|written by|posted by|reported by)[ \t]+[^\n]{2,80}$")
_CREDIT_WORDS = ("reporting", "writing", "editing", "compiled", "produced", "translated", "research")
_CREDIT_AT_RE = re.compile(r"(?i)(?:[a-z]+)(?:[ \t]+and[ \t]+\w+)?[ \t]+by\b[^\n)]*\)?")
_BOILER_WORDS = (
    "read more", "latest news", "impact shorts", "sign up", "subscribe", "follow us", "share this", "advertisement",
    "all rights reserved", "copyright", "click here", "newsletter", "cookie", "more stories", "related articles",
    "related stories", "related news", "most read", "trending",
)
_MAX_BOILER_LINE = 100

@dataclass(frozen=True)
class Found:
    """A discovered actor mention: span of the name in the text, its type and the role found with it."""

    start: int
    end: int
    name: str
    type: str
    role: str = ""
    cue: str = ""  # "role", "attribution", "shape", "acronym", "given-name"


class Run(NamedTuple):
    """A run of capitalised words (connectors like 'of', 'bin', 'von der' allowed inside).

    A named tuple: an article has a few hundred runs, and a tuple is built several times faster
    than a frozen dataclass."""

    start: int
    end: int
    tokens: tuple[tuple[int, int], ...]


_LINE_RE = re.compile(r"[^\n]+")
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
_MAX_HEADLINE = 150


_SENTENCE_END_RE = re.compile(r"[a-z]{2}[.!?]\s")  # a sentence ends inside the line (not "U.S. and")
_HEADLINE_LOWER = frozenset("a an and as at by for from in into of on or the to vs with over after".split())


def title_case_lines(text: str) -> list[tuple[int, int]]:
    """Headline-style lines ('Toqayev Urges Officials To Curb Inflation'): every word capitalised."""
    out = []
    for line in _LINE_RE.finditer(text):
        if len(line.group(0)) > _MAX_HEADLINE or _SENTENCE_END_RE.search(line.group(0)):
            continue
        words = [w for w in _WORD_RE.findall(line.group(0)) if w not in _HEADLINE_LOWER]
        if len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.85 * len(words):
            out.append(line.span())
    return out


def _line_span(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _credit_zones(text: str) -> list[tuple[int, int]]:
    """'Reporting by Tom Hale; Editing by Sue Marsh' (found with str.find: much faster than a regex scan)."""
    lowered = text.lower()
    out = []
    for word in _CREDIT_WORDS:
        pos = lowered.find(word)
        while pos >= 0:
            m = _CREDIT_AT_RE.match(text, pos)
            if m and (pos == 0 or not text[pos - 1].isalnum()):
                out.append(m.span())
            pos = lowered.find(word, pos + len(word))
    return out


_AGENCIES = (
    r"(?:Reuters|REUTERS|AFP|AP|Getty\s+Images|Getty|EPA(?:-EFE)?|EFE|Anadolu(?:\s+Agency)?|TASS|RIA\s+Novosti|Sputnik"
    r"|Pool|POOL|Xinhua|Bloomberg|Ukrinform|UNIAN|dpa|DPA|ANSA|Shutterstock|UPI|PA(?:\s+Images)?|SIPA|Sipa|NurPhoto"
    r"|ZUMA|Alamy|IMAGO|Imago|AA|Press\s+Service|Pool\s+Photo)"
)
_CREDIT_WORD = rf"[{_UPPER}](?:\.|[\w'’-]*)"  # a word or an initial, never a sentence's full stop
_CREDIT_NAME = rf"{_CREDIT_WORD}(?:[ \t]+{_CREDIT_WORD}){{0,3}}"
# Around a slash: "Ann Lee/Reuters", "REUTERS/Ann Lee", "Ann Lee/AFP via Getty Images".
_AGENCY_AFTER_RE = re.compile(rf"[ \t]*{_AGENCIES}\b(?:[ \t]+via[ \t]+{_AGENCIES})?")
_NAME_AFTER_RE = re.compile(rf"[ \t]*{_CREDIT_NAME}")
_AGENCY_BEFORE_RE = re.compile(rf"\b{_AGENCIES}[ \t]*$")
_NAME_BEFORE_RE = re.compile(rf"(?<![\w'’.-]){_CREDIT_NAME}[ \t]*$")
_PHOTO_WORDS = ("photo", "picture", "image", "credit", "foto")
_PHOTO_BY_RE = re.compile(
    rf"(?i:(?:photo|photograph|picture|image|credit|foto|photo\s+credit)s?)[ \t]*(?:by\b|:)[ \t]*"
    rf"({_CREDIT_NAME})(?=[ \t]*(?:$|[)/,;|]|via\b))",
    re.M,
)
_GETTY_RE = re.compile(r"Getty\s+Images\b")
_PICTURE_AGENCY_RE = re.compile(r"\((?:EPA|EFE|EPA-EFE|Shutterstock|Alamy|NurPhoto|ZUMA|IMAGO|Pool)\)")


_BYLINE_NAME_RE = re.compile(r"(?im)^[ \t]*(?:by|words by|written by|posted by|reported by)[ \t]+([^\n]{2,80})$")


def byline_names(text: str) -> list[str]:
    """The names of 'By Ann Lee and Tom Hale' lines in the text itself (not a sentence starting 'By')."""
    if "by " not in text[:2000].lower():
        return []
    return [m.group(1) for m in _BYLINE_NAME_RE.finditer(text, 0, 2000) if not m.group(1).rstrip().endswith(".")]


def credit_zones(text: str) -> list[tuple[int, int]]:
    """Photo credits: 'Photo: Ann Lee/Reuters', 'REUTERS/Ann Lee', '(Photo by Ann Lee/AFP via Getty Images)'.

    The names there are photographers and picture agencies, never actors of the article."""
    zones = [m.span() for m in _GETTY_RE.finditer(text)] if "Getty" in text else []
    zones += [m.span() for m in _PICTURE_AGENCY_RE.finditer(text)]
    slash = text.find("/")
    while slash >= 0:
        zone = _slash_credit(text, slash)
        if zone:
            zones.append(zone)
        slash = text.find("/", slash + 1)
    lowered = text.lower()
    for word in _PHOTO_WORDS:
        at = lowered.find(word)
        while at >= 0:
            m = _PHOTO_BY_RE.match(text, at) if at == 0 or not text[at - 1].isalnum() else None
            if m:
                zones.append(m.span(1))
            at = lowered.find(word, at + len(word))
    return zones


def _slash_credit(text: str, slash: int) -> tuple[int, int] | None:
    """The credit around the slash at `slash`: a name on one side, a picture agency on the other."""
    window = max(0, slash - 60)
    agency = _AGENCY_AFTER_RE.match(text, slash + 1)
    if agency:
        name = _NAME_BEFORE_RE.search(text, window, slash)
        return (name.start(), agency.end()) if name else None
    agency = _AGENCY_BEFORE_RE.search(text, window, slash)
    if agency:
        name = _NAME_AFTER_RE.match(text, slash + 1)
        return (agency.start(), name.end()) if name else None
    return None


def skipped_zones(text: str, credits: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Spans of bylines, reporting and photo credits, boilerplate and headline lines: nothing is discovered there."""
    zones = title_case_lines(text) + (credit_zones(text) if credits is None else credits)
    for m in _BYLINE_RE.finditer(text):
        line = m.group(0)
        if not (line.rstrip().endswith((".", "?", "!")) and len(line) > 40):  # else a sentence starting "By ..."
            zones.append(m.span())
    zones += _credit_zones(text)
    lowered = text.lower()
    for phrase in _BOILER_WORDS:
        pos = lowered.find(phrase)
        while pos >= 0:
            start, end = _line_span(text, pos)
            if end - start <= _MAX_BOILER_LINE:
                zones.append((start, end))
            pos = lowered.find(phrase, end)
    return zones


def capitalised_runs(text: str) -> list[Run]:
    """Every run of capitalised words, split so that stop words and possessives end it."""
    runs: list[Run] = []
    for m in RUN_RE.finditer(text):
        run = m.group(0)
        base = m.start()
        if " " not in run and "\n" not in run and "\t" not in run:  # one token: the common case
            _single_token_run(text, base, m.end(), runs)
            continue
        else:
            tokens = [(t.start() + base, t.end() + base) for t in _TOKEN_RE.finditer(run)]
        _split_run(text, tokens, runs)
    return runs


_BREAK_WORDS = STOP | DAYS_MONTHS


def _breaks_run(word: str) -> bool:
    """A capitalised stop word, weekday or month: it ends a run and is not part of it."""
    return word[0].isupper() and word.lower() in _BREAK_WORDS


def _possessive_cut(word: str) -> int:
    """How many characters of a possessive ending to drop ("Putin's" 2, "Reuters'" 1), else 0."""
    if word[-1] in "'’":
        return 1
    if word[-1] == "s" and len(word) > 2 and word[-2] in "'’":
        return 2
    return 0


def _single_token_run(text: str, start: int, end: int, out: list[Run]) -> None:
    """_split_run for a run of one token, without the lists (same result)."""
    word = text[start:end]
    if _breaks_run(word):
        return
    end -= _possessive_cut(word)
    if end > start and not text[start:end].islower():
        out.append(Run(start, end, ((start, end),)))


def _split_run(text: str, tokens: list[tuple[int, int]], out: list[Run]) -> None:
    """Cut a raw run at stop words, weekdays, months and possessives ("Putin's"); append to `out`."""
    current: list[tuple[int, int]] = []
    for tok in tokens:
        word = text[tok[0] : tok[1]]
        if current and "\n" in text[current[-1][1] : tok[0]] and _given(fold_key(word)):
            _flush(text, current, out)  # "Rubio lands in Antalya\nMarco Rubio said": a name opens the line
            current = []
        if _breaks_run(word):
            _flush(text, current, out)
            current = []
            continue
        cut = _possessive_cut(word)
        if cut:
            if tok[1] - cut > tok[0]:
                current.append((tok[0], tok[1] - cut))
            _flush(text, current, out)
            current = []
            continue
        current.append(tok)
    _flush(text, current, out)


def _flush(text: str, current: list[tuple[int, int]], out: list[Run]) -> None:
    lo, hi = 0, len(current)
    while hi > lo and text[current[hi - 1][0] : current[hi - 1][1]].islower():
        hi -= 1
    while lo < hi and text[current[lo][0] : current[lo][1]].islower():
        lo += 1
    if lo < hi:
        out.append(Run(current[lo][0], current[hi - 1][1], tuple(current[lo:hi])))


def _words(text: str, run: Run) -> list[str]:
    return [text[a:b] for a, b in run.tokens]


def _keys(text: str, run: Run) -> list[str]:
    return [fold_key(w) for w in _words(text, run)]


KnownFn = Callable[[str], "str | None"]


def discover(
    text: str,
    known: KnownFn = lambda key: None,
    runs: list[Run] | None = None,
    covered: frozenset[tuple[int, int]] = frozenset(),
    credits: list[tuple[int, int]] | None = None,
    zones: list[tuple[int, int]] | None = None,
) -> list[Found]:
    """Discovered actor mentions in `text`. `known(folded_key)` returns a gazetteer type or None;
    runs whose exact span is in `covered` (already a gazetteer mention) are not examined again;
    `credits` are the photo-credit zones and `zones` skipped_zones(text, credits) when the caller has them."""
    examined = examined_runs(text, runs, covered, credits, zones)
    return assemble(text, (classify_run(text, run, known) for run in examined))


def examined_runs(
    text: str,
    runs: list[Run] | None = None,
    covered: frozenset[tuple[int, int]] = frozenset(),
    credits: list[tuple[int, int]] | None = None,
    zones: list[tuple[int, int]] | None = None,
) -> list[Run]:
    """The runs discover() classifies: those not `covered`, cut at the skipped zones (see skipped_zones; made
    here unless given)."""
    zones = skipped_zones(text, credits) if zones is None else zones
    runs = capitalised_runs(text) if runs is None else runs
    out = []
    for run in runs:
        if (run.start, run.end) in covered:
            continue
        run = _outside_zones(run, zones)
        if run is not None:
            out.append(run)
    return out


def classify_run(text: str, run: Run, known: KnownFn) -> Found | None:
    """What one examined run is (None: nothing). It depends only on the text, the run and the answers of
    `known` (so a result made elsewhere holds while `known` gives the same answers)."""
    return _classify(text, run, known)


def assemble(text: str, items: Iterable[Found | None]) -> list[Found]:
    """discover()'s last step: the runs' results in order, then the acronyms defined after them."""
    found = [item for item in items if item is not None]
    found += _defined_acronyms(text, found)
    return found


def _outside_zones(run: Run, zones: list[tuple[int, int]]) -> Run | None:
    """The run, or the part of it after the last skipped zone it touches ('Reuters\nQatari Minister X' after
    a credit); None when nothing is left."""
    touching = [b for a, b in zones if a < run.end and run.start < b]
    if not touching:
        return run
    after = max(touching)
    rest = tuple(t for t in run.tokens if t[0] >= after)
    return Run(rest[0][0], rest[-1][1], rest) if rest else None


def _classify(text: str, run: Run, known: KnownFn) -> Found | None:
    keys = _keys(text, run)
    if _role_phrase_keys(keys, known):
        return None
    person = _role_person(text, run, keys, known)
    if person is not None:
        return person
    shaped = _org_shape(text, run, keys) or _place_shape(text, run, keys)
    if shaped is not None:
        return shaped
    return _cued_person(text, run, keys, known)


_ROLE_CONNECTORS = frozenset("of for the de la".split())


def is_role_phrase(name: str, known: KnownFn = lambda key: None) -> bool:
    """'Secretary of State', 'Minister of State for Europe', 'Foreign Minister', 'of Ukraine': a role, no name."""
    if name[:1].islower():
        return True
    return _role_phrase_keys(fold_key(name).split(), known)


def _role_phrase_keys(keys: list[str], known: KnownFn) -> bool:
    if not any(_is_role(k) for k in keys) or any(k in ORG_TAILS or k in ORG_HEADS for k in keys):
        return False  # "Justice Ministry", "Office of the President" are bodies, not roles
    return all(
        _is_role(k) or k in ROLE_MODIFIERS or k in ROLE_COMPLEMENTS or k in _ROLE_CONNECTORS or k in _DEMONYM_KEYS
        or known(k) == "place"
        for k in keys
    )


# The last word of a role before a name: 'Chief of General Staff Valery Gerasimov', 'Minister of Foreign
# Affairs Andrii Sybiha'.
_PORTFOLIO_TAILS = frozenset("staff affairs defence defense interior justice finance security".split())


def _rest_of_portfolio(keys: list[str], guessed: bool) -> bool:
    """The first of `keys` ends the role before a name: no given name, before one, and a portfolio word
    (or any word, when the portfolio was guessed)."""
    return not _given(keys[0]) and _given(keys[1]) and (guessed or keys[0] in _PORTFOLIO_TAILS)


def _given(key: str) -> bool:
    return key in GIVEN_NAMES or is_given_name(key)


def _role_person(text: str, run: Run, keys: list[str], known: KnownFn) -> Found | None:
    """'Qatari Foreign Minister Halima Al-Rashed', 'U.S. Secretary of State Mark Rubio', 'Mr. Xi'."""
    last_role = -1
    for i, key in enumerate(keys):
        if _is_role(key):
            last_role = i
    if last_role < 0:
        return None
    j = last_role + 1
    guessed_complement = False
    while j < len(keys) and keys[j] in ("of", "for"):  # "Minister of Defence of Ukraine Rustem Umerov"
        j += 1
        while j < len(keys) and keys[j] in ("the", "de", "la"):
            j += 1
        after_connector = j
        while j < len(keys) and (keys[j] in ROLE_COMPLEMENTS or known(keys[j]) in ("place", "organisation")):
            j += 1
        if j == after_connector:
            j += 1  # an unknown portfolio or country: "Minister of Zarovia", "Minister of State for Europe"
            guessed_complement = True
    name_tokens = run.tokens[j:]
    while len(name_tokens) >= 3 and _rest_of_portfolio(keys[len(run.tokens) - len(name_tokens):], guessed_complement):
        name_tokens = name_tokens[1:]  # "Chief of General Staff Valery Gerasimov": "Staff" ends the role
    if not name_tokens or len(name_tokens) > 4 or fold_key(text[slice(*name_tokens[0])]) in ("of", "for", "the", "and"):
        return None  # no name, or one that starts with a connector: "Minister of State for Europe"
    if guessed_complement and len(name_tokens) == 1:
        return None  # "Under Secretary of State for Public Diplomacy": the rest of the portfolio
    if not _person_shaped(text, name_tokens, known):
        return None
    if len(name_tokens) == 1 and not _bare_surname_ok(text, keys[last_role], name_tokens[0]):
        return None
    role_start = _role_phrase_start(text, run.tokens[0][0])
    role = _clean_role(text[role_start : run.tokens[last_role][1]] + _complement(text, run, last_role, j))
    start, end = name_tokens[0][0], name_tokens[-1][1]
    return Found(start, end, _name(text, start, end), "person", role, "role")


# Patterns used inline below, compiled once.
_NEXT_LOWER_WORD_RE = re.compile(r"[ \t]+([a-z][\w-]*)")
_ROLE_WORD_RE = re.compile(r"[\w.'’-]+")
_ROLE_GAP_BREAK_RE = re.compile(r"[,;:()\"“”!?]|\n\s*\n|\.\s")
_BY_BEFORE_RE = re.compile(r"\s*by\s+$", re.I)
_NEXT_LOWER_LETTERS_RE = re.compile(r"[ \t]+([a-z]+)")
_AGENCY_PARENS_RE = re.compile(r"\s*\((?:Reuters|AP|AFP|Reuters/Ipsos)\)")
_DASH_AFTER_RE = re.compile(r"\s*[-–—]\s")


def _bare_surname_ok(text: str, title: str, tok: tuple[int, int]) -> bool:
    """'President Bush' yes; 'Chief Palestinian negotiator', 'Brother of Iraqi policeman' no."""
    if title not in PERSONAL_TITLES and not any(p in PERSONAL_TITLES for p in title.split()):
        return False
    word = text[tok[0] : tok[1]]
    nxt = _NEXT_LOWER_WORD_RE.match(text[tok[1] : tok[1] + 30])
    if nxt and word.lower().endswith(("an", "ese", "ish", "i")) and nxt.group(1) not in _FUNCTION_AFTER_NAME:
        return False
    return True


_FUNCTION_AFTER_NAME = frozenset(
    ATTRIBUTION_VERBS.split("|") + "and or of who whom whose was is has had will would could did to in on at as for with".split()
)


def _complement(text: str, run: Run, last_role: int, j: int) -> str:
    if j <= last_role + 1:
        return ""
    return text[run.tokens[last_role][1] : run.tokens[j - 1][1]]


def _is_role(key: str) -> bool:
    return key in ROLE_NOUNS or (("-" in key or " " in key) and any(p in ROLE_NOUNS for p in key.split()))


def _person_shaped(text: str, tokens: tuple[tuple[int, int], ...], known: KnownFn) -> bool:
    caps = [text[a:b] for a, b in tokens if text[a].isupper()]
    if not caps or cut_off_letter(text, tokens[-1][0], tokens[-1][1]):
        return False
    for word in caps:
        key = fold_key(word)
        if key in STOP or key in DAYS_MONTHS or key in NON_NAME or key in _DEMONYM_KEYS or _is_role(key):
            return False
        if key in BUILDINGS and len(caps) > 1 and fold_key(caps[0]) not in GIVEN_NAMES:
            return False  # "Dolmabahce Palace" after a role word
        if word.isupper() and len(word.replace(".", "")) > 1:
            return False  # acronyms are not people
    whole = fold_key(text[tokens[0][0] : tokens[-1][1]])
    if known(whole) in ("place", "organisation"):
        return False
    return not (len(tokens) == 1 and known(whole) == "place")


# Where a pasted text stops short: its end, the end of a line with no punctuation, an ellipsis ("…", "...", "[…]").
_CUT_AFTER_RE = re.compile(r"[ \t]*(?:\Z|\r?\n|…|\.\.\.|\[(?:…|\.\.\.)\])")


def cut_off_letter(text: str, start: int, end: int) -> bool:
    """True for one capital letter with no full stop where the text is cut: 'NATO chief Mark R' at the end
    of a pasted page is a fragment of a surname, not one. Initials ('George W. Bush', 'J.D. Vance') have
    their full stop; a letter inside a sentence ('Malcolm X said') is left alone."""
    return end - start == 1 and text[start].isupper() and _CUT_AFTER_RE.match(text, end) is not None


def _role_phrase_start(text: str, start: int) -> int:
    """Extend a role leftwards over lower-case role words and capitalised words: 'IMF mission chief'."""
    window = text[max(0, start - 80) : start]
    pos = start
    for m in reversed(list(_ROLE_WORD_RE.finditer(window))):
        gap = window[m.end() :] if pos == start else text[max(0, start - 80) + m.end() : pos]
        if _ROLE_GAP_BREAK_RE.search(gap):
            break
        word = m.group(0)
        key = fold_key(word)
        if word[:1].isupper() and key not in STOP:
            pos = max(0, start - 80) + m.start()
        elif key in ROLE_MODIFIERS or _is_role(key):
            pos = max(0, start - 80) + m.start()
        else:
            break
    return pos


def _clean_role(role: str) -> str:
    return " ".join(role.split()).strip(" ,")


def _name(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split())


def _org_shape(text: str, run: Run, keys: list[str]) -> Found | None:
    """'International Atomic Energy Agency', 'Institute for Peace', 'Ministry of Health'."""
    caps = [k for k in keys if k and k[0].isalpha() and k not in ("of", "for", "of the", "for the")]
    if len(run.tokens) < 2 or not caps:
        return None
    first_word = text[run.tokens[0][0] : run.tokens[0][1]]
    tail_ok = keys[-1] in ORG_TAILS
    head_ok = keys[0] in ORG_HEADS and any(k.startswith(("of", "for")) for k in keys[1:])
    if not (tail_ok or head_ok) or first_word.isupper() and len(run.tokens) == 2 and keys[-1] == "news":
        return None
    start, end = run.start, run.end
    conn = next((i for i, k in enumerate(keys) if k in ("of", "for", "of the", "for the")), None)
    if conn is not None and tail_ok and keys[conn - 1] not in ORG_HEADS | ORG_TAILS and not _is_role(keys[conn - 1]):
        rest = [t for t in run.tokens[conn + 1 :] if text[t[0]].isupper()]
        start = rest[0][0] if rest else start  # "Funding for the Northern Grain Programme"
    return Found(start, end, _name(text, start, end), "organisation", "", "shape")


def _place_shape(text: str, run: Run, keys: list[str]) -> Found | None:
    """'Nuristan Province', 'Gaza Strip', 'Hyde Park', 'Dolmabahce Palace' (not 'John Tower')."""
    if len(run.tokens) < 2 or keys[-1] not in PLACE_TAILS or keys[0] in STOP:
        return None
    if keys[-1] in BUILDINGS and (keys[0] in GIVEN_NAMES or not _AT_PLACE_RE.search(text, max(0, run.start - 40), run.start)):
        return None  # a building is a place where something happens: "talks at Dolmabahce Palace"
    return Found(run.start, run.end, _name(text, run.start, run.end), "place", "", "shape")


_AT_PLACE_RE = re.compile(
    r"\b(?:at|in|near|outside|inside|from|to|into|of|by)[ \t]+(?:the[ \t]+)?(?:[\w-]+['’]s?[ \t]+)?\Z", re.I
)


def _cued_person(text: str, run: Run, keys: list[str], known: KnownFn) -> Found | None:
    """A 2-4 word capitalised name with an attribution cue, a lower-case role before it, or a given name.
    A describing word capitalised only because it starts the sentence is the role, not the name's first
    word: 'Schoolteacher Anna Zakharova said' names Anna Zakharova."""
    if _starts_with_descriptor(text, run, keys):
        found = _cued_person(text, Run(run.tokens[1][0], run.end, run.tokens[1:]), keys[1:], known)
        descriptor = text[run.tokens[0][0] : run.tokens[0][1]].lower()
        return found if found is None or found.role else replace(found, role=descriptor)
    n = len(run.tokens)
    if n == 1:
        if keys[0] in GENERIC_ORGS and known(keys[0]) is None and not _sentence_start(text, run.start):
            return Found(run.start, run.end, text[run.start : run.end], "organisation", "", "shape")
        return _acronym_org(text, run, keys, known)
    if n > 4 or not _person_shaped(text, run.tokens, known):
        return None
    if any(k in ("of", "for", "of the", "for the") for k in keys):
        return None
    start, end = run.start, run.end
    name = _name(text, start, end)
    role_start = _role_phrase_start(text, start)
    if role_start < start and _is_role(fold_key(text[role_start:start].split()[-1])):
        return Found(start, end, name, "person", _clean_role(text[role_start:start]), "role")
    appositive = _APPOSITIVE_RE.match(text, end)
    if appositive:
        return Found(start, end, name, "person", _clean_role(appositive.group(1)), "attribution")
    if _AFTER_CUE_RE.match(text, end) or _BEFORE_CUE_RE.search(text[max(0, start - 40) : start]):
        if _before_is_byline(text, start):
            return None
        return Found(start, end, name, "person", "", "attribution")
    if keys[0] in GIVEN_NAMES:
        return Found(start, end, name, "person", "", "given-name")
    if (
        n <= 3
        and keys[0] not in PLACE_HEADS
        and not _sentence_start(text, start)
        and not _LOCATIVE_RE.search(text, max(0, start - 12), start)
        and all(known(k) is None for k in keys)
    ):
        return Found(start, end, name, "person", "", "name-shape")
    return None


# Words that describe a person ("schoolteacher", "veteran", "fisherman"): these endings, or these words.
_DESCRIPTOR_ENDINGS = ("er", "or", "ist", "eer", "ee", "man", "woman", "men", "women")
_DESCRIPTORS = _WORDS(
    """veteran resident student nurse medic widow widower witness refugee citizen civilian local priest monk
    nun mother grandmother wife husband son daughter parent teenager pensioner pilgrim physician surgeon"""
)


def _starts_with_descriptor(text: str, run: Run, keys: list[str]) -> bool:
    """The run starts a sentence with a describing word (not a given name) before a given name and a
    surname: 'Veteran Oleksiy Marchenko', 'Fisherman Ivan Petrenko'."""
    if len(run.tokens) < 3 or not _sentence_start(text, run.start):
        return False
    first, second = keys[0], keys[1]
    if first in GIVEN_NAMES or is_given_name(first) or not (second in GIVEN_NAMES or is_given_name(second)):
        return False
    return first in _DESCRIPTORS or (first.isalpha() and first.endswith(_DESCRIPTOR_ENDINGS))


_LOCATIVE_RE = re.compile(
    r"\b(?:(?:in|near|at|from|to|into|across|outside|inside|around|toward|towards|through)\s+(?:the\s+)?|the\s+|an?\s+)$",
    re.I,
)


def _before_is_byline(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_BY_BEFORE_RE.match(text[line_start:start]))


def _sentence_start(text: str, pos: int) -> bool:
    """True when `pos` starts a sentence, a line or a quotation."""
    before = text[max(0, pos - 3) : pos].rstrip(" \t")
    return not before or before[-1] in ".!?\n\"“‘'(:;"


def _acronym_org(text: str, run: Run, keys: list[str], known: KnownFn) -> Found | None:
    """A lone all-capital word such as 'OPEC' that is not a known actor, unit or currency."""
    word = text[run.start : run.end]
    letters = word.replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
        return None
    if letters in ACRONYM_STOP or letters in EMPHASIS_CAPS or _written_lowercase(text, letters):
        return None
    if _emphasis(text, run.start, letters):
        return None
    if known(fold_key(word)) is not None or _in_caps_line(text, run.start, run.end):
        return None
    if len(letters) == 2 and _after_place(text, run.start, known):
        return None  # "Washington, DC", "Portland, OR": a state or district code, not "Kyiv, UNN reported"
    if len(letters) == 2 and _addressed(text, run.start, run.end):
        return None  # "What kind of diplomacy, JD, are you speaking about?": a person addressed by initials
    return Found(run.start, run.end, word, "organisation", "", "acronym")


def _addressed(text: str, start: int, end: int) -> bool:
    """The word stands between commas inside a sentence, and a lower-case word follows: a vocative."""
    return text[max(0, start - 2) : start] == ", " and re.match(r",[ \t]+[a-z]", text[end : end + 4]) is not None


_PLACE_COMMA_RE = re.compile(r"([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*)?),[ \t]*\Z")


def _after_place(text: str, start: int, known: KnownFn) -> bool:
    """True when a known place and a comma come just before `start` ('Washington, ')."""
    m = _PLACE_COMMA_RE.search(text, max(0, start - 40), start)
    return bool(m) and known(fold_key(m.group(1))) == "place"


_ORG_FOLLOWERS = _WORDS(
    """statement report team delegation source sources agent agents mission convoy survey study investigation
    raid operation operations member members meeting summit force forces troops soldiers plane helicopter document
    resolution vote official officials spokesman spokeswoman chief leader leaders office headquarters website
    announcement decision plan proposal deal envoy inspectors inspection monitors observers staff"""
)
_CAPS_OPENER_RE = re.compile(r"(?<![\w'’-])(?:A|AN|THE|WHEN|ONCE|ONE|SOME|TWO|AS|IF)[ \t]+$")


def _emphasis(text: str, start: int, letters: str) -> bool:
    """An ordinary word in capitals: 'A MAN had two daughters' (a fable's opening), 'people are DYING';
    not 'A DEA statement', where the word after it is what an organisation has."""
    if len(letters) >= 5 and letters.endswith(("ING", "ED", "LY")):
        return True
    if not _CAPS_OPENER_RE.search(text, max(0, start - 12), start):
        return False
    after = _NEXT_LOWER_LETTERS_RE.match(text[start + len(letters) : start + len(letters) + 30])
    return not (after and (after.group(1) in _ORG_FOLLOWERS or after.group(1) in ROLE_NOUNS))


def _written_lowercase(text: str, letters: str) -> bool:
    """True when the word also appears in lower case ('VOID' ... 'a void claim'): a word, not an acronym."""
    word = letters.lower()
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not _word_char(text, at - 1) and not _word_char(text, end):
            return True
        at = text.find(word, at + 1)
    return False


def _word_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def _in_caps_line(text: str, start: int, end: int) -> bool:
    """True inside an all-capitals headline or dateline ('MOSCOW (Reuters) -')."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    upper, lower = sum(map(str.isupper, line)), sum(map(str.islower, line))  # map: no Python loop per character
    if upper and upper / (upper + lower) > 0.6:
        return True
    return bool(_AGENCY_PARENS_RE.match(text[end : end + 12])) or bool(
        _DASH_AFTER_RE.match(text[end : end + 4]) and start == line_start
    )


_DEFINED_RE = re.compile(r"\s*\(\s*([A-Z][A-Z&.-]{1,9})\s*\)")


def _defined_acronyms(text: str, found: list[Found]) -> list[Found]:
    """'Organisation for Fair Exchange (OFX)': the acronym names the same organisation."""
    out = []
    for item in found:
        if item.type != "organisation" or item.cue == "acronym":
            continue
        m = _DEFINED_RE.match(text, item.end)
        if m:
            acronym = m.group(1)
            out.append(Found(m.start(1), m.end(1), acronym, "organisation", item.name, "defined"))
    return out
