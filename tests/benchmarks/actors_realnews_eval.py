"""Actor recall and junk on real news: ../shared/corpus/real-news (or any folder with a gold.json of that shape).

Run:  .venv/bin/python -m tests.benchmarks.actors_realnews_eval [FOLDER] [--verbose] [--lang en]

Each article is read and cleaned as an import does, then analysed by one ActorEngine in file order (so the
discovered-actor registry grows as in a real library). Reported:

- recall: gold actors found, a mention's text or its actor's names matching one of the gold spellings;
  "in body" counts only gold actors one of whose spellings occurs in the analysed text;
- split: gold actors found under more than one actor id in one article (variants not merged);
- junk: found actors no gold actor explains that are a role phrase ("Secretary of State", "of Ukraine"),
  a name on a photo-credit line, the article's own byline author, a brand on a share row, or mistyped
  (a person named "... Palace", an all-capitals emphasis word as an organisation); --verbose lists the
  other unexplained actors for reading, unjudged.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from indexer import ingest  # noqa: E402
from indexer.actors import ActorEngine  # noqa: E402
from indexer.actors.discover import ROLE_COMPLEMENTS, ROLE_MODIFIERS, ROLE_NOUNS  # noqa: E402
from indexer.actors.normalise import fold_key  # noqa: E402
from indexer.model import Document  # noqa: E402

REAL_NEWS = REPO.parent / "shared" / "corpus" / "real-news"

_CREDIT_LINE_RE = re.compile(
    r"(?i)(?:^|\b)(?:photo|photograph|image|picture|credit|file photo|pictured)s?\b\s*[:|]|"
    r"\b(?:reuters|afp|ap|getty images|epa|anadolu|tass|ria novosti|sputnik|efe|ukrinform|xinhua|pool)\s*/|"
    r"/\s*(?:reuters|afp|ap|getty images|epa|anadolu|tass|sputnik|pool|efe)\b|\bvia getty\b"
)
_SHARE_WORDS = frozenset("share facebook twitter x whatsapp telegram linkedin email e mail viber reddit copy link print "
                         "messenger vk pinterest tweet".split())
_BRANDS = frozenset("facebook twitter whatsapp telegram linkedin viber reddit meta platforms x corp google".split())
_PLACE_WORDS = frozenset("palace square street avenue hotel airport bridge castle cathedral stadium building "
                         "hall tower mosque church embassy house".split())
_ROLE_FILLERS = frozenset("of the for and state affairs".split())


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    in_body: int = 0
    found_in_body: int = 0
    split: int = 0
    junk: Counter = field(default_factory=Counter)
    unexplained: int = 0
    ms: list[float] = field(default_factory=list)


def load_gold(folder: Path) -> dict[str, dict]:
    data = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    return data["articles"] if isinstance(data, dict) and "articles" in data else data


def is_role_phrase(name: str) -> bool:
    """'Secretary of State', 'Minister of State', 'of Ukraine', 'Foreign Minister': no name in it."""
    words = name.split()
    keys = fold_key(name).split()
    if not keys:
        return False
    if words[0][:1].islower():
        return True
    if not all(k in ROLE_NOUNS or k in ROLE_MODIFIERS or k in ROLE_COMPLEMENTS or k in _ROLE_FILLERS for k in keys):
        return False
    return len(keys) == 1 or any(k in ROLE_NOUNS for k in keys)


def _line_of(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)]


def _is_share_row(line: str) -> bool:
    keys = fold_key(line).split()
    return bool(keys) and len(keys) <= 14 and sum(k in _SHARE_WORDS for k in keys) >= max(2, len(keys) - 2)


def junk_kind(name: str, type_: str, surfaces: list[str], lines: list[str], authors: list[str]) -> str | None:
    """Why a found actor no gold actor explains is junk, or None when it may be a fair actor."""
    if is_role_phrase(name) or all(is_role_phrase(s) for s in surfaces):
        return "role phrase"
    if any(_CREDIT_LINE_RE.search(line) for line in lines) and type_ == "person":
        return "credit line"
    if any(_is_share_row(line) for line in lines) or (fold_key(name) in _BRANDS and all(
            _is_share_row(line) or len(line.split()) <= 3 for line in lines)):
        return "share row"
    if type_ == "person" and any(fold_key(s) in authors or any(fold_key(s) in a.split(" and ") for a in authors)
                                 for s in surfaces):
        return "byline"
    last = fold_key(name).split()[-1:]
    if type_ == "person" and last and last[0] in _PLACE_WORDS:
        return "mistyped"
    return None


def _authors(doc: Document, raw: str) -> list[str]:
    names = [doc.author] if doc.author else []
    for m in re.finditer(r"(?im)^\s*by\s+([^\n]{3,80})$", raw):
        names.append(m.group(1))
    out = []
    for name in names:
        for part in re.split(r",| and |\|", name):
            part = re.sub(r"(?i)\b(reuters|afp|ap|tass|staff|correspondent)\b", "", part)
            if fold_key(part):
                out.append(fold_key(part))
    return out


def evaluate(folder: Path = REAL_NEWS, lang: str = "en", verbose: bool = False) -> dict:
    """Recall, splits and junk over the folder's articles in `lang`; {"skipped": ...} when absent."""
    if not (folder / "gold.json").is_file():
        return {"skipped": f"no gold.json in {folder}"}
    gold = load_gold(folder)
    engine = ActorEngine()
    tally = Tally()
    for name in sorted(gold):
        item = gold[name]
        if lang and item.get("language") != lang:
            continue
        _score_article(engine, folder / "articles" / name, item, tally, verbose)
    return _summary(tally)


