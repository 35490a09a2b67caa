"""The import's index analysis without Whoosh's per-token objects (issue 19): the same postings as Whoosh's
own field.index, counted as SPEED "analysis.direct", and Whoosh's path (counted) for a field it does not mirror."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from whoosh import fields

from indexer.library import Library
from indexer.search import whoosh_engine as we
from indexer.search._whoosh_speed import SPEED

TEXTS = [
    "",
    "   \n\n ",
    "the of and a to",  # stop words only
    "U.S. and US officials met the E.U.'s envoy; Zelenskyy’s aide said “ceasefire” twice: ceasefire.",
    "Переговоры в Стамбуле: «Мы готовы», — заявил Лавров. Переговорах, переговоров, ёлка и елка.",
    "Перемовини у Києві: Умєров заявив, що сторони обмінялися полоненими; м’ясо, мʼясо, м'ясо.",
    "Café naïve façade — Zürich São Paulo; O'Brien o'clock don't example.com 3.5 2025-06-02",
    "x " * 300 + "y z " * 50,
    "\x00\x07 control \u202e bidi \ufffd replacement \U0001F600 emoji",
]


def _stock(field_name: str, value: str) -> tuple:
    return tuple(we._ANALYSIS_SCHEMA[field_name].index(value))


def test_direct_postings_are_whooshs_own_for_every_kind_of_text():
    for text in TEXTS:
        for name in ("title", "body"):
            assert we._direct_postings(we._ANALYSIS_SCHEMA[name], text) == _stock(name, text), (name, text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("abcXYZ жЁєїʼ’'.- \n,«»\"") + ["the ", "US ", "U.S. ", "Лавров ", "Переговоры "]),
                max_size=80).map("".join) | st.text(max_size=120))
def test_direct_postings_match_whoosh_on_arbitrary_text(text):
    assert we._direct_postings(we._ANALYSIS_SCHEMA["body"], text) == _stock("body", text)


def test_analyse_for_index_takes_the_direct_path_and_a_field_it_does_not_mirror_falls_back():
    analysed = we.analyse_for_index("Grain talks", "Grain talks resume in Istanbul; grain ships wait.")
    assert analysed.path == "direct"
    assert analysed.body.items == _stock("body", "Grain talks\n\nGrain talks resume in Istanbul; grain ships wait.")
    assert we._direct_postings(fields.TEXT(phrase=False), "grain talks") is None  # Frequency format
    assert we._direct_postings(fields.TEXT(), "grain talks") is None  # Whoosh's own analyzer


def test_an_import_indexes_with_direct_analysis(tmp_path, monkeypatch):
    from indexer import pipeline

    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(6):
        (folder / f"{n}.txt").write_text(f"Harbour report {n}\n\nFerry crews {n} met the harbour master on day {n}; "
                                         f"talks on pay number {n * 7} resume.\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    SPEED.reset()
    with Library(tmp_path / "lib") as lib:
        assert len(lib.add([folder]).added) == 6
        assert lib.search("ferry").total == 6
    assert SPEED.snapshot().get("analysis.direct") == 6
    assert "analysis.stock" not in SPEED.fallbacks()


def test_posting_blocks_are_written_at_the_faster_level_and_an_index_of_both_levels_reads_alike(tmp_path, monkeypatch):
    from indexer.search.engine import IndexDoc

    docs = [IndexDoc(f"d{n}", f"Harbour report {n}", "ferry crews met the harbour master; " * (n + 1) + f"day {n}",
                     f"2025-04-{n + 1:02d}", "", "Coast Wire", f"/x/d{n}.txt", f"h{n}", ()) for n in range(40)]
    ix = we.SearchIndex(tmp_path / "mixed")
    writer = ix.writer()
    assert writer._w.codec._compression == we.POSTING_COMPRESSION == 1
    for doc in docs[:20]:
        writer.add_new(doc)
    writer.commit(merge=False)
    monkeypatch.setattr(we, "POSTING_COMPRESSION", 3)  # a segment as Whoosh's default (an older version) wrote it
    with ix.writer() as writer:
        for doc in docs[20:]:
            writer.add_new(doc)
    one = we.SearchIndex(tmp_path / "one")
    with one.writer() as writer:
        for doc in docs:
            writer.add_new(doc)
    for query in ("ferry", "\"harbour master\"", "report AND day"):
        got, expected = ix.search(query, limit=50), one.search(query, limit=50)
        assert [h.id for h in got.hits] == [h.id for h in expected.hits] and got.total == expected.total == 40
    ix.close()
    one.close()
