"""Identity harness for actor analysis: the same import must give the same actors, mentions and quotes.

    python tests/benchmarks/actors_identity.py [--code DIR] [--spare-load N] [--worker-prep] [--out FILE] CORPUS

CORPUS is a folder to import, or `gmb[:N]` for the first N documents of ../shared/corpus/gmb-ner (written
to a temporary folder as .txt files, as actors_eval reads them), or `demo` for the bundled demo corpus.
The folder is imported into a fresh temporary library with the code of `--code` (default: this checkout;
pass /work/main or a copy of the base commit to compare), then every article's raw stored mentions and
quotes (speakers and offsets), and every actor after curation (id, name, type, role, aliases), are written
as sorted JSON. Two runs to compare must give byte-identical files (`cmp a.json b.json`).

Run it as a script (not with -m) so `--code` decides which `indexer` is imported.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]
GMB = HERE.parent / "shared" / "corpus" / "gmb-ner"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a folder, gmb[:N] or demo")
    parser.add_argument("--code", type=Path, default=HERE, help="the checkout whose indexer is run")
    parser.add_argument("--spare-load", type=float, help="pipeline.SPARE_LOAD (100: workers always prepare)")
    parser.add_argument("--worker-prep", action="store_true", help="every file's actors prepared in a worker, "
                        "with discovery, however small the folder or busy the machine (as the prep tests do)")
    parser.add_argument("--out", type=Path, help="write the JSON here (default: stdout)")
    return parser.parse_args(argv)


def _gmb_folder(spec: str, work: Path) -> Path:
    """The first N GMB documents as text files in `work` (all of them without :N)."""
    limit = int(spec.split(":", 1)[1]) if ":" in spec else None
    gold = json.loads((GMB / "gold.json").read_text(encoding="utf-8"))
    folder = work / "gmb"
    folder.mkdir()
    for item in gold[:limit]:
        text = (GMB / "docs" / f"{item['doc_id']}.txt").read_text(encoding="utf-8")
        (folder / f"{item['doc_id']}.txt").write_text(text, encoding="utf-8")
    return folder


def _folder(spec: str, code: Path, work: Path) -> Path:
    if spec.startswith("gmb"):
        return _gmb_folder(spec, work)
    if spec == "demo":
        return code / "resources" / "demo"
    return Path(spec).resolve()


def _article_dump(lib, summary) -> dict:
    stored = lib.store.get(summary.id)
    return {
        "id": summary.id,
        "path": Path(summary.path).name,
        "mentions": [[m.actor_id, m.start, m.end, m.text] for m in stored.mentions],
        "quotes": [[q.actor_id, q.start, q.end, q.kind, q.text] for q in stored.quotes],
    }


def _actor_dump(actor) -> list:
    return [actor.id, actor.name, actor.type, actor.role, sorted(actor.aliases), actor.discovered]


def dump(folder: Path, library: Path, spare_load: float | None, worker_prep: bool = False) -> dict:
    """Import `folder` into a new library at `library`; its actors, mentions and quotes as plain data."""
    import indexer
    from indexer import pipeline
    from indexer.library import Library

    print(f"indexer from {Path(indexer.__file__).parent}", file=sys.stderr)
    if spare_load is not None:
        pipeline.SPARE_LOAD = spare_load
    if worker_prep:
        pipeline.PARALLEL_MIN_FILES, pipeline.ACTOR_LEAD, pipeline.SPARE_LOAD = 1, -10**6, 10**6
    with Library(library) as lib:
        report = lib.add([folder])
        articles = sorted((_article_dump(lib, s) for s in lib.articles()), key=lambda a: (a["path"], a["id"]))
        actors = sorted(_actor_dump(a) for a in lib.actors_engine.all_actors())
        seen = sorted(lib.actors_engine._registry.seen)
    _print_prep_paths()
    return {"added": len(report.added), "articles": articles, "actors": actors, "seen": seen}


def _print_prep_paths() -> None:
    """Which path each article's actor analysis took (worker prep or not): varies, so not in the JSON."""
    try:
        from indexer.actors.prepare import ACTOR_PREP
    except ImportError:  # a checkout from before the worker prep
        return
    print(f"actor preparation: {ACTOR_PREP.snapshot()}", file=sys.stderr)


def _missing(spec: str, code: Path) -> str:
    """A message naming what is missing for `spec`, or "" when it can be read."""
    if spec.startswith("gmb"):
        return "" if (GMB / "gold.json").is_file() else f"No GMB corpus at {GMB}: fetch ../shared/corpus first."
    if spec == "demo":
        return "" if (code / "resources" / "demo").is_dir() else f"No demo corpus in {code}: pass --code CHECKOUT."
    return "" if Path(spec).is_dir() else f"No folder {spec}: give a folder to import, gmb[:N] or demo."


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    problem = _missing(args.corpus, args.code.resolve())
    if problem:
        print(problem, file=sys.stderr)
        return 2
    sys.path.insert(0, str(args.code.resolve()))
    with tempfile.TemporaryDirectory(prefix="actors-identity-") as tmp:
        work = Path(tmp)
        result = dump(_folder(args.corpus, args.code.resolve(), work), work / "lib", args.spare_load, args.worker_prep)
    text = json.dumps(result, ensure_ascii=False, sort_keys=True, indent=0)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"{args.corpus}: {result['added']} articles, {len(result['actors'])} actors -> {args.out}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
