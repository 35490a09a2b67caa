"""Actor recognition benchmark: GMB-NER scores and recognition speed.

Run:  .venv/bin/python -m tests.benchmarks.actors_eval [--demonyms] [--errors] [--bbc]   (or `make bench`)

Scores every document of ../shared/corpus/gmb-ner against its gold mentions: precision, recall and F1
by type (person, organisation, place), with exact spans and with overlapping spans. Speed: median
milliseconds for ActorEngine.analyse() and for the gazetteer matcher alone on a 600-word article,
against a gazetteer of at least 5,000 aliases (synthetic entries are added when the real one is smaller).
--bbc prints only the CPU ms of analyse() per article on 200 BBC articles.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from indexer.actors import ActorEngine, _BASE_CACHE  # noqa: E402
from indexer.actors.gazetteer import bundled_paths  # noqa: E402
from indexer.actors.normalise import FoldedText  # noqa: E402
from indexer.actors.recognise import match  # noqa: E402

GMB = REPO.parent / "shared" / "corpus" / "gmb-ner"
TYPES = ("person", "organisation", "place")


def load_gmb(limit: int | None = None) -> list[tuple[str, list[dict]]]:
    """(text, gold entities) per GMB document; [] when the corpus is absent."""
    gold_path = GMB / "gold.json"
    if not gold_path.is_file():
        return []
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    docs = []
    for item in gold[:limit]:
        text = (GMB / "docs" / f"{item['doc_id']}.txt").read_text(encoding="utf-8")
        docs.append((text, item["entities"]))
    return docs


def _prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "predicted": n_pred, "gold": n_gold}


# Gold person entities that are only a title: the GMB tokens split "Prime Minister Silvio Berlusconi" into
# "Prime" and "Silvio Berlusconi", "Mr. Yekhanurov" into "Mr." and "Yekhanurov".
TITLE_FRAGMENTS = frozenset(
    "mr. mrs. ms. dr. mr mrs ms dr prime president vice general senator secretary minister sen. gen. "
    "king queen prince sheikh ayatollah pope chancellor premier governor mayor judge lt. col. sir".split()
)


def without_title_fragments(gold: list[tuple]) -> list[tuple]:
    return [g for g in gold if not (g[3] == "person" and g[5].lower() in TITLE_FRAGMENTS)]


def score(pred: list[tuple[int, int, str]], gold: list[tuple[int, int, str]]) -> dict:
    """P/R/F1 by type, exact and overlapping, for lists of (start, end, type) over all documents.

    Spans carry a document index in the type tuple's first element (see evaluate())."""
    out: dict[str, dict] = {}
    for mode in ("exact", "overlap"):
        for t in TYPES:
            p = [s for s in pred if s[3] == t]
            g = [s for s in gold if s[3] == t]
            if mode == "exact":
                gset, pset = {s[:3] for s in g}, {s[:3] for s in p}
                tp_p = len(pset & gset)
                tp_g = tp_p
                n_pred, n_gold = len(pset), len(gset)
            else:
                tp_p = sum(_overlaps(s, g) for s in p)
                tp_g = sum(_overlaps(s, p) for s in g)
                n_pred, n_gold = len(p), len(g)
            out[f"{mode}/{t}"] = _prf(tp_p, n_pred, tp_g, n_gold)
    return out


def _overlaps(span: tuple, others: list[tuple]) -> bool:
    doc, a, b = span[0], span[1], span[2]
    return any(o[0] == doc and o[1] < b and a < o[2] for o in others)


def _index_by_doc(spans: list[tuple]) -> dict:
    by: dict[int, list] = {}
    for s in spans:
        by.setdefault(s[0], []).append(s)
    return by


def evaluate_gmb(engine: ActorEngine | None = None, limit: int | None = None, errors: int = 0) -> dict:
    """Scores on GMB; with errors > 0 also a sample of false positives and misses by type."""
    docs = load_gmb(limit)
    if not docs:
        return {"skipped": f"GMB corpus not found at {GMB}"}
    engine = engine or ActorEngine()
    pred, gold = [], []
    texts = []
    for n, (text, entities) in enumerate(docs):
        texts.append(text)
        mentions, _ = engine.analyse(text, f"gmb{n}")
        for m in mentions:
            pred.append((n, m.start, m.end, engine._raw_type(m.actor_id), m.actor_id))
        gold += [(n, e["start"], e["end"], e["type"], e.get("gmb_tag", ""), e["text"]) for e in entities]
    result = score(pred, gold)
    fragments = score(pred, without_title_fragments(gold))
    result["overlap-no-title-fragments/person"] = fragments["overlap/person"]
    result["overlap/any-type"] = _any_type(pred, gold)
    result["type-disagreements"] = _type_disagreements(pred, gold)
    result["documents"] = len(docs)
    if errors:
        result["errors"] = _errors(texts, pred, gold, errors)
    return result


