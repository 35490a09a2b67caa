"""A case form of a Cyrillic name (Уиткоффа, Віткоффом) is searched as the actor's names in every script.

The articles are invented for the test."""

from __future__ import annotations

import pytest

from indexer.library import Library
from indexer.name_keys import keys_of, may_name

ARTICLES = {
    "en.txt": "Envoy returns to Moscow\n\nUS envoy Steve Witkoff arrived in Moscow on Tuesday for a second round.",
    "ru.txt": "Визит в Москву\n\nСпецпосланник Стив Уиткофф прибыл в Москву во вторник для второго раунда.",
    "uk.txt": "Візит до Москви\n\nЗустріч зі Стівом Віткоффом відбулася у вівторок, повідомили в Кремлі.",
    "other.txt": "Orchard prices\n\nApple growers in the valley said prices fell again this week.",
    "zen-en.txt": "Kyiv visit\n\nPresident Volodymyr Zelensky met harbour workers in Odesa on Friday.",
    "zen-ru.txt": "Визит в Одессу\n\nВ пятницу Зеленский встретился с портовиками Одессы.",
    "zen-uk.txt": "Візит до Одеси\n\nУ пʼятницю президентові Зеленському показали новий причал в Одесі.",
}


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    library = Library(tmp_path_factory.mktemp("lib"))
    library.add([folder])
    yield library
    library.close()


def _paths(hits) -> set[str]:
    return {h.path.rsplit("/", 1)[-1] for h in hits.hits}


@pytest.mark.parametrize("query", ["Уиткоффа", "Віткоффом", "уиткоффа", "Witkoff", "Уиткофф"])
def test_a_case_form_finds_the_actor_in_every_script(lib, query):
    assert _paths(lib.search(query)) == {"en.txt", "ru.txt", "uk.txt"}


@pytest.mark.parametrize("query", ["Зеленського", "Зеленского", "Зеленському"])
def test_a_case_form_that_replaces_the_names_ending_finds_the_actor(lib, query):
    lib.close()  # a fresh process: the name keys beside the library decide whether the engine is asked
    fresh = Library(lib.path)
    assert {"zen-en.txt", "zen-ru.txt", "zen-uk.txt"} <= _paths(fresh.search(query))
    fresh.close()


def test_exact_search_keeps_the_typed_form_only(lib):
    assert _paths(lib.search("Уиткоффа", exact=True)) == {"ru.txt"}  # the stem of the Russian form


def test_actor_field_takes_a_case_form(lib):
    assert _paths(lib.search("actor:Віткоффа")) == {"en.txt", "ru.txt", "uk.txt"}


@pytest.mark.parametrize("word", ["Уиткоффизм", "Путинизм", "уиткоффщина"])
def test_another_word_built_on_a_name_is_not_the_actor(lib, word):
    assert lib.actors_engine.inflected_ids(word) == []


def test_name_keys_let_a_cyrillic_case_form_through_and_nothing_else():
    keys = keys_of(["Уиткофф", "Witkoff", "Зеленський", "Зеленский", "Захарова"])
    assert may_name(keys, "Уиткоффа") and may_name(keys, "Уиткоффом") and may_name(keys, "witkoff")
    assert may_name(keys, "Зеленського") and may_name(keys, "Зеленского") and may_name(keys, "Захаровой")
    assert not may_name(keys, "Witkoffs") and not may_name(keys, "Уит") and not may_name(keys, "переговоры")


_OV_ARTICLES = {
    "lavrov-gen.txt": "Слова министра\n\nМИД России сообщил со ссылкой на слова Лаврова, что переговоры продолжатся.",
    "lavrov-en.txt": "Minister speaks\n\nForeign Minister Sergei Lavrov said the talks would continue next week.",
    "lavrov-nom.txt": "Заявление\n\n«Переговоры продолжатся», — заявил Лавров журналистам во вторник.",
    "dmitriev.txt": "Встреча в Москве\n\nСпецпосланник Кирилл Дмитриев встретился с Уиткоффом во вторник.",
    "dmitry.txt": "Брифинг\n\nПредставитель Кремля Дмитрий Песков провел брифинг для журналистов во вторник.",
}


@pytest.fixture(scope="module")
def ov_lib(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ov")
    for name, text in _OV_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    library = Library(tmp_path_factory.mktemp("ovlib"))
    library.add([folder])
    yield library
    library.close()


def test_a_surname_in_ov_is_found_in_its_other_cases(ov_lib):
    """The stemmer cuts 'Лавров' to 'лавр' but 'Лаврова' to 'лавров': a search for Lavrov finds both."""
    assert _paths(ov_lib.search("Lavrov")) == {"lavrov-gen.txt", "lavrov-en.txt", "lavrov-nom.txt"}


def test_a_surname_built_on_a_first_name_does_not_find_the_first_name(ov_lib):
    """'Дмитриев' stems like 'Дмитрий': a search for Dmitriev never finds Dmitry Peskov."""
    found = ov_lib.search("Dmitriev")
    assert _paths(found) == {"dmitriev.txt"}
    marks = {s.text[a:b] for h in found.hits for s in h.snippets for a, b in s.highlights}
    assert marks == {"Кирилл Дмитриев"}


def test_a_womans_surname_that_stems_like_the_mans_is_searched_by_her_full_names(tmp_path):
    """'Зеленська' and 'Зеленський' have one stem: a search for Zelenska finds her (by her full names in any
    script), never an article that names only the president."""
    folder = tmp_path / "z"
    folder.mkdir()
    (folder / "him.txt").write_text("Візит\n\nПрезидент Володимир Зеленський відвідав Одесу у пʼятницю.\n")
    (folder / "her.txt").write_text("Перша леді\n\nОлена Зеленська відвідала школу. Зеленська поспілкувалася з учнями.\n")
    (folder / "her-en.txt").write_text("First lady\n\nOlena Zelenska visited a school in Kyiv on Friday.\n")
    with Library(tmp_path / "lib") as lib:
        lib.add([folder])
        assert _paths(lib.search("Zelenska")) == {"her.txt", "her-en.txt"}
        assert {"him.txt"} <= _paths(lib.search("Zelensky"))


def test_a_full_name_typed_as_words_is_searched_as_the_name(ov_lib):
    """'Sergei Lavrov' without quotes finds him in every script, as the quoted name does (the words alone
    would need 'Sergei' in a Russian article); words that name no actor stay words."""
    quoted = _paths(ov_lib.search('"Sergei Lavrov"'))
    assert _paths(ov_lib.search("Sergei Lavrov")) == quoted == {"lavrov-gen.txt", "lavrov-en.txt", "lavrov-nom.txt"}
    assert _paths(ov_lib.search("Sergei Lavrov", exact=True)) == {"lavrov-en.txt"}
    assert _paths(ov_lib.search("Minister Speaks")) == {"lavrov-en.txt"}  # the title's words, ANDed
