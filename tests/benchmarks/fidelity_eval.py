"""Fidelity on real input: what the import pipeline keeps, drops, merges and attributes.

Run:  make eval   (or: python -m tests.benchmarks.fidelity_eval [--corpus DIR] [--lang en|ru,uk|all] [--json])
      make eval ARGS="--lang ru,uk"   the Cyrillic files alone; with several languages, a section per language

DIR holds `gold.json` ({"articles": {file name: gold}}, the shape of ../shared/corpus/real-news/gold.json)
and the articles, in DIR/articles/ or DIR itself. Every selected file is imported into a temporary library
through the public Library API (so this measures the real pipeline); files the import merges as duplicates
(or as fuller copies, whose text the article they repeat takes)
are imported again into fresh libraries so their own text, metadata, actors and quotes are measured too.

Figures: near-duplicate recall and false merges (gold `duplicate_of`); source lines lost (non-blank source
lines with words found in none of body, title, metadata or `Article.removed`; not for HTML pages); gold
boilerplate lines left in the body; title/date/author/outlet right where the file states them, and "invented"
where the gold is null (date: where the file does not state one, `date_in_text` false); actor recall (gold
`actors` and their `actor_variants` against the article's actors' names, aliases and mention surfaces,
case-insensitively) and junk actors (only in gold boilerplate lines, the article's own author, or a bare role
phrase); quote speakers right / wrong / missing (gold quote text matched to the library's quotes by word
overlap); language right (the article's detected language against the gold `language`, default "en").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "real-news"
QUOTE_MATCH = 0.5  # share of a gold quote's words that a library quote must hold to be "the same quote"
METADATA_LINE_WORDS = 12  # a line holding the author, outlet or date counts as metadata only when this short
_WORD = re.compile(r"\w+")
# Words a bare role phrase is made of ("Secretary of State", "Minister of State", "of Ukraine" is caught apart).
ROLE_WORDS = frozenset(
    "secretary minister state foreign defence defense deputy prime president vice chief head general envoy "
    "special spokesman spokeswoman spokesperson adviser advisor security national of the for affairs".split()
)
TARGETS = {
    "near-duplicate recall": ">= 0.95", "false merges": "0", "source lines lost": "0",
    "boilerplate lines left": "<= 5%", "actor recall": ">= 0.95", "junk actors": "0",
    "quote speakers right": ">= 0.90", "quote speakers wrong": "0", "language right": "1.0",
    **{f"{f} right": ">= 0.95, invented 0" for f in ("title", "date", "author", "outlet")},
}


class EvalError(Exception):
    """The corpus or its gold file cannot be used; the message says what to fix."""


@dataclass
class Outcome:
    """One file after import: its article (None when skipped) and what the first import decided."""

    name: str
    article: object | None = None
    merged_into: str = ""  # the file name whose article this file was merged into, "" when added
    names: dict = field(default_factory=dict)  # actor id -> set of casefolded names, aliases and surfaces
    skipped: str = ""


# -- loading -------------------------------------------------------------------------------------------
def load_gold(corpus: Path) -> tuple[dict[str, dict], Path]:
    """(gold per file name, folder holding the files); EvalError naming the file when unusable."""
    gold_path = corpus / "gold.json"
    if not gold_path.is_file():
        raise EvalError(f"No gold file {gold_path}: pass --corpus DIR, a folder with gold.json and the articles.")
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))["articles"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise EvalError(f"{gold_path} is not a gold file of the expected shape ({exc}); "
                        'it needs {"articles": {file name: {...}}}.') from exc
    folder = corpus / "articles" if (corpus / "articles").is_dir() else corpus
    missing = [name for name in gold if not (folder / name).is_file()]
    if missing:
        raise EvalError(f"{gold_path} names files missing from {folder}: {', '.join(missing[:5])}.")
    return gold, folder


def select(gold: dict[str, dict], lang: str) -> dict[str, dict]:
    """The files in `lang`: one code, several separated by commas ("ru,uk"), or "all"."""
    if lang == "all":
        return dict(gold)
    wanted = {code.strip() for code in lang.split(",") if code.strip()}
    return {name: g for name, g in gold.items() if gold_language(g) in wanted}


def gold_language(gold: dict) -> str:
    return gold.get("language") or "en"


# -- importing -----------------------------------------------------------------------------------------
def import_corpus(folder: Path, names: list[str], workdir: Path) -> dict[str, Outcome]:
    """Import the files into one library; merged files are then imported alone-per-round into fresh ones."""
    outcomes: dict[str, Outcome] = {}
    pending, round_ = list(names), 0
    while pending:
        added, merged = _import_round(folder, pending, workdir / f"library{round_}", outcomes)
        if round_ == 0:
            for name, into in merged.items():
                outcomes.setdefault(name, Outcome(name)).merged_into = into
        pending = [n for n in pending if n in merged and n not in added]
        round_ += 1
    return outcomes


def _import_round(folder, names, library_dir, outcomes) -> tuple[set[str], dict[str, str]]:
    from indexer.library import Library

    by_path = {str((folder / n).resolve()): n for n in names}
    with Library(library_dir) as lib:
        report = lib.add([folder / n for n in names])
        file_of: dict[str, str] = {}  # article id -> the file that added it
        fuller: dict[str, str] = {}  # a fuller copy (the article took its text) -> the file that added the article
        for a in report.added:
            name = _name(a.path, by_path)
            if a.id in file_of:
                fuller[name] = file_of[a.id]
                continue
            file_of[a.id] = name
        for article_id, name in file_of.items():
            outcome = outcomes.setdefault(name, Outcome(name))
            outcome.article = lib.article(article_id)
            outcome.names = _actor_names(lib, outcome.article)
        for s in report.skipped:
            outcomes.setdefault(_name(s.path, by_path), Outcome(_name(s.path, by_path))).skipped = s.reason
        merged = {_name(d.path, by_path): file_of.get(d.duplicate_of, "?") for d in report.duplicates}
    return set(file_of.values()), {**merged, **fuller}


def _name(path: str, by_path: dict[str, str]) -> str:
    return by_path.get(str(Path(path).resolve()), Path(path).name)


def _actor_names(lib, article) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for ref in article.actors:
        actor = lib.actor(ref.id)
        found = {ref.name, *(actor.aliases if actor else ()), *(article.text[s:e] for s, e in ref.mentions)}
        names[ref.id] = {n.casefold() for n in found if n}
    return names


# -- text helpers --------------------------------------------------------------------------------------
def words(text: str) -> str:
    """The text's words, casefolded, joined by single spaces, padded: substring tests match whole words."""
    return " " + " ".join(_WORD.findall((text or "").casefold())) + " "


