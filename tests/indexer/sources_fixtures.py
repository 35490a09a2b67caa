"""Invented fixtures for the PDF, DOCX, e-mail and feed readers, generated in the tests.

`make_pdf` writes a minimal PDF by hand (Helvetica text lines, optional document info), so the
tests need no PDF-writing dependency; the other formats use python-docx and the standard library.
"""

from __future__ import annotations

import io
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timezone

HYPHENATED = (
    "Negotiators from the two coastal provinces met again in Valmora on Thursday to settle the long "
    "dispute over fishing rights, officials said after a six-hour session that ended without a joint "
    "statement from either dele~gation.",
    "The mediator told reporters that a second round would follow next month and that both sides had "
    "agreed to keep their fleets away from the contested waters until then, a pledge observers called "
    "fragile but welcome.",
)
PARAGRAPHS = tuple(p.replace("~", "") for p in HYPHENATED)


def wrap(text: str, width: int = 60) -> list[str]:
    """Break a paragraph into lines of at most `width` characters; a '~' in a word is a hyphenated line end."""
    lines, line = [], ""
    for word in text.split():
        if "~" in word:
            head, tail = word.split("~", 1)
            lines.append(f"{line} {head}-".strip())
            line = tail
            continue
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _page_stream(lines: list[str]) -> bytes:
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
    ops += [f"({_escape(line)}) Tj T*" for line in lines]
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")


XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<xmp:CreateDate>{date}T09:30:00Z</xmp:CreateDate>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def make_pdf(pages: list[list[str]], info: dict[str, str] | None = None, xmp: str = "") -> bytes:
    """A PDF with one text line per entry of each page (an empty list: a page with no text), and optional
    document info and XMP metadata."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    font = len(objects)
    if xmp:
        packet = xmp.encode("utf-8")
        objects.append(b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(packet) + packet + b"\nendstream")
        objects[0] = b"<< /Type /Catalog /Pages 2 0 R /Metadata %d 0 R >>" % len(objects)
    kids = []
    for lines in pages:
        stream = _page_stream(lines) if lines else b""
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content, font)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    trailer_extra = b""
    if info:
        fields = " ".join(f"/{key} ({_escape(value)})" for key, value in info.items())
        objects.append(f"<< {fields} >>".encode("latin-1"))
        trailer_extra = b" /Info %d 0 R" % len(objects)
    return _assemble(objects, trailer_extra)


def _assemble(objects: list[bytes], trailer_extra: bytes) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref))
    return out.getvalue()


def report_pdf(pages: int = 3, info: dict[str, str] | None = None) -> bytes:
    """A report with a running header, page numbers, and paragraphs wrapped across lines and pages."""
    body = []
    for paragraph in HYPHENATED * pages:
        body += wrap(paragraph) + [""]
    per_page = max(1, len(body) // pages + 1)
    chunks = [body[i:i + per_page] for i in range(0, len(body), per_page)][:pages]
    return make_pdf(
        [["Valmora Policy Institute - Quarterly Brief"] + chunk + [f"Page {n} of {len(chunks)}"]
         for n, chunk in enumerate(chunks, 1)],
        info,
    )


def make_email(subject: str = "Harbour talks resume", body: str = "\n\n".join(PARAGRAPHS), *,
               sender: str = "Mara Lind <mara.lind@valmora-news.example>", html: str = "",
               list_id: str = "", date: datetime | None = None) -> EmailMessage:
    """An e-mail with a text/plain body (and an HTML alternative when `html` is given)."""
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = "desk@example.org"
    msg["Date"] = format_datetime(date or datetime(2025, 3, 14, 9, 30, tzinfo=timezone.utc))
    msg["Message-ID"] = f"<{abs(hash(subject))}@valmora-news.example>"
    if list_id:
        msg["List-Id"] = list_id
    if body:
        msg.set_content(body)
    if html:
        if body:
            msg.add_alternative(html, subtype="html")
        else:
            msg.set_content(html, subtype="html")
    return msg


def make_mbox(messages: list[EmailMessage]) -> bytes:
    out = io.BytesIO()
    for msg in messages:
        out.write(b"From mara@valmora-news.example Fri Mar 14 09:30:00 2025\n")
        raw = msg.as_bytes().replace(b"\r\n", b"\n")
        out.write(raw.replace(b"\nFrom ", b"\n>From "))
        out.write(b"\n\n")
    return out.getvalue()


def make_docx(title: str = "Harbour talks: the state of play", *, author: str = "Mara Lind",
              paragraphs=PARAGRAPHS, table=None) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.created = datetime(2025, 3, 14, 9, 30)
    document.add_heading("Where the talks stand", level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rss(entries: list[dict[str, str]], title: str = "Valmora Coastal Wire") -> bytes:
    items = "".join(
        "<item><title>{title}</title><link>{link}</link><author>{author}</author>"
        "<pubDate>{date}</pubDate><description><![CDATA[{html}]]></description></item>".format(**e)
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://wire.example/</link>{items}</channel></rss>"
    ).encode("utf-8")


def entry(n: int, text: str = PARAGRAPHS[0]) -> dict[str, str]:
    return {
        "title": f"Harbour talks, day {n}", "link": f"https://wire.example/harbour-{n}",
        "author": "desk@wire.example (Jon Varga)", "date": "Fri, 14 Mar 2025 09:30:00 GMT",
        "html": f"<p>Day {n}. {text}</p><p>{PARAGRAPHS[1]}</p>",
    }
