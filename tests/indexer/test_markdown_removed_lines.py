"""Markdown images are removed lines with reason "image" and their alt text, never silently dropped (issue 13)."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.ingest import prepare_bytes
from indexer.ingest.markup import markdown_to_text, read_markdown
from indexer.model import Document

LEDE = ("Harbour negotiators met again in Valmora on Thursday to settle the long dispute over fishing rights, "
        "officials said after a six-hour session.")


def read(source: str) -> Document:
    doc = prepare_bytes(source.encode("utf-8"), "/in/notes.md")
    assert isinstance(doc, Document), doc
    return doc


def images(doc: Document) -> list[tuple[int, str]]:
    return [(item.line, item.text) for item in doc.removed if item.reason == "image"]


def test_an_image_line_is_a_removed_line_with_its_alt_text_and_line_number():
    doc = read(f"---\ntitle: Ferry talks\n---\n{LEDE}\n\n![Boats at the old quay](img/quay.jpg \"Quay\")\n")
    assert images(doc) == [(6, "Boats at the old quay (img/quay.jpg)")]
    assert "quay" not in doc.text.lower()


def test_an_img_tag_line_is_a_removed_line_with_its_alt_text():
    tag = "<img src=\"img/map.png\" width=\"600\" alt='Map of the contested waters'>"
    doc = read(f"# Ferry talks\n\n{LEDE}\n\n{tag}\n")
    assert images(doc) == [(5, "Map of the contested waters (img/map.png)")]
    assert "img" not in doc.text


def test_an_inline_image_leaves_the_sentence_and_is_listed():
    doc = read(f"# Ferry talks\n\nThe fleet ![a trawler](t.png) waited. {LEDE}\n")
    assert "The fleet  waited." in doc.text
    assert images(doc) == [(3, "a trawler (t.png)")]


@pytest.mark.parametrize("line, listed", [
    ("![](img/quay.jpg)", "img/quay.jpg"),  # no alt text: the address says which picture
    ("![Tide chart][chart]", "Tide chart"),
    ("![][chart]", "chart"),
    (f"![Tide chart](data:image/png;base64,{'A' * 500})", "Tide chart"),  # a data address is not worth keeping
    ("<IMG ALT=\"Tide chart\" SRC=\"c.png\">", "Tide chart (c.png)"),
    ("<img src=x.png>", "x.png"),
])
def test_what_an_image_keeps(line, listed):
    doc = read(f"# Ferry talks\n\n{LEDE}\n\n{line}\n")
    assert [text for _line, text in images(doc)] == [listed]


def test_no_image_in_a_code_fence_or_behind_an_escape():
    doc = read(f"# Ferry talks\n\n{LEDE}\n\n```\n![kept as code](a.png)\n```\n\n\\![not an image](b)\n")
    assert images(doc) == []
    assert "![kept as code](a.png)" in doc.text


def test_escaped_characters_in_alt_text_are_kept_as_written():
    doc = read(f"# Ferry talks\n\n{LEDE}\n\n![Quay \\*north\\* side](q.png)\n")
    assert images(doc) == [(5, "Quay *north* side (q.png)")]


def test_a_heading_image_is_listed_too():
    doc = read(f"# Ferry talks ![logo](logo.svg)\n\n{LEDE}\n")
    assert doc.title == "Ferry talks"
    assert images(doc) == [(1, "logo (logo.svg)")]


def test_markdown_to_text_is_unchanged_for_its_callers():
    text, meta = markdown_to_text("# Ferry talks\n\nPhoto ![harbour at dawn](img/h.png) here.")
    assert (text, meta.title) == ("\nPhoto  here.", "Ferry talks")
    assert read_markdown("Photo ![harbour](h.png) here.")[2][0].reason == "image"


@pytest.mark.timeout(30)
@pytest.mark.parametrize("hostile", ["<img " * 100_000, "![" * 200_000, "<img alt='" + "a" * 1_000_000])
def test_hostile_image_markup_is_read_quickly(hostile):
    started = time.perf_counter()
    read_markdown(f"{LEDE}\n{hostile}\n")
    assert time.perf_counter() - started < 10


WORD = st.sampled_from(["harbour", "Valmora", "ferry", "talks", "quay", "tide", "mediator", "fleet", "strike"])
TEXT = st.lists(WORD, min_size=1, max_size=8).map(" ".join)
IMAGE = st.tuples(TEXT, st.sampled_from(["md", "html"]))


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(st.one_of(TEXT, IMAGE), min_size=1, max_size=10))
def test_every_alt_text_is_in_the_removed_lines_and_every_word_in_the_text(lines):
    rendered, alts, prose = [], [], []
    for number, line in enumerate(lines):
        if isinstance(line, tuple):
            alt = f"{line[0]} pic{number}"
            rendered.append(f"![{alt}](p{number}.png)" if line[1] == "md" else f'<img alt="{alt}" src="p{number}.png">')
            alts.append(alt)
        else:
            rendered.append(f"{line} line{number}.")
            prose.append(f"{line} line{number}.")
    text, _meta, removed = read_markdown(f"{LEDE}\n\n" + "\n\n".join(rendered))
    assert [item.text for item in removed] == [f"{alt} (p{alt.rsplit('pic', 1)[1]}.png)" for alt in alts]
    for line in prose:
        assert line in text
    assert not re.search(r"pic\d", text)
