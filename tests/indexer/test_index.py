"""The Whoosh engine (indexer.search, through the indexer.index shim): analysis, query syntax, spans, errors, locking."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from indexer.errors import IndexCorruptError, LibraryLockedError, QueryError
from indexer.index import IndexDoc, SearchIndex, term_spans

DOCS = [
    IndexDoc("a1", "Peacekeepers discussed at the Élysée",
             "The peacekeeping mission met at the Élysée palace on Monday. Lavrov said peace needs guarantees.",
             "2025-02-19", "Jane Roe", "Reuters", "/x/a1.txt", "h1", ("sergey-lavrov", "france")),
    IndexDoc("a2", "Markets in Riyadh",
             "Markets rose in Riyadh on Tuesday while officials met. Grain exports were discussed.",
             "2025-03-01", "", "Gulf Wire", "/x/a2.txt", "h2", ("saudi-arabia",)),
    IndexDoc("a3", "Grain corridor reopens",
             "The grain corridor reopened after talks; peace talks continue in Istanbul.",
             "2025-03-20", "Ali Demir", "Anadolu", "/x/a3.txt", "h3", ("turkey", "sergey-lavrov")),
]


@pytest.fixture
def index(tmp_path):
    ix = SearchIndex(tmp_path / "index", actor_resolver=lambda name: {name.lower()} if name else set())
    with ix.writer() as writer:
        for doc in DOCS:
            writer.add_new(doc)
    yield ix
    ix.close()


def ids(raw):
    return [h.id for h in raw.hits]


def test_stemming_finds_other_forms(index):
    assert ids(index.search("peacekeepers")) == ["a1"]


def test_accent_folding(index):
    raw = index.search("elysee")
    assert ids(raw) == ["a1"]
    body = DOCS[0].body
    assert [body[s:e] for s, e in term_spans(body, raw.terms)] == ["Élysée"]


def test_spans_are_character_offsets_into_body(index):
    raw = index.search("grain")
    assert set(ids(raw)) == {"a2", "a3"}
    for hit in raw.hits:
        body = next(d.body for d in DOCS if d.id == hit.id)
        spans = term_spans(body, raw.terms)
        assert spans and all(body[s:e].lower() == "grain" for s, e in spans)


def test_boolean_operators(index):
    assert set(ids(index.search("grain AND istanbul"))) == {"a3"}
    assert set(ids(index.search("riyadh OR istanbul"))) == {"a2", "a3"}
    assert set(ids(index.search("grain NOT istanbul"))) == {"a2"}


def test_not_terms_are_never_highlighted(index):
    raw = index.search("grain NOT istanbul")
    assert raw.terms == {"grain"}
    body = DOCS[2].body
    assert [body[s:e] for s, e in term_spans(body, raw.terms)] == ["grain"]


def test_phrase(index):
    assert ids(index.search('"peace talks"')) == ["a3"]
    assert ids(index.search('"grain talks"')) == []


def test_fields_wildcards_and_dates(index):
    assert ids(index.search("title:markets")) == ["a2"]
    assert ids(index.search("source:anadolu")) == ["a3"]
    assert ids(index.search("author:roe")) == ["a1"]
    assert set(ids(index.search("corrid*"))) == {"a3"}
    assert set(ids(index.search("date:[2025-03-01 TO 2025-03-31]"))) == {"a2", "a3"}
    assert set(ids(index.search("", date_from="2025-03-02"))) == {"a3"}


def test_actor_filters_and_actor_field(index):
    assert set(ids(index.search("", actor_sets=[{"sergey-lavrov"}]))) == {"a1", "a3"}
    assert set(ids(index.search("grain", actor_sets=[{"sergey-lavrov"}]))) == {"a3"}
    assert set(ids(index.search("actor:turkey"))) == {"a3"}


def test_total_counts_beyond_limit(index):
    raw = index.search("riyadh OR istanbul OR peacekeeping", limit=1)
    assert raw.total == 3 and len(raw.hits) == 1


def test_facets_count_matching_articles(index):
    raw = index.search("talks OR grain OR peace", facets=True)
    assert raw.facets["sergey-lavrov"] == 2
    assert raw.facets["saudi-arabia"] == 1


@pytest.mark.parametrize("query", ['"unclosed', "(grain", "grain)", "nosuchfield:x", "*", "the of and"])
def test_bad_queries_get_a_clear_message(index, query):
    with pytest.raises(QueryError) as err:
        index.search(query)
    assert query.strip() in str(err.value) or "Type a query" in str(err.value)


def test_empty_query_without_filters_is_an_error(index):
    with pytest.raises(QueryError):
        index.search("   ")


def test_hit_spans_in_opened_text_use_the_same_analysis(index):
    text = "Peacekeepers reached the ÉLYSÉE; no peace yet."
    spans = index.hit_spans(text, "peacekeeping elysee -peace")
    assert [text[s:e] for s, e in spans] == ["Peacekeepers", "ÉLYSÉE"]


def test_update_replaces_a_document(index):
    with index.writer() as writer:
        writer.add(IndexDoc("a2", "Markets fall", "Markets fell sharply.", "2025-03-01"))
    assert index.doc_count() == 3
    assert ids(index.search("sharply")) == ["a2"]
    assert ids(index.search("riyadh")) == []


def test_second_writer_gets_a_clear_lock_error(index):
    first = index.writer()
    try:
        with pytest.raises(LibraryLockedError) as err:
            index.writer()
        assert "another process" in str(err.value)
    finally:
        first.cancel()


def test_damaged_index_is_reported_not_crashed(tmp_path):
    ix = SearchIndex(tmp_path / "index")
    with ix.writer() as writer:
        writer.add_new(DOCS[0])
    ix.close()
    for seg in (tmp_path / "index").glob("*.seg"):
        seg.write_bytes(b"\0" * 64)
    for toc in (tmp_path / "index").glob("*.toc"):
        toc.write_bytes(toc.read_bytes()[:20])
    with pytest.raises(IndexCorruptError) as err:
        SearchIndex(tmp_path / "index")
    assert "rebuild" in str(err.value)


def test_recreate_empties_the_index(index):
    index.recreate()
    assert index.doc_count() == 0


def test_wildcards_expand_to_index_terms_for_highlighting(index):
    raw = index.search("corrid* OR peacekeep*")
    body = DOCS[2].body
    assert [body[s:e] for s, e in term_spans(body, raw.terms)] == ["corridor"]


def test_term_spans_skip_stop_words_and_match_stems():
    text = "The talks, talking and TALKED of the talkers"
    assert [text[s:e] for s, e in term_spans(text, frozenset({"talk"}))] == ["talks", "talking", "TALKED"]


def _brute_force_spans(text, terms):
    from indexer.index import TEXT_ANALYZER

    return [(t.startchar, t.endchar) for t in TEXT_ANALYZER(text, chars=True, removestops=True) if t.text in terms]


WORDS = ["Talks", "talking", "Élysée", "elysee", "U.S.", "don't", "Putin’s", "peacekeepers", "happy", "happiness",
         "spy", "spies", "the", "a", "ÆTHER", "Straße", "naïve", "co-operation", "2025", "x1", "Zelenskyy's",
         "US", "us", "U.K.", "N.A.T.O.", "Russia’s", "ʼs", "U.S.-led", "o’clock", "Ukrainians'", "e.g."]


@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=40),
       st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
@settings(max_examples=300, deadline=None)
def test_term_spans_equal_the_analyzer(words, query_words):
    from indexer.index import TEXT_ANALYZER

    text = " ".join(words)
    terms = frozenset(t.text for w in query_words for t in TEXT_ANALYZER(w))
    assert term_spans(text, terms) == _brute_force_spans(text, terms)


def test_commits_never_merge_big_segments(tmp_path, monkeypatch):
    import indexer.index as index_module

    monkeypatch.setattr(index_module, "MERGE_CAP_DOCS", 6)
    ix = SearchIndex(tmp_path / "index")
    n = 0
    for batch in range(12):
        with ix.writer() as writer:
            for _ in range(2):
                writer.add_new(IndexDoc(f"d{n}", f"title {n}", f"body text number {n} grain"))
                n += 1
        big = {seg.segment_id() for seg in ix._ix._segments() if seg.doc_count_all() >= 6}
        if batch == 5:
            first_big = big
    assert first_big, "small segments were merged into a big one"
    assert first_big <= big, "a later commit merged a segment above the cap"
    assert ix.search("grain", limit=50).total == n == 24
    ix.close()


@pytest.mark.parametrize("query", ["grain", "grain OR riyadh OR peacekeepers", "talks OR (peace AND NOT grain)",
                                   '"peace talks" OR markets', "corrid* OR elys*", "said OR met OR the OR riyadh"])
def test_totals_are_exact_for_every_query_shape(index, query):
    q = index.parse(query)
    searcher = index._searcher()
    expected = len(list(searcher.docs_for_query(q)))
    for limit in (1, 2, 20):
        raw = index.search(query, limit=limit)
        assert raw.total == expected
        assert len(raw.hits) == min(limit, expected)


def test_date_ranges_are_numeric_and_accept_partial_dates(index):
    with index.writer() as writer:
        writer.add_new(IndexDoc("undated", "Undated grain note", "grain without a date"))
    assert set(ids(index.search("", date_from="2025-03", date_to="2025-03"))) == {"a2", "a3"}
    assert set(ids(index.search("grain", date_to="2025-03-10"))) == {"a2"}
    assert set(ids(index.search("date:[2025 TO 2025-02]"))) == {"a1"}
    assert "undated" not in ids(index.search("grain", date_from="2000-01-01"))
    with pytest.raises(QueryError) as err:
        index.search("grain", date_from="last week")
    assert "YYYY-MM-DD" in str(err.value)


def _varied_docs(n: int, offset: int = 0) -> list[IndexDoc]:
    """Documents of very different lengths, so BM25's length normalisation matters."""
    return [
        IndexDoc(f"v{offset + k}", f"Grain report {offset + k}",
                 "grain talks " * (1 + k % 5) + "harbour filler words " * (3 * k + 1),
                 "2025-03-01", "", "Wire", f"/x/v{offset + k}.txt", f"hv{offset + k}", ())
        for k in range(n)
    ]


