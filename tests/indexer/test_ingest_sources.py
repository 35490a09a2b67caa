"""The reader registry and the PDF, DOCX, e-mail and feed readers, on invented generated fixtures."""

from __future__ import annotations

import io
import zipfile

import pytest

from indexer.ingest import docx as docx_reader
from indexer.ingest import email_reader, feeds, pdf, registry
from indexer.ingest.registry import Embedded, Piece
from indexer.model import Skip

from .sources_fixtures import PARAGRAPHS, XMP, entry, wrap, make_docx, make_email, make_mbox, make_pdf, report_pdf, rss

pytestmark = pytest.mark.timeout(60)


def pieces(found) -> list[Piece]:
    return [f for f in found if isinstance(f, Piece)]


def skips(found) -> list[Skip]:
    return [f for f in found if isinstance(f, Skip)]


# --------------------------------------------------------------------------- registry


def test_registry_lists_every_format_once():
    names = [r.name for r in registry.READERS]
    assert names == sorted(set(names), key=names.index)
    assert {"text", "markdown", "html", "pdf", "docx", "email", "mbox", "feed"} <= set(names)
    assert {".txt", ".md", ".html", ".pdf", ".docx", ".eml", ".mbox", ".rss", ".atom"} <= registry.extensions()


def test_magic_bytes_win_over_a_wrong_extension():
    assert registry.reader_for("/x/report.txt", report_pdf()).name == "pdf"
    assert registry.reader_for("/x/brief.txt", make_docx()).name == "docx"
    assert registry.reader_for("/x/notes.txt", b"plain words").name == "text"
    assert registry.reader_for("/x/slides.pptx", b"PK\x03\x04 not a docx") is None


def test_a_zip_that_is_not_a_docx_is_not_taken_for_one():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("notes.txt", "hello")
    assert registry.reader_for("/x/archive.txt", archive.getvalue()).name == "text"  # then skipped as binary


def test_file_filter_and_help_read_the_registry():
    dialog = registry.file_filter()
    assert dialog.startswith("Articles (") and "*.pdf" in dialog and "*.eml" in dialog and dialog.endswith("All files (*)")
    assert all(r.label in registry.help_table() for r in registry.READERS)


# --------------------------------------------------------------------------- PDF


def test_pdf_reflows_paragraphs_undoes_hyphens_and_drops_running_lines():
    data = report_pdf(3, {"Title": "Harbour talks", "Author": "Mara Lind", "CreationDate": "D:20250314093000Z"})
    (piece,) = pieces(pdf.read(data, "/x/report.pdf"))
    assert piece.meta.title == "Harbour talks" and piece.meta.author == "Mara Lind" and piece.meta.file_date == "2025-03-14"
    assert "Quarterly Brief" not in piece.text and "Page 1" not in piece.text
    assert "delegation." in piece.text and "dele-" not in piece.text
    paragraphs = piece.text.split("\n\n")
    assert paragraphs[0] == PARAGRAPHS[0] and paragraphs[1] == PARAGRAPHS[1]
    assert piece.text.count(PARAGRAPHS[0]) == 3  # a paragraph cut by a page break is joined again
    assert {(r.text, r.reason) for r in piece.removed} == {
        ("Valmora Policy Institute - Quarterly Brief", "running header or footer"),
        ("Page 1 of 3", "page number"), ("Page 2 of 3", "page number"), ("Page 3 of 3", "page number"),
    }


def test_pdf_numbered_heading_after_a_full_line_starts_a_paragraph():
    lines = wrap(PARAGRAPHS[0]) + ["2.1. Fleet positions"] + wrap(PARAGRAPHS[1])
    (piece,) = pieces(pdf.read(make_pdf([lines]), "/x/a.pdf"))
    assert "\n\n2.1. Fleet positions" in piece.text


def test_pdf_running_header_of_one_chapter_is_removed():
    towns = ["Valmora", "Ostrel", "Kandry", "Perrin", "Sollet", "Harrow"]
    pages = [[f"Chapter {1 + n // 3}: Fisheries {n + 1}"] + wrap(f"In {town}, " + PARAGRAPHS[0]) + [str(n + 1)]
             for n, town in enumerate(towns)]
    (piece,) = pieces(pdf.read(make_pdf(pages), "/x/a.pdf"))
    assert "Chapter" not in piece.text and "Fisheries" not in piece.text
    assert piece.text.count("Negotiators") == 6 and all(f"In {town}," in piece.text for town in towns)


def test_pdf_ligatures_and_soft_hyphens_are_undone():
    lines = ["The \ufb01nal \ufb02eet left the harbour before the dele\u00ad", "gation arrived for the long talks."]
    assert pdf.reflow([lines]) == "The final fleet left the harbour before the delegation arrived for the long talks."