def _any_type(pred: list, gold: list) -> dict:
    """Overlap scores ignoring the type: did we find *an* entity where the gold has one?"""
    p = [(s[0], s[1], s[2], "any") for s in pred]
    g = [(s[0], s[1], s[2], "any") for s in gold]
    tp_p = sum(_overlaps(s, g) for s in p)
    tp_g = sum(_overlaps(s, p) for s in g)
    return _prf(tp_p, len(p), tp_g, len(g))


def _type_disagreements(pred: list, gold: list) -> dict:
    """Gold mentions of type A overlapped only by predictions of another type ("Iran" gold org, ours place)."""
    pred_by = _index_by_doc(pred)
    out: Counter = Counter()
    for g in gold:
        others = [p for p in pred_by.get(g[0], []) if p[1] < g[2] and g[1] < p[2]]
        if others and all(p[3] != g[3] for p in others):
            out[f"gold {g[3]} -> ours {others[0][3]}"] += 1
    return dict(out.most_common())


def _errors(texts: list[str], pred: list, gold: list, n: int) -> dict:
    gold_by, pred_by = _index_by_doc(gold), _index_by_doc(pred)
    out = {}
    for t in TYPES:
        fp = Counter(
            texts[s[0]][s[1] : s[2]] for s in pred if s[3] == t and not _overlaps(s, [g for g in gold_by.get(s[0], []) if g[3] == t])
        )
        fn = Counter(
            texts[s[0]][s[1] : s[2]] for s in gold if s[3] == t and not _overlaps(s, [p for p in pred_by.get(s[0], []) if p[3] == t])
        )
        out[t] = {"false_positives": fp.most_common(n), "misses": fn.most_common(n)}
    return out


# ---------------------------------------------------------------------------- speed

_SYLLABLES = "ka lo mi ne ra su ti vo za be do fi gu ha ji ku le mo nu pa ri se ta vu wa xe yo zu".split()


