"""A picture's "timeline of …" line in an exported briefing names every filter of its scope, as Scope.describe()
does (language, source, exact words, every actor, dates); old snapshots read as before; everything is escaped."""

from __future__ import annotations

import base64

import pytest

from indexer.briefing import Briefing, Picture, to_html, to_markdown
from indexer.briefing.markdown_export import made_from
from indexer.pictures import Scope

TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
TINY_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text x="1" y="9">x</text></svg>'


def picture(scope: dict, kind: str = "timeline", **extra) -> Picture:
    return Picture(kind=kind, caption="Who said what", png=TINY_PNG, svg=TINY_SVG, scope=scope,
                   made="2026-11-30T06:00:00", **extra)


def exported(*pictures: Picture) -> str:
    briefing = Briefing("Pictures")
    section = briefing.add_section("Figures")
    for item in pictures:
        briefing.add_item(section.id, item)
    return to_markdown(briefing, today="2026-11-30")


FULL = Scope("Lavrov", ("Sergey Lavrov", "Emmanuel Macron"), "2025-05-01", "2025-05-31", language="ru",
             source="Harbour Courier", exact=True, every_actor=True)


def test_the_caption_names_every_filter_of_the_scope():
    text = exported(picture(FULL.to_json()))
    line = ("*Figure 1.* Who said what — timeline of “Lavrov” · every one of Sergey Lavrov, Emmanuel Macron · "
            "2025-05-01 to 2025-05-31 · lang:ru · from Harbour Courier · exact words, drawn 2026-11-30.")
    assert line in text


def test_the_caption_line_is_the_scope_description():
    for scope in (FULL, Scope(language="uk"), Scope(source="Northern Tribune"), Scope("grain", exact=True),
                  Scope(actors=("Sergey Lavrov",), every_actor=True), Scope(date_to="2025-06")):
        assert made_from(picture(scope.to_json())) == scope.describe()


def test_any_of_several_actors_reads_as_before_and_every_one_says_so():
    assert made_from(picture({"actors": ["Lavrov", "Macron"]})) == "Lavrov, Macron"
    assert made_from(picture({"actors": ["Lavrov", "Macron"], "every_actor": True})) == "every one of Lavrov, Macron"
    assert made_from(picture({"actors": ["Lavrov"], "every_actor": True})) == "Lavrov"


@pytest.mark.parametrize("stored, words", [
    ({"query": "harbour"}, "“harbour”"),
    ({"query": "harbour", "actors": ["Oduya"], "date_from": "2025-03", "date_to": ""}, "“harbour” · Oduya · 2025-03 to …"),
    ({}, "the whole library"),
    ({"query": "", "actors": [], "date_from": "", "date_to": "", "article_ids": None}, "the whole library"),
])
def test_an_old_snapshot_without_the_new_fields_reads_as_before(stored, words):
    assert made_from(picture(stored)) == words


def test_a_network_keeps_its_minimum_weight_after_the_filters():
    stored = Scope("talks", language="en").to_json()
    assert made_from(picture(stored, "network", options={"min_weight": 3})) == (
        "“talks” · lang:en · links of at least 3 shared articles")


def test_a_damaged_field_is_left_out_and_the_caption_says_so():
    words = made_from(picture({"query": "talks", "language": 7, "exact": "yes", "source": "Harbour Courier"}))
    assert words == "“talks” · from Harbour Courier · part of the stored query cannot be read"


HOSTILE = Scope('<script>alert(1)</script> *bold* [x](javascript:alert(2))\n# heading',
                ("<img src=x onerror=alert(3)>", "Name_with_underscores"), language="ru",
                source="[Courier](http://evil.example/) <b>", exact=True, every_actor=True)


def test_every_part_of_a_hostile_scope_is_escaped_in_markdown():
    text = exported(picture(HOSTILE.to_json()))
    line = next(part for part in text.split("\n\n") if part.startswith("*Figure 1.*")).strip()
    assert "\n" not in line and "<script>" not in line and "<img" not in line and "<b>" not in line
    assert r"\[x\](javascript:" in line and r"\[Courier\](http://evil.example/)" in line  # brackets as text
    assert r"\*bold\*" in line and r"Name\_with\_underscores" in line


def test_every_part_of_a_hostile_scope_is_text_in_html():
    briefing = Briefing("Pictures")
    section = briefing.add_section("Figures")
    briefing.add_item(section.id, picture(HOSTILE.to_json()))
    page = to_html(briefing, today="2026-11-30")
    body = page[page.index("<body>"):]
    assert "<script" not in body and "<img src=x" not in body and 'href="javascript:' not in body
    assert 'href="http://evil.example/' not in body and "<b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "from [Courier]" in body
    assert "lang:ru" in body and "exact words" in body and "every one of" in body
