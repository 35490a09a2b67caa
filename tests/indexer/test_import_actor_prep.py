"""The stateless half of actor analysis runs in the import's worker processes (issue 19): a parallel import
stores exactly what a serial one does, and a prep that no longer fits is never used.

The articles are the bundled demo corpus (written for the project: English, Russian, Ukrainian, a copy, a
rewrapped copy and a paraphrase) and a few more invented here, in which a discovered person and a discovered
organisation recur, so the registry grows between articles while the workers prepare them.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import shutil
from dataclasses import replace

import pytest

from indexer import pipeline
from indexer.actors import ActorEngine
from indexer.actors.prepare import ACTOR_PREP, worker_prep
from indexer.library import Library
from indexer.paths import resource
from indexer.store import StoredArticle

HARBOUR = """Harbour board delays the dredging vote

Councillor Tamsin Oakridge told the Port Wardens Guild on Monday that the dredging plan needed another survey.

"We will not sign a contract that the survey cannot support," Oakridge said after the meeting.

The Port Wardens Guild said it would publish its own figures next week.
"""

HARBOUR_LATER = """Dredging survey finds silt levels higher than expected

The survey ordered by Councillor Tamsin Oakridge found more silt in the outer channel than the plan assumed.

Oakridge said the Port Wardens Guild had been right to ask for it. "The numbers change the cost," she said.

Members of the Port Wardens Guild met again on Thursday, and Oakridge thanked them for their patience.
"""

HARBOUR_RU = """Портовый совет отложил голосование о дноуглублении

Глава совета Тамара Дубравина заявила, что план требует нового обследования.

«Мы не подпишем контракт, который не подтверждает обследование», — сказала Дубравина журналистам в среду.

Министр иностранных дел России Сергей Лавров в тот же день обсуждал в Анкаре вопросы судоходства.
"""

HARBOUR_UK = """Портова рада відклала голосування щодо поглиблення дна

Голова ради Тамара Дубравіна заявила, що план потребує нового обстеження.

«Ми не підпишемо контракт, який не підтверджує обстеження», — сказала Дубравіна журналістам у середу.

