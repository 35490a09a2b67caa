"""Markdown to plain text."""

from __future__ import annotations

import time

import pytest

from indexer.ingest import prepare_bytes
from indexer.ingest.markup import markdown_to_text
from indexer.model import Document, Skip


@pytest.mark.parametrize(
    "source, expected",
    [
        ("Talks **resumed** on *Thursday* and __ended__ _late_.", "Talks resumed on Thursday and ended late."),
        ("See [the report](https://example.org/r?a=(1)) now.", "See the report now."),
        ("Photo ![harbour at dawn](img/h.png) here.", "Photo  here."),
        ("Use `fleet_size` and ~~old~~ names.", "Use fleet_size and old names."),
        ("snake_case_name stays", "snake_case_name stays"),
        ("> Quoted words.", "Quoted words."),
        ("Escaped \\*stars\\* stay.", "Escaped *stars* stay."),
        ("<span class='x'>Inline</span> html", "Inline html"),
        ("Autolink <https://example.org>", "Autolink https://example.org"),
        ("Reference [link][1] text.\n\n[1]: https://example.org", "Reference link text.\n\n"),
    ],
)
def test_inline_markup(source, expected):
    text, _ = markdown_to_text(source)
    assert text == expected


def test_headings_rules_fences_and_lists():
    source = "# Title here\n\nIntro line.\n\n## Section\n\n---\n\n- first item\n- second item\n\n```\ncode **kept**\n```\n"
    text, meta = markdown_to_text(source)
    assert meta.title == "Title here"
    assert text.split("\n") == ["", "Intro line.", "", "Section", "", "", "", "- first item", "- second item", "", "code **kept**", ""]


def test_front_matter_fields():
    source = "---\ntitle: 'Harbour talks'\ndate: March 4, 2026\nauthors: [Jane Doe]\npublisher: Valmora Post\nurl: https://v.example/a\n---\nBody text.\n"
    text, meta = markdown_to_text(source)
    assert (meta.title, meta.date, meta.author, meta.source, meta.url) == (
        "Harbour talks", "2026-03-04", "Jane Doe", "Valmora Post", "https://v.example/a",
    )
    assert text.strip() == "Body text."


def test_second_level_heading_is_not_the_title():
    text, meta = markdown_to_text("## Section\n\nBody.")
    assert meta.title == "" and text.startswith("Section")


@pytest.mark.parametrize(
    "hostile",
    ["[" * 20_000 + "](" * 20_000, "![" * 20_000 + "](" * 20_000, "*a " * 20_000, "<!--" * 20_000, "`a" * 20_000],
)
def test_hostile_markdown_is_fast(hostile):
    started = time.monotonic()
    result = prepare_bytes(hostile.encode(), "/x/hostile.md")
    assert isinstance(result, (Document, Skip))
    assert time.monotonic() - started < 5


PRIVATE_USE = "".join(chr(c) for c in range(0xE000, 0xE080))


@pytest.mark.parametrize("escapes", ["", " with \\*escaped\\* stars"])
def test_private_use_characters_survive_unchanged(escapes):
    # Icon fonts and symbol pickers put glyphs in U+E000-U+E07F; they are not punctuation.
    source = f"Logo \ue02a and \ue05f{escapes}, all: {PRIVATE_USE}"
    text, _ = markdown_to_text(source)
    assert text == f"Logo \ue02a and \ue05f{escapes.replace(chr(92), '')}, all: {PRIVATE_USE}"


def test_supplementary_private_use_characters_survive_next_to_escapes():
    source = "A \\_b\\_ " + "".join(chr(0xF0000 + n) for n in range(0, 300, 7)) + " \U0010fffd"
    text, _ = markdown_to_text(source)
    assert text == source.replace("\\", "")


def test_private_use_characters_reach_the_article():
    result = prepare_bytes("# Pictograms\n\nThe \ue02a sign and **bold** \\# text.\n".encode(), "/x/p.md")
    assert isinstance(result, Document)
    assert "The \ue02a sign and bold # text." in result.text
