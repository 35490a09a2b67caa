"""Metadata stated in the text: title, date, author, source; never guessed."""

from __future__ import annotations

import pytest

from indexer.ingest import prepare_bytes
from indexer.ingest.metadata import fallback_title, first_sentence, iso_date, split_metadata
from indexer.model import Document

BODY = (
    "Negotiators from both coastal provinces met again on Thursday to settle the dispute over fishing rights, "
    "officials said after a six-hour session.\n\n"
    "The mediator told reporters that a second round would follow next month."
)


def doc_of(text: str, name: str = "a.txt") -> Document:
    doc = prepare_bytes(text.encode("utf-8"), f"/x/{name}")
    assert isinstance(doc, Document), doc
    return doc


def test_date_glued_to_title():
    doc = doc_of(" date 2025-02-19 Harbour talks resume in Valmora\n\n" + BODY)
    assert (doc.title, doc.date) == ("Harbour talks resume in Valmora", "2025-02-19")
    assert doc.text == BODY


def test_author_line_with_date_and_repeated_title():
    text = "Harbour talks resume\n\nAuthor: Yuvi February 26, 2022 Harbour talks resume\n\n" + BODY
    doc = doc_of(text)
    assert (doc.title, doc.author, doc.date) == ("Harbour talks resume", "Yuvi", "2022-02-26")
    assert "Author:" not in doc.text and doc.text == BODY


def test_by_line_with_pipe_and_date():
    doc = doc_of("Harbour talks resume\nBy Jane Doe | 3 March 2026\n\n" + BODY)
    assert (doc.author, doc.date) == ("Jane Doe", "2026-03-03")
    assert "Jane Doe" not in doc.text


def test_by_line_with_outlet():
    doc = doc_of("Harbour talks resume\nBy Jane Doe, Reuters\n\n" + BODY)
    assert (doc.author, doc.source, doc.date) == ("Jane Doe", "Reuters", "")


def test_by_line_with_job_title_is_not_an_outlet():
    doc = doc_of("Harbour talks resume\nBy Jane Doe, Senior Correspondent\n\n" + BODY)
    assert (doc.author, doc.source) == ("Jane Doe", "")


def test_published_and_source_lines():
    doc = doc_of("Harbour talks resume\nPublished 2026-05-20\n\n" + BODY + "\n\nSource: Valmora Post")
    assert (doc.date, doc.source) == ("2026-05-20", "Valmora Post")
    assert "Published" not in doc.text and "Source:" not in doc.text


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Date: 4 March 2026", "2026-03-04"),
        ("Date: March 4, 2026", "2026-03-04"),
        ("Posted on Wednesday, 4th March 2026 at 10:15", "2026-03-04"),
        ("Published: 2026-03-04T09:30:00Z", "2026-03-04"),
        ("Updated 04.03.2026", ""),  # 04.03 is ambiguous: never guess
        ("Date: 25/12/2025", "2025-12-25"),
        ("Date: 12/25/2025", "2025-12-25"),
    ],
)
def test_date_lines(line, expected):
    doc = doc_of("Harbour talks resume\n" + line + "\n\n" + BODY)
    assert doc.date == expected


def test_updated_date_is_used_only_without_published_date():
    doc = doc_of("Harbour talks resume\nUpdated 2026-03-09\nPublished 2026-03-04\n\n" + BODY)
    assert doc.date == "2026-03-04"
    doc = doc_of("Harbour talks resume\nUpdated 2026-03-09\n\n" + BODY)
    assert doc.date == "2026-03-09"


def test_unknown_stays_empty():
    doc = doc_of("Harbour talks resume\n\n" + BODY + "\n\nIn 2024 the fleet grew. By then, prices had doubled.")
    assert (doc.date, doc.author, doc.source, doc.url) == ("", "", "", "")


def test_prose_starting_with_by_is_not_a_byline():
    text = "Harbour talks resume\n\nBy Tuesday, the talks had collapsed.\n\n" + BODY
    doc = doc_of(text)
    assert doc.author == "" and "By Tuesday, the talks had collapsed." in doc.text


def test_dates_inside_body_sentences_are_not_metadata():
    body = BODY + "\n\nThe treaty was signed on 3 March 2021 in Valmora, the mediator recalled."
    doc = doc_of("Harbour talks resume\n\n" + body)
    assert doc.date == "" and doc.text == body


def test_url_line():
    doc = doc_of("Harbour talks resume\nhttps://valmora.example/news/harbour-talks\n\n" + BODY)
    assert doc.url == "https://valmora.example/news/harbour-talks"
    assert "https://" not in doc.text


def test_standalone_timestamp_gives_date_when_nothing_better():
    doc = doc_of("Harbour talks resume\nSaturday, 26th February 2022\n\n" + BODY)
    assert doc.date == "2022-02-26" and "2022" not in doc.text


def test_title_is_not_a_long_sentence():
    doc = doc_of(BODY)
    assert doc.text == BODY
    assert doc.title.startswith("Negotiators from both coastal provinces") and doc.title.endswith("…")


def test_title_skips_junk_above_headline():
    doc = doc_of("Advertisement\nHarbour talks resume\n\n" + BODY)
    assert doc.title == "Harbour talks resume"


def test_iso_date():
    assert iso_date("2019-11-20T10:00:00+00:00") == "2019-11-20"
    assert iso_date("Wed, 20 Nov 2019 10:00:00 GMT") == "2019-11-20"
    assert iso_date("November 20, 2019") == "2019-11-20"
    assert iso_date("sometime last week") == ""
    assert iso_date("2019-02-30") == ""  # invalid day
    assert iso_date("") == ""


def test_first_sentence_skips_abbreviations():
    assert first_sentence("U.S. President Jane Doe spoke. Then she left.") == "U.S. President Jane Doe spoke."
    assert first_sentence("Mr. Xi met Dr. Smith on Jan. 5. Later they left.") == "Mr. Xi met Dr. Smith on Jan. 5."


def test_fallback_title():
    assert fallback_title("\n\nShort first sentence. Second.", "stem") == "Short first sentence"
    assert fallback_title("", "stem") == "stem"


def test_split_metadata_without_title_search():
    meta, body = split_metadata("Harbour talks resume\n\n" + BODY, find_title=False)
    assert meta.title == "" and body.startswith("Harbour talks resume")


def test_pasted_title_with_outlet_tail():
    doc = doc_of("Harbour talks resume | Valmora Post\n\n" + BODY)
    assert doc.title == "Harbour talks resume"


def test_ambiguous_date_line_is_removed_but_not_guessed():
    doc = doc_of("Harbour talks resume\nDate: 03/04/2026\n\n" + BODY)
    assert doc.date == "" and "03/04/2026" not in doc.text
