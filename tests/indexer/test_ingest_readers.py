"""Finding files, reading them, and the skip reasons a user can act on."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer import ingest
from indexer.ingest import (
    DEFAULT_MAX_SIZE,
    SUPPORTED_EXTENSIONS,
    dedupe,
    iter_candidate_files,
    prepare,
    prepare_bytes,
)
from indexer.model import Document, Skip

REPO = Path(__file__).resolve().parents[2]

ARTICLE = (
    "Harbour talks resume in Valmora\n"
    "\n"
    "Negotiators from both coastal provinces met again on Thursday to settle the dispute over fishing rights, "
    "officials said after a six-hour session that ended without a joint statement.\n"
    "\n"
    "The mediator told reporters that a second round would follow next month and that both sides had agreed "
    "to keep their fleets away from the contested waters until then.\n"
)
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def candidates(*paths) -> tuple[list[Path], list[Skip]]:
    files, skips = [], []
    for item in iter_candidate_files(paths):
        (skips if isinstance(item, Skip) else files).append(item)
    return files, skips


# --------------------------------------------------------------------------- constants


def test_public_constants():
    assert DEFAULT_MAX_SIZE == 20 * 1024 * 1024
    assert SUPPORTED_EXTENSIONS >= frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})
    assert SUPPORTED_EXTENSIONS == ingest.registry.extensions()


# --------------------------------------------------------------------------- iter_candidate_files


def test_folder_is_read_recursively_sorted_and_absolute(tmp_path, monkeypatch):
    write(tmp_path / "b.txt", ARTICLE)
    write(tmp_path / "a.md", ARTICLE)
    write(tmp_path / "sub" / "c.html", "<p>x</p>")
    write(tmp_path / "sub" / "deeper" / "d.TXT", ARTICLE)
    monkeypatch.chdir(tmp_path)
    files, skips = candidates(".")
    assert skips == []
    assert all(p.is_absolute() for p in files)
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["a.md", "b.txt", "sub/c.html", "sub/deeper/d.TXT"]
    again, _ = candidates(".")
    assert again == files  # deterministic


def test_hidden_files_and_folders_are_skipped_silently(tmp_path):
    write(tmp_path / ".git" / "notes.txt", ARTICLE)
    write(tmp_path / ".hidden.txt", ARTICLE)
    write(tmp_path / "visible.txt", ARTICLE)
    files, skips = candidates(tmp_path)
    assert [p.name for p in files] == ["visible.txt"]
    assert skips == []


def test_unknown_extension_names_it_and_lists_supported(tmp_path):
    write(tmp_path / "report.pptx", b"PK\x03\x04")
    write(tmp_path / "README", b"no extension")
    files, skips = candidates(tmp_path)
    assert files == []
    reasons = {Path(s.path).name: s.reason for s in skips}
    assert "'.pptx'" in reasons["report.pptx"]
    for ext in SUPPORTED_EXTENSIONS:
        assert ext in reasons["report.pptx"]
    assert "no extension" in reasons["README"]


def test_missing_path_is_a_skip(tmp_path):
    files, skips = candidates(tmp_path / "nope.txt")
    assert files == []
    assert len(skips) == 1 and "not found" in skips[0].reason
    assert skips[0].path == str(tmp_path / "nope.txt")


def test_symlink_loop_terminates(tmp_path):
    write(tmp_path / "a" / "one.txt", ARTICLE)
    os.symlink(tmp_path / "a", tmp_path / "a" / "loop")
    os.symlink(tmp_path, tmp_path / "a" / "up")
    files, skips = candidates(tmp_path)
    assert [p.name for p in files] == ["one.txt"]
    assert skips == []


def test_same_file_given_twice_is_listed_once(tmp_path):
    article = write(tmp_path / "one.txt", ARTICLE)
    files, _ = candidates(article, tmp_path, article)
    assert files == [article]


def test_broken_symlink_is_a_skip(tmp_path):
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    _, skips = candidates(tmp_path)
    assert len(skips) == 1 and "broken link" in skips[0].reason
    assert "broken link" in prepare(tmp_path / "link.txt").reason


def test_fifo_is_skipped_not_opened(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    _, skips = candidates(tmp_path)
    assert len(skips) == 1 and "not a regular file" in skips[0].reason
    result = prepare(fifo)  # must not block waiting for a writer
    assert isinstance(result, Skip) and "not a regular file" in result.reason


def swap_after_check(monkeypatch, path: Path, swap) -> None:
    """Make the first os.stat of `path` return the regular file's status, then run `swap` (the race)."""
    real_stat = os.stat

    def stat_then_swap(target, *args, **kwargs):
        info = real_stat(target, *args, **kwargs)
        if os.path.abspath(target) == str(path) and not swapped:
            swapped.append(True)
            swap()
        return info

    swapped: list[bool] = []
    monkeypatch.setattr(os, "stat", stat_then_swap)