def test_pdf_metadata_from_xmp_when_the_document_info_has_none():
    xmp = XMP.format(title="Fisheries outlook", author="Ines Vale", date="2024-11-02")
    (piece,) = pieces(pdf.read(make_pdf([wrap(PARAGRAPHS[0])], xmp=xmp), "/x/a.pdf"))
    assert (piece.meta.title, piece.meta.author, piece.meta.file_date) == ("Fisheries outlook", "Ines Vale", "2024-11-02")


def test_pdf_junk_info_title_is_ignored():
    data = make_pdf([["Harbour talks resume", "", PARAGRAPHS[0]]], {"Title": "Microsoft Word - draft3.docx"})
    (piece,) = pieces(pdf.read(data, "/x/a.pdf"))
    assert piece.meta.title == ""  # the text path takes the first line instead


def test_pdf_without_text_layer_is_a_scanned_pdf():
    (skip,) = pdf.read(make_pdf([[], []]), "/x/scan.pdf")
    assert skip.reason == "scanned PDF: no text to read (OCR is not supported)"


def test_pdf_cut_in_half_is_damaged():
    data = report_pdf(3)
    (skip,) = pdf.read(data[: len(data) // 2], "/x/cut.pdf")
    assert isinstance(skip, Skip) and skip.reason.startswith("damaged PDF") and "save a new copy" in skip.reason


def test_encrypted_pdf_needs_a_password_or_opens_with_an_empty_one():
    from pypdf import PdfReader, PdfWriter

    def encrypted(user: str) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(report_pdf(1))))
        writer.encrypt(user_password=user, owner_password="owner", algorithm="RC4-128")
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    (skip,) = pdf.read(encrypted("secret"), "/x/locked.pdf")
    assert "encrypted PDF" in skip.reason and "password" in skip.reason
    (piece,) = pieces(pdf.read(encrypted(""), "/x/open.pdf"))
    assert PARAGRAPHS[1] in piece.text