def synthetic_gazetteer(folder: Path, entries: int = 2000, seed: int = 7) -> Path:
    """A gazetteer of invented people and organisations (about 3 aliases each)."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()

    items = []
    for i in range(entries):
        if i % 3:
            first, last = word(), word()
            items.append({"id": f"syn-p{i}", "name": f"{first} {last}", "type": "person", "role": "Minister",
                          "aliases": [last, f"{first[0]}. {last}"], "country": "Testland"})
        else:
            name = f"{word()} {word()} Agency"
            acro = "".join(w[0] for w in name.split()) + str(i)
            items.append({"id": f"syn-o{i}", "name": name, "type": "organisation", "role": "Agency",
                          "aliases": [acro, name.replace("Agency", "Authority")], "country": ""})
    path = folder / "synthetic.json"
    path.write_text(json.dumps({"format": "briefing-reader-gazetteer/1", "entries": items}), encoding="utf-8")
    return path


def _articles(count: int, words: int = 600) -> list[str]:
    """`count` different 600-word articles cut from the GMB documents (one repeated text without GMB).

    Different texts matter: one article analysed again and again hides per-article costs such as
    building a pattern from that article's names (Python's regex cache would answer every repeat)."""
    tokens = " ".join(t for t, _ in load_gmb()).split(" ")
    if len(tokens) < words:
        tokens = ("Foreign Minister Sergei Lavrov met U.S. Secretary of State Marco Rubio in Riyadh on Tuesday, "
                  "officials said. \"The talks were useful,\" Lavrov told reporters. " * 40).split(" ")
    chunks = max(1, len(tokens) // words)
    return [" ".join(tokens[(k % chunks) * words : (k % chunks + 1) * words]) for k in range(count)]


def _article(words: int = 600) -> str:
    return _articles(1, words)[0]


def evaluate_speed(runs: int = 200) -> dict:
    """Median ms of analyse() and of the matcher alone on a 600-word article; engine build time."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = bundled_paths()
        _BASE_CACHE.clear()
        t0 = time.perf_counter()
        real = ActorEngine(gazetteer_paths=paths)
        build_real = time.perf_counter() - t0
        real_aliases = sum(len(e.aliases) + 1 for e in real._entries.values())
        if real_aliases < 5000:  # top up with invented entries so the matcher holds >= 5,000 aliases
            paths = paths + [synthetic_gazetteer(Path(tmp))]
        _BASE_CACHE.clear()
        t0 = time.perf_counter()
        engine = ActorEngine(gazetteer_paths=paths)
        build_big = time.perf_counter() - t0
        aliases = sum(len(e.aliases) + 1 for e in engine._entries.values())
        texts = _articles(runs + 1)
        engine.analyse(texts[0])  # warm-up
        full, matcher = [], []
        for text in texts[1:]:  # a different article each time; CPU time: the machine may be shared
            t0 = time.process_time()
            engine.analyse(text)
            full.append((time.process_time() - t0) * 1000)
            t0 = time.process_time()
            match(engine._index, FoldedText(text))
            matcher.append((time.process_time() - t0) * 1000)
    return {
        "article_words": len(texts[1].split()),
        "articles": len(texts) - 1,
        "gazetteer_entries": len(engine._entries),
        "gazetteer_aliases": aliases,
        "matcher_keys_with_variants": len(engine._index.keys),
        "real_gazetteer_entries": len(real._entries),
        "build_real_s": round(build_real, 3),
        "build_with_synthetic_s": round(build_big, 3),
        "analyse_median_ms (recognise+discover+coref+quotes, CPU)": round(statistics.median(full), 3),
        "recognise_median_ms (fold + Aho-Corasick + checks, CPU)": round(statistics.median(matcher), 3),
    }


BBC = REPO.parent / "shared" / "corpus" / "bbc"


def evaluate_bbc_speed(count: int = 200) -> dict:
    """CPU ms of analyse() per BBC article, the first `count` files in path order, one engine as in an import."""
    paths = sorted(BBC.glob("*/*.txt"))[:count]
    if not paths:
        return {"skipped": f"BBC corpus not found at {BBC}"}
    engine = ActorEngine()
    engine.analyse(paths[0].read_text(encoding="utf-8", errors="replace"))  # warm-up
    times = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        t0 = time.process_time()
        engine.analyse(text)
        times.append((time.process_time() - t0) * 1000)
    return {"bbc_articles": len(times), "bbc_analyse_median_ms": round(statistics.median(times), 3),
            "bbc_analyse_mean_ms": round(statistics.mean(times), 3)}


def evaluate(limit: int | None = None, demonyms: bool = False) -> dict:
    """GMB scores and speed figures in one dict (demonyms=True also counts "British" as a place mention)."""
    return {"gmb": evaluate_gmb(ActorEngine(demonyms=demonyms), limit=limit), "speed": evaluate_speed()}


def _print(result: dict) -> None:
    gmb = result["gmb"]
    if "skipped" in gmb:
        print(gmb["skipped"])
    else:
        print(f"GMB-NER, {gmb['documents']} documents{', demonyms as places' if '--demonyms' in sys.argv else ''}")
        print(f"{'mode/type':34} {'P':>6} {'R':>6} {'F1':>6} {'pred':>7} {'gold':>7}")
        for key, s in gmb.items():
            if isinstance(s, dict) and "f1" in s:
                print(f"{key:34} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['predicted']:7} {s['gold']:7}")
        print("type disagreements (gold type -> our type, overlapping spans):")
        for key, n in gmb.get("type-disagreements", {}).items():
            print(f"  {key:32} {n}")
    print("\nSpeed")
    for key, value in result["speed"].items():
        print(f"  {key:28} {value}")


if __name__ == "__main__":
    if "--errors" in sys.argv:
        res = evaluate_gmb(errors=25)
        for t, e in res.pop("errors").items():
            print(t, "FP", e["false_positives"])
            print(t, "FN", e["misses"])
        _print({"gmb": res, "speed": {}})
    elif "--bbc" in sys.argv:
        print(json.dumps(evaluate_bbc_speed()))
    else:
        _print(evaluate(demonyms="--demonyms" in sys.argv))