def _contains(haystack: str, line: str) -> bool:
    needle = words(line)
    return needle.strip() != "" and needle in haystack


# -- figures -------------------------------------------------------------------------------------------
def duplicate_figures(gold: dict[str, dict], outcomes: dict[str, Outcome]) -> dict:
    group = _groups(gold)
    expected = sum(len(members) - 1 for members in _members(group).values())
    caught, missed, false = 0, [], []
    for name in gold:
        into = outcomes[name].merged_into if name in outcomes else ""
        if into and group.get(into) == group[name]:
            caught += 1
        elif into:
            false.append(f"{name} merged into {into}")
    for members in _members(group).values():
        merged = [m for m in members if outcomes.get(m) and outcomes[m].merged_into]
        if len(members) > 1 and len(merged) < len(members) - 1:
            missed.append(" + ".join(sorted(members)))
    return {"expected": expected, "caught": caught, "recall": _share(caught, expected),
            "false_merges": len(false), "false_merge_list": false, "missed_groups": missed}


def _groups(gold: dict[str, dict]) -> dict[str, str]:
    """File name -> the root of its duplicate group (following duplicate_of within the selection)."""
    def root(name: str) -> str:
        seen = set()
        while gold[name].get("duplicate_of") in gold and name not in seen:
            seen.add(name)
            name = gold[name]["duplicate_of"]
        return name
    return {name: root(name) for name in gold}