Президент України Володимир Зеленський у той же день говорив про безпеку судноплавства.
"""

INVENTED = {"h1-harbour.txt": HARBOUR, "h2-harbour-later.txt": HARBOUR_LATER, "h3-harbour-ru.txt": HARBOUR_RU,
            "h4-harbour-uk.txt": HARBOUR_UK, "h5-harbour-copy.txt": HARBOUR}
QUERIES = ("ceasefire", "Oakridge", "\"Port Wardens Guild\"", "Лавров", "Зеленський", "Witkoff", "prisoners OR grain",
           "lang:ru обследование")


@pytest.fixture
def mixed_folder(tmp_path):
    folder = tmp_path / "mixed"
    shutil.copytree(resource("demo"), folder, ignore=shutil.ignore_patterns("README.md"))
    for name, text in INVENTED.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _import(location, folder):
    with Library(location) as lib:
        report = lib.add([folder])
        articles = {}
        for stored in lib.store.iter_all():
            assert isinstance(stored, StoredArticle)
            articles[stored.article.id] = (replace(stored.article, imported=""), stored.mentions, stored.quotes)
        searches = {q: [(h.id, round(h.score, 6), h.snippets) for h in lib.search(q, limit=50).hits] for q in QUERIES}
        actors = sorted((a.id, a.name, a.type, a.aliases, a.discovered) for a in lib.actors_engine.all_actors())
        quotes = sorted((q.article_id, q.start, q.end, q.actor_id) for q in lib.quotes())
    outcome = ([(a.id, a.path) for a in report.added], [(d.path, d.duplicate_of, d.similarity) for d in report.duplicates])
    registry = json.loads((location / "actors" / "discovered.json").read_text(encoding="utf-8"))
    return outcome, articles, searches, actors, quotes, registry


@pytest.mark.parametrize("with_discovery", [True, False])
def test_parallel_import_with_worker_actor_prep_stores_what_a_serial_import_does(tmp_path, mixed_folder,
                                                                                 monkeypatch, with_discovery):
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 10**6)
    serial = _import(tmp_path / "serial", mixed_folder)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(pipeline, "ACTOR_LEAD", -10**6)  # every file's actors prepared in a worker,
    monkeypatch.setattr(pipeline, "DISCOVER_LEADS", 4 if with_discovery else -10**6)  # with discovery or not,
    monkeypatch.setattr(pipeline, "SPARE_LOAD", 10**6)  # however busy the machine running the tests
    ACTOR_PREP.reset()
    parallel = _import(tmp_path / "parallel", mixed_folder)
    counts = ACTOR_PREP.snapshot()
    added = len(serial[0][0])
    assert added >= 20 and serial[0][1], "the folder holds articles and duplicates"
    assert parallel[0] == serial[0]
    assert parallel[1] == serial[1]  # every stored article, its mentions and its quotes
    assert parallel[2] == serial[2]  # search hits, scores and snippets
    assert parallel[3:] == serial[3:]  # actors, quotes, the discovered-actor registry
    assert counts.get("prep.worker") == added
    if with_discovery:
        assert counts.get("discover.worker") == added
        assert counts.get("run.changed", 0) >= 1  # the registry grew while the worker prepared: rechecked
    else:
        assert counts.get("discover.library") == added
    assert not ACTOR_PREP.fallbacks()


def test_a_prep_made_before_the_registry_grew_gives_the_same_result():
    writer, fresh, worker = ActorEngine(None), ActorEngine(None), ActorEngine(None)
    writer.analyse(HARBOUR, "a1")
    fresh.analyse(HARBOUR, "a1")
    prep = worker.prepare(HARBOUR_LATER)  # the worker never saw the first article
    ACTOR_PREP.reset()
    with_prep = writer.analyse(HARBOUR_LATER, "a2", prep=prep)
    assert with_prep == fresh.analyse(HARBOUR_LATER, "a2")
    assert any(m.text == "Oakridge" and m.actor_id.startswith("d-") for m in with_prep[0])
    assert ACTOR_PREP.snapshot().get("run.changed", 0) >= 1


def test_a_prep_from_other_gazetteer_files_or_another_text_is_not_used():
    engine = ActorEngine(None)
    prep = engine.prepare(HARBOUR)
    expected = ActorEngine(None).analyse(HARBOUR, "a1")
    ACTOR_PREP.reset()
    assert ActorEngine(None).analyse(HARBOUR, "a1", prep=replace(prep, signature=(("other.json", 1, 2),))) == expected
    assert ActorEngine(None).analyse(HARBOUR, "a1", prep=engine.prepare(HARBOUR_LATER)) == expected
    assert ActorEngine(None).analyse(HARBOUR, "a1", prep=prep) == expected
    assert ACTOR_PREP.snapshot() == {"prep.stale": 2, "prep.worker": 1, "discover.worker": 1,
                                     "run.worker": ACTOR_PREP.snapshot()["run.worker"]}
    assert ACTOR_PREP.snapshot()["run.worker"] >= 3
    assert ACTOR_PREP.fallbacks() == {"prep.stale": 2}


def test_a_prep_with_other_covered_spans_is_recomputed(tmp_path):
    """The analyst's own alias (curation) covers a span the worker's engine did not know: discovery again."""
    (tmp_path / "actors").mkdir()
    worker = ActorEngine(tmp_path / "actors")
    writer = ActorEngine(tmp_path / "actors")
    writer.add_alias("marco-rubio", "Port Wardens Guild")
    prep = worker.prepare(HARBOUR)
    ACTOR_PREP.reset()
    mentions, _ = writer.analyse(HARBOUR, "a1", prep=prep)
    assert ACTOR_PREP.snapshot().get("discover.covered") == 1
    assert (mentions, _) == writer.analyse(HARBOUR, "a1")
    assert "marco-rubio" in {m.actor_id for m in mentions}


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\x00\x01 binary-ish \ufffd", "«» — „“ \"\"", "A" * 5000])
def test_bad_or_empty_text_prepares_safely(tmp_path, text):
    prep = worker_prep(text, str(tmp_path / "no-such-library" / "actors"))
    engine = ActorEngine(None)
    assert engine.analyse(text, "x", prep=prep) == ActorEngine(None).analyse(text, "x")
    if not text.strip():
        assert prep is None


def test_a_worker_takes_on_actor_work_only_while_it_is_ahead_of_the_library_process(monkeypatch):
    taken = multiprocessing.get_context("spawn").Value("q", 0, lock=False)
    monkeypatch.setattr(pipeline, "_taken", taken)
    monkeypatch.setattr(pipeline.os, "getloadavg", lambda: (1.0, 1.0, 1.0))
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 2)
    assert [pipeline._depth(n, 16, 4) for n in (10, 16, 63, 64, 200)] == [0, 1, 1, 2, 2]
    taken.value = 50
    assert [pipeline._depth(n, 16, 4) for n in (60, 66, 114)] == [0, 1, 2]
    monkeypatch.setattr(pipeline.os, "getloadavg", lambda: (6.0, 5.0, 4.0))  # a busy machine: none
    assert [pipeline._depth(n, 16, 4) for n in (60, 66, 114, 10**6)] == [0, 0, 0, 0]
    assert pipeline._depth(10**6, 16, 4, spare=10.0) == 2

    def no_load_average():
        raise OSError("no load average")

    monkeypatch.setattr(pipeline.os, "getloadavg", no_load_average)
    assert pipeline._depth(114, 16, 4) == 2
    monkeypatch.setattr(pipeline, "_taken", None)  # not in a worker: everything
    assert pipeline._depth(0, 16, 4) == 2


def test_a_prep_without_discovery_leaves_it_to_the_library_process():
    worker, writer = ActorEngine(None), ActorEngine(None)
    prep = worker.prepare(HARBOUR_LATER, discover=False)
    assert prep.classified is None and prep.covered is None
    ACTOR_PREP.reset()
    assert writer.analyse(HARBOUR_LATER, "a2", prep=prep) == ActorEngine(None).analyse(HARBOUR_LATER, "a2")
    assert ACTOR_PREP.snapshot() == {"prep.worker": 1, "discover.library": 1} and not ACTOR_PREP.fallbacks()


def test_the_benchmark_reports_the_actor_paths_of_an_import(tmp_path, monkeypatch):
    from tests.benchmarks import worker

    folder = tmp_path / "harbour"
    folder.mkdir()
    for name, text in INVENTED.items():
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(pipeline, "ACTOR_LEAD", -10**6)
    monkeypatch.setattr(pipeline, "SPARE_LOAD", 10**6)
    ACTOR_PREP.reset()
    result = worker.run_import(tmp_path / "lib", folder)
    assert result["speed_paths"].get("actors.prep.worker") == result["added"] == 4
    assert not any(key.startswith("actors.") for key in result["speed_fallbacks"])


def test_a_prep_carries_the_quoted_passages_and_may_be_used_twice():
    from indexer.actors.quotes import quote_spans

    prep = ActorEngine(None).prepare(HARBOUR)
    assert prep.quote_spans == quote_spans(HARBOUR) and len(prep.quote_spans) == 1
    expected = ActorEngine(None).analyse(HARBOUR, "a1")
    assert any(q.actor_id for q in expected[1]), "the quote has a speaker"
    assert ActorEngine(None).analyse(HARBOUR, "a1", prep=prep) == expected
    assert ActorEngine(None).analyse(HARBOUR, "a1", prep=prep) == expected  # nothing of it was changed
    assert ActorEngine(None).analyse(HARBOUR, "a1", prep=replace(prep, quote_spans=None)) == expected


def test_quote_spans_of_bad_text_are_empty_or_whole():
    from indexer.actors.quotes import quote_spans

    assert quote_spans("") == () and quote_spans("«» — „“ \"\"") == ()
    text = "He said: “one two three” and left."
    ((start, end, close, _chain),) = quote_spans(text)
    assert text[start:end] == "one two three" and text[close] == "”"


def test_discovery_in_the_library_process_uses_the_skipped_zones_of_the_prep(monkeypatch):
    discover = importlib.import_module("indexer.actors.discover")  # the module (the package exports a function)

    text = HARBOUR_LATER + "\nPhoto: Ann Lee/Reuters\nBy Tom Hale\n"
    prep = ActorEngine(None).prepare(text, discover=False)
    assert prep.zones == discover.skipped_zones(text, prep.credits) and prep.zones
    expected = ActorEngine(None).analyse(text, "a2")

    def not_again(*_args, **_kwargs):
        raise AssertionError("skipped zones made again in the library process")

    monkeypatch.setattr(discover, "skipped_zones", not_again)
    assert ActorEngine(None).analyse(text, "a2", prep=prep) == expected


def test_each_examined_run_of_a_prep_is_counted_once():
    writer = ActorEngine(None)
    writer.analyse(HARBOUR, "a1")  # the registry grows: some runs of the next article are classified again
    prep = ActorEngine(None).prepare(HARBOUR_LATER)
    ACTOR_PREP.reset()
    writer.analyse(HARBOUR_LATER, "a2", prep=prep)
    counts = ACTOR_PREP.snapshot()
    assert counts["run.worker"] + counts["run.changed"] == len(prep.classified)
    assert counts["run.changed"] >= 1 and counts["discover.worker"] == 1
