"""Checks on the bundled gazetteer data in resources/gazetteer/*.json.

Data only: these tests read the JSON files with the standard library and do not
depend on the recognition engine, Whoosh or Qt.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GAZETTEER_DIR = REPO / "resources" / "gazetteer"
FORMAT = "briefing-reader-gazetteer/1"
TYPES = {"person", "organisation", "place"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEYS = {"id", "name", "type", "role", "aliases", "country", "prose_aliases"}
MIN_ENTRIES = 600

# Folded alias -> (ids allowed to share it, reason). Keep this list short.
SHARED_ALIAS_ALLOW: dict[str, tuple[frozenset[str], str]] = {}

UN_MEMBERS = """
Afghanistan, Albania, Algeria, Andorra, Angola, Antigua and Barbuda, Argentina, Armenia, Australia,
Austria, Azerbaijan, Bahamas, Bahrain, Bangladesh, Barbados, Belarus, Belgium, Belize, Benin, Bhutan,
Bolivia, Bosnia and Herzegovina, Botswana, Brazil, Brunei, Bulgaria, Burkina Faso, Burundi, Cabo Verde,
Cambodia, Cameroon, Canada, Central African Republic, Chad, Chile, China, Colombia, Comoros,
Republic of the Congo, Costa Rica, Côte d'Ivoire, Croatia, Cuba, Cyprus, Czech Republic,
Democratic Republic of the Congo, Denmark, Djibouti, Dominica, Dominican Republic, Ecuador, Egypt,
El Salvador, Equatorial Guinea, Eritrea, Estonia, Eswatini, Ethiopia, Fiji, Finland, France, Gabon,
Gambia, Georgia, Germany, Ghana, Greece, Grenada, Guatemala, Guinea, Guinea-Bissau, Guyana, Haiti,
Honduras, Hungary, Iceland, India, Indonesia, Iran, Iraq, Ireland, Israel, Italy, Jamaica, Japan, Jordan,
Kazakhstan, Kenya, Kiribati, Kuwait, Kyrgyzstan, Laos, Latvia, Lebanon, Lesotho, Liberia, Libya,
Liechtenstein, Lithuania, Luxembourg, Madagascar, Malawi, Malaysia, Maldives, Mali, Malta,
Marshall Islands, Mauritania, Mauritius, Mexico, Micronesia, Moldova, Monaco, Mongolia, Montenegro,
Morocco, Mozambique, Myanmar, Namibia, Nauru, Nepal, Netherlands, New Zealand, Nicaragua, Niger,
Nigeria, North Korea, North Macedonia, Norway, Oman, Pakistan, Palau, Panama, Papua New Guinea,
Paraguay, Peru, Philippines, Poland, Portugal, Qatar, Romania, Russia, Rwanda, Saint Kitts and Nevis,
Saint Lucia, Saint Vincent and the Grenadines, Samoa, San Marino, São Tomé and Príncipe, Saudi Arabia,
Senegal, Serbia, Seychelles, Sierra Leone, Singapore, Slovakia, Slovenia, Solomon Islands, Somalia,
South Africa, South Korea, South Sudan, Spain, Sri Lanka, Sudan, Suriname, Sweden, Switzerland, Syria,
Tajikistan, Tanzania, Thailand, Timor-Leste, Togo, Tonga, Trinidad and Tobago, Tunisia, Turkey,
Turkmenistan, Tuvalu, Uganda, Ukraine, United Arab Emirates, United Kingdom, United States, Uruguay,
Uzbekistan, Vanuatu, Venezuela, Vietnam, Yemen, Zambia, Zimbabwe
"""
UN_MEMBER_LIST = [n.strip() for n in UN_MEMBERS.replace("\n", " ").split(",") if n.strip()]
NON_MEMBER_STATES = ["Kosovo", "Taiwan", "Palestine", "Holy See"]


def fold(text: str) -> str:
    """Matching key: lower case, no diacritics, punctuation as spaces, single spaces."""
    chars = []
    for ch in text:
        if ch.isalnum():
            base = unicodedata.normalize("NFKD", ch)
            base = "".join(c for c in base if not unicodedata.combining(c)).lower()
            chars.append(base if len(base) == 1 else ch.lower())
        else:
            chars.append(" ")
    return " ".join("".join(chars).split())


def gazetteer_files() -> list[Path]:
    return sorted(GAZETTEER_DIR.glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    out = []
    for path in gazetteer_files():
        for entry in load(path)["entries"]:
            out.append({**entry, "_file": path.name})
    return out


@pytest.fixture(scope="module")
def by_name(entries) -> dict[str, dict]:
    return {e["name"]: e for e in entries}


@pytest.fixture(scope="module")
def by_id(entries) -> dict[str, dict]:
    return {e["id"]: e for e in entries}


@pytest.fixture(scope="module")
def alias_owners(entries) -> dict[str, set[str]]:
    """Folded alias -> ids of the entries that list it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        for key in folded_aliases(e):
            owners[key].add(e["id"])
    return owners


