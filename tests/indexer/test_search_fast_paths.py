"""The search side's fast paths of issue 19 (BBC p95): each one is taken on the searches it is meant for (a
fallback fails here, never silently), and gives what its slow path gives: the same spans, snippets, hits,
scores and totals."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from indexer import snippets as snippets_module
from indexer.library import Library
from indexer.model import Snippet
from indexer.search import analysis
from indexer.search.analysis import HIGHLIGHT_PATHS, highlight_spans, term_spans


@pytest.fixture(autouse=True)
def _fresh_highlight_counts():
    """The slow paths forced here are counted as fallbacks: they must not reach another module's tests."""
    yield
    analysis._candidates.cache_clear()
    HIGHLIGHT_PATHS.reset()


@pytest.fixture
def lookahead_only(monkeypatch):
    """Highlight candidates found only by the lookahead pattern (the slow path)."""
    monkeypatch.setattr(analysis, "_scanning_candidates", lambda prefixes: None)
    analysis._candidates.cache_clear()
    yield
    analysis._candidates.cache_clear()


@pytest.fixture
def fresh_candidates():
    analysis._candidates.cache_clear()
    HIGHLIGHT_PATHS.reset()
    yield
    analysis._candidates.cache_clear()


# -- highlight candidates by a first-letter class --------------------------------------------------------
def test_the_case_partners_are_every_character_ignorecase_matches_to_an_ascii_or_cyrillic_one():
    """Only a cased character (or the letter itself) can match a letter under IGNORECASE; so every cased
    character of Unicode is tried against every ASCII and Cyrillic character."""
    cased = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and chr(c).lower() != chr(c).upper()]
    letters = [chr(c) for c in [*range(0x21, 0x7F), *range(0x400, 0x500)] if chr(c) != "'"]
    for ch in letters:
        assert analysis._partners_known(ch)
        matches = re.compile(re.escape(ch), re.IGNORECASE).fullmatch
        expected = {c for c in [*cased, *letters] if matches(c)}
        assert set(analysis._ignorecase_partners(ch)) == expected, ch
    assert set(analysis._ignorecase_partners("'")) == set("'’ʼ")  # as _surface_prefix reads an apostrophe
    assert not analysis._partners_known("ε")


def test_english_terms_find_their_candidates_on_the_fast_path(fresh_candidates):
    text = "The Chancellor's budget: chancellors, CHANCELLOR and the N.A.T.O. summit, said Ms Ivanova."
    assert [text[a:b] for a, b in term_spans(text, frozenset({"chancellor", "nato"}))] == [
        "Chancellor's", "chancellors", "CHANCELLOR", "N.A.T.O."]
    assert HIGHLIGHT_PATHS.snapshot() == {"candidates.scan": 1}
    assert HIGHLIGHT_PATHS.fallbacks() == {}


def test_a_cyrillic_term_finds_its_candidates_on_the_fast_path(fresh_candidates):
    text = "Переговоры в Стамбуле: переговорах не было, ПЕРЕГОВОРЫ."
    assert [text[a:b] for a, b in term_spans(text, frozenset({"переговор"}))] == [
        "Переговоры", "переговорах", "ПЕРЕГОВОРЫ"]
    assert HIGHLIGHT_PATHS.snapshot() == {"candidates.scan": 1}


def test_a_term_of_another_script_takes_the_lookahead_pattern_its_only_way(fresh_candidates):
    text = "NATO and Ειρήνη: ειρήνη, said Nato."
    fast = term_spans(text, frozenset({"nato", "ειρήνη"}))
    assert [text[a:b] for a, b in fast] == ["NATO", "Ειρήνη", "ειρήνη", "Nato"]
    assert HIGHLIGHT_PATHS.snapshot() == {"candidates.scan": 1, "candidates.other_letters": 1}
    assert HIGHLIGHT_PATHS.fallbacks() == {}


def test_english_terms_that_cannot_be_scanned_are_a_fallback(fresh_candidates, monkeypatch):
    monkeypatch.setattr(analysis, "_scanning_candidates", lambda prefixes: None)
    text = "The chancellor's budget."
    assert [text[a:b] for a, b in term_spans(text, frozenset({"chancellor"}))] == ["chancellor's"]
    assert HIGHLIGHT_PATHS.fallbacks() == {"candidates.lookahead": 1}