@pytest.mark.timeout(10)
def test_fifo_swapped_in_after_the_check_is_refused_not_waited_on(tmp_path, monkeypatch):
    article = write(tmp_path / "article.txt", ARTICLE)

    def to_fifo():
        article.unlink()
        os.mkfifo(article)

    swap_after_check(monkeypatch, article, to_fifo)
    result = prepare(article)  # before issue 12 this blocked forever, waiting for a writer
    assert isinstance(result, Skip) and "not a regular file" in result.reason, result


@pytest.mark.timeout(10)
def test_link_swapped_in_after_the_check_is_not_followed(tmp_path, monkeypatch):
    article = write(tmp_path / "article.txt", ARTICLE)
    secret = write(tmp_path / "elsewhere" / "secret.txt", ARTICLE.replace("Harbour", "Secret"))

    def to_link():
        article.unlink()
        os.symlink(secret, article)

    swap_after_check(monkeypatch, article, to_link)
    result = prepare(article)
    assert isinstance(result, Skip) and "replaced by a link" in result.reason, result


def test_link_to_a_regular_file_still_imports(tmp_path):
    target = write(tmp_path / "store" / "article.txt", ARTICLE)
    os.symlink(target, tmp_path / "link.txt")
    os.symlink(tmp_path / "link.txt", tmp_path / "link-to-link.txt")
    for name in ("link.txt", "link-to-link.txt"):
        doc = prepare(tmp_path / name)
        assert isinstance(doc, Document), doc
        assert doc.path == str(tmp_path / name) and "six-hour session" in doc.text