def test_scores_equal_whooshs_stock_bm25f_across_segments(tmp_path):
    ix = SearchIndex(tmp_path / "index")
    for batch in (_varied_docs(12), _varied_docs(9, offset=100)):  # two commits, two segments
        with ix.writer() as writer:
            for doc in batch:
                writer.add_new(doc)
    ours = {h.id: h.score for h in ix.search("grain OR harbour", limit=50).hits}
    with ix._ix.searcher() as stock:  # Whoosh's own BM25F, reading lengths from the files
        from whoosh.qparser import QueryParser

        theirs = {hit["id"]: hit.score for hit in stock.search(QueryParser("body", ix._ix.schema).parse("grain OR harbour"), limit=50)}
    ix.close()
    assert len(ours) == 21
    assert ours.keys() == theirs.keys()
    assert all(abs(ours[k] - theirs[k]) < 1e-9 for k in ours)


def test_scoring_reads_field_lengths_from_memory_not_per_match(index, monkeypatch):
    from whoosh.codec.whoosh3 import W3PerDocReader

    index.search("grain")  # loads each segment's lengths once
    calls = []
    original = W3PerDocReader.doc_field_length
    monkeypatch.setattr(W3PerDocReader, "doc_field_length", lambda self, *a, **k: calls.append(a) or original(self, *a, **k))
    assert set(ids(index.search("grain OR peace"))) == {"a1", "a2", "a3"}
    assert calls == []