# Texts of the characters that make the two patterns differ if anything does: cases and their Unicode
# partners (İ ı ſ K ᲀ), dots of initialisms, every apostrophe, digits, a £, an accented and Cyrillic letters.
_TEXT = st.text(st.sampled_from("aAiIİıkKKsSſnNtT.'’ʼ_5£é -\nвВᲀпП"), max_size=80)
_TERM = st.text(st.sampled_from("aiknst5_'.вп"), min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, terms=st.frozensets(_TERM, min_size=1, max_size=3))
def test_scanning_candidates_are_the_lookahead_ones(text, terms):
    prefixes = sorted({analysis._term_prefix(t) for t in terms}, key=len, reverse=True)
    lookahead = re.compile(analysis._first_letters(terms) + analysis._TOKEN_START + "(?="
                           + "|".join(map(analysis._surface_prefix, prefixes)) + ")(?:" + analysis._TOKEN_PATTERN + ")",
                           re.IGNORECASE)
    scanning = analysis._scanning_candidates(prefixes)
    assert scanning is not None
    assert [m.span() for m in scanning.finditer(text)] == [m.span() for m in lookahead.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from("aAnNtTпПεΕ.'’ʼ_5 -\n"), max_size=80),
       terms=st.frozensets(st.text(st.sampled_from("antпε'._5"), min_size=0, max_size=4), min_size=1, max_size=4))
def test_candidates_of_mixed_scripts_merged_are_the_lookahead_ones(text, terms):
    """Terms split by first letter (scanned, or by the lookahead pattern) give the one pattern's tokens."""
    prefixes = sorted({analysis._term_prefix(t) for t in terms}, key=len, reverse=True)
    lookahead = re.compile(analysis._first_letters(terms) + analysis._TOKEN_START + "(?="
                           + "|".join(map(analysis._surface_prefix, prefixes)) + ")(?:" + analysis._TOKEN_PATTERN + ")",
                           re.IGNORECASE)
    assert [m.span() for m in analysis._candidate_matches(terms, text)] == [m.span() for m in lookahead.finditer(text)]


_ARTICLE = ("Chancellor Smith told the BBC: “Interest rates rose.” N.A.T.O. allies met; the chancellors’ "
            "talks on rates went on.\n\nIn Élysée talks, KIev's envoy said: rates, rates and interest. "
            "Переговоры о НАТО; Ειρήνη.")


@pytest.mark.parametrize("terms, phrases", [
    ({"chancellor", "rate"}, ()),
    ({"nato", "kiev", "elyse"}, ()),
    ({"nato", "нат", "переговор", "ειρήνη"}, ()),
    (set(), [("interest", "rate"), ("told", "bbc")]),
    ({"smith"}, [("chancellor", "smith")]),
])
def test_highlights_are_those_of_the_lookahead_path(terms, phrases, monkeypatch):
    fast = highlight_spans(_ARTICLE, frozenset(terms), phrases)
    monkeypatch.setattr(analysis, "_scanning_candidates", lambda prefixes: None)
    analysis._candidates.cache_clear()
    try:
        assert highlight_spans(_ARTICLE, frozenset(terms), phrases) == fast
    finally:
        analysis._candidates.cache_clear()
    assert fast


def test_letters_outside_ascii_are_found_by_the_skipping_class():
    text = "Talks at the Élysée (l'Élysée), £5 and “quotes” — then Kyiv’s envoy, Зеленский."
    assert [text[a:b] for a, b in analysis._non_ascii_tokens(text)] == ["Élysée", "l'Élysée", "Зеленский"]


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("aé£’ —\n.Зx_1"), max_size=60))
def test_non_ascii_letters_are_those_of_the_word_class(text):
    assert [m.span() for m in analysis._NON_ASCII_LETTER.finditer(text)] == [
        m.span() for m in re.finditer(r"[^\W\x00-\x7f]", text)]