def test_device_is_refused_after_open(tmp_path, monkeypatch):
    """A character device met only at the descriptor check (as if swapped in) is refused, not read."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero on this system")
    article = write(tmp_path / "article.txt", ARTICLE)
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda target, *a, **k: real_open("/dev/zero" if str(target) == str(article)
                                                                     else target, *a, **k))
    result = prepare(article)
    assert isinstance(result, Skip) and "not a regular file" in result.reason, result


def test_odd_file_names_do_not_crash(tmp_path):
    write(tmp_path / "line\nbreak.txt", ARTICLE)
    raw = os.fsencode(str(tmp_path)) + b"/caf\xe9-latin1.txt"
    with open(raw, "wb") as handle:
        handle.write(ARTICLE.encode())
    raw_pdf = os.fsencode(str(tmp_path)) + b"/bad\xff.pptx"
    with open(raw_pdf, "wb") as handle:
        handle.write(b"PK\x03\x04")
    files, skips = candidates(tmp_path)
    assert len(files) == 2
    for path in files:
        assert isinstance(prepare(path), Document)
    assert len(skips) == 1
    skips[0].path.encode("utf-8")  # printable: undecodable bytes were replaced
    assert "\ufffd" in skips[0].path


def test_unreadable_folder_is_a_skip(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    write(locked / "a.txt", ARTICLE)
    real_scandir = os.scandir

    def deny(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    _, skips = candidates(tmp_path)
    assert len(skips) == 1
    assert skips[0].path == str(locked) and "permission denied" in skips[0].reason


# --------------------------------------------------------------------------- prepare: documents


def test_plain_text_article(tmp_path):
    path = write(tmp_path / "valmora.txt", ARTICLE)
    doc = prepare(path)
    assert isinstance(doc, Document)
    assert doc.path == str(path)
    assert doc.kind == "text"
    assert doc.title == "Harbour talks resume in Valmora"
    assert doc.text.startswith("Negotiators from both coastal provinces")
    assert "Harbour talks resume" not in doc.text  # title line not repeated
    assert doc.file_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.content_hash == dedupe.content_hash(doc.text)
    assert (doc.date, doc.author, doc.source) == ("", "", "")  # never guessed


def test_prepare_bytes_equals_prepare(tmp_path):
    path = write(tmp_path / "valmora.txt", ARTICLE)
    assert prepare_bytes(path.read_bytes(), str(path)) == prepare(path)


def test_relative_path_becomes_absolute(tmp_path, monkeypatch):
    write(tmp_path / "valmora.txt", ARTICLE)
    monkeypatch.chdir(tmp_path)
    doc = prepare("valmora.txt")
    assert doc.path == str(tmp_path / "valmora.txt")


def test_title_falls_back_to_first_sentence_and_keeps_text(tmp_path):
    body = (
        "Negotiators from both coastal provinces met again on Thursday to settle the long dispute over fishing rights "
        "in the northern bay. The mediator said a second round would follow."
    )
    doc = prepare(write(tmp_path / "x.txt", body))
    assert doc.title.startswith("Negotiators from both coastal provinces")
    assert doc.title.endswith("…") and len(doc.title) <= 92
    assert doc.text == body


def test_title_falls_back_to_file_stem_when_no_sentence(tmp_path):
    doc = prepare_bytes(b"...", "/notes/harbour-notes.txt")
    assert isinstance(doc, Skip)  # no words at all
    doc = prepare_bytes("— 42 —".encode(), "/notes/harbour-notes.txt")
    assert isinstance(doc, Document) and doc.title


def test_markdown_file(tmp_path):
    source = (
        "---\ntitle: \"Harbour talks resume\"\ndate: 2026-03-04\nauthor: Jane Doe\nsource: Valmora Post\n---\n\n"
        "Negotiators met **again** on _Thursday_ in [the port city](https://example.org/port) to settle the dispute.\n\n"
        "![a harbour](harbour.png)\n\n## Next steps\n\nA second round follows next month, the `mediator` said.\n"
    )
    doc = prepare(write(tmp_path / "notes.md", source))
    assert (doc.kind, doc.title, doc.date, doc.author, doc.source) == (
        "markdown", "Harbour talks resume", "2026-03-04", "Jane Doe", "Valmora Post",
    )
    assert "Negotiators met again on Thursday in the port city to settle the dispute." in doc.text
    assert "Next steps" in doc.text
    for markup in ("**", "](", "![", "`", "##", "harbour.png", "---"):
        assert markup not in doc.text


def test_markdown_title_from_first_heading(tmp_path):
    doc = prepare(write(tmp_path / "n.markdown", "# Harbour *talks* resume\n\nThe talks resumed on Thursday, officials said.\n"))
    assert doc.title == "Harbour talks resume"
    assert doc.text == "The talks resumed on Thursday, officials said."


def test_html_file(tmp_path):
    html = (
        "<html><head><title>Harbour talks resume | Valmora Post</title>"
        '<meta property="og:site_name" content="Valmora Post">'
        '<meta property="article:published_time" content="2026-03-04T09:30:00Z">'
        '<meta name="author" content="Jane Doe"></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        "<article><h1>Harbour talks resume</h1>"
        + "".join(f"<p>Paragraph {i}: negotiators from both coastal provinces met again to settle the dispute over fishing rights.</p>" for i in range(6))
        + "</article><footer>Copyright 2026 Valmora Post. All rights reserved.</footer></body></html>"
    )
    doc = prepare(write(tmp_path / "page.html", html))
    assert isinstance(doc, Document)
    assert (doc.kind, doc.title, doc.date, doc.author, doc.source) == (
        "html", "Harbour talks resume", "2026-03-04", "Jane Doe", "Valmora Post",
    )
    assert "Paragraph 0: negotiators" in doc.text and "Paragraph 5" in doc.text
    assert "Home" not in doc.text and "All rights reserved" not in doc.text


# --------------------------------------------------------------------------- prepare: skips


def test_empty_file(tmp_path):
    result = prepare(write(tmp_path / "empty.txt", b""))
    assert isinstance(result, Skip) and "empty" in result.reason


def test_whitespace_only_file(tmp_path):
    result = prepare(write(tmp_path / "blank.txt", b" \n\t\r\n  \n"))
    assert isinstance(result, Skip) and "only whitespace" in result.reason


def test_png_named_txt_is_binary(tmp_path):
    result = prepare(write(tmp_path / "photo.txt", PNG_HEADER + bytes(range(256)) * 4))
    assert isinstance(result, Skip)
    assert "binary" in result.reason and "PNG" in result.reason


@pytest.mark.parametrize(
    "head, name",
    [(b"%PDF-1.7\n", "PDF"), (b"PK\x03\x04", "ZIP"), (b"\x1f\x8b\x08", "gzip"), (b"\xff\xd8\xff\xe0", "JPEG"), (b"GIF89a", "GIF")],
)
def test_magic_numbers_named_txt(head, name):
    result = prepare_bytes(head + b"some trailing bytes", "/x/file.txt")
    assert isinstance(result, Skip) and name in result.reason


def test_nul_bytes_are_binary():
    result = prepare_bytes(b"abc\x00\x01\x02\xff\xfe\x00\x00\x10" * 20, "/x/blob.txt")
    assert isinstance(result, Skip) and "binary" in result.reason


def test_over_size_limit_says_size_limit_and_option(tmp_path):
    path = write(tmp_path / "big.txt", ARTICLE * 200)
    result = prepare(path, max_size=1024)
    assert isinstance(result, Skip)
    assert "KB" in result.reason and "1.0 KB" in result.reason and "--max-size" in result.reason
    assert isinstance(prepare_bytes(path.read_bytes(), str(path), max_size=1024), Skip)
    assert isinstance(prepare(path), Document)  # the default limit is fine


def test_file_exactly_at_limit_is_read(tmp_path):
    path = write(tmp_path / "edge.txt", ARTICLE)
    assert isinstance(prepare(path, max_size=len(ARTICLE.encode())), Document)


def test_unknown_extension_in_prepare():
    result = prepare_bytes(b"hello", "/x/slides.pptx")
    assert isinstance(result, Skip) and "'.pptx'" in result.reason and ".txt" in result.reason
    assert isinstance(prepare("/x/slides.pptx"), Skip)


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path / "secret.txt", ARTICLE)
    real_open = os.open  # the reader opens with os.open (no blocking, no following links): issue 12, item 3

    def deny(file, *args, **kwargs):
        if os.path.realpath(file) == os.path.realpath(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    result = prepare(path)
    assert isinstance(result, Skip) and "permission denied" in result.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files with mode 000")
def test_unreadable_file_by_mode(tmp_path):
    path = write(tmp_path / "secret.txt", ARTICLE)
    path.chmod(0)
    try:
        result = prepare(path)
    finally:
        path.chmod(0o644)
    assert isinstance(result, Skip) and "permission denied" in result.reason


def test_folder_given_to_prepare(tmp_path):
    (tmp_path / "dir.txt").mkdir()
    result = prepare(tmp_path / "dir.txt")
    assert isinstance(result, Skip) and "folder" in result.reason


def test_missing_file_in_prepare(tmp_path):
    result = prepare(tmp_path / "gone.txt")
    assert isinstance(result, Skip) and "not found" in result.reason


def test_nothing_left_after_cleaning_is_a_skip():
    result = prepare_bytes(b"Advertisement\n\nShare this article\n\nFollow us on Twitter\n", "/x/junk.txt")
    assert isinstance(result, Skip) and "no article text" in result.reason


def test_prepare_never_raises(monkeypatch, caplog):
    def boom(*_args, **_kwargs):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(ingest.readers, "clean_numbered", boom)
    result = prepare_bytes(ARTICLE.encode(), "/x/a.txt")
    assert isinstance(result, Skip)
    assert "unexpected error" in result.reason and "internal detail" not in result.reason
    assert "internal detail" in caplog.text  # the detail goes to the log


def test_recursion_error_becomes_skip(monkeypatch):
    def deep(*_args, **_kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(ingest.readers, "split_metadata_lines", deep)
    assert isinstance(prepare_bytes(ARTICLE.encode(), "/x/a.txt"), Skip)


# --------------------------------------------------------------------------- import cost


def test_text_files_do_not_import_trafilatura(tmp_path):
    path = write(tmp_path / "a.txt", ARTICLE)
    code = (
        "import sys; from indexer.ingest import prepare; prepare(sys.argv[1]); "
        "print('trafilatura' in sys.modules, 'charset_normalizer' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_document_path_is_printable_for_undecodable_names(tmp_path):
    raw = os.fsencode(str(tmp_path)) + b"/caf\xe9.txt"
    with open(raw, "wb") as handle:
        handle.write(ARTICLE.encode())
    (path,) = [p for p in iter_candidate_files([tmp_path]) if not isinstance(p, Skip)]
    doc = prepare(path)
    assert isinstance(doc, Document)
    doc.path.encode("utf-8")  # safe for SQLite and JSON
    assert doc.path.endswith("caf\ufffd.txt")


PIECES = [
    b"<", b">", b"</div>", b"<p>", b"\n", b" ", b"Latest news", b"By ", b"Author: ", b"2025-02-19", b"February 26, 2022",
    b"\xe9", b"\xc3", b"\xa9", b"# ", b"---\n", b"title: x\n", b"[a](b)", b"**", b"\x00", b"\xff\xfe", b"&amp;", b"<!--",
    b"<script>", b"Photo: ", b"(", b")", b"word ", b"More Shorts", b"\r\n", b"\xe2\x80\xa8", b"date ", b"<meta charset=x>",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map(b"".join), st.sampled_from(["txt", "md", "html"]))
def test_prepare_bytes_never_fails_internally(data, ext):
    result = prepare_bytes(data, f"/x/fuzz.{ext}")
    if isinstance(result, Skip):
        assert "unexpected" not in result.reason
    else:
        assert result.title and result.text.strip()
        assert result.content_hash == dedupe.content_hash(result.text)


def test_text_over_the_memory_budget_is_skipped(monkeypatch):
    monkeypatch.setattr(ingest.readers, "MAX_TEXT_CHARS", 100)
    result = prepare_bytes(ARTICLE.encode(), "/x/long.txt", max_size=10**9)
    assert isinstance(result, Skip)
    assert "too large to index in one piece" in result.reason and "split the file" in result.reason


def test_a_headline_and_its_repeat_alone_are_skipped_with_the_reason():
    result = prepare_bytes(b"Harbour talks resume\n\nHarbour talks resume\n", "/x/a.md")
    assert isinstance(result, Skip) and "besides the title" in result.reason