PHRASE_DOCS = [
    ("p1", "The prime minister said the talks were over. Minister prime no."),
    ("p2", "A minister who is prime among equals met the press; prime ministers differ."),
    ("p3", "Bye bye said the envoy to the prime minister and the deputy prime minister."),
    ("p4", "He told the BBC that the chief executive officer resigned. He said so."),
    ("p5", "Chief officer and executive: not the phrase. He, said the clerk."),
]
PHRASES = ['"prime minister"', '"minister prime"', '"bye bye"', '"told the bbc"', '"chief executive officer"',
           '"he said"', '"deputy prime minister"', '"prime minister" -bye', '"prime minister" OR "he said"',
           '"executive officer resigned"', '"absent words here"']


@pytest.fixture
def phrase_index(tmp_path):
    ix = SearchIndex(tmp_path / "index")
    for batch in (PHRASE_DOCS[:3], PHRASE_DOCS[3:]):
        with ix.writer() as writer:
            for doc_id, body in batch:
                writer.add_new(IndexDoc(doc_id, "", body, "", "", "", f"/x/{doc_id}.txt", doc_id, ()))
    yield ix
    ix.close()


def _scored(raw):
    return sorted((h.id, round(h.score, 9)) for h in raw.hits), raw.total


def test_exact_phrases_use_the_adjacent_position_matcher(phrase_index):
    from indexer.search._whoosh_speed import _AdjacentPhrase

    assert type(phrase_index.parse('"prime minister"')) is _AdjacentPhrase
    assert set(ids(phrase_index.search('"prime minister"'))) == {"p1", "p2", "p3"}  # p2: "prime ministers" (stems)
    assert set(ids(phrase_index.search('"deputy prime minister"'))) == {"p3"}
    assert ids(phrase_index.search('"minister prime"')) == ["p1"]  # order matters
    assert set(ids(phrase_index.search('"he said"'))) == {"p4", "p5"}  # punctuation does not break a phrase
    assert ids(phrase_index.search('"executive officer resigned"')) == ["p4"]


@pytest.mark.parametrize("phrase", PHRASES)
def test_adjacent_phrases_give_whooshs_documents_scores_and_totals(phrase_index, phrase, monkeypatch):
    import indexer.index as index_module

    ours = _scored(phrase_index.search(phrase, limit=50))
    monkeypatch.setattr(index_module, "_fast_phrases", lambda q: q)  # Whoosh's own span matcher
    assert _scored(phrase_index.search(phrase, limit=50)) == ours


def test_spans_find_tokens_whose_non_ascii_letter_follows_an_apostrophe():
    text = "Talks at l'Élysée and the Élysée; café owners (cafés) in São Paulo said £5 was fine."
    terms = frozenset(["l'elysee", "elysee", "cafe", "sao"])  # as the analyser stores them
    assert [text[a:b] for a, b in term_spans(text, terms)] == ["l'Élysée", "Élysée", "café", "cafés", "São"]


def _postings_and_blocks(ix):
    """Every term's postings, each with its block's stored length bounds, read back from the files."""
    out = {}
    with ix._ix.reader() as reader:
        for fieldname, text in reader.all_terms():
            m = reader.postings(fieldname, text)
            rows = []
            while m.is_active():
                rows.append((m.id(), m.weight(), m.block_min_length(), m.block_max_length()))
                m.next()
            out[(fieldname, text)] = rows
    return out