def test_share_buttons_are_prose_only_brands(by_id):
    """A share row's "Facebook" must not become Meta Platforms: brand names are prose-only aliases."""
    assert "Facebook" in by_id["meta-platforms"]["prose_aliases"]
    assert "Facebook" not in by_id["meta-platforms"]["aliases"]
    assert by_id["telegram"]["prose_aliases"] == ["Telegram"]


def folded_aliases(entry: dict) -> set[str]:
    if "_folded" not in entry:
        entry["_folded"] = {fold(a) for a in entry["aliases"]}
    return entry["_folded"]


def test_files_exist_and_parse_with_format_marker():
    files = gazetteer_files()
    assert len(files) >= 4, f"expected several gazetteer files in {GAZETTEER_DIR}"
    for path in files:
        data = load(path)
        assert data.get("format") == FORMAT, f"{path.name}: format marker missing or wrong"
        assert isinstance(data.get("entries"), list) and data["entries"], f"{path.name}: no entries"


def test_entries_sorted_by_id_within_each_file():
    for path in gazetteer_files():
        ids = [e["id"] for e in load(path)["entries"]]
        assert ids == sorted(ids), f"{path.name}: entries not sorted by id"


def test_ids_are_unique_slugs(entries):
    seen: dict[str, str] = {}
    for e in entries:
        assert ID_RE.match(e["id"]), f"{e['_file']}: bad id {e['id']!r}"
        assert e["id"] not in seen, f"id {e['id']!r} in both {seen[e['id']]} and {e['_file']}"
        seen[e["id"]] = e["_file"]


def test_fields_are_valid(entries):
    for e in entries:
        where = f"{e['_file']}:{e['id']}"
        extra = set(e) - KEYS - {"_file", "_folded"}
        assert not extra, f"{where}: unknown keys {extra}"
        assert e["type"] in TYPES, f"{where}: bad type {e['type']!r}"
        assert isinstance(e["name"], str) and e["name"].strip(), f"{where}: empty name"
        assert isinstance(e["role"], str), f"{where}: role must be a string"
        assert isinstance(e["aliases"], list) and all(isinstance(a, str) and a.strip() for a in e["aliases"]), where
        assert "country" not in e or (isinstance(e["country"], str) and e["country"].strip()), where
        prose = e.get("prose_aliases", [])
        assert isinstance(prose, list) and all(isinstance(a, str) and a.strip() for a in prose), where
        assert not {fold(a) for a in prose} & folded_aliases(e), f"{where}: an alias cannot also be prose-only"


def test_people_have_roles(entries):
    missing = [e["id"] for e in entries if e["type"] == "person" and not e["role"].strip()]
    assert not missing, f"people without a role: {missing}"


def test_name_is_among_aliases(entries):
    """The name is an alias, or a prose-only brand name ("Telegram")."""
    missing = [
        e["id"] for e in entries
        if fold(e["name"]) not in folded_aliases(e) | {fold(a) for a in e.get("prose_aliases", [])}
    ]
    assert not missing, f"entries whose name is not an alias: {missing}"


def test_no_alias_shared_by_two_entries(alias_owners):
    collisions = {}
    for key, ids in alias_owners.items():
        allowed = SHARED_ALIAS_ALLOW.get(key)
        if len(ids) > 1 and not (allowed and ids <= allowed[0]):
            collisions[key] = sorted(ids)
    for key, ids in sorted(collisions.items()):
        print(f"alias collision: {key!r} -> {ids}")
    assert not collisions, f"{len(collisions)} aliases shared by several entries: {collisions}"