def _members(group: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, root in group.items():
        out.setdefault(root, []).append(name)
    return out


def lost_lines(source: str, article) -> list[str]:
    """Non-blank source lines (with words) found in none of body, title, metadata or removed lines."""
    body, title = words(article.text), words(article.title)
    removed = words("\n".join(r.text for r in getattr(article, "removed", ()) or ()))
    lost = []
    for line in source.splitlines():
        if not _WORD.search(line):
            continue
        if _contains(body, line) or _contains(title, line) or _contains(removed, line) or _is_metadata(line, article):
            continue
        lost.append(line.strip())
    return lost


def _is_metadata(line: str, article) -> bool:
    if len(_WORD.findall(line)) > METADATA_LINE_WORDS:
        return False
    from indexer.ingest.metadata import iso_date

    padded = words(line)
    if article.date and iso_date(line) == article.date:
        return True
    return any(value and words(value) in padded for value in (article.author, article.source))


SHORT_BOILERPLATE_WORDS = 3  # a caption "Keith Kellogg" is left only as a line of its own, not inside prose


def boilerplate_left(gold: dict, article) -> tuple[int, list[str]]:
    """Gold boilerplate lines still in the body: a short one as a whole body line, a longer one anywhere."""
    lines = [b for b in gold.get("boilerplate") or () if _WORD.search(b)]
    body = words(article.text)
    body_lines = {words(line) for line in (article.text or "").splitlines()}

    def left(b: str) -> bool:
        if len(_WORD.findall(b)) <= SHORT_BOILERPLATE_WORDS:
            return words(b) in body_lines
        return _contains(body, b)

    return len(lines), [b for b in lines if left(b)]


def with_copies_metadata(name: str, gold: dict[str, dict], outcomes: dict) -> dict:
    """The gold of a file, its unstated metadata taken from the files merged into its article: the importer
    fills an article's empty fields from its duplicates, so the article stands for the whole group."""
    own = dict(gold[name])
    copies = [gold[m] for m, o in sorted(outcomes.items()) if o.merged_into == name and m in gold]
    for copy in copies:
        for f in ("title", "date", "author", "outlet", "url"):
            if not own.get(f) and copy.get(f):
                own[f] = copy[f]
                if f == "date":
                    own["date_in_text"] = copy.get("date_in_text")
    return own


def metadata_figures(gold: dict, article) -> dict[str, str]:
    """Per field: "right", "wrong", "invented", "ok" (null gold, nothing given) or "" (not measured)."""
    out = {
        "title": _judge(gold.get("title"), article.title, _same_words, invented=_title_invented(article)),
        "author": _judge(gold.get("author"), article.author, _same_people),
        "outlet": _judge(gold.get("outlet"), article.source, _same_outlet),
    }
    if gold.get("date_in_text") and gold.get("date"):
        out["date"] = "right" if article.date == gold["date"] else "wrong"
    else:
        out["date"] = "invented" if article.date and article.date != gold.get("date") else "ok"
    return out


def _judge(want, got: str, same, invented: bool | None = None) -> str:
    if want:
        return "right" if got and same(want, got) else "wrong"
    given = bool(got) if invented is None else invented
    return "invented" if given else "ok"


def _same_words(a: str, b: str) -> bool:
    return words(a) == words(b)


def _same_people(a: str, b: str) -> bool:
    split = re.compile(r";|,| and ", re.I)
    names = lambda s: {words(p) for p in split.split(s) if p.strip()}  # noqa: E731
    return names(a) == names(b)


def _same_outlet(a: str, b: str) -> bool:
    return _outlet_key(a) == _outlet_key(b)


def _outlet_key(name: str) -> str:
    return words(name).strip().removeprefix("the ")


def _title_invented(article) -> bool:
    """A title given where the file has none, unless it is the stand-in (the body's opening or the file name)."""
    title = words(article.title.rstrip("…"))
    stem = words(Path(article.path).stem)
    return bool(title.strip()) and not words(article.text).startswith(title) and title != stem


def actor_figures(gold: dict, outcome: Outcome) -> tuple[int, list[str], list[str]]:
    """(gold actors, missed actors, junk actors with the reason)."""
    variants = gold.get("actor_variants") or {}
    found = set().union(*outcome.names.values()) if outcome.names else set()
    missed = [a for a in gold.get("actors") or () if not {n.casefold() for n in [a, *variants.get(a, ())]} & found]
    wanted = {n.casefold() for a in gold.get("actors") or () for n in [a, *variants.get(a, ())]}
    junk = [f"{ref.name} ({why})" for ref in outcome.article.actors
            if not outcome.names.get(ref.id, set()) & wanted and (why := junk_reason(gold, outcome.article, ref))]
    return len(gold.get("actors") or ()), missed, junk


def junk_reason(gold: dict, article, ref) -> str:
    """Why this actor (not one of the gold actors) is junk, "" when it is not: boilerplate, byline, role phrase."""
    key = words(ref.name).strip()
    tokens = key.split()
    if tokens and (tokens[0] == "of" or set(tokens) <= ROLE_WORDS):
        return "role phrase"
    authors = [words(p).strip() for p in re.split(r";|,| and ", gold.get("author") or "") if p.strip()]
    if key in authors:
        return "the article's author"
    boiler = [words(b) for b in gold.get("boilerplate") or () if _WORD.search(b)]
    lines = {_line_at(article.text, start) for start, _end in ref.mentions}
    if boiler and lines and all(any(words(line) in b for b in boiler) for line in lines):
        return "only in boilerplate lines"
    return ""


def _line_at(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start : end if end >= 0 else len(text)]


def quote_figures(gold: dict, outcome: Outcome) -> tuple[Counter, list[str]]:
    """Counts of right / wrong / missing speakers, and the wrong ones spelled out."""
    counts: Counter = Counter()
    wrong = []
    variants = gold.get("actor_variants") or {}
    quotes = [(Counter(_WORD.findall(q.text.casefold())), q) for q in outcome.article.quotes]
    for item in gold.get("quotes") or ():
        want = Counter(_WORD.findall(item["text"].casefold()))
        best = max(quotes, key=lambda pair: sum((pair[0] & want).values()), default=None)
        if best is None or sum((best[0] & want).values()) < QUOTE_MATCH * max(1, sum(want.values())):
            counts["missing"] += 1
            continue
        speaker = {n.casefold() for n in [item["speaker"], *variants.get(item["speaker"], ())]}
        given = outcome.names.get(best[1].actor_id, set()) if best[1].actor_id else set()
        if not best[1].actor_id:
            counts["missing"] += 1
        elif speaker & given:
            counts["right"] += 1
        elif _same_last_word(item["speaker"], given):  # "Lavrov" for "Sergey Lavrov", "Joint statement" for
            counts["right"] += 1                       # "US-Ukraine joint statement": quotes_eval's rule
            counts["right by last word"] += 1
        else:
            counts["wrong"] += 1
            wrong.append(f"{item['text'][:50]!r}: {item['speaker']} given as {_shown(best[1].actor_id, outcome)}")
    return counts, wrong


def _same_last_word(gold_speaker: str, given: set[str]) -> bool:
    """A found name ends in the gold name's last word (a surname, a document's head noun), as quotes_eval.is_right
    counts it; only for a gold name of two or more words."""
    words = _WORD.findall(gold_speaker.casefold())
    return len(words) > 1 and any(_WORD.findall(name)[-1:] == words[-1:] for name in given)


def _shown(actor_id: str, outcome: Outcome) -> str:
    for ref in outcome.article.actors:
        if ref.id == actor_id:
            return ref.name
    return actor_id


# -- the whole evaluation ------------------------------------------------------------------------------
def evaluate(corpus: Path = DEFAULT_CORPUS, lang: str = "en") -> dict:
    """Every figure as a dict; EvalError when the corpus cannot be used."""
    gold_all, folder = load_gold(Path(corpus))
    gold = select(gold_all, lang)
    if not gold:
        raise EvalError(f"No {lang} files in {corpus / 'gold.json'}; try --lang all.")
    with tempfile.TemporaryDirectory(prefix="fidelity-eval-") as tmp:
        outcomes = import_corpus(folder, sorted(gold), Path(tmp))
    result = _figures(gold, folder, outcomes)
    result = {"corpus": str(corpus), "lang": lang, **result}
    languages = sorted({gold_language(g) for g in gold.values()})
    if len(languages) > 1:
        result["by_language"] = {code: _figures(select(gold, code), folder, outcomes) for code in languages}
    return result


def _figures(gold, folder, outcomes) -> dict:
    return {"files": len(gold), "duplicates": duplicate_figures(gold, outcomes),
            "language": language_figures(gold, outcomes), **_per_file_figures(gold, folder, outcomes)}


def language_figures(gold: dict[str, dict], outcomes: dict[str, Outcome]) -> dict:
    """How many imported files got their gold language; the wrong ones as "file: gold ru, detected uk"."""
    right, wrong = 0, []
    for name, g in sorted(gold.items()):
        outcome = outcomes.get(name)
        if outcome is None or outcome.article is None:
            continue
        detected = getattr(outcome.article, "language", "")
        if detected == gold_language(g):
            right += 1
        else:
            wrong.append(f"{name}: gold {gold_language(g)}, detected {detected or 'none'}")
    total = right + len(wrong)
    return {"right": right, "total": total, "accuracy": _share(right, total), "wrong": wrong}


def _per_file_figures(gold, folder, outcomes) -> dict:
    lines = {"source": 0, "lost": 0, "files": {}}
    boiler = {"total": 0, "left": 0, "lines": {}}
    meta = {f: Counter() for f in ("title", "date", "author", "outlet")}
    meta_notes: dict[str, list[str]] = {}
    actors = {"gold": 0, "found": 0, "missed": {}, "junk": {}}
    quotes = {"counts": Counter(), "wrong": {}}
    skipped = {}
    for name, g in sorted(gold.items()):
        outcome = outcomes.get(name)
        if outcome is None or outcome.article is None:
            skipped[name] = outcome.skipped if outcome else "not imported"
            continue
        article = outcome.article
        if article.kind != "html":  # a page's source lines are markup, not text
            source = (folder / name).read_bytes().decode("utf-8", "replace")
            lines["source"] += sum(1 for line in source.splitlines() if _WORD.search(line))
            _add_list(lines, "lost", "files", name, lost_lines(source, article))
        total, left = boilerplate_left(g, article)
        boiler["total"] += total
        _add_list(boiler, "left", "lines", name, left)
        group_gold = with_copies_metadata(name, gold, outcomes)
        for f, verdict in metadata_figures(group_gold, article).items():
            meta[f][verdict] += 1
            if verdict in ("wrong", "invented"):
                meta_notes.setdefault(name, []).append(_metadata_note(f, verdict, group_gold, article))
        n_gold, missed, junk = actor_figures(g, outcome)
        actors["gold"] += n_gold
        actors["found"] += n_gold - len(missed)
        for key, values in (("missed", missed), ("junk", junk)):
            if values:
                actors[key][name] = values
        counts, wrong = quote_figures(g, outcome)
        quotes["counts"] += counts
        if wrong:
            quotes["wrong"][name] = wrong
    actors["recall"] = _share(actors["found"], actors["gold"])
    actors["junk_count"] = sum(len(v) for v in actors["junk"].values())
    boiler["share_left"] = _share(boiler["left"], boiler["total"])
    quotes["right_by_last_word"] = quotes["counts"]["right by last word"]
    quotes["counts"] = {k: quotes["counts"][k] for k in ("right", "wrong", "missing")}
    quotes["total"] = sum(quotes["counts"].values())
    return {"lines": lines, "boilerplate": boiler, "metadata": {f: dict(c) for f, c in meta.items()},
            "metadata_notes": meta_notes, "actors": actors, "quotes": quotes, "not_measured": skipped}


_FIELDS = {"title": "title", "date": "date", "author": "author", "outlet": "source"}


def _metadata_note(field_name: str, verdict: str, gold: dict, article) -> str:
    return f"{field_name} {verdict}: {getattr(article, _FIELDS[field_name])!r} (gold {gold.get(field_name)!r})"


def _add_list(bucket: dict, count_key: str, list_key: str, name: str, values: list[str]) -> None:
    bucket[count_key] += len(values)
    if values:
        bucket[list_key][name] = values


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


# -- printing ------------------------------------------------------------------------------------------
def table(result: dict) -> str:
    d, ln, bp, ac, qu = (result[k] for k in ("duplicates", "lines", "boilerplate", "actors", "quotes"))
    q = qu["counts"]
    rows = [
        ("near-duplicate recall", f"{d['caught']}/{d['expected']} = {_pct(d['recall'])}"),
        ("false merges", str(d["false_merges"])),
        ("source lines lost", f"{ln['lost']} of {ln['source']} lines, in {len(ln['files'])} files"),
        ("boilerplate lines left", f"{bp['left']}/{bp['total']} = {_pct(bp['share_left'])}"),
    ]
    for f, c in result["metadata"].items():
        stated = c.get("right", 0) + c.get("wrong", 0)
        rows.append((f"{f} right / invented", f"{c.get('right', 0)}/{stated} = "
                     f"{_pct(_share(c.get('right', 0), stated))}; invented {c.get('invented', 0)}"))
    rows += [
        ("actor recall", f"{ac['found']}/{ac['gold']} = {_pct(ac['recall'])}"),
        ("junk actors", str(ac["junk_count"])),
        ("quote speakers right", f"{q['right']}/{qu['total']} = {_pct(_share(q['right'], qu['total']))}"),
        ("quote speakers wrong", str(q["wrong"])),
        ("  right by last word", str(qu.get("right_by_last_word", 0))),
        ("quote speakers missing", str(q["missing"])),
        ("language right", _ratio(result["language"]["right"], result["language"]["total"])),
    ]
    width = max(len(r[0]) for r in rows)
    head = f"Fidelity on {result['files']} files ({result['lang']}) of {result['corpus']}"
    body = [f"{label:<{width}}  {value:<40} {TARGETS.get(label.split(' /')[0], '')}" for label, value in rows]
    return "\n".join([head, "", *body, "", *_by_language(result), *_details(result)])


def _by_language(result: dict) -> list[str]:
    """One block per language when several are measured: the figures that differ by script."""
    out = []
    for code, r in (result.get("by_language") or {}).items():
        d, ac, q = r["duplicates"], r["actors"], r["quotes"]
        out += [
            f"{code} ({r['files']} files):",
            f"  language right {_ratio(r['language']['right'], r['language']['total'])}; "
            f"near-duplicates {_ratio(d['caught'], d['expected'])}, false merges {d['false_merges']}",
            f"  actor recall {_ratio(ac['found'], ac['gold'])}, junk actors {ac['junk_count']}; "
            f"quote speakers right {_ratio(q['counts']['right'], q['total'])}, wrong {q['counts']['wrong']}, "
            f"missing {q['counts']['missing']}",
            f"  boilerplate lines left {_ratio(r['boilerplate']['left'], r['boilerplate']['total'])}; "
            f"source lines lost {r['lines']['lost']} of {r['lines']['source']}",
        ]
    return out + [""] if out else []


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {_pct(_share(part, whole))}"


def _details(result: dict) -> list[str]:
    out = []
    sections = [
        ("missed duplicate groups", {"": result["duplicates"]["missed_groups"]}),
        ("language wrong", {"": result["language"]["wrong"]}),
        ("false merges", {"": result["duplicates"]["false_merge_list"]}),
        ("lines lost", result["lines"]["files"]),
        ("boilerplate left", result["boilerplate"]["lines"]),
        ("metadata wrong or invented", result.get("metadata_notes", {})),
        ("junk actors", result["actors"]["junk"]),
        ("actors missed", result["actors"]["missed"]),
        ("wrong speakers", result["quotes"]["wrong"]),
        ("not measured", {k: [v] for k, v in result["not_measured"].items()}),
    ]
    for title, per_file in sections:
        items = [(name, v) for name, values in per_file.items() for v in values]
        if items:
            out.append(f"{title}:")
            out += [f"  {name + ': ' if name else ''}{v[:110]}" for name, v in items]
    return out


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder with gold.json and the articles")
    parser.add_argument("--lang", default="en",
                        help="language code(s) of the files to measure: en, ru,uk (comma-separated) or all "
                             "(default en)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON document")
    args = parser.parse_args(argv)
    try:
        result = evaluate(args.corpus, args.lang)
    except EvalError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