def test_commit_writes_the_same_postings_with_lengths_from_memory(tmp_path, monkeypatch):
    import indexer.index as index_module
    from whoosh.codec.whoosh3 import W3PerDocReader

    def build(path):
        ix = SearchIndex(path)
        with ix.writer() as writer:
            for doc in _varied_docs(30) + list(DOCS):
                writer.add_new(doc)
        return ix

    calls = []
    original = W3PerDocReader.doc_field_length
    monkeypatch.setattr(W3PerDocReader, "doc_field_length", lambda self, *a, **k: calls.append(a) or original(self, *a, **k))
    ours = build(tmp_path / "ours")
    assert calls == [], "the commit read lengths from the segment file per posting"
    monkeypatch.setattr(index_module, "_flush_with_memory_lengths", lambda writer: None)
    stock = build(tmp_path / "stock")
    assert calls, "Whoosh's own flush reads lengths per posting (the control)"
    assert _postings_and_blocks(ours) == _postings_and_blocks(stock)
    assert _scored(ours.search("grain OR harbour", limit=50)) == _scored(stock.search("grain OR harbour", limit=50))
    ours.close()
    stock.close()


@pytest.mark.parametrize("phrase", ['"prime minister"', '"he said"', '"deputy prime minister"'])
def test_adjacent_phrases_skip_replaced_and_deleted_documents_like_whoosh(phrase_index, phrase, monkeypatch):
    import indexer.index as index_module

    writer = phrase_index.writer()  # p1 replaced (its old copy is now a deleted document), p4 deleted
    writer.add(IndexDoc("p1", "", "The prime minister left. He said the deputy prime minister stays.",
                        "", "", "", "/x/p1.txt", "p1b", ()))
    writer.delete("p4")
    writer.commit(merge=False)  # keep the segments with their deleted documents
    with phrase_index._ix.reader() as reader:
        assert reader.has_deletions()
    ours = _scored(phrase_index.search(phrase, limit=50))
    assert "p4" not in [doc for doc, _score in ours[0]]
    assert len({doc for doc, _score in ours[0]}) == len(ours[0])  # the replaced p1 counts once
    monkeypatch.setattr(index_module, "_fast_phrases", lambda q: q)
    assert _scored(phrase_index.search(phrase, limit=50)) == ours


def test_phrase_matching_falls_back_to_whooshs_spans_for_unknown_matchers(phrase_index, monkeypatch):
    import indexer.search._whoosh_speed as index_module

    expected = _scored(phrase_index.search('"prime minister"', limit=50))
    monkeypatch.setattr(index_module, "_bulk_readable", lambda m: False)
    assert _scored(phrase_index.search('"prime minister"', limit=50)) == expected


BULK_QUERIES = [
    "grain", "grain talks", "grain OR harbour", "grain AND NOT talks", "grain -harbour", "(grain OR peace) talks",
    '"grain talks"', '"grain talks" OR riyadh', "title:report", "title:grain OR peace", "harb*", "gra?n",
    "date:[2025-03-01 TO 2025-03-31]", "grain date:[2025-03-01 TO 2025-03-10]", "source:wire grain",
    "actor:lavrov", "peace actor:lavrov", "NOT grain", "zzzabsent", "grain OR zzzabsent", "grain zzzabsent",
]


@pytest.fixture
def mixed_index(tmp_path):
    ix = SearchIndex(tmp_path / "index", actor_resolver=lambda name: {"sergey-lavrov"} if "lavrov" in name.lower() else set())
    for batch in (_varied_docs(25) + DOCS[:2], _varied_docs(10, offset=100) + DOCS[2:]):
        writer = ix.writer()
        for doc in batch:
            writer.add_new(doc)
        writer.commit(merge=False)
    writer = ix.writer()  # a replaced and a deleted document, kept as deletions in their segments
    writer.add(IndexDoc("v3", "Grain report 3", "grain grain talks peace", "2025-03-05", "", "Wire", "/x/v3.txt", "hv3b", ()))
    writer.delete("v4")
    writer.commit(merge=False)
    yield ix
    ix.close()


@pytest.mark.parametrize("query", BULK_QUERIES)
def test_bulk_evaluation_gives_whooshs_hits_scores_order_and_totals(mixed_index, query, monkeypatch):
    import indexer.search._whoosh_speed as index_module

    def ranked(raw):
        return [(h.id, round(h.score, 9)) for h in raw.hits], raw.total

    ours = ranked(mixed_index.search(query, limit=15))
    monkeypatch.setattr(index_module, "_bulk_search", lambda searcher, q: None)  # Whoosh's collector
    assert ranked(mixed_index.search(query, limit=15)) == ours


def test_plain_boolean_queries_are_evaluated_in_bulk(mixed_index):
    import indexer.search._whoosh_speed as index_module

    searcher = mixed_index._searcher()
    for query in ("grain", "grain talks", "grain OR harbour", "grain -harbour", '"grain talks"'):
        scored = index_module._bulk_search(searcher, mixed_index.parse(query))
        assert scored is not None, query
        assert len(scored) == mixed_index.search(query).total