def test_no_demonym_aliases_on_countries(by_name):
    for country, demonym in [("Russia", "russian"), ("United States", "american"), ("Ukraine", "ukrainian"),
                             ("China", "chinese"), ("United Kingdom", "british")]:
        assert demonym not in folded_aliases(by_name[country]), f"{country} has demonym alias {demonym!r}"


def test_enough_entries(entries):
    assert len(entries) >= MIN_ENTRIES, f"only {len(entries)} gazetteer entries, need {MIN_ENTRIES}"
    kinds = {t: sum(e["type"] == t for e in entries) for t in TYPES}
    assert all(kinds[t] >= 100 for t in TYPES), kinds


def test_un_member_list_is_complete():
    assert len(UN_MEMBER_LIST) == 193
    assert len(set(UN_MEMBER_LIST)) == 193


def test_every_un_member_state_is_present(by_name):
    missing = [n for n in UN_MEMBER_LIST + NON_MEMBER_STATES if n not in by_name]
    assert not missing, f"countries missing from the gazetteer: {missing}"
    wrong = [n for n in UN_MEMBER_LIST + NON_MEMBER_STATES if by_name[n]["type"] != "place"]
    assert not wrong, f"countries not typed as place: {wrong}"


@pytest.mark.parametrize(
    "name, aliases",
    [
        ("United States", ["US", "U.S.", "USA", "U.S.A.", "United States", "United States of America", "America"]),
        ("United Kingdom", ["UK", "U.K.", "Britain", "Great Britain"]),
        ("Russia", ["Russian Federation"]),
        ("China", ["People's Republic of China", "PRC"]),
        ("Saudi Arabia", ["KSA", "Kingdom of Saudi Arabia"]),
        ("United Arab Emirates", ["UAE"]),
        ("Turkey", ["Türkiye", "Turkiye"]),
        ("Côte d'Ivoire", ["Ivory Coast", "Cote d'Ivoire"]),
        ("Kyiv", ["Kiev"]),
        ("Odesa", ["Odessa"]),
        ("Donbas", ["Donbass"]),
    ],
)
def test_place_short_forms(by_name, name, aliases):
    have = folded_aliases(by_name[name])
    missing = [a for a in aliases if fold(a) not in have]
    assert not missing, f"{name} lacks aliases {missing}"


@pytest.mark.parametrize(
    "name, aliases",
    [
        ("Volodymyr Zelenskyy", ["Zelenskyy", "Zelenskiy", "Zelensky", "Zelenski", "Volodymyr Zelensky",
                                 "Volodymyr Zelenskiy", "Vladimir Zelensky"]),
        ("Sergey Lavrov", ["Sergei Lavrov", "Lavrov"]),
        ("Dmitry Peskov", ["Dmitri Peskov", "Peskov"]),
        ("Guo Jiakun", ["Guo Jia-kun"]),
        ("Mohammed bin Salman", ["MBS", "Mohammad bin Salman"]),
        ("Recep Tayyip Erdoğan", ["Erdogan", "Erdoğan", "Recep Tayyip Erdogan"]),
        ("Vladimir Putin", ["Putin"]),
        ("Marco Rubio", ["Rubio"]),
    ],
)
def test_person_variants(by_name, name, aliases):
    entry = by_name[name]
    assert entry["type"] == "person" and entry["role"]
    have = folded_aliases(entry)
    missing = [a for a in aliases if fold(a) not in have]
    assert not missing, f"{name} lacks aliases {missing}"


AMBIGUOUS = [
    # common surnames and given names
    "bush", "li", "wang", "kim", "johnson", "lee", "brown", "harris", "austin", "sullivan", "francis", "smith",
    # pronouns, titles and common words that would flood the recogniser
    "he", "she", "it", "is", "the", "president", "minister", "time", "store", "guardian", "economist",
    "amnesty", "labour", "congress", "memorial", "foreign policy", "foreign affairs", "the atlantic", "male",
]


