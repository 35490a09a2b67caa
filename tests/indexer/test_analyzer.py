"""The text analysis of index and queries: spelling variants of one word are one term (issue 13), and
an index built by the older analysis is searched as before until it is upgraded."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st
from whoosh import fields
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map

import indexer.index as index_module
from indexer.cli import main
from indexer.errors import QueryError
from indexer.index import (
    ANALYZER_VERSION, TEXT_ANALYZER, IndexDoc, PreAnalysableText, SearchIndex, highlight_spans, term_spans,
)
from indexer.library import Library


def analysed(text):
    return [t.text for t in TEXT_ANALYZER(text)]


@pytest.mark.parametrize("variants, term", [
    (["Russia", "Russia's", "Russia’s", "Russiaʼs", "RUSSIA'S"], "russia"),
    (["Zelenskyy", "Zelenskyy's", "Zelenskyy’s", "Zelenskyyʼs"], "zelenskyi"),
    (["U.S.", "US", "U.S", "US's", "US’s"], "us"),
    (["U.K.", "UK", "UK's"], "uk"),
    (["U.N.", "UN", "UN’s"], "un"),
    (["NATO", "NATO's", "N.A.T.O."], "nato"),
    (["Ukrainians", "Ukrainians'", "Ukrainians’"], "ukrainian"),
    (["don't", "don’t", "donʼt"], "don't"),
    (["o'clock", "o’clock"], "o'clock"),
])
def test_spelling_variants_of_a_word_analyse_alike(variants, term):
    for word in variants:
        assert analysed(word) == [term], word


def test_the_pronoun_us_stays_a_stop_word_while_initialisms_are_kept():
    assert analysed("let us talk") == ["let", "talk"]
    assert analysed("the US and the U.S. and IT") == ["us", "us", "it"]
    assert analysed("it's") == [] and analysed("ʼs") == []  # nothing left but a stop word or an apostrophe


def test_a_dotted_initialism_keeps_its_neighbours_and_its_positions():
    tokens = [(t.text, t.pos, t.startchar, t.endchar) for t in TEXT_ANALYZER("the U.S.-led plan, e.g. today",
                                                                           positions=True, chars=True)]
    assert tokens == [("us", 1, 4, 8), ("led", 2, 9, 12), ("plan", 3, 13, 17), ("eg", 4, 19, 23),
                      ("todai", 5, 24, 29)]  # consecutive, as the phrase matcher needs


DOCS = [
    IndexDoc("a", "Talks stall", "Russia's position on the U.S. proposal hardened; Zelenskyy’s aide left."),
    IndexDoc("b", "Envoys meet", "The US envoy met Russia's foreign minister. Let us wait, he said."),
    IndexDoc("c", "Grain", "Grain exports from Ukraine resumed at nine o’clock; traders don't expect delays."),
    IndexDoc("d", "Quiet day", "Nobody told us anything about the grain."),
]


@pytest.fixture
def index(tmp_path):
    ix = SearchIndex(tmp_path / "index")
    with ix.writer() as writer:
        for doc in DOCS:
            writer.add_new(doc)
    yield ix
    ix.close()


def found(ix, query):
    return sorted(h.id for h in ix.search(query).hits)


def test_queries_analyse_like_the_text(index):
    assert found(index, "Russia") == ["a", "b"]
    assert found(index, "U.S.") == found(index, "US") == ["a", "b"]  # never the pronoun in d
    assert found(index, "Zelenskyy") == found(index, "Zelenskyy's") == ["a"]
    assert found(index, '"Russia\'s position"') == found(index, '"Russia position"') == ["a"]
    assert found(index, "don’t") == found(index, "o'clock") == ["c"]
    with pytest.raises(QueryError, match="nothing to search for"):
        index.search("us")


def test_highlights_cover_the_whole_word(index):
    text = "Russia's envoy, the U.S. team and us; Russia’s aide."
    spans = highlight_spans(text, *index.query_highlights("Russia US"))
    assert [text[s:e] for s, e in spans] == ["Russia's", "U.S.", "Russia’s"]
    assert [text[s:e] for s, e in index.hit_spans(text, '"Russia\'s envoy"')] == ["Russia's envoy"]


WORDS = ["Russia's", "Russia’s", "U.S.", "US", "us", "U.S", "N.A.T.O.", "NATO", "o’clock", "don't", "ʼs", "it's",
         "Ukrainians'", "U.S.-led", "e.g.", "a.b.c.d", "U.S.Army", "THE", "Élysée's", "x.y."]


@pytest.mark.parametrize("query", ["Russia", "US", "NATO", "o'clock", "don't", "ukrainian", "elysee", "led", "xy"])
def test_term_spans_equal_the_analyzer_on_word_shapes(query):
    text = " ".join(WORDS) + " " + ",".join(WORDS) + " (" + "".join(WORDS) + ")"
    terms = frozenset(analysed(query))
    brute = [(t.startchar, t.endchar) for t in TEXT_ANALYZER(text, chars=True) if t.text in terms]
    assert term_spans(text, terms) == brute and brute


# -- an index built by the older analysis (version 1) ---------------------------------------------------
_V1_PATTERN = r"\w+(?:[.'’]\w+)*"


def legacy_schema() -> fields.Schema:
    """The schema as version 1 made it: the old analyzer, no analyzer version recorded."""
    text = RegexTokenizer(_V1_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter() | StemFilter()
    names = RegexTokenizer(_V1_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
    return fields.Schema(
        id=fields.ID(stored=True, unique=True), title=PreAnalysableText(analyzer=text, stored=True),
        body=PreAnalysableText(analyzer=text), date=fields.ID(stored=True, sortable=True),
        day=fields.NUMERIC(int, bits=32), author=fields.TEXT(analyzer=names, stored=True),
        source=fields.TEXT(analyzer=names, stored=True), path=fields.ID(stored=True),
        content_hash=fields.ID(stored=True),
        actors=fields.KEYWORD(stored=True, lowercase=False, commas=False, scorable=True),
    )


def test_a_new_index_records_the_analyzer_version(index):
    assert index.analyzer_version == ANALYZER_VERSION and not index.outdated


def test_an_old_index_is_searched_as_it_was_built_until_rebuilt(tmp_path, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(index_module, "make_schema", legacy_schema)
        ix = SearchIndex(tmp_path / "index")
    with ix.writer() as writer:
        for doc in DOCS:
            writer.add_new(doc)
    assert ix.outdated and ix.analyzer_version == "1"
    assert found(ix, "Russia") == []  # the old way: "Russia's" is russia'
    assert found(ix, "Russia's") == ["a", "b"]  # but what it found before, it still finds
    ix.recreate()
    with ix.writer() as writer:
        for doc in DOCS:
            writer.add_new(doc)
    assert not ix.outdated and found(ix, "Russia") == ["a", "b"]
    ix.close()


ARTICLE = "Talks in Riyadh\n\nRussia's envoy met the U.S. delegation in Riyadh on Tuesday. Let us hope, one said.\n"


@pytest.fixture
def legacy_library(tmp_path, monkeypatch):
    """A library whose index was built by version 1 of the analysis."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "riyadh.txt").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "lib"
    with Library(path) as lib:
        lib.add([tmp_path / "in"])
        with monkeypatch.context() as m:
            m.setattr(index_module, "make_schema", legacy_schema)
            lib.rebuild()
    return path


