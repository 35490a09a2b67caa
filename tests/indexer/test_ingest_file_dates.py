"""A DOCX or PDF creation date says when the file was made: the date the text states wins over it,
and a tool's default stamp (python-docx's template: 2013-12-23) or a placeholder (1970-01-01) dates nothing."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest

from indexer.ingest import prepare_bytes
from indexer.ingest.docx import created_date
from indexer.ingest.metadata import TextMeta
from indexer.model import Document

from .sources_fixtures import PARAGRAPHS, make_pdf, wrap

pytestmark = pytest.mark.timeout(60)

DATELINE = "Kyiv, 3 March 2025. "


def docx_bytes(paragraphs, created: datetime | None = None) -> bytes:
    """A Word file from python-docx's default template; its created stamp kept unless `created` is given."""
    import docx

    document = docx.Document()
    if created is not None:
        document.core_properties.created = created
    document.add_heading("Harbour talks resume in Valmora", level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def date_of(data: bytes, name: str) -> str:
    doc = prepare_bytes(data, f"/x/{name}")
    assert isinstance(doc, Document), doc
    return doc.date


def test_the_python_docx_template_date_gives_way_to_the_dateline():
    data = docx_bytes([DATELINE + PARAGRAPHS[0], PARAGRAPHS[1]])
    assert date_of(data, "a.docx") == "2025-03-03"


def test_the_python_docx_template_date_alone_dates_nothing():
    assert date_of(docx_bytes(PARAGRAPHS), "a.docx") == ""


@pytest.mark.parametrize("stated", ["3 March 2025", "March 3, 2025", "Published: 2025-03-03"])
def test_a_date_line_in_the_text_wins_over_the_created_date(stated):
    data = docx_bytes([stated, *PARAGRAPHS], created=datetime(2026, 1, 10, 8, 0, tzinfo=timezone.utc))
    assert date_of(data, "a.docx") == "2025-03-03"


def test_the_created_date_is_used_when_the_text_states_none():
    data = docx_bytes(PARAGRAPHS, created=datetime(2025, 3, 14, 9, 30))
    assert date_of(data, "a.docx") == "2025-03-14"


def test_a_real_file_made_on_the_template_day_keeps_its_date():
    assert created_date(datetime(2013, 12, 23, 10, 5)) == "2013-12-23"
    assert created_date(datetime(2013, 12, 23, 23, 15, tzinfo=timezone.utc)) == ""
    assert created_date(None) == ""


def pdf_bytes(first_line: str, created: str) -> bytes:
    lines = ["Harbour talks resume in Valmora", ""] + wrap(first_line + PARAGRAPHS[0]) + ["", *wrap(PARAGRAPHS[1])]
    return make_pdf([lines], {"Title": "Harbour talks", "CreationDate": created})


@pytest.mark.parametrize(
    ("first_line", "created", "expected"),
    [
        (DATELINE, "D:20260110080000Z", "2025-03-03"),  # the text's date wins
        ("", "D:20260110080000Z", "2026-01-10"),  # no date in the text: the file's
        ("", "D:19700101000000Z", ""),  # a placeholder dates nothing
        (DATELINE, "D:19700101000000Z", "2025-03-03"),
        ("", "D:garbage", ""),  # bad input: no date, no failure
    ],
)
def test_pdf_creation_date_is_the_fallback(first_line, created, expected):
    assert date_of(pdf_bytes(first_line, created), "a.pdf") == expected


def test_merged_takes_a_file_date_only_when_no_date_is_stated():
    file_meta = TextMeta(title="T", file_date="2026-01-10")
    assert file_meta.merged(TextMeta(date="2025-03-03")).date == "2025-03-03"
    assert file_meta.merged(TextMeta()).date == "2026-01-10"
    assert TextMeta(date="2025-03-04", file_date="2026-01-10").merged(TextMeta(date="2025-03-03")).date == "2025-03-04"


def test_the_python_docx_template_author_signs_nothing():
    doc = prepare_bytes(docx_bytes(PARAGRAPHS), "/x/a.docx")
    assert isinstance(doc, Document) and doc.author == ""