def test_pdf_page_budget_reads_the_first_pages_and_says_so(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    (piece,) = pieces(pdf.read(report_pdf(4), "/x/long.pdf"))
    assert piece.warnings == ("only the first 2 of 4 pages were read",)


def test_pdf_deep_nesting_is_skipped_in_bounded_time():
    nested = b"[" * 100_000 + b"]" * 100_000
    data = make_pdf([["A line of text long enough to count as text."]]).replace(b"/Type /Catalog", b"/Type /Catalog /X " + nested)
    result = list(pdf.read(data, "/x/bomb.pdf"))
    assert len(result) == 1 and (isinstance(result[0], Piece) or result[0].reason.startswith("damaged PDF"))


# --------------------------------------------------------------------------- DOCX


def test_docx_paragraphs_headings_tables_and_core_properties():
    data = make_docx(table=[["Province", "Boats"], ["North", "120"]])
    (piece,) = pieces(docx_reader.read(data, "/x/brief.docx"))
    assert piece.meta.title == "Harbour talks: the state of play" and piece.meta.author == "Mara Lind"
    assert piece.meta.file_date == "2025-03-14" and piece.kind == "docx"
    assert piece.text.split("\n\n")[:2] == ["Where the talks stand", PARAGRAPHS[0]]
    assert "Province | Boats\nNorth | 120" in piece.text


def test_docx_tracked_changes_read_as_accepted_and_comments_ignored():
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    document = docx.Document(io.BytesIO(make_docx()))
    paragraph = document.add_paragraph("The quota stays at ")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    ins = etree.SubElement(paragraph._p, qn("w:ins"))
    etree.SubElement(etree.SubElement(ins, qn("w:r")), qn("w:t")).text = "twelve"
    deleted = etree.SubElement(paragraph._p, qn("w:del"))
    etree.SubElement(etree.SubElement(deleted, qn("w:r")), qn("w:delText")).text = "ten"
    assert w in etree.tostring(paragraph._p).decode()
    out = io.BytesIO()
    document.save(out)
    (piece,) = pieces(docx_reader.read(out.getvalue(), "/x/tracked.docx"))
    assert "The quota stays at twelve" in piece.text and "ten" not in piece.text.split()


@pytest.mark.parametrize("damage", ["plain zip", "cut", "not zip"])
def test_broken_docx_is_skipped_with_a_reason(damage):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("notes.txt", "hello")
    data = {"plain zip": archive.getvalue(), "cut": make_docx()[:2000], "not zip": b"hello there"}[damage]
    (skip,) = docx_reader.read(data, "/x/brief.docx")
    assert skip.reason.startswith("not a Word document (.docx)") and "save it as .docx" in skip.reason


@pytest.mark.parametrize("placeholder", ["Windows User", "Administrator", "microsoft office user"])
def test_office_placeholder_authors_are_dropped(placeholder):
    (piece,) = pieces(docx_reader.read(make_docx(author=placeholder), "/x/a.docx"))
    assert piece.meta.author == ""
    (piece,) = pieces(pdf.read(report_pdf(1, {"Author": placeholder}), "/x/a.pdf"))
    assert piece.meta.author == ""


def test_docx_zip_bomb_is_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_UNPACKED", 1000)
    (skip,) = docx_reader.read(make_docx(), "/x/big.docx")
    assert "would unpack to" in skip.reason


# --------------------------------------------------------------------------- e-mail


def test_email_headers_become_metadata_and_the_plain_part_the_text():
    msg = make_email(list_id="Valmora Daily Brief <daily.valmora-news.example>", html="<p>HTML twin</p>")
    (piece,) = pieces(email_reader.read_message(msg.as_bytes(), "/x/a.eml"))
    assert piece.meta.title == "Harbour talks resume" and piece.meta.author == "Mara Lind"
    assert piece.meta.date == "2025-03-14" and piece.meta.source == "Valmora Daily Brief"
    assert piece.html == "" and PARAGRAPHS[0] in piece.text and "HTML twin" not in piece.text


def test_email_outlet_falls_back_to_the_sender_domain_and_html_body():
    msg = make_email(body="", html="<p>Only <b>HTML</b> here about harbours.</p>", sender="desk@www.Coastal-Wire.example")
    (piece,) = pieces(email_reader.read_message(msg.as_bytes(), "/x/a.eml"))
    assert piece.meta.source == "coastal-wire.example" and piece.meta.author == "desk@www.Coastal-Wire.example"
    assert piece.html == "page" and "<b>HTML</b>" in piece.text


def test_email_attachments_and_forwards_are_their_own_articles():
    msg = make_email("Budget talks")
    msg.add_attachment(report_pdf(1), maintype="application", subtype="pdf", filename="annex.pdf")
    msg.add_attachment(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png", filename="logo.png")
    msg.add_attachment(make_email("Ministry statement", "The ministry confirms the talks.", sender="press@gov.example"))
    found = list(email_reader.read_message(msg.as_bytes(), "/x/a.eml"))
    assert [type(f).__name__ for f in found] == ["Piece", "Embedded", "Piece"]
    annex, forward = found[1], found[2]
    assert isinstance(annex, Embedded) and annex.name == "annex.pdf" and annex.note == "attachment of 'Budget talks'"
    assert annex.data.startswith(b"%PDF-")
    assert forward.meta.title == "Ministry statement" and forward.meta.source == "gov.example"
    assert forward.note == "attachment of 'Budget talks'" and forward.part == "attachment 3"


def test_nested_forwards_stop_at_the_depth_limit():
    inner = make_email("Level 0", "Deepest words here.")
    for level in range(1, 6):
        outer = make_email(f"Level {level}", f"Words at level {level}.")
        outer.add_attachment(inner)
        inner = outer
    found = list(email_reader.read_message(inner.as_bytes(), "/x/deep.eml"))
    assert len(pieces(found)) == registry.MAX_DEPTH + 1
    assert "nested more than" in skips(found)[0].reason


def test_mbox_messages_stream_one_article_each_with_from_quoting_undone():
    box = make_mbox([make_email("One"), make_email("Two", "From the start it was hard.\n"), make_email("Three")])
    found = list(email_reader.read_mbox(box, "/x/box.mbox"))
    assert [p.meta.title for p in found] == ["One", "Two", "Three"]
    assert [p.part for p in found] == ["message 1", "message 2", "message 3"]
    assert found[1].text.startswith("From the start")


def test_an_unquoted_from_line_in_a_body_does_not_split_the_message():
    box = make_mbox([make_email("One", "Intro.\n\nFrom the start it was hard.\n"), make_email("Two")])
    box = box.replace(b">From the start", b"From the start")  # a writer that does not quote
    found = list(email_reader.read_mbox(box, "/x/box.mbox"))
    assert [p.meta.title for p in found] == ["One", "Two"] and "From the start" in found[0].text


def test_mbox_message_budget(monkeypatch):
    monkeypatch.setattr(email_reader, "MAX_PARTS", 2)
    found = list(email_reader.read_mbox(make_mbox([make_email(str(n)) for n in range(5)]), "/x/box.mbox"))
    assert len(pieces(found)) == 2 and "only the first 2 messages" in skips(found)[0].reason


@pytest.mark.parametrize("data", [b"", b"just some words\nno headers", b"\x00\xff\xfe garbage"])
def test_not_an_email_or_mailbox_is_skipped(data):
    assert isinstance(list(email_reader.read_message(data, "/x/a.eml"))[0], Skip)
    (skip,) = email_reader.read_mbox(data, "/x/a.mbox")
    assert "no message found" in skip.reason


def test_encoded_headers_and_legacy_charsets_are_decoded():
    raw = (
        b"From: =?utf-8?q?J=C3=B6rg_M=C3=BCller?= <j@zeitung.example>\nSubject: =?iso-8859-1?q?Gespr=E4che_in_K=F6ln?=\n"
        b"Date: Fri, 14 Mar 2025 09:30:00 +0100\nContent-Type: text/plain; charset=iso-8859-1\n"
        b"Content-Transfer-Encoding: quoted-printable\n\nDie Gespr=E4che gehen weiter.\n"
    )
    (piece,) = pieces(email_reader.read_message(raw, "/x/a.eml"))
    assert piece.meta.title == "Gespräche in Köln" and piece.meta.author == "Jörg Müller"
    assert piece.text.strip() == "Die Gespräche gehen weiter."


@pytest.mark.parametrize("content_type, says", [("text/rtf", "RTF only"), ("application/ms-tnef", "winmail.dat")])
def test_a_body_in_a_format_we_cannot_read_says_which(content_type, says):
    raw = f"From: a@b.example\nSubject: Odd body\nContent-Type: {content_type}\n\n{{\\rtf1 hello}}\n".encode()
    (skip,) = email_reader.read_message(raw, "/x/a.eml")
    assert says in skip.reason


def test_email_with_bad_charset_and_bad_date_still_reads():
    raw = (
        b"From: Desk <desk@wire.example>\nSubject: Harbour\nDate: not a date\n"
        b"Content-Type: text/plain; charset=x-unknown-9\n\nThe harbour talks go on.\n"
    )
    (piece,) = pieces(email_reader.read_message(raw, "/x/a.eml"))
    assert piece.meta.date == "" and "harbour talks" in piece.text


# --------------------------------------------------------------------------- feeds


def test_rss_entries_are_articles_with_link_date_author_and_outlet():
    found = list(feeds.read(rss([entry(1), entry(2)]), "/x/wire.rss"))
    assert [p.meta.title for p in found] == ["Harbour talks, day 1", "Harbour talks, day 2"]
    first = found[0]
    assert first.meta.url == "https://wire.example/harbour-1" and first.meta.date == "2025-03-14"
    assert first.meta.author == "Jon Varga" and first.meta.source == "Valmora Coastal Wire"
    assert first.html == "fragment" and first.part == "entry 1"


def test_atom_content_is_preferred_to_summary():
    atom = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>'
        b'<entry><title>A</title><link href="https://a.example/1"/><updated>2025-03-15T10:00:00Z</updated>'
        b"<author><name>Jon</name></author><summary>Short.</summary>"
        b'<content type="html">&lt;p&gt;The full harbour story.&lt;/p&gt;</content></entry></feed>'
    )
    (piece,) = feeds.read(atom, "/x/a.atom")
    assert "full harbour story" in piece.text and piece.meta.date == "2025-03-15" and piece.meta.url == "https://a.example/1"


def test_feed_never_reads_external_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]><rss version="2.0"><channel>'
        "<title>T</title><item><title>X</title><description>before &x; after</description></item></channel></rss>"
    ).encode()
    assert all("TOPSECRET" not in p.text for p in pieces(feeds.read(data, "/x/a.rss")))


def test_feed_with_thousands_of_entries_is_bounded(monkeypatch):
    monkeypatch.setattr(feeds, "MAX_PARTS", 1000)
    found = list(feeds.read(rss([entry(n) for n in range(3000)]), "/x/big.rss"))
    assert len(pieces(found)) == 1000 and "only the first 1000 of 3000 entries" in skips(found)[0].reason


@pytest.mark.parametrize("data", [b"<html><body>not a feed</body></html>", b"<rss><channel><item>", b""])
def test_not_a_feed_or_a_broken_one_is_skipped(data):
    assert all(isinstance(f, Skip) and f.reason for f in feeds.read(data, "/x/a.xml"))


def test_docx_never_reads_external_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, _, rest = data.decode().partition("?>")
                doctype = f'<!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
                data = (head + "?>" + doctype + rest.replace("Where the talks stand", "Where &x; stand", 1)).encode()
            target.writestr(item, data)
    found = list(docx_reader.read(out.getvalue(), "/x/xxe.docx"))
    assert found and all("TOPSECRET" not in getattr(f, "text", "") for f in found)
