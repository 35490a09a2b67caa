"""The outlet named by a saved page's own furniture, when no dateline, credit or byline names it.

A pasted page often names its outlet only in site chrome that the cleaner removes: a player widget
("You can now listen to Fox News!"), "Follow Valmora Post on X", "Download the Valmora Post app",
"Sign up for the Valmora Post newsletter", "© 2025 Valmora Post. All rights reserved.". Only lines the
cleaner removed as such furniture are read, and only in those shapes, so a sentence of the story that
mentions an outlet ("told Fox News", "according to Reuters") never counts. The name must be a known
outlet (resources/gazetteer/media.json, a news agency) or end in an outlet word ("Post", "News", "Wire" ...);
two pieces of furniture naming different outlets give none. readers.py uses it only when the text names no
outlet otherwise.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache

from .metadata import (
    _AGENCY, _CYR_OUTLET_WORD, _LABELS, _OUTLET_NAME, CYRILLIC_OUTLETS, _is_outlet_name, canonical_outlet,
)

__all__ = ["SITE_CHROME_REASONS", "chrome_outlet", "site_chrome_outlet"]

# The reasons clean.py gives the furniture read here.
SITE_CHROME_REASONS = frozenset(
    {"page label", "follow appeal", "newsletter appeal", "sign-up appeal", "copyright footer"}
)

_UP = r"A-Z\u00c0-\u00de\u0400-\u042f\u0490"
_WORD = rf"(?-i:[{_UP}«\"][\w&'’«»\"-]*(?:\.[\w&'’»\"-]+)*)"  # "Post", "Censor.NET", "«РИА"
# Russian and Ukrainian names capitalise only the first word: "«Северный вестник»", "РИА Новости".
_CYR_WORDS = r"(?-i:[«\"]?[\u0400-\u042f\u0490][\w'’-]*(?:\s+[\w'’-]+){0,3}»?)"
_NAME = rf"(?P<name>{_WORD}(?:\s+(?:(?-i:of|and|the|&)\s+)?{_WORD}){{0,5}}|{_CYR_WORDS})"
_THE = r"(?:the\s+)?"
_SOCIAL = (
    r"(?:twitter|x|facebook|instagram|telegram|whatsapp|linkedin|youtube|tiktok|threads|bluesky|mastodon|"
    r"google\s+news|viber|телеграм\w*)"
)
_YEARS = r"(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?"
_COMPANY = r"(?:,?\s+(?-i:LLC|Inc|Ltd|Limited|plc|PLC|GmbH|Corp|Corporation|Company|Group))\.?"
_COMPANY_TAIL = re.compile(_COMPANY + "$")
_LISTEN = re.compile(
    rf"^\W*(?:new)?\s*you\s+can\s+now\s+listen\s+to\s+{_THE}{_NAME}(?:['’]s)?(?:\s+(?:articles|stories))?\s*[!.]*$",
    re.I,
)
_FOLLOW = re.compile(
    rf"^\W*(?:follow|like|join|subscribe\s+to)\s+{_THE}{_NAME}(?:\s+(?:on|via|at)\s+{_SOCIAL}\b"
    rf"|['’]s\s+{_SOCIAL}\s+(?:channel|page|account)\b)",
    re.I,
)
_CYR_FOLLOW = re.compile(
    rf"^\W*(?:подписывайтесь|подпишитесь|підписуйтесь|підпишіться|читайте)\s+(?:на\s+)?{_NAME}"
    rf"\s+(?:в|у)\s+{_SOCIAL}\b",
    re.I,
)
_APP = re.compile(rf"^\W*(?:download|get|install)\s+{_THE}{_NAME}(?:['’]s)?\s+app\b", re.I)
_NEWSLETTER = re.compile(
    rf"^\W*(?:sign\s+up\s+(?:for|to)|subscribe\s+to|get|receive)\s+{_THE}{_NAME}(?:['’]s)?"
    r"(?:\s+(?-i:[a-z]+)){0,2}\s+newsletters?\b",
    re.I,
)
_RIGHTS = r"(?:all\s+rights\s+reserved|все\s+права\s+защищены|(?:усі|всі)\s+права\s+захищені)"
_COPYRIGHT = re.compile(
    rf"^\W*(?P<mark>copyright\b\s*(?:©|\(c\))?|©|\(c\))\s*(?:(?P<year1>{_YEARS})[,.]?\s+)?{_THE}{_NAME}(?:{_COMPANY})?"
    rf"(?:[,.]?\s+(?P<year2>{_YEARS}))?(?:(?P<rights>[,.]?\s*{_RIGHTS})\b.*|\W*)$",
    re.I,
)
# Newsletters have names of their own ("the Europe Today newsletter"): such a name counts only when known.
_NEWSLETTER_NAME = re.compile(r"\b(?:Today|Daily|Digest|Bulletin|Briefing|Dispatch|Review|Edition|Weekly|Update)$")
_POSSESSIVE = re.compile(r"['’]s\b")
_PICTURE_AGENCIES = re.compile(
    r"^(?:Getty(?:\s+Images)?|Shutterstock|Alamy|EPA|EPA-EFE|SOPA\s+Images|NurPhoto|PA\s+Images|Pool|Handout)$", re.I
)


def site_chrome_outlet(removed: Iterable) -> str:
    """The one outlet that the removed site furniture names (items with `.text` and `.reason`), else ""."""
    found: dict[str, str] = {}
    for item in removed:
        if item.reason in SITE_CHROME_REASONS:
            name = chrome_outlet(item.text)
            if name:
                found.setdefault(name.casefold().removeprefix("the "), name)
    return next(iter(found.values())) if len(found) == 1 else ""


def chrome_outlet(line: str) -> str:
    """The outlet one piece of site furniture names ("Follow Valmora Post on X" -> "Valmora Post"), else ""."""
    line = line.strip()
    if len(line) > 200:
        return ""
    for pattern in (_LISTEN, _FOLLOW, _CYR_FOLLOW):
        match = pattern.match(line)
        if match:
            return _outlet(match.group("name"), strict=False)
    for pattern in (_APP, _NEWSLETTER):
        match = pattern.match(line)
        if match:
            return _outlet(match.group("name"), strict=True)
    match = _COPYRIGHT.match(line)
    return _outlet(match.group("name"), strict=False, company=True) if match and _is_footer(match) else ""


def _is_footer(match: re.Match) -> bool:
    """A page's copyright footer: a year, the word "Copyright" or "All rights reserved" ("© AFP" alone credits a
    picture)."""
    return bool(match.group("year1") or match.group("year2") or match.group("rights")
                or match.group("mark").lower().startswith("copyright"))


def _outlet(name: str, *, strict: bool, company: bool = False) -> str:
    """`name` as an outlet: the known outlet it is (or, for a company, begins with), or an outlet-shaped name."""
    name = name.strip("«»\"“”„ ")
    if not _known(name):  # "Kyiv Independent's Ukraine Daily" names the Kyiv Independent; "People's Daily" is known
        name = _POSSESSIVE.split(name, 1)[0]
    if company:
        name = _COMPANY_TAIL.sub("", name)
    known = _known(name) or (_known_prefix(name) if company else "")
    if known:
        return canonical_outlet(known)
    if _PICTURE_AGENCIES.match(name) or _LABELS.match(name) or not _is_outlet_name(name):
        return ""
    if strict and _NEWSLETTER_NAME.search(name):
        return ""
    return canonical_outlet(name) if _OUTLET_NAME.search(name) or _CYR_OUTLET_WORD.search(name) else ""


def _known(name: str) -> str:
    """The outlet as the gazetteer or the agency list writes it, "" when unknown."""
    key = name.casefold()
    if key in CYRILLIC_OUTLETS:
        return CYRILLIC_OUTLETS[key]
    if _AGENCY.match(name):
        return name
    return known_outlets().get(key, "") or known_outlets().get(key.removeprefix("the "), "")


def _known_prefix(name: str) -> str:
    """The longest known outlet that opens a company name ("Fox News Network" -> "Fox News")."""
    words = name.split()
    for end in range(len(words) - 1, 0, -1):
        known = _known(" ".join(words[:end]))
        if known:
            return known
    return ""


@lru_cache(maxsize=1)
def known_outlets() -> dict[str, str]:
    """Folded alias -> alias of every outlet in the bundled media gazetteer ({} when it cannot be read)."""
    try:
        from ..paths import resource

        data = json.loads(resource("gazetteer", "media.json").read_text(encoding="utf-8"))
        entries = data["entries"] if isinstance(data, dict) else data
        return {alias.casefold(): alias for entry in entries for alias in entry.get("aliases", ())}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
