"""The query syntax a user may type, as data: Help > Search Syntax shows it, a test parses every example.

Field names come from the index's own tables (USER_FIELDS, FIELD_ALIASES), so a field added there
without a line here fails the tests instead of going undocumented.
"""

from __future__ import annotations

from dataclasses import dataclass

from .search.engine import FIELD_ALIASES, USER_FIELDS  # not the deprecated indexer.index: no Whoosh import


@dataclass(frozen=True)
class SyntaxRow:
    example: str  # what you type; must parse
    meaning: str  # what it finds


OPERATORS: tuple[SyntaxRow, ...] = (
    SyntaxRow("ceasefire talks",
              "both words; stemmed (talk, talks, talked) and accents folded (elysee finds Élysée)"),
    SyntaxRow("riyadh OR istanbul", "either word"),
    SyntaxRow("grain AND corridor", "both words (AND is what a space means)"),
    SyntaxRow("grain NOT corridor", "the first without the second"),
    SyntaxRow("grain -corridor", "the same: a minus sign excludes a word"),
    SyntaxRow('"prisoner exchange"', "the words as a phrase, in this order"),
    SyntaxRow("peace*", "any word starting with peace"),
    SyntaxRow("(grain OR wheat) AND port", "brackets group alternatives"),
)

# What each field a user may type searches, with an example that must parse.
FIELDS: dict[str, SyntaxRow] = {
    "title": SyntaxRow("title:grain", "a word in the title"),
    "text": SyntaxRow("text:corridor", "a word in the title or the article text"),
    "author": SyntaxRow("author:smith", "a word in the author's name"),
    "source": SyntaxRow("source:reuters", "a word in the outlet's name"),
    "date": SyntaxRow("date:[2025-02-01 TO 2025-02-28]", "a date range (the Dates filter does the same)"),
    "actor": SyntaxRow("actor:Lavrov", "articles mentioning the actor, under any of its names"),
    "path": SyntaxRow('path:"/home/ana/notes/talks.md"', "the article imported from this file"),
    "id": SyntaxRow("id:442b9864a0fe1b27", "one article by its id"),
    "lang": SyntaxRow("lang:ru talks", "articles in one language (en, ru, uk…); beside the other words, once"),
}


def _field_row(name: str) -> SyntaxRow:
    row = FIELDS[name]  # a KeyError here means a field of USER_FIELDS has no description
    aliases = sorted(alias for alias, target in FIELD_ALIASES.items()
                     if FIELD_ALIASES.get(name, name) == target and alias != name)
    also = f" (also {', '.join(a + ':' for a in aliases)})" if aliases else ""
    return SyntaxRow(row.example, row.meaning + also)


def query_syntax() -> tuple[SyntaxRow, ...]:
    """Every operator, then one row per field a user may type, in the index's order."""
    return OPERATORS + tuple(_field_row(name) for name in USER_FIELDS)


QUERY_SYNTAX = query_syntax()
