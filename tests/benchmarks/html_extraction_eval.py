"""HTML main-content extraction quality against ../shared/corpus/html-extraction.

Runs the full ingest pipeline (prepare_bytes: decoding, trafilatura, cleaning,
metadata) on every saved page and compares Document.text with <id>.gold.txt at
token level (lower-cased \\w+ tokens, multiset overlap).

    python tests/benchmarks/html_extraction_eval.py

prints per-page figures and macro/micro precision, recall and F1;
`evaluate()` returns the same figures as a dict for the benchmark runner.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "html-extraction"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def score(extracted: str, gold: str) -> tuple[float, float, float, int, int, int]:
    """(precision, recall, f1, overlap, extracted tokens, gold tokens)."""
    got, want = tokens(extracted), tokens(gold)
    overlap = sum((got & want).values())
    n_got, n_want = sum(got.values()), sum(want.values())
    precision = overlap / n_got if n_got else 0.0
    recall = overlap / n_want if n_want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, overlap, n_got, n_want


def evaluate(corpus: Path = CORPUS, verbose: bool = False) -> dict:
    """Score every page; {"skipped": reason} when the corpus is absent."""
    from indexer.ingest import prepare_bytes
    from indexer.model import Skip

    pages = sorted(corpus.glob("*.html"))
    if not pages:
        return {"skipped": f"no HTML pages in {corpus} (needs ../shared beside the repo)"}
    rows = []
    started = time.perf_counter()
    for page in pages:
        gold = page.with_name(page.stem + ".gold.txt").read_text(encoding="utf-8")
        doc = prepare_bytes(page.read_bytes(), str(page))
        text = "" if isinstance(doc, Skip) else doc.text
        rows.append((page.stem[:12], *score(text, gold), "" if isinstance(doc, Skip) else doc.title))
    elapsed = time.perf_counter() - started
    if verbose:
        for name, p, r, f, *_rest, title in rows:
            print(f"{name}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}  {title[:60]}")
    n = len(rows)
    overlap = sum(r[4] for r in rows)
    got = sum(r[5] for r in rows)
    want = sum(r[6] for r in rows)
    micro_p, micro_r = overlap / got if got else 0.0, overlap / want if want else 0.0
    return {
        "pages": n,
        "precision": sum(r[1] for r in rows) / n,
        "recall": sum(r[2] for r in rows) / n,
        "f1": sum(r[3] for r in rows) / n,
        "micro_precision": micro_p,
        "micro_recall": micro_r,
        "micro_f1": 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0,
        "seconds_per_page": elapsed / n,
    }


def main() -> int:
    result = evaluate(verbose="-v" in sys.argv)
    if "skipped" in result:
        print(f"skipped: {result['skipped']}")
        return 0
    print(
        f"HTML extraction on {result['pages']} pages: "
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f} (macro); "
        f"micro F1 {result['micro_f1']:.3f}; {result['seconds_per_page'] * 1000:.0f} ms/page"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