# -- snippet windows -------------------------------------------------------------------------------------
def _reference_snippets(text, spans, max_snippets=3, width=220):
    """make_snippets as it was before its fast path (translate table, rstrip per window): the oracle."""
    spans = [(s, e) for s, e in snippets_module.merge_spans(spans) if 0 <= s < e <= len(text)]
    if not spans:
        return (_reference_window(text, 0, min(len(text), width), []),) if text.strip() else ()
    windows = snippets_module._group(spans, width)
    best = sorted(windows, key=lambda w: (-len(w[2]), w[0]))[:max_snippets]
    best.sort(key=lambda w: w[0])
    return tuple(_reference_window(text, start, end, group) for start, end, group in best)


def _reference_window(text, start, end, group):
    end = min(len(text), end)
    first = group[0][0] if group else start
    last = group[-1][1] if group else end
    start = snippets_module._word_start(text, start, first)
    end = snippets_module._word_end(text, end, last)
    body = text[start:end].translate(str.maketrans({c: " " for c in "\n\r\t\f\v"}))
    lead = len(body) - len(body.lstrip())
    body = body.strip()
    start += lead
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + len(body) < len(text.rstrip()) else ""
    return Snippet(text=prefix + body + suffix, highlights=tuple((s + len(prefix) - start, e + len(prefix) - start)
                                                                 for s, e in group))


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from("ab \n\t\r\f\v\u2028\x85."), max_size=300),
       spans=st.lists(st.tuples(st.integers(-5, 310), st.integers(0, 320)), max_size=8),
       width=st.integers(5, 80))
def test_snippets_are_those_of_the_reference(text, spans, width):
    assert snippets_module.make_snippets(text, spans, width=width) == _reference_snippets(text, spans, width=width)


# -- whole searches: the fast paths against the slow ones ------------------------------------------------
_STORIES = {
    "budget.txt": "Chancellor sets budget\n\nThe chancellor told the BBC interest rates would stay. "
                  "N.A.T.O. allies said the budget was sound; he said rates matter.",
    "talks.txt": "Élysée talks resume\n\nEnvoys met at the Élysée; Kyiv’s delegation said interest in the "
                 "talks was high. Last year the talks stalled, he said.",
    "rates.txt": "Rates on hold\n\nInterest rates held at 4%. The bank's chief executive said rates could fall "
                 "next year; last year they rose twice.",
}
_QUERIES = ['chancellor', 'interest rates', '"interest rates"', '"he said"', 'élysée OR nato', '"last year"']


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stories")
    for name, text in _STORIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    lib = Library(tmp_path_factory.mktemp("lib") / "library")
    assert len(lib.add([folder]).added) == len(_STORIES)
    yield lib
    lib.close()


def _answers(lib):
    out = []
    for query in _QUERIES:
        result = lib.search(query, limit=10)
        out.append((query, result.total, [(h.id, h.score, h.snippets) for h in result.hits]))
    return out


def test_searches_on_the_fast_paths_equal_the_slow_ones(library, monkeypatch):
    analysis._candidates.cache_clear()
    HIGHLIGHT_PATHS.reset()
    fast = _answers(library)
    assert HIGHLIGHT_PATHS.fallbacks() == {} and HIGHLIGHT_PATHS.snapshot().get("candidates.scan", 0) >= 1
    assert all(total for _query, total, _hits in fast)
    assert any(s.highlights for _q, _t, hits in fast for _id, _score, snips in hits for s in snips)
    monkeypatch.setattr(analysis, "_scanning_candidates", lambda prefixes: None)
    analysis._candidates.cache_clear()
    try:
        assert _answers(library) == fast
    finally:
        analysis._candidates.cache_clear()


# -- posting lists read whole, and the best hits picked by a threshold ----------------------------------
from indexer.search import _whoosh_speed as speed  # noqa: E402
from indexer.search._whoosh_speed import SPEED  # noqa: E402
from indexer.search.engine import IndexDoc  # noqa: E402
from indexer.search.whoosh_engine import SearchIndex  # noqa: E402

_WORDS = ["harbour", "ferry", "crews", "storm", "pay", "talks", "union", "port", "coast", "road"]