def test_no_ambiguous_bare_aliases(alias_owners):
    used = {word: sorted(alias_owners[word]) for word in AMBIGUOUS if word in alias_owners}
    assert not used, f"ambiguous aliases in use: {used}"


def test_alias_collision_check_catches_a_duplicate(entries):
    """The collision check itself works: a copied alias shows up as shared."""
    twin = {"id": "test-twin", "aliases": ["Vladimir  PUTIN"]}
    owners = [e["id"] for e in entries + [twin] if "vladimir putin" in folded_aliases(e)]
    assert owners == ["vladimir-putin", "test-twin"]


@pytest.mark.parametrize(
    "name, aliases",
    [
        ("North Atlantic Treaty Organization", ["NATO", "Nato"]),
        ("International Monetary Fund", ["IMF"]),
        ("Reuters", ["Reuters"]),
        ("Associated Press", ["AP"]),
        ("Agence France-Presse", ["AFP"]),
    ],
)
def test_organisation_acronyms(by_name, name, aliases):
    entry = by_name[name]
    assert entry["type"] == "organisation"
    have = folded_aliases(entry)
    assert all(fold(a) in have for a in aliases), f"{name} lacks one of {aliases}"


def test_fold_helper():
    assert fold("U.S.") == "u s"
    assert fold("Erdoğan") == "erdogan"
    assert fold("  Guo   Jia-kun ") == "guo jia kun"


def test_country_field_names_a_country_entry(entries, by_name):
    countries = set(UN_MEMBER_LIST + NON_MEMBER_STATES)
    wrong = [(e["id"], e["country"]) for e in entries if "country" in e and e["country"] not in countries]
    assert not wrong, f"country fields that name no country entry: {wrong}"
    assert all(n in by_name for n in countries)


def _owner(alias_owners: dict[str, set[str]], alias: str) -> set[str]:
    return alias_owners.get(fold(alias), set())


KEY_PEOPLE = [
    "Zelenskyy", "Yermak", "Kuleba", "Sybiha", "Umerov", "Shmyhal", "Svyrydenko", "Budanov", "Zaluzhnyi",
    "Syrskyi", "Reznikov", "Putin", "Medvedev", "Mishustin", "Sergei Lavrov", "Shoigu", "Belousov", "Dmitri Peskov",
    "Ushakov", "Kirill Dmitriev", "Zakharova", "Nebenzya", "Gerasimov", "Joe Biden", "Kamala Harris", "Blinken",
    "Lloyd Austin", "Jake Sullivan", "Donald Trump", "JD Vance", "Rubio", "Hegseth", "Mike Waltz", "Witkoff",
    "Keith Kellogg", "Tammy Bruce", "Karoline Leavitt", "Faisal bin Farhan", "Mohammad bin Salman", "King Salman",
    "Tamim bin Hamad", "Mohammed bin Abdulrahman Al Thani", "Majed al-Ansari", "Erdogan", "Lukashenko", "Orban",
    "Xi Jinping", "Wang Yi", "Guo Jiakun", "Narendra Modi", "Guterres", "Stephane Dujarric", "von der Leyen",
    "António Costa", "Charles Michel", "Kallas", "Borrell", "Metsola", "Rutte", "Stoltenberg", "Georgieva",
    "Tedros", "Grossi", "Keir Starmer", "Emmanuel Macron", "Olaf Scholz", "Netanyahu", "Abbas Araghchi",
]
KEY_PLACES = [
    "Kyiv", "Kiev", "Moscow", "Riyadh", "Istanbul", "Geneva", "Minsk", "Donetsk", "Luhansk", "Crimea", "Kharkiv",
    "Mariupol", "Odesa", "Odessa", "Zaporizhzhia", "Kursk", "Washington", "Brussels", "Beijing", "Paris", "London",
    "Berlin", "Doha", "Abu Dhabi", "Jeddah", "Ankara", "Donbas", "Gaza", "West Bank",
]
KEY_ORGANISATIONS = [
    "UN", "UNICEF", "UNHCR", "WFP", "WHO", "IAEA", "UNDP", "OCHA", "UNESCO", "FAO", "ILO", "IMF", "World Bank", "WTO",
    "NATO", "EU", "European Commission", "European Council", "European Parliament", "Council of the EU", "ECB",
    "OSCE", "G7", "G20", "BRICS", "African Union", "Arab League", "ASEAN", "OPEC", "OPEC Plus", "ICC", "ICJ", "ICRC",
    "Red Cross", "Amnesty International", "Human Rights Watch", "Kremlin", "White House", "Pentagon",
    "State Department", "Russian Foreign Ministry", "FSB", "SBU", "CIA", "Gazprom", "Wagner Group", "Reuters", "AP",
    "Associated Press", "AFP", "TASS", "RIA Novosti", "Interfax", "Xinhua", "Anadolu", "Ukrinform", "BBC", "CNN",
    "Al Jazeera", "Bloomberg", "New York Times", "Washington Post", "Financial Times", "The Guardian",
    "Kyiv Independent", "Sky News", "Deutsche Welle", "CGTN", "Global Times", "China Daily", "WION", "Firstpost",
]


