"""Cleaning fidelity on a folder of real articles with a gold file (not part of `make test`).

    python -m tests.benchmarks.clean_eval [ARTICLES_DIR GOLD_JSON] [-v]

Counts, over the English files: non-blank source lines accounted for nowhere
(body, removed lines with their reason), gold boilerplate lines left in the body,
and title/date/author/outlet right where the gold states them, invented where it
says null.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from indexer.ingest import prepare
from indexer.ingest.encoding import decode, tidy_text
from indexer.ingest.metadata import fallback_title
from indexer.model import Document

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real-news"
NO_HEADLINE = "no headline"


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(str.maketrans("‘’“”–—", "''\"\"--"))
    return re.sub(r"\s+", " ", text).strip().casefold()


def source_lines(path: Path) -> list[str]:
    text = tidy_text(decode(path.read_bytes(), ""))
    if path.suffix == ".md":
        from indexer.ingest.markup import markdown_to_text

        text = markdown_to_text(text)[0]
    return [line.strip() for line in text.split("\n") if line.strip()]


def lost_lines(doc: Document, lines: list[str]) -> list[str]:
    body = {line.strip() for line in doc.text.split("\n")}
    removed = [r.text.strip() for r in doc.removed]
    removed_set = set(removed)
    lost = []
    for line in lines:
        if line in body or line in removed_set:
            continue
        if any(line.startswith(r) and line[len(r):].strip() in body for r in removed if r):
            continue
        lost.append(line)
    return lost


def title_of(doc: Document, stem: str) -> str:
    if any(NO_HEADLINE in w for w in doc.warnings) or doc.title == fallback_title(doc.text, stem):
        return ""
    return doc.title


def names(value: str | None) -> set[str]:
    return {norm(p) for p in re.split(r";|,|\band\b|&", value or "") if norm(p)}


def check(field: str, ours: str, gold, stated: bool = True) -> str:
    """'right', 'wrong', 'missed', 'invented' or '' (not counted)."""
    if field == "author":
        same = names(ours) == names(gold)
    else:
        same = norm(ours) == norm(gold)
    if gold and stated:
        return "right" if same else ("missed" if not ours else "wrong")
    if ours and not same:
        return "invented"
    return ""


def evaluate(articles: Path, gold_path: Path, verbose: bool = False) -> dict:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["articles"]
    totals = {"files": 0, "lines": 0, "lost": 0, "boiler": 0, "boiler_left": 0}
    meta = {f: {"right": 0, "wrong": 0, "missed": 0, "invented": 0} for f in ("title", "date", "author", "outlet")}
    reasons: Counter[str] = Counter()
    for name, entry in sorted(gold.items()):
        if entry.get("language") != "en":
            continue
        path = articles / name
        doc = prepare(path)
        if not isinstance(doc, Document):
            print(f"{name}: skipped: {doc.reason}")
            continue
        totals["files"] += 1
        reasons.update(item.reason for item in doc.removed)
        lines = source_lines(path)
        lost = lost_lines(doc, lines)
        totals["lines"] += len(lines)
        totals["lost"] += len(lost)
        body = {line.strip() for line in doc.text.split("\n")}
        left = [b for b in entry["boilerplate"] if b.strip() in body]
        totals["boiler"] += len(entry["boilerplate"])
        totals["boiler_left"] += len(left)
        ours = {"title": title_of(doc, path.stem), "date": doc.date, "author": doc.author, "outlet": doc.source}
        stated = {"title": True, "date": entry.get("date_in_text", False), "author": True, "outlet": True}
        problems = []
        for field in meta:
            verdict = check(field, ours[field], entry.get(field), stated[field])
            if verdict:
                meta[field][verdict] += 1
            if verdict not in ("", "right"):
                problems.append(f"{field} {verdict}: ours={ours[field]!r} gold={entry.get(field)!r}")
        if verbose and (lost or left or problems):
            print(f"--- {name}")
            for line in lost:
                print(f"  LOST {line[:110]!r}")
            for line in left:
                print(f"  LEFT {line[:110]!r}")
            for problem in problems:
                print(f"  {problem}")
    return {"totals": totals, "meta": meta, "reasons": dict(reasons.most_common())}


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    articles, gold = (Path(args[0]), Path(args[1])) if len(args) == 2 else (CORPUS / "articles", CORPUS / "gold.json")
    result = evaluate(articles, gold, verbose)
    t = result["totals"]
    print(f"files {t['files']}  source lines {t['lines']}  lost {t['lost']}")
    share = t["boiler_left"] / max(1, t["boiler"])
    print(f"boilerplate lines {t['boiler']}  left in body {t['boiler_left']} ({share:.0%})")
    for field, counts in result["meta"].items():
        stated = counts["right"] + counts["wrong"] + counts["missed"]
        print(
            f"{field:7} right {counts['right']}/{stated}  wrong {counts['wrong']}  "
            f"missed {counts['missed']}  invented {counts['invented']}"
        )
    print("removed lines by reason: " + ", ".join(f"{reason} {n}" for reason, n in result["reasons"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