@pytest.fixture(scope="module")
def many_blocks_index(tmp_path_factory):
    """Posting lists of several blocks (Whoosh writes 128 postings a block), in two segments, with deletions."""
    import random

    rng = random.Random(5)
    ix = SearchIndex(tmp_path_factory.mktemp("blocks") / "index")
    for segment in range(2):
        with ix.writer() as writer:
            for n in range(700):  # a common word in more than 510 of them: a long list (bm25.table)
                words = " ".join(rng.choices(_WORDS, k=rng.choice([3, 20, 90, 90])))
                writer.add_new(IndexDoc(f"s{segment}d{n}", "Wire", words, "2025-05-01", "", "Wire", f"/x/{n}", "", ()))
    with ix.writer() as writer:
        for n in range(0, 700, 7):
            writer.delete(f"s1d{n}")
    yield ix
    ix.close()


def _leaf(matcher):
    """The posting list's own matcher, without the filter of a segment's deleted documents."""
    return getattr(matcher, "child", matcher)


def _stock_blocks(leaf):
    """(ids, weights, values) of each block, read by Whoosh's own methods."""
    out = []
    while leaf.is_active():
        out.append(_rest_of_block(leaf, leaf._i))
        leaf._next_block()
    return out


def _in_memory_blocks(leaf):
    return [_rest_of_block(leaf, start) for start in speed._blocks(leaf)]


def _rest_of_block(leaf, start):
    """The block's (ids, weights, values) from `start` (a filter of deleted documents may have moved past some)."""
    leaf._read_ids()
    leaf._read_weights()
    leaf._read_values()
    return list(leaf._ids[start:]), list(leaf._weights[start:]), list(leaf._values[start:])


def test_posting_lists_read_whole_give_whooshs_blocks(many_blocks_index):
    with many_blocks_index._ix.reader() as reader:
        for sub, _offset in reader.leaf_readers():
            for word in _WORDS + ["s0d7"]:
                field = "id" if word.startswith("s") else "body"
                if (field, word) not in sub:
                    continue
                SPEED.reset()
                ours = _in_memory_blocks(_leaf(sub.postings(field, word)))
                assert ours == _stock_blocks(_leaf(sub.postings(field, word)))
                reads = {key: n for key, n in SPEED.snapshot().items() if key.startswith("read.")}
                assert reads in ({"read.whole": 1}, {})  # {}: a short list kept with its term
                assert SPEED.fallbacks() == {}  # its blocks decoded on the fast path too (decode.bytes)
            assert len(_in_memory_blocks(_leaf(sub.postings("body", "harbour")))) > 2


@pytest.mark.parametrize("query", ["harbour", "harbour ferry", "storm OR union", '"pay talks"', "port -coast"])
def test_searches_read_whole_posting_lists_with_whooshs_answer(many_blocks_index, query, monkeypatch):
    SPEED.reset()
    ours = many_blocks_index.search(query, limit=25)
    assert SPEED.snapshot().get("read.whole", 0) >= 1 and SPEED.fallbacks() == {}
    monkeypatch.setattr(speed._InMemoryBlocks, "of", classmethod(lambda cls, leaf: None))
    slow = many_blocks_index.search(query, limit=25)
    assert ours == slow and ours.total > 25
    monkeypatch.setattr(speed, "_bulk_search", lambda searcher, q: None)  # Whoosh's collector
    assert [(h.id, h.score) for h in many_blocks_index.search(query, limit=25).hits] == [
        (h.id, h.score) for h in ours.hits]


def test_a_long_posting_list_is_scored_from_a_table_of_lengths(many_blocks_index, monkeypatch):
    SPEED.reset()
    ours = many_blocks_index.search("harbour", limit=60)
    assert SPEED.snapshot().get("bm25.table", 0) >= 1 and SPEED.fallbacks() == {}
    monkeypatch.setattr(speed, "_stored_lengths", lambda: range(10**9))  # every list "short": no table
    assert many_blocks_index.search("harbour", limit=60) == ours
    monkeypatch.setattr(speed, "_bulk_search", lambda searcher, q: None)  # Whoosh's collector
    assert [(h.id, h.score) for h in many_blocks_index.search("harbour", limit=60).hits] == [
        (h.id, h.score) for h in ours.hits]