@pytest.mark.parametrize(
    "aliases, type_",
    [(KEY_PEOPLE, "person"), (KEY_PLACES, "place"), (KEY_ORGANISATIONS, "organisation")],
    ids=["people", "places", "organisations"],
)
def test_key_actors_present_with_right_type(alias_owners, by_id, aliases, type_):
    missing = [a for a in aliases if len(_owner(alias_owners, a)) != 1]
    assert not missing, f"aliases not owned by exactly one entry: {missing}"
    wrong = [a for a in aliases if by_id[next(iter(_owner(alias_owners, a)))]["type"] != type_]
    assert not wrong, f"aliases not of type {type_}: {wrong}"


# Russian and Ukrainian names (issue 16 item 3): the forms an analyst meets in TASS, RIA, Interfax-Ukraine...
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
MIN_CYRILLIC_ALIASES = 300
KEY_CYRILLIC = {
    "vladimir-putin": ["Путин", "Путін"], "volodymyr-zelenskyy": ["Зеленский", "Зеленський"],
    "rustem-umerov": ["Умеров", "Умєров"], "steve-witkoff": ["Уиткофф", "Віткофф"], "sergey-lavrov": ["Лавров"],
    "dmitry-peskov": ["Песков"], "yuri-ushakov": ["Ушаков"], "kirill-dmitriev": ["Дмитриев", "Дмитрієв"],
    "vladimir-medinsky": ["Мединский", "Мединський"], "andrii-sybiha": ["Сибига", "Сибіга"],
    "andriy-yermak": ["Ермак", "Єрмак"], "donald-trump": ["Трамп"], "marco-rubio": ["Рубио", "Рубіо"],
    "keith-kellogg": ["Келлог", "Келлогг"], "recep-tayyip-erdogan": ["Эрдоган", "Ердоган"],
    "hakan-fidan": ["Фидан", "Фідан"], "istanbul": ["Стамбул"], "moscow": ["Москва"], "kyiv": ["Киев", "Київ"],
    "ukraine": ["Украина", "Україна"], "russia": ["Россия", "Росія"], "united-states": ["США"],
    "kremlin": ["Кремль"], "north-atlantic-treaty-organization": ["НАТО"], "european-union": ["ЕС", "ЄС"],
    "united-nations": ["ООН"], "tass": ["ТАСС"], "ria-novosti": ["РИА Новости"],
}


def test_enough_cyrillic_aliases(entries):
    cyrillic = [a for e in entries for a in e["aliases"] if _CYRILLIC_RE.search(a)]
    assert len(cyrillic) >= MIN_CYRILLIC_ALIASES, f"only {len(cyrillic)} Russian or Ukrainian aliases"


@pytest.mark.parametrize("actor_id", sorted(KEY_CYRILLIC))
def test_key_cyrillic_aliases_belong_to_their_actor(alias_owners, by_id, actor_id):
    wrong = [a for a in KEY_CYRILLIC[actor_id] if _owner(alias_owners, a) != {actor_id}]
    assert not wrong, f"{actor_id}: Cyrillic aliases missing or shared: {wrong}"
    assert not _CYRILLIC_RE.search(by_id[actor_id]["name"]), "canonical names stay in English spelling"
