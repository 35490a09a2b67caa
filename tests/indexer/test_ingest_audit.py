"""Lossless cleaning: every non-blank source line is in the body, the metadata or the removed lines."""

from __future__ import annotations

from collections import Counter, defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.ingest import prepare_bytes
from indexer.ingest.clean import clean_lines, junk_reason
from indexer.ingest.encoding import decode, tidy_text
from indexer.ingest.metadata import split_metadata_lines
from indexer.ingest.readers import NO_HEADLINE_WARNING
from indexer.model import Document

LEDE = (
    "Negotiators from both coastal provinces met again on Thursday in Valmora to settle the dispute over fishing "
    "rights, officials said after a six-hour session that ended without a joint statement."
)
SECOND = (
    "The mediator told reporters that a second round would follow next month and that both sides had agreed "
    "to keep their fleets away from the contested waters until then."
)


def unaccounted(data: bytes, doc: Document) -> list[str]:
    """Non-blank source lines found neither in the body nor among the removed lines of that line number.

    A line is accounted for by its removed entry, by a removed widget label plus a body line,
    or by a body line (in multiset terms: each body line accounts for one source line).
    """
    body = Counter(line.strip() for line in doc.text.split("\n") if line.strip())
    removed: dict[int, list[str]] = defaultdict(list)
    for item in doc.removed:
        removed[item.line].append(item.text)
    missing = []
    for number, line in enumerate(tidy_text(decode(data, "")).split("\n"), 1):
        line = line.strip()
        parts = removed.pop(number, [])
        if not line or parts == [line]:
            continue
        rest = line[len(parts[0]):].strip() if len(parts) == 1 and line.startswith(parts[0]) else line
        if (rest == line and parts) or not body[rest]:
            missing.append(line)
        else:
            body[rest] -= 1
    assert not removed, f"removed lines that are not in the source: {removed}"
    return missing


def test_removed_lines_carry_their_reason_and_line_number():
    text = f"Harbour talks resume in Valmora\nBy Jane Doe\n\n{LEDE}\n\nFacebook | X | WhatsApp\n\n{SECOND}\n"
    doc = prepare_bytes(text.encode(), "/x/a.txt")
    assert isinstance(doc, Document)
    reasons = {(item.line, item.text): item.reason for item in doc.removed}
    assert reasons[(1, "Harbour talks resume in Valmora")] == "title"
    assert reasons[(2, "By Jane Doe")] == "byline"
    assert reasons[(6, "Facebook | X | WhatsApp")] == "share row"
    assert unaccounted(text.encode(), doc) == []


def test_glued_widget_label_is_recorded():
    body, removed = clean_lines([(1, LEDE), (2, "More Shorts" + SECOND)])
    assert body.split("\n") == [LEDE, SECOND]
    assert [(r.line, r.text, r.reason) for r in removed] == [(2, "More Shorts", "widget label")]


def test_link_list_items_are_recorded_one_by_one():
    lines = [LEDE, "", "Related stories", "Harbour fees rise again", "Fleet returns to port", "", SECOND]
    body, removed = clean_lines(list(enumerate(lines, 1)))
    assert body == f"{LEDE}\n\n{SECOND}"
    assert [(r.line, r.reason) for r in removed] == [(3, "link list"), (4, "link list"), (5, "link list")]


def test_metadata_lines_are_reported_with_reasons():
    meta, kept, used = split_metadata_lines(f"Harbour talks resume\nPublished 3 March 2025\n\n{LEDE}")
    assert meta.title == "Harbour talks resume" and meta.date == "2025-03-03"
    assert used == [(1, "Harbour talks resume", "title"), (2, "Published 3 March 2025", "date line")]
    assert kept == [(3, ""), (4, LEDE)]


def test_repeated_headline_is_recorded():
    text = f"# Harbour talks resume\n\nHarbour talks resume\n\n{LEDE}\n"
    doc = prepare_bytes(text.encode(), "/x/a.md")
    assert isinstance(doc, Document)
    assert ("Harbour talks resume", "repeated headline") in {(r.text, r.reason) for r in doc.removed}


def test_junk_reason_names_the_kind_of_boilerplate():
    assert junk_reason("Share this story") == "share row"
    assert junk_reason("Photo: Jane Doe/Reuters") == "photo credit"
    assert junk_reason(LEDE) == ""


def test_a_file_without_a_headline_warns_about_the_fallback_title():
    doc = prepare_bytes(f"{LEDE}\n\n{SECOND}\n".encode(), "/x/a.txt")
    assert isinstance(doc, Document)
    assert doc.warnings == (NO_HEADLINE_WARNING,)
    assert LEDE in doc.text


LINES = [
    "Harbour talks resume in Valmora", "By Jane Doe", "Author: Ann Lee", "date 2025-02-19", "Published 3 March 2025",
    "Source: Valmora Post", "https://valmora.example/a", "Latest news", "Harbour fees rise again", "Share this story",
    "Facebook | X | WhatsApp", "Photo: Jane Doe/Reuters", "REUTERS/Jane Doe", "Advertisement", "More Shorts" + LEDE,
    "Privacy Policy", "Terms of Use", "Valmora Post", "valmora.example", "Home > World > Europe", "Tags: Valmora, Harbour",
    "VALMORA, March 3 (Valmora Post) - " + LEDE, LEDE, SECOND, "", "", "Sign up for our newsletter",
    "© 2025 Valmora Post. All rights reserved.", "2 min read", "Comments", "Related stories",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=25))
def test_every_source_line_is_accounted_for(lines):
    data = "\n".join(lines).encode()
    doc = prepare_bytes(data, "/x/a.txt")
    if isinstance(doc, Document):
        assert unaccounted(data, doc) == []
