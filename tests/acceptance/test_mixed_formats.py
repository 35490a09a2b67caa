"""Acceptance: a generated folder of every format imports through `briefing-index add`, wrong extensions
and broken files included, with nothing else in the import lost; search finds text from every format."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.indexer.sources_fixtures import entry, make_docx, make_email, make_mbox, make_pdf, report_pdf, rss

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(300)


def cli(library: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "indexer.cli", "--library", str(library), *args],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=240)


def marked(word: str) -> str:
    """Invented text holding a word no other file holds, distinct enough not to be a near duplicate."""
    rng = random.Random(word)
    vocabulary = ("harbour", "quota", "ferry", "customs", "envoy", "pier", "tariff", "convoy", "dredging", "salt",
                  "mediator", "fleet", "border", "grain", "ministry", "talks", "delegation", "inspection")
    words = [rng.choice(vocabulary) + str(rng.randint(0, 999)) for _ in range(50)]
    return f"The {word} delegation said " + " ".join(words) + "."


def write_folder(folder: Path) -> None:
    attachment = make_email("Budget talks", marked("zanzibarian"))
    attachment.add_attachment(make_docx("Annex on quotas", paragraphs=[marked("quokkaish")]), maintype="application",
                              subtype="octet-stream", filename="annex.docx")
    files = {
        "report.pdf": report_pdf(2, {"Title": "Harbour report"}).replace(b"Negotiators", b"Xylophonic"),
        "misnamed-pdf.txt": make_pdf([["Trade envoys meet", "", marked("yodelling")]]),
        "brief.docx": make_docx("Brief on ferries", paragraphs=[marked("wombatty")]),
        "budget.eml": attachment.as_bytes(),
        "desk.mbox": make_mbox([make_email("Morning note", marked("vulpine")), make_email("Evening note", marked("umbral"))]),
        "wire.rss": rss([entry(1, marked("tessellated")), entry(2, marked("saffronic"))]),
        "notes.md": f"# Pier notes\n\n{marked('rhubarbic')}\n".encode(),
        "scan.pdf": make_pdf([[], []]),
        "half.pdf": report_pdf(2)[:700],
        "fake.docx": b"PK\x03\x04 this zip is cut short",
        "config.xml": b"<?xml version='1.0'?><settings><a>1</a></settings>",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)


def test_every_format_imports_through_the_cli(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    write_folder(folder)
    proc = cli(tmp_path / "lib", "add", str(folder), "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    titles = sorted(a["title"] for a in report["added"])
    assert titles == sorted([
        "Harbour report", "Trade envoys meet", "Brief on ferries", "Budget talks", "Annex on quotas",
        "Morning note", "Evening note", "Harbour talks, day 1", "Harbour talks, day 2", "Pier notes",
    ])
    reasons = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert reasons["scan.pdf"] == "scanned PDF: no text to read (OCR is not supported)"
    assert reasons["half.pdf"].startswith("damaged PDF")
    assert reasons["fake.docx"].startswith("not a Word document")
    assert reasons["config.xml"].startswith("not an RSS or Atom feed")
    for word in ("xylophonic", "yodelling", "wombatty", "zanzibarian", "quokkaish", "vulpine", "umbral",
                 "tessellated", "saffronic", "rhubarbic"):
        found = cli(tmp_path / "lib", "search", word, "--json")
        assert json.loads(found.stdout)["total"] == 1, word
    log = cli(tmp_path / "lib", "log", "--json")
    assert "attachment of 'Budget talks'" in log.stdout and "message 2" in log.stdout


def test_add_help_lists_the_registered_formats(tmp_path):
    proc = cli(tmp_path / "lib", "add", "--help")
    assert proc.returncode == 0
    for label in ("PDF documents", "Word documents", "E-mail messages", "Mailboxes", "RSS and Atom feeds"):
        assert label in proc.stdout
