"""A picture's scope finds the articles exactly as the search does (QA 4, defect 2): an actor's other names
across scripts, `lang:` and the language filter, the source filter, the Exact switch and every actor of the
Actor filter."""

from __future__ import annotations

import pytest

from indexer.errors import QueryError
from indexer.library import Library
from indexer.pictures import Scope, network_data, timeline_data

ARTICLES = {
    "en_talks.txt": ("Envoys meet in Valdoria\n\nSource: Harbour Courier\nDate: 2025-03-10\n\n"
                     "Sergey Lavrov met the envoys on Monday and spoke about the next round of talks. "
                     "The meeting lasted three hours.\n"),
    "en_grain.txt": ("Grain ships leave the port\n\nSource: Northern Tribune\nDate: 2025-03-12\n\n"
                     "Lavrov said the ships could sail. Emmanuel Macron welcomed the news from the port.\n"),
    "ru_talks.txt": ("Переговоры продолжатся\n\nДата: 2025-03-11\n\n"
                     "Сергей Лавров заявил во вторник, что переговоры продолжатся на следующей неделе. "
                     "По его словам, делегации уже готовят новые предложения для встречи.\n"),
    "ru_weather.txt": ("Погода в столице\n\nДата: 2025-03-13\n\n"
                       "В столице ожидается тёплая погода. Синоптики обещают солнце и лёгкий ветер всю неделю.\n"),
    "en_energy.txt": ("Energy ministers meet\n\nSource: Harbour Courier\nDate: 2025-03-14\n\n"
                      "Ministers discussed energy security and winter reserves.\n"),
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    root = tmp_path_factory.mktemp("follow")
    folder = root / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    library = Library(root / "library")
    assert len(library.add([folder]).added) == len(ARTICLES)
    yield library
    library.close()


def searched(lib, query, **filters) -> set[str]:
    return {hit.id for hit in lib.search(query, limit=100, **filters).hits}


def scoped(lib, query, **filters) -> set[str]:
    return set(lib.matching_ids(query, 100, **filters))


def title_of(lib, article_id):
    return lib.article(article_id).title


CASES = [
    ("Lavrov", {}),
    ("Лавров", {}),
    ("Lavrov", {"exact": True}),
    ("Lavrov", {"language": "ru"}),
    ("lang:ru", {}),
    ("Lavrov lang:en", {}),
    ("Lavrov", {"source": "Harbour Courier"}),
    ("", {"source": "Harbour Courier"}),
    ("", {"language": "ru"}),
    ("", {"actors": ["Sergey Lavrov", "Emmanuel Macron"]}),
]


@pytest.mark.parametrize("query, filters", CASES)
def test_the_scope_finds_what_the_search_finds(lib, query, filters):
    assert scoped(lib, query, **filters) == searched(lib, query, **filters)


def test_a_name_in_latin_finds_the_cyrillic_article_and_exact_does_not(lib):
    titles = {title_of(lib, i) for i in scoped(lib, "Lavrov")}
    assert "Переговоры продолжатся" in titles and len(titles) == 3
    assert "Переговоры продолжатся" not in {title_of(lib, i) for i in scoped(lib, "Lavrov", exact=True)}


def test_lang_ru_gives_the_russian_articles(lib):
    assert {title_of(lib, i) for i in scoped(lib, "lang:ru")} == {"Переговоры продолжатся", "Погода в столице"}


@pytest.mark.parametrize("scope, filters", [
    (Scope("Lavrov"), {}),
    (Scope("lang:ru"), {}),
    (Scope("Lavrov", language="ru"), {"language": "ru"}),
    (Scope("Lavrov", source="Northern Tribune"), {"source": "Northern Tribune"}),
    (Scope("Lavrov", exact=True), {"exact": True}),
    (Scope("", ("Sergey Lavrov", "Emmanuel Macron"), every_actor=True), {"actors": ["Sergey Lavrov", "Emmanuel Macron"]}),
])
def test_the_pictures_count_the_searched_articles(lib, scope, filters):
    total = lib.search(scope.query, limit=100, **filters).total
    assert timeline_data(lib, scope).articles == total
    assert network_data(lib, scope).articles == total


def test_without_every_actor_a_scope_keeps_any_of_its_actors(lib):
    either = timeline_data(lib, Scope("", ("Sergey Lavrov", "Emmanuel Macron"))).articles
    both = timeline_data(lib, Scope("", ("Sergey Lavrov", "Emmanuel Macron"), every_actor=True)).articles
    assert either == 3 and both == 1


def test_a_language_conflict_and_an_unknown_actor_are_explained(lib):
    with pytest.raises(QueryError, match="lang:ru but the language filter is en"):
        timeline_data(lib, Scope("lang:ru", language="en"))
    with pytest.raises(QueryError, match="No actor called 'Nobody Atall'"):
        timeline_data(lib, Scope("", ("Nobody Atall",), every_actor=True))
    with pytest.raises(QueryError):
        timeline_data(lib, Scope("", language="xx-not-a-code"))


def test_the_new_fields_survive_json_and_old_scopes_load_as_before():
    scope = Scope("Lavrov", ("Lavrov",), language="ru", source="Harbour Courier", exact=True, every_actor=True)
    assert Scope.from_json(scope.to_json()) == scope
    assert Scope.from_json({"query": "x", "actors": [], "date_from": "", "date_to": ""}) == Scope("x")
    with pytest.raises(ValueError):
        Scope.from_json({"query": "x", "exact": "yes"})


def test_the_description_names_the_filters():
    text = Scope("Lavrov", language="ru", source="Harbour Courier", exact=True).describe()
    assert text == "“Lavrov” · lang:ru · from Harbour Courier · exact words"
