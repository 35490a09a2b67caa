"""Quote attribution benchmark: are gold quotes given to the right speaker?

Run:  .venv/bin/python -m tests.benchmarks.quotes_eval [FOLDER] [--lang en] [--details] [--extra]

FOLDER (default ../shared/corpus/real-news) holds `articles/` and a `gold.json` whose `articles` map a file
name to {language, quotes: [{speaker, text}], actor_variants: {name: [spellings]}}. Each file in the chosen
languages (`--lang`: ISO 639-1 codes separated by commas, default en; `--lang ru,uk` for the Cyrillic files) is
cleaned with `indexer.ingest.prepare` and analysed by one ActorEngine in file order, as an import would.
A gold quote is matched to the found quote whose text overlaps it most; its speaker is then right (the
found actor's names or this article's mentions of it match the gold speaker's spellings), wrong (another
actor) or missing (no speaker, or the quote was not found). `--extra` lists attributed quotes that match
no gold quote, for checking by eye. `--gold-mentions` replaces the recogniser by the gold's own spellings of
each file's actors (typed by the gazetteer): it measures attribution alone, as if recognition were perfect.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from indexer import ingest  # noqa: E402
from indexer.actors import ActorEngine  # noqa: E402
from indexer.actors.quotes import extract_quotes  # noqa: E402
from indexer.actors.normalise import fold_key  # noqa: E402
from indexer.model import Mention, Quote, Skip  # noqa: E402

REAL_NEWS = REPO.parent / "shared" / "corpus" / "real-news"
_MIN_OVERLAP = 0.6  # share of the shorter text's characters in one common block


def norm_text(text: str) -> str:
    """Lower case, straight quotes, one space, no punctuation: what two copies of a quote share."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[‘’`´]", "'", text)
    text = re.sub(r"[^\w' ]+", " ", text)
    return " ".join(text.split())


def overlap(gold: str, found: str) -> float:
    """Longest common block as a share of the shorter text (0 to 1)."""
    a, b = norm_text(gold), norm_text(found)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    block = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return block.size / min(len(a), len(b))


def best_match(gold_text: str, quotes: list[Quote]) -> Quote | None:
    """The found quote overlapping the gold text most (at least _MIN_OVERLAP), preferring attributed ones."""
    scored = [(overlap(gold_text, q.text), bool(q.actor_id), q) for q in quotes]
    scored = [s for s in scored if s[0] >= _MIN_OVERLAP]
    if not scored:
        return None
    return max(scored, key=lambda s: (round(s[0], 2), s[1]))[2]


def speaker_names(engine: ActorEngine, actor_id: str, mentions: list[Mention]) -> set[str]:
    """Folded names of an actor: canonical name, aliases and its spellings in this article."""
    names = {m.text for m in mentions if m.actor_id == actor_id}
    actor = engine.actor(actor_id)
    if actor is not None:
        names |= {actor.name, *actor.aliases}
    return {fold_key(n) for n in names if fold_key(n)}


def is_right(gold_speaker: str, variants: list[str], names: set[str]) -> bool:
    """The found names include a spelling of the gold speaker (full name, variant or surname)."""
    wanted = {fold_key(v) for v in [gold_speaker, *variants] if fold_key(v)}
    if wanted & names:
        return True
    surname = fold_key(gold_speaker).split()[-1:] if " " in gold_speaker.strip() else []
    return bool(surname) and any(n.split()[-1:] == surname for n in names)


def gold_mentions(engine: ActorEngine, text: str, variants: dict[str, list[str]]) -> tuple[list[Mention], dict]:
    """Mentions of every gold spelling in the text (longest first, no overlaps) and each actor's type."""
    taken: list[Mention] = []
    kinds: dict[str, str] = {}
    spellings = [(v, name) for name, vs in variants.items() for v in {name, *vs}]
    for spelling, name in sorted(spellings, key=lambda s: len(s[0]), reverse=True):
        ids = engine.resolve(name)
        actor = engine.actor(ids[0]) if len(ids) == 1 else None
        actor_id = actor.id if actor else "gold:" + name
        kinds[actor_id] = actor.type if actor else "unknown"
        for m in re.finditer(rf"(?<!\w){re.escape(spelling)}(?!\w)", text):
            if all(m.end() <= t.start or m.start() >= t.end for t in taken):
                taken.append(Mention(actor_id, m.start(), m.end(), spelling))
    return sorted(taken, key=lambda m: m.start), kinds