def test_a_leaf_of_another_layout_reads_block_by_block_and_says_so(many_blocks_index, monkeypatch):
    monkeypatch.setattr(speed._InMemoryBlocks, "_LAYOUT", speed._InMemoryBlocks._LAYOUT + ("_no_such_attribute",))
    SPEED.reset()
    assert many_blocks_index.search("harbour").total > 0
    assert SPEED.fallbacks() == {"read.blocks": SPEED.snapshot()["read.blocks"]}


@settings(max_examples=300, deadline=None)
@given(scores=st.dictionaries(st.integers(0, 500), st.sampled_from([0.5, 1.0, 1.25, 2.0, -0.5, 3.75]), max_size=60),
       limit=st.integers(1, 30))
def test_the_best_hits_are_heapqs(scores, limit):
    import heapq

    assert speed._best(scores, limit) == heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))


# -- adjacent words found from the position deltas ------------------------------------------------------
_POSITIONS = st.lists(st.integers(0, 60), min_size=1, max_size=12, unique=True).map(sorted)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_POSITIONS, min_size=1, max_size=6), min_size=2, max_size=4))
def test_adjacent_documents_from_deltas_are_those_from_positions(terms_positions):
    """Each term's positions in documents 0..n-1: the documents where the terms stand side by side are the
    same whether found from the deltas (the fast path) or from decoded position lists (the general one)."""
    from whoosh.formats import Positions

    docs = list(range(min(len(p) for p in terms_positions)))
    fmt = Positions()
    postings = [{doc: (1.0, fmt.encode(positions[doc])) for doc in docs} for positions in terms_positions]
    SPEED.reset()
    fast = speed._adjacent_docs(postings, docs, fmt, chunk=3)
    assert SPEED.snapshot().get("positions.batch", 0) >= 1 and SPEED.fallbacks() == {}
    assert fast == speed._adjacent_docs_decoded(postings, docs, speed._positions_decoder(fmt), chunk=3)
    assert fast == [doc for doc in docs if any(all(p + k in terms_positions[k][doc] for k in range(1, len(postings)))
                                               for p in terms_positions[0][doc])]


# -- term lookups remembered by each segment ------------------------------------------------------------
def _term_lookup_searches(ix):
    searches = [ix.search(q, limit=30) for q in ("harbour", '"pay talks"', "storm OR union", "zzzabsent", "harb*",
                                                 "po* OR coa*")]
    searches += [ix.search("harbour", date_from=a, date_to=b, limit=30)
                 for a, b in (("2025-04-01", "2025-05-31"), ("2025-05-02", ""), ("", "2025-04-30"))]
    return [(r.total, r.hits, r.terms) for r in searches]


def test_a_new_searcher_remembers_its_term_lookups_with_the_same_answers(many_blocks_index, monkeypatch):
    many_blocks_index.forget_searchers()
    SPEED.reset()
    ours = _term_lookup_searches(many_blocks_index)
    assert SPEED.snapshot().get("terms.cached", 0) == 2  # two segments
    assert not [key for key in SPEED.fallbacks() if key.startswith("terms.")]
    assert _term_lookup_searches(many_blocks_index) == ours  # remembered lookups
    assert ours[0][0] > 0 and ours[4][0] > 0 and ours[6][0] == ours[0][0] and ours[7][0] == 0
    monkeypatch.setattr(speed, "_cache_term_lookups", lambda searcher: None)
    many_blocks_index.forget_searchers()
    assert _term_lookup_searches(many_blocks_index) == ours


def test_a_searcher_after_a_write_finds_the_new_words(tmp_path):
    ix = SearchIndex(tmp_path / "index")
    with ix.writer() as writer:
        writer.add_new(IndexDoc("a", "Harbour", "ferry crews", "2025-05-01", "", "Wire", "/x/a", "", ()))
    assert ix.search("ferry").total == 1 and ix.search("lighthouse").total == 0
    with ix.writer() as writer:
        writer.add_new(IndexDoc("b", "Coast", "lighthouse keepers and ferry", "2025-05-02", "", "Wire", "/x/b", "", ()))
    assert ix.search("lighthouse").total == 1 and ix.search("ferry").total == 2
    ix.close()