def test_an_outdated_library_searches_with_a_note_and_upgrades_at_the_next_import(legacy_library, tmp_path):
    with Library(legacy_library) as lib:
        assert lib.index_outdated and "rebuild" in lib.index_note and str(legacy_library) in lib.index_note
        assert lib.search("Riyadh").total == 1  # still searchable, the old way
        assert lib.search("Russia").total == 0
        (tmp_path / "more").mkdir()
        (tmp_path / "more" / "note.txt").write_text("Grain talks\n\nThe UN grain plan.\n", encoding="utf-8")
        steps = []
        gen = lib.iter_add([tmp_path / "more"])
        try:
            while True:
                steps.append(next(gen).message)
        except StopIteration:
            pass
        assert "Upgrading the search index" in steps
        assert not lib.index_outdated and lib.index_note == ""
        assert lib.search("Russia").total == 1 and lib.search("U.N.").total == 1 and lib.search("US").total == 1


def test_rebuild_upgrades_an_outdated_library(legacy_library):
    with Library(legacy_library) as lib:
        lib.rebuild()
    with Library(legacy_library) as lib:
        assert not lib.index_outdated
        hit = lib.search("Russia").hits[0]
        assert [s.text[a:b] for s in hit.snippets for a, b in s.highlights] == ["Russia's"]


