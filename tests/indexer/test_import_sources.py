"""PDF, DOCX, e-mail and feeds through the importer: several articles per file, unchanged files, bad input."""

from __future__ import annotations

import hashlib

import pytest

from indexer import ingest
from indexer.library import Library
from indexer.model import Document, Skip

from .sources_fixtures import PARAGRAPHS, entry, make_docx, make_email, make_mbox, make_pdf, report_pdf, rss

pytestmark = pytest.mark.timeout(120)

STORY = (
    "Grain barges left the northern harbour at dawn after the port authority lifted a two-week ban on night "
    "sailings, the harbour master said, adding that inspections would continue at the river mouth."
)


def story(n: int) -> str:
    """Invented texts different enough not to be near duplicates of each other."""
    words = ["harbour", "quota", "ferry", "customs", "salt", "pier", "tariff", "lighthouse", "convoy", "dredging"]
    return " ".join(f"{words[(n + i) % len(words)]}{n}{i}" for i in range(60)) + "."


def test_a_pdf_named_txt_is_read_as_pdf(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(report_pdf(2, {"Title": "Harbour talks"}))
    doc = ingest.prepare(path)
    assert isinstance(doc, Document) and doc.kind == "pdf" and doc.title == "Harbour talks"
    assert {"page number", "running header or footer"} <= {r.reason for r in doc.removed}  # the audit trail


def test_a_pdf_cut_in_half_named_txt_says_pdf():
    data = report_pdf(2)
    result = ingest.prepare_bytes(data[: len(data) // 2], "/x/report.txt")
    assert isinstance(result, Skip) and result.reason.startswith("damaged PDF")


def test_attachment_in_a_supported_format_is_its_own_article_linked_to_its_message():
    msg = make_email("Budget talks")
    msg.add_attachment(make_docx("Annex on quotas", paragraphs=[STORY]), maintype="application",
                       subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename="annex.docx")
    msg.add_attachment(make_pdf([[], []]), maintype="application", subtype="pdf", filename="scan.pdf")
    results = ingest.prepare_all_bytes(msg.as_bytes(), "/x/budget.eml")
    message, annex, scan = results
    assert message.title == "Budget talks" and message.kind == "email" and message.part == ""
    assert annex.title == "Annex on quotas" and annex.kind == "docx" and annex.path == "/x/budget.eml"
    assert annex.part == "attachment 1 (annex.docx), attachment of 'Budget talks'"
    assert isinstance(scan, Skip) and "attachment 2 (scan.pdf)" in scan.reason and "scanned PDF" in scan.reason


def test_attachments_nested_in_attached_files_stop_at_the_depth_limit():
    inner = make_email("Level 0", STORY)
    for level in range(1, 6):
        outer = make_email(f"Level {level}", story(level))
        outer.add_attachment(inner.as_bytes(), maintype="application", subtype="octet-stream", filename=f"l{level - 1}.eml")
        inner = outer
    results = ingest.prepare_all_bytes(inner.as_bytes(), "/x/deep.eml")
    documents = [r for r in results if isinstance(r, Document)]
    assert 2 <= len(documents) <= 5
    assert any(isinstance(r, Skip) and "nested more than" in r.reason for r in results)


def test_mixed_folder_imports_every_format_and_reimport_is_unchanged(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(report_pdf(3, {"Title": "Quarterly brief", "Author": "Valmora Institute"}))
    (folder / "brief.docx").write_bytes(make_docx(paragraphs=[STORY]))
    (folder / "press.eml").write_bytes(make_email("Ferry strike ends", story(1)).as_bytes())
    (folder / "desk.mbox").write_bytes(make_mbox([make_email("One", story(2)), make_email("Two", story(3))]))
    (folder / "wire.rss").write_bytes(rss([entry(4, story(4)), entry(5, story(5))]))
    (folder / "scan.pdf").write_bytes(make_pdf([[]]))
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    (folder / "note.txt").write_text("Customs talks\n\n" + story(6) + "\n")
    with Library(tmp_path / "lib") as lib:
        report = lib.add([folder])
        kinds = sorted(lib.article(a.id).kind for a in report.added)
        assert kinds == ["docx", "email", "email", "email", "feed", "feed", "pdf", "text"], report
        reasons = {s.path.rsplit("/", 1)[1]: s.reason for s in report.skipped}
        assert reasons["scan.pdf"].startswith("scanned PDF") and reasons["broken.docx"].startswith("not a Word document")
        log = {(e.path.rsplit("/", 1)[1], e.detail) for e in lib.import_log() if e.status == "added"}
        assert ("desk.mbox", "message 2") in log and ("wire.rss", "entry 1") in log
        again = lib.add([folder])
        assert not again.added and not again.duplicates
        assert len(again.unchanged) == 6 and len(again.skipped) == 2


def test_a_grown_mailbox_adds_only_the_new_message(tmp_path):
    box = tmp_path / "desk.mbox"
    first, second, third = (make_email(t, story(n)) for n, t in enumerate(["One", "Two", "Three"], 10))
    box.write_bytes(make_mbox([first, second]))
    with Library(tmp_path / "lib") as lib:
        assert len(lib.add([box]).added) == 2
        box.write_bytes(make_mbox([third, first, second]))  # a new message on top shifts the others
        report = lib.add([box])
        assert [a.title for a in report.added] == ["Three"]
        assert len(report.unchanged) == 2 and not report.duplicates
        assert lib.count() == 3


def test_the_same_entry_in_two_feeds_is_a_duplicate(tmp_path):
    (tmp_path / "a.rss").write_bytes(rss([entry(1, story(20))], title="Wire A"))
    (tmp_path / "b.atom").write_bytes(rss([entry(1, story(20))], title="Wire B"))
    with Library(tmp_path / "lib") as lib:
        report = lib.add([tmp_path / "a.rss", tmp_path / "b.atom"])
        assert len(report.added) == 1 and len(report.duplicates) == 1


def test_a_bad_part_costs_only_that_part(tmp_path):
    good, empty = make_email("Good", story(30)), make_email("Empty", body="")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "box.mbox").write_bytes(make_mbox([empty, good]))
    (folder / "note.txt").write_text("Harbour note\n\n" + STORY + "\n")
    with Library(tmp_path / "lib") as lib:
        report = lib.add([folder])
        assert sorted(a.title for a in report.added) == ["Good", "Harbour note"]
        assert len(report.skipped) == 1 and report.skipped[0].reason.startswith("message 1:")


def test_feed_with_thousands_of_entries_imports_in_bounded_time(tmp_path, monkeypatch):
    monkeypatch.setattr("indexer.ingest.feeds.MAX_PARTS", 300)
    (tmp_path / "big.rss").write_bytes(rss([entry(n, story(n)) for n in range(3000)]))
    with Library(tmp_path / "lib") as lib:
        report = lib.add([tmp_path / "big.rss"])
    assert len(report.added) == 300
    assert "only the first 300 of 3000 entries" in report.skipped[0].reason


def test_hostile_pdfs_are_skipped_with_a_reason(tmp_path):
    deep = make_pdf([["A line of text long enough to count."]]).replace(
        b"/Type /Catalog", b"/Type /Catalog /X " + b"<<" * 50_000 + b">>" * 50_000)
    huge_count = make_pdf([["Harbour talks resume with a long line of text."]]).replace(b"/Count 1", b"/Count 99999999")
    for name, data in {"deep.pdf": deep, "count.pdf": huge_count, "garbage.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40}.items():
        (tmp_path / name).write_bytes(data)
    results = [ingest.prepare(tmp_path / n) for n in ("deep.pdf", "count.pdf", "garbage.pdf")]
    for result in results:
        assert isinstance(result, (Document, Skip))
        if isinstance(result, Skip):
            assert result.reason and "unexpected error" not in result.reason


def test_the_pipeline_prepares_every_part_in_worker_processes(tmp_path, monkeypatch):
    from indexer.pipeline import prepared_stream

    (tmp_path / "desk.mbox").write_bytes(make_mbox([make_email("One", story(40)), make_email("Two", story(41))]))
    (tmp_path / "note.txt").write_text("Harbour note\n\n" + STORY + "\n")
    paths = [str(tmp_path / "desk.mbox"), str(tmp_path / "note.txt")]
    serial = [[p.document.title for p in batch] for batch in prepared_stream(paths, 10**7, workers=0)]
    assert serial == [["One", "Two"], ["Harbour note"]]
    monkeypatch.setattr("indexer.pipeline.PARALLEL_MIN_FILES", 1)
    parallel = [[p.document.title for p in batch] for batch in prepared_stream(paths, 10**7, workers=1)]
    assert parallel == serial


def test_a_mailbox_over_the_size_limit_streams_message_by_message(tmp_path, monkeypatch):
    box = tmp_path / "big.mbox"
    box.write_bytes(make_mbox([make_email(f"Note {n}", story(50 + n)) for n in range(4)]))
    monkeypatch.setattr(ingest.readers, "_read", lambda *a: pytest.fail("a large mailbox must not be read whole"))
    results = ingest.prepare_all(box, max_size=1000)
    assert [r.title for r in results] == ["Note 0", "Note 1", "Note 2", "Note 3"]
    assert {r.file_hash for r in results} == {hashlib.sha256(box.read_bytes()).hexdigest()}


def test_a_large_mailbox_imported_again_is_unchanged_without_reading_it(tmp_path, monkeypatch):
    box = tmp_path / "big.mbox"
    box.write_bytes(make_mbox([make_email(f"Note {n}", story(80 + n)) for n in range(3)]))
    with Library(tmp_path / "lib") as lib:
        assert len(lib.add([box], max_size=1000).added) == 3
        monkeypatch.setattr(ingest, "prepare_all", lambda *a, **k: pytest.fail("an unchanged file is not read"))
        again = lib.add([box], max_size=1000)
        assert len(again.unchanged) == 1 and not again.added and not again.skipped


def test_one_oversized_message_is_skipped_and_the_others_read(tmp_path, monkeypatch):
    monkeypatch.setattr("indexer.ingest.email_reader.MAX_MESSAGE", 2000)
    box = tmp_path / "box.mbox"
    box.write_bytes(make_mbox([make_email("Small", story(60)), make_email("Huge", story(61) * 20), make_email("Last", story(62))]))
    results = ingest.prepare_all(box, max_size=100)
    assert [getattr(r, "title", None) for r in results] == ["Small", None, "Last"]
    assert results[1].reason.startswith("message 2: over")


def test_a_pdf_named_mbox_over_the_limit_is_not_streamed_as_mail(tmp_path):
    path = tmp_path / "report.mbox"
    path.write_bytes(report_pdf(2))
    result = ingest.prepare(path, max_size=100)
    assert isinstance(result, Skip) and "size limit" in result.reason


def test_pdf_decompression_bomb_is_skipped_in_bounded_time():
    import re
    import time
    import zlib

    squeeze = zlib.compressobj(9)
    bomb = squeeze.compress(b"BT /F1 11 Tf 72 700 Td (Harbour) Tj ET\n")
    bomb += b"".join(squeeze.compress(b" " * (1 << 20)) for _ in range(300)) + squeeze.flush()  # 300 MB unpacked
    data = make_pdf([["placeholder"]])
    stream = re.search(rb"<< /Length (\d+) >>\nstream\n", data)
    data = (data[:stream.start()] + b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb
            + data[stream.end() + int(stream.group(1)):])
    started = time.monotonic()
    result = ingest.prepare_bytes(data, "/x/bomb.pdf")
    assert isinstance(result, Skip) and result.reason.startswith("damaged PDF")
    assert time.monotonic() - started < 10


FORMATS = {
    ".pdf": lambda: report_pdf(2, {"Title": "Harbour talks"}),
    ".docx": lambda: make_docx(paragraphs=[STORY]),
    ".eml": lambda: make_email("Harbour", STORY).as_bytes(),
    ".mbox": lambda: make_mbox([make_email("One", STORY), make_email("Two", story(70))]),
    ".rss": lambda: rss([entry(1, STORY), entry(2, story(71))]),
}


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_every_cut_and_every_flipped_byte_gives_articles_or_reasons(suffix):
    """Truncations and corruptions of a valid file of each format: Documents or Skips, never an internal error."""
    import random

    valid = FORMATS[suffix]()
    rng = random.Random(suffix)
    damaged = [valid[: int(len(valid) * f)] for f in (0.05, 0.3, 0.5, 0.8, 0.99)]
    for _ in range(8):
        flipped = bytearray(valid)
        for _ in range(20):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        damaged.append(bytes(flipped))
    for data in damaged:
        for result in ingest.prepare_all_bytes(data, f"/fuzz/file{suffix}"):
            if isinstance(result, Skip):
                assert result.reason and "unexpected error" not in result.reason, result
            else:
                assert result.title.strip() and result.text.strip()
                result.text.encode("utf-8")


def test_salvage_recovers_every_article_of_a_multi_article_file_with_the_same_ids(tmp_path):
    import os

    from indexer.library import salvage

    message = make_email("Budget talks", story(90))
    message.add_attachment(make_docx("Annex on quotas", paragraphs=[STORY]), maintype="application",
                           subtype="octet-stream", filename="annex.docx")
    (tmp_path / "budget.eml").write_bytes(message.as_bytes())
    (tmp_path / "box.mbox").write_bytes(make_mbox([make_email("One", story(91)), make_email("Two", story(92))]))
    with Library(tmp_path / "lib") as lib:
        ids = sorted(a.id for a in lib.add([tmp_path / "budget.eml", tmp_path / "box.mbox"]).added)
    assert len(ids) == 4
    os.remove(tmp_path / "lib" / "library.sqlite3")
    report = salvage(tmp_path / "lib")
    assert report.recorded == 4 and not report.missing
    with Library(tmp_path / "lib") as lib:
        assert sorted(a.id for a in lib.articles()) == ids


def test_a_changed_message_never_updates_an_article_of_another_file(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Ferry strike ends\n\n" + story(95) + "\n")
    message = make_email("Ferry strike ends", story(95))  # its text duplicates the note
    message.add_attachment(make_docx("Annex on quotas", paragraphs=[STORY]), maintype="application",
                           subtype="octet-stream", filename="annex.docx")
    mail = tmp_path / "ferry.eml"
    mail.write_bytes(message.as_bytes())
    with Library(tmp_path / "lib") as lib:
        first = lib.add([note, mail])
        assert len(first.added) == 2 and len(first.duplicates) == 1
        note_id = next(a.id for a in first.added if a.path == str(note))
        changed = make_email("Ferry strike ends", story(96))
        mail.write_bytes(changed.as_bytes())
        second = lib.add([mail])
        assert len(second.added) == 1 and second.added[0].id != note_id
        assert story(95) in lib.article(note_id).text  # the note's article is untouched


def test_articles_from_pieces_get_a_language_like_any_other():
    (message,) = ingest.prepare_all_bytes(make_email("Harbour talks").as_bytes(), "/x/a.eml")
    (page,) = ingest.prepare_all_bytes(b"Harbour talks resume\n\n" + "\n\n".join(PARAGRAPHS).encode(), "/x/a.txt")
    assert message.language == page.language == "en"