# -- stored fields read straight from the stored column -------------------------------------------------
def test_stored_fields_read_directly_are_whooshs(many_blocks_index):
    searcher = many_blocks_index._searcher()
    docnums = list(range(searcher.doc_count_all()))
    SPEED.reset()
    assert speed._stored_fields(searcher, docnums) == [searcher.stored_fields(d) for d in docnums]
    assert SPEED.snapshot() == {"fields.direct": 1}
    assert len(searcher.leaf_searchers()) == 2  # documents of both segments, deleted ones too


def test_a_search_reads_its_hits_stored_fields_directly(many_blocks_index, monkeypatch):
    SPEED.reset()
    ours = many_blocks_index.search("harbour ferry", limit=40)
    assert SPEED.snapshot().get("fields.direct", 0) == 1 and SPEED.fallbacks() == {}
    monkeypatch.setattr(speed, "_stored_readers", lambda searcher: None)
    assert many_blocks_index.search("harbour ferry", limit=40) == ours
    assert SPEED.fallbacks() == {"fields.stock": 1}


def test_the_query_syntax_table_loads_without_whoosh():
    """Help > Search Syntax reads the field names from the engine seam, not from the Whoosh engine."""
    import subprocess
    import sys
    from pathlib import Path

    code = "import sys, indexer.query_syntax as q; assert q.QUERY_SYNTAX; print('whoosh' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_the_benchmark_reports_how_highlights_were_found(library):
    from tests.benchmarks import worker

    analysis._candidates.cache_clear()
    HIGHLIGHT_PATHS.reset()
    library.search("chancellor rates")
    paths = worker.speed_paths()
    assert paths["speed_paths"].get("highlight.candidates.scan", 0) >= 1
    assert not any(key.startswith("highlight.") for key in paths["speed_fallbacks"])


def test_a_date_filter_scores_its_day_terms_without_lengths_and_says_so_truly(many_blocks_index):
    """The day field is not scored (a weight scorer, no lengths to read): not a fallback."""
    SPEED.reset()
    assert many_blocks_index.search("harbour", date_from="2025-04-01", date_to="2025-05-31").total > 0
    assert SPEED.snapshot().get("lengths.unscored", 0) >= 1
    assert "lengths.stock" not in SPEED.fallbacks()


@pytest.fixture(scope="module")
def dated_index(tmp_path_factory):
    """Articles over many days, so that a date range is an OR of many day terms, in two segments."""
    import random

    rng = random.Random(11)
    ix = SearchIndex(tmp_path_factory.mktemp("dated") / "index")
    for segment in range(2):
        with ix.writer() as writer:
            for n in range(300):
                date = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                words = " ".join(rng.choices(_WORDS, k=rng.choice([3, 20])))
                writer.add_new(IndexDoc(f"d{segment}-{n}", "Wire", words, date, "", "Wire", f"/x/{n}", "", ()))
    yield ix
    ix.close()


@pytest.mark.parametrize("query, date_from, date_to", [
    ("harbour", "2025-03-01", "2025-08-31"), ("storm OR union", "2025-01-15", "2025-02-20"),
    ("", "2025-06-01", "2025-06-30"), ("ferry", "2025-12-01", ""), ("harb*", "", "2025-04-10"),
])
def test_a_date_range_is_evaluated_in_bulk_with_whooshs_answer(dated_index, query, date_from, date_to, monkeypatch):
    SPEED.reset()
    ours = dated_index.search(query, date_from=date_from, date_to=date_to, limit=40)
    assert SPEED.snapshot().get("leaf.list", 0) >= 1 and SPEED.fallbacks() == {}
    assert ours.total > 0
    monkeypatch.setattr(speed, "_unscored_list_scores", speed._walk_scores)  # document by document
    assert dated_index.search(query, date_from=date_from, date_to=date_to, limit=40) == ours
    monkeypatch.setattr(speed, "_bulk_search", lambda searcher, q: None)  # Whoosh's collector
    theirs = dated_index.search(query, date_from=date_from, date_to=date_to, limit=40)
    assert theirs.total == ours.total and [(h.id, h.score) for h in theirs.hits] == [(h.id, h.score) for h in ours.hits]