_VOCAB = ["grain", "talks", "harbour", "peace", "riyadh", "filler", "report", "words", "zzzabsent"]
_query_text = st.recursive(
    st.sampled_from(_VOCAB) | st.sampled_from(['"grain talks"', '"harbour filler"', '"filler words harbour"']),
    lambda inner: st.tuples(inner, st.sampled_from([" ", " OR ", " AND ", " AND NOT "]), inner).map(
        lambda t: f"({t[0]}{t[1]}{t[2]})"),
    max_leaves=5,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # read only
@given(query=_query_text)
def test_bulk_evaluation_matches_the_collector_on_random_boolean_queries(mixed_index, query):
    import indexer.search._whoosh_speed as index_module

    searcher = mixed_index._searcher()
    try:
        q = mixed_index.parse(query)
    except QueryError:
        return
    ours = index_module._top(searcher, q, 10, "relevance")
    original = index_module._bulk_search
    index_module._bulk_search = lambda s, qq: None
    try:
        theirs = index_module._top(searcher, q, 10, "relevance")
    finally:
        index_module._bulk_search = original
    assert ours[1] == theirs[1]
    assert [(d, round(s, 9)) for d, s in ours[0]] == [(d, round(s, 9)) for d, s in theirs[0]]


# -- bounded queries (issue 12 item 4) and case-insensitive field names (item 10) -------------------
def _random_words(n: int, seed: int = 7) -> str:
    import random
    import string

    rng = random.Random(seed)
    return " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 12))) for _ in range(n))


@pytest.fixture
def random_index(tmp_path):
    """One article of random tokens: a lexicon of thousands of words, as in the attack that found this."""
    ix = SearchIndex(tmp_path / "index")
    with ix.writer() as writer:
        writer.add_new(IndexDoc("r1", "Random tokens", _random_words(6000) + " grain"))
    yield ix
    ix.close()


@pytest.mark.timeout(20)
@pytest.mark.parametrize("length", [1001, 60_000, 1_000_000])
def test_an_overlong_query_is_refused_at_once_with_the_limit(random_index, length):
    query = "a" * length
    with pytest.raises(QueryError) as err:
        random_index.search(query)
    message = str(err.value)
    assert f"{length:,} characters" in message and "1,000" in message
    assert len(message) < 400  # the pasted text is not echoed back whole
    with pytest.raises(QueryError):
        random_index.hit_spans("a a a", query)


def test_a_query_at_the_length_limit_still_runs(random_index):
    query = "grain" + " " * 990 + "grain"  # 1,000 characters
    assert len(query) == 1000 and random_index.search(query).total == 1


@pytest.mark.timeout(20)
@pytest.mark.parametrize("query", ["[a TO zzzzzzzz]", "*e*", "text:[a TO z] OR grain", "grain -[b TO y]"])
def test_patterns_matching_too_many_words_are_refused(random_index, query):
    with pytest.raises(QueryError) as err:
        random_index.search(query)
    assert "matches more than 1,000 words; narrow it" in str(err.value)
    with pytest.raises(QueryError):
        random_index.query_terms(query)


@pytest.mark.timeout(20)
def test_many_patterns_together_are_bounded_too(random_index, monkeypatch):
    import indexer.index as index_module

    monkeypatch.setattr(index_module, "MAX_EXPANSION", 300)  # each of a*..f* matches fewer, together more
    counts = [len(random_index.query_terms(f"{letter}*")) for letter in "abcdef"]
    assert max(counts) <= 300 and sum(counts) > 1200
    with pytest.raises(QueryError) as err:
        random_index.search("a* b* c* d* e* f*")
    assert "together match more than 1,200 words" in str(err.value)


@pytest.mark.timeout(20)
@pytest.mark.parametrize("query", ["*a*b*c*d*e*", "grain *x*y*z", "??*a*b*"])
def test_pathological_wildcards_are_refused_before_searching(random_index, query):
    with pytest.raises(QueryError) as err:
        random_index.parse(query)
    assert "wildcards" in str(err.value) and "at most 2" in str(err.value)


def test_stars_inside_a_phrase_are_not_wildcards(index):
    assert index.search('"a*b*c*d" OR grain').total == 2


@pytest.mark.parametrize("query", ["grain", "grain talks", '"peace talks"', "corrid*", "riyadh OR istanbul"])
def test_a_search_over_its_time_budget_stops_with_a_message(index, query):
    with pytest.raises(QueryError) as err:
        index.search(query, time_budget=0.0)
    assert "took longer than 0 seconds" in str(err.value) and "Narrow it" in str(err.value)
    assert index.search(query).total  # the budget was this search's only


def test_the_time_budget_also_bounds_whooshs_collector_and_date_sorting(index, monkeypatch):
    import indexer.search._whoosh_speed as index_module

    monkeypatch.setattr(index_module, "_bulk_search", lambda searcher, q: None)
    for sort in ("relevance", "date"):
        with pytest.raises(QueryError, match="took longer"):
            index.search("grain OR talks", sort=sort, time_budget=0.0)
        assert index.search("grain OR talks", sort=sort).total == 2


def test_ordinary_patterns_within_the_limits_are_unchanged(index):
    assert set(ids(index.search("corrid*"))) == {"a3"}
    assert set(ids(index.search("*idor"))) == {"a3"}
    assert set(ids(index.search("title:[grain TO markets]"))) == {"a2", "a3"}


@pytest.mark.parametrize("query, expected", [
    ("ACTOR:turkey", {"a3"}), ("Actor:Turkey", {"a3"}), ("Title:markets", {"a2"}), ("SOURCE:anadolu", {"a3"}),
    ("TEXT:riyadh", {"a2"}), ("Date:[2025-03-01 TO 2025-03-31]", {"a2", "a3"}),
])
def test_field_names_are_case_insensitive(index, query, expected):
    assert set(ids(index.search(query))) == expected


def test_an_unknown_field_in_capitals_lists_the_valid_ones(index):
    with pytest.raises(QueryError) as err:
        index.search("COLOUR:red")
    assert "'COLOUR:'" in str(err.value) and "title:" in str(err.value) and "actor:" in str(err.value)


def test_a_colon_inside_a_phrase_is_text_not_a_field(index):
    assert index.search('"Note:grain" OR grain').total == 2


def test_date_sorting_lists_the_newest_first(index):
    raw = index.search("grain OR talks OR markets", sort="date")
    assert ids(raw) == ["a3", "a2"] and raw.total == 2


# -- exact phrases are highlighted only whole (issue 13 item 7) --------------------------------------
def _brute_force_phrase_spans(text, words):
    from indexer.index import TEXT_ANALYZER

    # stop words gone: positions as indexed (copied: Whoosh reuses one Token object)
    tokens = [(t.text, t.startchar, t.endchar) for t in TEXT_ANALYZER(text, chars=True, removestops=True)]
    n = len(words)
    return [(tokens[i][1], tokens[i + n - 1][2]) for i in range(len(tokens) - n + 1)
            if tuple(t[0] for t in tokens[i:i + n]) == tuple(words)]


PHRASE_WORDS = ["ball", "is", "now", "in", "their", "court", "the", "Ball", "courts", "now,", "—", "a", "x", "élan"]


@given(st.lists(st.sampled_from(PHRASE_WORDS) | st.text(max_size=6), max_size=40),
       st.lists(st.sampled_from(PHRASE_WORDS), min_size=2, max_size=4))
@settings(max_examples=300, deadline=None)
def test_phrase_spans_equal_the_analyzers_adjacent_positions(words, phrase_words):
    from indexer.index import TEXT_ANALYZER, phrase_spans

    text = " ".join(words)
    phrase = tuple(t.text for t in TEXT_ANALYZER(" ".join(phrase_words)))
    if len(phrase) < 2:
        return
    assert phrase_spans(text, phrase) == _brute_force_phrase_spans(text, phrase)


def test_a_phrase_query_highlights_the_phrase_not_its_words_elsewhere(index):
    from indexer.index import highlight_spans

    raw = index.search('"peace talks"')
    body = DOCS[2].body
    assert raw.terms == frozenset() and raw.phrases == {("peac", "talk")}
    assert [body[s:e] for s, e in highlight_spans(body, raw.terms, raw.phrases)] == ["peace talks"]
    text = "Talks on peace stalled; the peace talks resume, said peace activists. Peace, talks."
    assert [text[s:e] for s, e in index.hit_spans(text, '"peace talks" activists')] == [
        "peace talks", "activists", "Peace, talks"]  # punctuation between is no gap for the index either


def test_other_names_are_searched_and_highlighted_through_the_expander(index):
    from indexer.index import TEXT_ANALYZER

    others = {"lavrov": ["Sergei Lavrov", "Лавров"], "grain": []}

    def expand(name, explicit=False):
        return others.get(name.lower(), [])

    from whoosh import query as wq  # the test looks at the tree the index builds

    # "Sergei Lavrov" adds nothing once "lavrov" is searched; the Cyrillic spelling does
    cyrillic = next(TEXT_ANALYZER("Лавров")).text  # stemmed since analyzer version 3
    assert index.parse("Lavrov", expand) == wq.Or([wq.Term("body", "lavrov"), wq.Term("body", cyrillic)])
    assert index.parse("grain talks", expand) == index.parse("grain talks")
    text = "Лавров spoke. Sergei Lavrov left."
    assert [text[s:e] for s, e in index.hit_spans(text, "lavrov", expand)] == ["Лавров", "Lavrov"]
    others["riyadh"] = ["Ar-Riyad", "Saudi capital"]
    raw = index.search("riyadh", expand_names=expand)
    assert ids(raw) == ["a2"] and raw.phrases == {("ar", "riyad"), ("saudi", "capit")}
    raw = index.search("actor:turkey", expand_names=lambda name, explicit=False: (
        ["Turkey", "Türkiye", "Republic of Turkey"] if explicit else []))
    assert ids(raw) == ["a3"]
    analysed = [tuple(t.text for t in TEXT_ANALYZER(n)) for n in ("turkey", "Türkiye", "Republic of Turkey")]
    assert raw.terms == {analysed[0][0], analysed[1][0]} and raw.phrases == {analysed[2]}


def test_a_searcher_sees_merges_and_replaced_articles_written_through_another_object(tmp_path):
    """Whoosh's searcher.refresh() kept merged-away segments (double counts) and stale deletions."""
    writer_ix, reader_ix = SearchIndex(tmp_path / "index"), SearchIndex(tmp_path / "index")
    n = 0
    for _batch in range(12):  # enough small commits for merges
        with writer_ix.writer() as writer:
            for _ in range(3):
                writer.add_new(IndexDoc(f"d{n}", f"title {n}", f"grain shipment {n}"))
                n += 1
        assert reader_ix.search("grain").total == n
    with writer_ix.writer() as writer:
        writer.add(IndexDoc("d0", "title 0", "sunflower oil"))
    assert reader_ix.search("grain").total == n - 1 and ids(reader_ix.search("sunflower")) == ["d0"]
    writer_ix.close()
    reader_ix.close()


# -- our query tree (indexer.search.engine), compiled to Whoosh ---------------------------------------------
def test_the_query_tree_reads_operators_fields_signs_ranges_and_actors():
    from indexer.search.engine import Actor, And, DateRange, Not, Or, Pattern, Phrase, Range, Term, parse_query

    assert parse_query("grain talks OR peace") == And((
        Term("", "grain", 0, 5), Or((Term("", "talks", 6, 11), Term("", "peace", 15, 20)))))
    assert parse_query("grain OR talks AND peace") == Or((
        Term("", "grain", 0, 5), And((Term("", "talks", 9, 14), Term("", "peace", 19, 24)))))
    assert parse_query("grain -talks +peace") == And((
        Term("", "grain", 0, 5), Not(Term("", "talks", 7, 12)), Term("", "peace", 14, 19)))
    assert parse_query('Title:(grain "peace talks") actor:"Sergei Lavrov" peac*') == And((
        And((Term("title", "grain", 7, 12), Phrase("title", "peace talks", 14, 25))),
        Actor("Sergei Lavrov", 35, 48), Pattern("", "peac*", 50, 55)))
    assert parse_query("date:[2025-02-01 TO 2025-02-28] source:{a TO m}") == And((
        DateRange("2025-02-01", "2025-02-28"), Range("source", "a", "m", exclusive=True)))
    assert parse_query("source:({a TO m} [b TO c]) date:([2025 TO 2026])") == And((
        And((Range("source", "a", "m", exclusive=True), Range("source", "b", "c"))), DateRange("2025", "2026")))
    assert parse_query("U.S.-led") == Term("", "U.S.-led", 0, 8)  # a hyphen inside a word is no NOT
    assert parse_query("AND OR") is None and parse_query("NOT") is None


# Today's Whoosh parser, configured as before the query tree, for comparison.
def _whoosh_parse(schema, text):
    from whoosh import qparser

    parser = qparser.QueryParser("body", schema)
    parser.add_plugin(qparser.FieldAliasPlugin({"body": ["text"], "actors": ["actor"], "source": ["outlet"],
                                                "author": ["by"]}))
    parser.add_plugin(qparser.PlusMinusPlugin())
    parser.remove_plugin_class(qparser.BoostPlugin)
    return parser.parse(text)


@pytest.mark.parametrize("text", [
    "grain", "grain talks", "riyadh OR istanbul", "grain NOT istanbul", "grain AND NOT talks", "NOT grain",
    "grain OR talks peace", "grain OR talks AND peace", "(grain OR talks) peace", '"peace talks"',
    '"peace talks" OR grain', "title:markets", "source:anadolu", "by:demir", "text:grain", "pe?ce",
    "title:(grain talks)", "actor:lavrov", "date:[2025-03-01 TO 2025-03-31]", "Russia's", "U.S.", "the grain",
    '"the talks"', "Élysée", "source:[a TO m]", "gr*n",
])  # prefixes (peace*) differ on purpose: see test_a_prefix_finds_every_word_that_starts_with_the_letters_typed
def test_the_compiled_tree_is_the_query_whooshs_parser_made(index, text):
    from indexer.search.engine import parse_query
    from indexer.search.whoosh_engine import compile_query

    schema = index._ix.schema
    assert compile_query(parse_query(text), schema) == _whoosh_parse(schema, text)


def test_andnot_finds_what_and_not_finds(index):
    assert ids(index.search("grain ANDNOT istanbul")) == ids(index.search("grain -istanbul")) == ["a2"]


def test_a_hyphenated_word_is_searched_whole(tmp_path):
    ix = SearchIndex(tmp_path / "index")
    with ix.writer() as writer:
        writer.add_new(IndexDoc("h1", "Plan", "A U.S.-led plan was tabled."))
    assert ids(ix.search("U.S.-led")) == ["h1"]  # Whoosh's parser read "-led" as NOT led
    ix.close()


def test_the_whoosh_engine_offers_every_operation_of_the_seam(index):
    from indexer.search.engine import SearchEngine

    assert isinstance(index, SearchEngine)
    missing = [name for name in ("search", "parse", "more_like", "hit_spans", "query_highlights", "writer",
                                 "recreate", "doc_count", "outdated", "forget_searchers", "close")
               if not hasattr(index, name)]
    assert missing == []


QUERY_PIECES = list('ab "()[]{}:*?-+') + ["AND ", "OR ", "NOT ", "title:", "actor:", "date:", " TO ", "U.S.", "x"]


@given(st.lists(st.sampled_from(QUERY_PIECES), max_size=20).map("".join))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_query_parses_to_a_tree_and_compiles_or_says_what_to_fix(index, text):
    from indexer.search.engine import parse_query

    parse_query(text)  # never raises, whatever is typed
    try:
        index.parse(text)
    except QueryError as exc:
        assert str(exc)


# -- prefixes match the words that start with what was typed (not its stem) -------------------------------
PREFIX_DOCS = [
    IndexDoc("z1", "Kyiv", "President Zelenskyy spoke to reporters."),
    IndexDoc("z2", "Kyiv", "Zelensky's office declined to comment."),
    IndexDoc("z3", "Kyiv", "Zelenskiy, as another outlet spells it, travelled to Paris."),
    IndexDoc("n1", "Talks", "The negotiations resumed; negotiators met a negotiator."),
    IndexDoc("n2", "Talks", "Both sides negotiated late."),
    IndexDoc("p1", "Fruit", "A peach orchard was shelled."),
    IndexDoc("p2", "Calm", "A peaceful night; the peacekeepers stayed."),
]


@pytest.fixture
def prefix_index(tmp_path):
    ix = SearchIndex(tmp_path / "index")
    with ix.writer() as writer:
        for doc in PREFIX_DOCS:
            writer.add_new(doc)
    yield ix
    ix.close()


def _hit_words(ix, query, doc_id):
    body = next(d.title + "\n\n" + d.body for d in PREFIX_DOCS if d.id == doc_id)
    raw = ix.search(query)
    return [body[s:e] for s, e in ix.hit_spans(body, query)], set(ids(raw))


def test_a_prefix_finds_every_word_that_starts_with_the_letters_typed(prefix_index):
    assert set(ids(prefix_index.search("Zelensky*"))) == {"z1", "z2"}  # not Zelenskiy: it does not start so
    assert set(ids(prefix_index.search("Zelensky"))) <= set(ids(prefix_index.search("Zelensky*")))
    assert _hit_words(prefix_index, "Zelensky*", "z1")[0] == ["Zelenskyy"]
    assert _hit_words(prefix_index, "Zelensky*", "z2")[0] == ["Zelensky's"]


def test_a_prefix_finds_the_stem_family_of_the_letters_typed(prefix_index):
    assert set(ids(prefix_index.search("negotiat*"))) == {"n1", "n2"}
    assert _hit_words(prefix_index, "negotiat*", "n1")[0] == ["negotiations", "negotiators", "negotiator"]


def test_a_prefix_does_not_match_a_word_that_only_shares_its_stem_letters(prefix_index):
    assert set(ids(prefix_index.search("peace*"))) == {"p2"}  # not "peach" (the stem of peace is peac)
    assert _hit_words(prefix_index, "peace*", "p2")[0] == ["peaceful", "peacekeepers"]
    assert ids(prefix_index.search("peac*")) != []  # fewer letters: peach too, as typed


def test_a_too_broad_prefix_is_named_as_typed_not_as_its_stem(tmp_path, monkeypatch):
    import indexer.search.whoosh_engine as engine

    monkeypatch.setattr(engine, "MAX_EXPANSION", 2)
    ix = SearchIndex(tmp_path / "index")
    with ix.writer() as writer:
        writer.add_new(IndexDoc("d", "Calm", "Peacekeepers, peacemakers and peacetime peace."))
    with pytest.raises(QueryError, match=r"The pattern 'Peace\*' matches more than 2 words"):
        ix.search("Peace*")
    ix.close()


# -- a hyphenated word is the phrase of its parts -----------------------------------------------------------
HYPHEN_DOCS = [
    IndexDoc("h1", "Truce", "A 30-day truce was proposed for the Russia-Ukraine war."),
    IndexDoc("h2", "Truce", "The war lasted 30 weeks; Russia blamed Ukraine for the day of the attack."),
    IndexDoc("h3", "Plans", "A long-term de-escalation plan for US-Russia relations."),
    IndexDoc("h4", "Plans", "In the long run the term de facto escalation; Russia and the US disagree."),
]


@pytest.mark.parametrize("word, expected, shown", [
    ("30-day", {"h1"}, ["30-day"]), ("Russia-Ukraine", {"h1"}, ["Russia-Ukraine"]),
    ("long-term", {"h3"}, ["long-term"]), ("de-escalation", {"h3"}, ["de-escalation"]),
    ("US-Russia", {"h3"}, ["US-Russia"]),
])
def test_a_hyphenated_word_finds_and_highlights_the_hyphenated_word_only(tmp_path, word, expected, shown):
    ix = SearchIndex(tmp_path / "index")
    with ix.writer() as writer:
        for doc in HYPHEN_DOCS:
            writer.add_new(doc)
    assert set(ids(ix.search(word))) == expected
    doc = next(d for d in HYPHEN_DOCS if d.id in expected)
    assert [doc.body[s:e] for s, e in ix.hit_spans(doc.body, word)] == shown
    assert set(ids(ix.search(f"-{word} truce OR plans"))) == {"h1", "h2", "h3", "h4"} - expected
    ix.close()
