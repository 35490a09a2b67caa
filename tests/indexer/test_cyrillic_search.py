"""Russian and Ukrainian words are folded and stemmed (analyzer version 3, issue 16 item 2), in the index,
the query and the highlights alike; an index built before is searched as it was built until upgraded."""

from __future__ import annotations

import pytest

import indexer.index as index_module
from indexer.index import TEXT_ANALYZER, BriefingAnalyzer, IndexDoc, SearchIndex, make_schema

DOCS = [
    IndexDoc("ru1", "Встреча", "Стороны договорились о новых переговорах в Стамбуле."),
    IndexDoc("ru2", "Ёлка", "Делегация ещё не прибыла; Королёв заявил об этом."),
    IndexDoc("uk1", "Зустріч", "Сторони домовилися про нові перемовини щодо угоди."),
    IndexDoc("uk2", "Заява", "Після перемовин у Стамбулі сторони говорили про пʼять пунктів угоді."),
    IndexDoc("en1", "Talks", "The negotiations in Istanbul continued; talks resumed."),
]


def analysed(text):
    return [t.text for t in TEXT_ANALYZER(text)]


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


def shown(ix, doc_id, query):
    body = next(d.body for d in DOCS if d.id == doc_id)
    return [body[s:e] for s, e in ix.hit_spans(body, query)]


@pytest.mark.parametrize("forms", [
    ["переговоры", "переговорах", "переговоров", "Переговорами"],  # Russian
    ["перемовини", "перемовин", "перемовинах", "ПЕРЕМОВИНАМИ"],  # Ukrainian
    ["угода", "угоди", "угоді", "угоду", "угодою"],  # Ukrainian, the locative in і
    ["війна", "війни", "війні", "війною"],  # a Ukrainian stem holding і
])
def test_the_inflected_forms_of_a_cyrillic_word_are_one_term(forms):
    assert len({analysed(form)[0] for form in forms}) == 1, [analysed(f) for f in forms]


def test_yo_is_e_and_the_cyrillic_apostrophes_are_one():
    assert analysed("ещё Королёв ЁЛКА") == analysed("еще Королев ЕЛКА")
    assert analysed("пʼять") == analysed("п’ять") == analysed("п'ять")


def test_a_russian_query_finds_and_highlights_the_inflected_form(index):
    assert found(index, "переговоры") == ["ru1"]
    assert shown(index, "ru1", "переговоры") == ["переговорах"]


def test_a_ukrainian_query_finds_and_highlights_the_inflected_form(index):
    assert found(index, "перемовини") == ["uk1", "uk2"]
    assert shown(index, "uk2", "перемовини") == ["перемовин"]
    assert found(index, "угода") == ["uk1", "uk2"]
    assert shown(index, "uk2", "угода") == ["угоді"]


def test_yo_and_apostrophes_search_and_highlight_alike(index):
    assert found(index, "еще Королев") == ["ru2"]
    assert shown(index, "ru2", "Королев") == ["Королёв"]
    assert found(index, "п'ять") == found(index, "п’ять") == ["uk2"]
    assert shown(index, "uk2", '"п\'ять пунктів"') == ["пʼять пунктів"]


def test_english_is_analysed_as_before(index):
    assert analysed("The negotiations, Russia's talks") == ["negoti", "russia", "talk"]
    assert found(index, "negotiation") == ["en1"]


def test_an_index_built_before_version_3_is_searched_as_it_was_built(tmp_path, monkeypatch):
    def version_2_schema():
        schema = make_schema()
        for name in ("title", "body", "author", "source"):
            analyzer = BriefingAnalyzer(names=name in ("author", "source"))
            del analyzer.version  # as version 2 pickled it: no version on the analyzer
            schema[name].analyzer = analyzer
        for name in ("title", "body"):
            schema[name].analyzer_version = "2"
        return schema

    with monkeypatch.context() as m:
        m.setattr(index_module, "make_schema", version_2_schema)
        ix = SearchIndex(tmp_path / "index")
    with ix.writer() as writer:
        for doc in DOCS:
            writer.add_new(doc)
    try:
        assert ix.outdated and ix.analyzer_version == "2"
        assert found(ix, "переговорах") == ["ru1"]  # the exact form, as version 2 found it
        assert found(ix, "переговоры") == []  # not yet stemmed: rebuild upgrades it
        assert found(ix, "negotiation") == ["en1"]
    finally:
        ix.close()


def test_a_library_with_a_version_2_index_says_what_the_upgrade_brings(tmp_path, monkeypatch):
    from indexer.library import Library

    (tmp_path / "a.txt").write_text("Переговоры\n\nСтороны договорились о новых переговорах в Стамбуле.\n",
                                    encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        lib.add([tmp_path / "a.txt"])
    monkeypatch.setattr(SearchIndex, "analyzer_version", property(lambda self: "2"))
    with Library(tmp_path / "lib") as lib:
        assert lib.index_outdated and "Russian and Ukrainian" in lib.index_note and "Russia's" not in lib.index_note
        assert "File ▸ Rebuild Index" in lib.index_note


@pytest.mark.parametrize("query, expected, word", [
    ("перегово*", ["ru1"], "переговорах"), ("Україн*", ["uk3"], "Україні"), ("Украї*", ["uk3"], "України"),
    ("угод*", ["uk1", "uk2"], "угоди"), ("Королё*", ["ru2"], "Королёв"),
])
def test_a_cyrillic_prefix_finds_the_words_that_start_with_it(tmp_path, query, expected, word):
    docs = DOCS + [IndexDoc("uk3", "Україна", "Посол України заявив, що в Україні тихо.")]
    ix = SearchIndex(tmp_path / "index")
    with ix.writer() as writer:
        for doc in docs:
            writer.add_new(doc)
    try:
        assert found(ix, query) == expected
        body = next(d.body for d in docs if d.id == expected[0])
        assert word in [body[s:e] for s, e in ix.hit_spans(body, query)]
    finally:
        ix.close()