def test_the_cli_notes_an_outdated_index_on_search_and_upgrades_on_add(legacy_library, tmp_path, capsys):
    assert main(["--library", str(legacy_library), "search", "Riyadh"]) == 0
    out, err = capsys.readouterr()
    assert "1 article(s) match" in out and "older version" in err and "briefing-index rebuild" in err
    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "a.txt").write_text("Ceasefire\n\nThe U.K. backs the ceasefire.\n", encoding="utf-8")
    assert main(["--library", str(legacy_library), "add", str(tmp_path / "extra")]) == 0
    capsys.readouterr()
    assert main(["--library", str(legacy_library), "search", "Russia"]) == 0
    out, err = capsys.readouterr()
    assert "1 article(s) match" in out and err == ""


def test_indexes_made_before_the_engine_moved_still_open():
    """A version 1 index pickled its schema's field class as indexer.index.PreAnalysableText."""
    import io
    import pickle

    from indexer.search import whoosh_engine

    unpickler = pickle.Unpickler(io.BytesIO(b""))
    for name in ("PreAnalysableText", "BriefingAnalyzer"):
        assert unpickler.find_class("indexer.index", name) is getattr(whoosh_engine, name)



# -- our analysis is plain Python: the same tokens as the Whoosh chain that first implemented version 2 -------
def _reference_chain():
    """Version 2 as a Whoosh filter chain (how it was first written), to compare `analyse` with."""
    from whoosh.analysis import Filter

    class Shape(Filter):
        def __call__(self, tokens):
            for t in tokens:
                text = t.text.translate(str.maketrans({"’": "'", "ʼ": "'"}))
                text = text[:-2] if text[-2:] in ("'s", "'S") else text
                text = text.rstrip("'")
                if not text:
                    continue
                dotted = "." in text and re.fullmatch(r"[^\W\d_](?:\.[^\W\d_])+\.?", text) is not None
                text = text.replace(".", "") if dotted else text
                t.initialism = dotted or (2 <= len(text) <= 5 and text.isalpha() and text.isupper())
                t.text = text.lower()
                yield t

    class Sparing(StopFilter):
        def __call__(self, tokens):
            pos = None
            for t in tokens:
                if (t.text not in self.stops and len(t.text) >= 2) or t.initialism:
                    if t.positions:
                        pos = t.pos if pos is None else pos + 1
                        t.pos = pos
                    t.stopped = False
                    yield t
                elif not t.removestops:
                    t.stopped = True
                    yield t

    pattern = r"[^\W\d_](?:\.[^\W\d_])+\.(?!\w)|\w+(?:[.'’ʼ]\w+)*"
    return RegexTokenizer(pattern) | Shape() | CharsetFilter(accent_map) | Sparing() | StemFilter(cachesize=-1)


REFERENCE = _reference_chain()
SHAPES = ["Russia's", "U.S.", "US", "us", "the", "N.A.T.O.", "o’clock", "ʼs", "Élysée's", "AIDS", "talks", "x", "2025",
          "U.S.-led", "e.g.", "Straße", "ÆTHER", "it's", "THE", "Zelenskyyʼs", "peace*"]


def _tokens(analyzer, text, **kwargs):
    return [(t.text, t.pos, t.startchar, t.endchar, t.stopped)
            for t in analyzer(text, positions=True, chars=True, **kwargs)]


@given(st.lists(st.sampled_from(SHAPES) | st.text(max_size=8), max_size=30).map(" ".join), st.booleans())
@settings(max_examples=300, deadline=None)
def test_our_analysis_gives_the_tokens_of_the_whoosh_chain(text, removestops):
    reference = _tokens(REFERENCE, text, removestops=removestops)
    assert _tokens(_version_2_analyzer(), text, removestops=removestops) == reference
    if not re.search(r"[\u0400-\u04ff]", text):  # version 3 changed only Cyrillic words
        assert _tokens(TEXT_ANALYZER, text, removestops=removestops) == reference


def _version_2_analyzer():
    """The analyzer as a version 2 index pickled it: no version recorded."""
    from indexer.index import BriefingAnalyzer

    analyzer = BriefingAnalyzer()
    del analyzer.version
    return analyzer


@pytest.mark.parametrize("word", SHAPES)
def test_a_whole_word_is_analysed_alike_untokenized(word):  # wildcards and range ends
    kwargs = {"tokenize": False, "removestops": False}
    assert _tokens(TEXT_ANALYZER, word, **kwargs) == _tokens(REFERENCE, word, **kwargs)