def _score_article(engine: ActorEngine, path: Path, item: dict, tally: Tally, verbose: bool) -> None:
    doc = ingest.prepare(path)
    if not isinstance(doc, Document):
        print(f"{path.name}: skipped ({doc.reason})")
        return
    t0 = time.process_time()
    mentions, _ = engine.analyse(doc.text, path.stem, (doc.author,))
    tally.ms.append((time.process_time() - t0) * 1000)
    by_actor: dict[str, list] = {}
    for m in mentions:
        by_actor.setdefault(m.actor_id, []).append(m)
    names = {aid: _actor_keys(engine, aid) for aid in by_actor}
    explained: set[str] = set()
    folded_body = f" {fold_key(doc.text)} "
    for actor in item.get("actors", []):
        variants = {fold_key(v) for v in item.get("actor_variants", {}).get(actor, [actor])} | {fold_key(actor)}
        ids = {aid for aid, ms in by_actor.items() if names[aid] & variants or any(fold_key(m.text) in variants for m in ms)}
        present = any(f" {v} " in folded_body for v in variants if v)
        tally.gold += 1
        tally.in_body += present
        tally.found += bool(ids)
        tally.found_in_body += bool(ids) and present
        tally.split += len(ids) > 1
        explained |= ids
        if verbose and not ids:
            print(f"  MISS {path.name}: {actor}{'' if present else ' (not in body)'}")
        if verbose and len(ids) > 1:
            print(f"  SPLIT {path.name}: {actor} -> {sorted(ids)}")
    authors = _authors(doc, path.read_text(encoding="utf-8", errors="replace"))
    for aid, ms in by_actor.items():
        if aid in explained:
            continue
        actor = engine.actor(aid)
        surfaces = [m.text for m in ms]
        kind = junk_kind(actor.name, actor.type, surfaces, [_line_of(doc.text, m.start) for m in ms], authors)
        if kind:
            tally.junk[kind] += 1
            if verbose:
                print(f"  JUNK {kind}: {path.name}: {actor.name} ({actor.type}) as {sorted(set(surfaces))}")
        else:
            tally.unexplained += 1
            if verbose:
                print(f"  other {path.name}: {actor.name} ({actor.type}) {sorted(set(surfaces))[:3]}")


def _actor_keys(engine: ActorEngine, actor_id: str) -> set[str]:
    actor = engine.actor(actor_id)
    return {fold_key(n) for n in (actor.name, *actor.aliases)} if actor else set()


def _summary(t: Tally) -> dict:
    ms = sorted(t.ms)
    return {
        "articles": len(ms),
        "gold_actors": t.gold,
        "recall": round(t.found / t.gold, 3) if t.gold else 0.0,
        "recall_in_body": round(t.found_in_body / t.in_body, 3) if t.in_body else 0.0,
        "gold_in_body": t.in_body,
        "split_variants": t.split,
        "junk": dict(t.junk),
        "junk_total": sum(t.junk.values()),
        "unexplained_other": t.unexplained,
        "analyse_median_ms": round(ms[len(ms) // 2], 2) if ms else 0.0,
    }


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    lang = argv[argv.index("--lang") + 1] if "--lang" in argv else "en"
    if "--lang" in argv:
        args.remove(lang)
    folder = Path(args[0]) if args else REAL_NEWS
    result = evaluate(folder, lang, verbose="--verbose" in argv)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