def evaluate(
    folder: Path, details: bool = False, extra: bool = False, langs: frozenset[str] = frozenset({"en"}),
    oracle: bool = False,
) -> Counter:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["articles"]
    counts: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        engine = ActorEngine(Path(tmp) / "actors")
        for name in sorted(gold):
            item = gold[name]
            if item.get("language") not in langs:
                continue
            doc = ingest.prepare(folder / "articles" / name)
            if isinstance(doc, Skip):
                print(f"{name}: skipped ({doc.reason})")
                continue
            if oracle:
                mentions, kinds = gold_mentions(engine, doc.text, item.get("actor_variants") or {})
                quotes = extract_quotes(doc.text, mentions, name, lambda a: kinds.get(a, "unknown"))
            else:
                mentions, quotes = engine.analyse(doc.text, name)
            matched = _score_file(engine, name, item, mentions, quotes, counts, details)
            if extra:
                _print_extra(engine, name, quotes, matched)
    return counts


def _score_file(engine, name, item, mentions, quotes, counts, details) -> set[int]:
    matched: set[int] = set()
    for g in item.get("quotes") or []:
        q = best_match(g["text"], quotes)
        if q is None:
            verdict, got = "not found", ""
        else:
            matched.add(q.start)
            names = speaker_names(engine, q.actor_id, mentions) if q.actor_id else set()
            got = q.actor_id
            if not q.actor_id:
                verdict = "no speaker"
            elif is_right(g["speaker"], item.get("actor_variants", {}).get(g["speaker"], []), names):
                verdict = "right"
            else:
                verdict = "WRONG"
        counts[verdict] += 1
        counts["gold"] += 1
        if details and verdict != "right":
            print(f"{verdict:10} {name}: {g['speaker']} <- {got or '-'} | {g['text'][:90]}")
    return matched


def _print_extra(engine, name, quotes, matched) -> None:
    for q in quotes:
        if q.actor_id and q.start not in matched:
            actor = engine.actor(q.actor_id)
            who = actor.name if actor else q.actor_id
            print(f"extra      {name}: {who} <- {q.text[:100]!r}")


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="quotes_eval", description="Quote attribution against gold.json.")
    parser.add_argument("folder", nargs="?", type=Path, default=REAL_NEWS)
    parser.add_argument("--lang", default="en", help="languages to score, e.g. en or ru,uk (default en)")
    parser.add_argument("--details", action="store_true", help="list every gold quote not given to its speaker")
    parser.add_argument("--extra", action="store_true", help="list attributed quotes that match no gold quote")
    parser.add_argument("--gold-mentions", action="store_true", help="the gold's actor spellings as mentions")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = _parse(argv)
    folder = args.folder
    if not (folder / "gold.json").is_file():
        print(f"No gold.json in {folder}: pass a folder with articles/ and gold.json.", file=sys.stderr)
        return 1
    langs = frozenset(code.strip() for code in args.lang.split(",") if code.strip())
    counts = evaluate(folder, args.details, args.extra, langs, args.gold_mentions)
    print(f"languages {','.join(sorted(langs))}")
    total = counts["gold"] or 1
    missing = counts["no speaker"] + counts["not found"]
    print(
        f"gold quotes {counts['gold']}: right {counts['right']} ({counts['right'] / total:.0%}), "
        f"WRONG {counts['WRONG']}, missing {missing} (no speaker {counts['no speaker']}, "
        f"not found {counts['not found']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
