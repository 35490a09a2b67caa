"""The language filter of search: Library.search(language=...) and `briefing-index search --lang CODE`.

All articles are invented for these tests.
"""

from __future__ import annotations

import json

import pytest

from indexer.cli import main
from indexer.errors import QueryError
from indexer.library import Library

ENGLISH = [
    ("en1", "Valmora ferry talks resume", "Sergei Lavrov said the Valmora ferry talks would resume next week, "
     "and officials from both river provinces agreed to meet in the harbour office on Tuesday."),
    ("en2", "Valmora crossing reopens", "The Valmora crossing reopened on Monday after a month of talks between "
     "the two provinces, and the first ferry carried forty passengers across the river."),
    ("en3", "Valmora port workers strike", "Port workers in Valmora went on strike on Friday, saying the new ferry "
     "timetable had doubled their shifts without any increase in pay or rest."),
]
RUSSIAN = [
    ("ru1", "Переговоры о пароме Valmora продолжатся", "Делегации двух областей договорились продолжить переговоры "
     "о пароме Valmora на следующей неделе, это сообщили участники встречи в портовой администрации."),
    ("ru2", "Паром Valmora вышел на линию", "Паром Valmora в понедельник вышел на линию после месяца переговоров, "
     "и это уже заметили жители прибрежных сёл, которые ждали его всю зиму."),
]
UKRAINIAN = [
    ("uk1", "Пором Valmora знову курсує", "Пором Valmora знову курсує між двома областями, що стало можливим "
     "після переговорів, які тривали місяць, повідомили у портовій адміністрації."),
]
LANGUAGE_OF = {key: key[:2] for key, _title, _body in ENGLISH + RUSSIAN + UKRAINIAN}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("lang")
    folder = root / "articles"
    folder.mkdir()
    for key, title, body in ENGLISH + RUSSIAN + UKRAINIAN:
        (folder / f"{key}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    with Library(root / "lib") as lib:
        report = lib.add([folder])
        assert len(report.added) == 6
    return root / "lib"


def key(hit) -> str:
    return hit.path.rsplit("/", 1)[-1].removesuffix(".txt")


def keys(result) -> set[str]:
    return {key(hit) for hit in result.hits}


def test_the_languages_were_detected(library):
    with Library(library) as lib:
        result = lib.search("Valmora", limit=50)
    assert result.total == 6 and {key(hit): hit.language for hit in result.hits} == LANGUAGE_OF


@pytest.mark.parametrize(("code", "expected"), [("ru", {"ru1", "ru2"}), ("uk", {"uk1"}), ("en", {"en1", "en2", "en3"})])
def test_search_keeps_one_language(library, code, expected):
    with Library(library) as lib:
        result = lib.search("Valmora", language=code, limit=50)
    assert keys(result) == expected and result.total == len(expected)
    assert all(hit.language == code for hit in result.hits)
    assert all(hit.snippets for hit in result.hits)  # highlighted as usual


def test_total_counts_the_language_beyond_the_limit(library):
    with Library(library) as lib:
        result = lib.search("Valmora", language="ru", limit=1, sort="date")
    assert result.total == 2 and len(result.hits) == 1 and result.hits[0].language == "ru"


def test_actor_counts_are_the_languages_own(library):
    with Library(library) as lib:
        everywhere = dict(lib.search("Valmora", facets=True, limit=50).facets)
        russian = dict(lib.search("Valmora", facets=True, limit=50, language="ru").facets)
        lavrov = [actor for actor in everywhere if "Lavrov" in lib.actor(actor).name]
    assert lavrov, "an English article names Lavrov"
    assert lavrov[0] not in russian and all(count <= 2 for count in russian.values())


def test_language_alone_lists_that_languages_articles(library):
    with Library(library) as lib:
        result = lib.search(language="uk")
    assert keys(result) == {"uk1"} and result.total == 1


@pytest.mark.parametrize(("code", "hint"), [("ua", "'uk'"), ("russian", "ISO 639-1"), ("r", "ISO 639-1")])
def test_a_bad_language_code_is_a_query_error_naming_it(library, code, hint):
    with Library(library) as lib, pytest.raises(QueryError, match=hint):
        lib.search("Valmora", language=code)


def test_no_language_filter_when_none_or_empty(library):
    with Library(library) as lib:
        assert lib.search("Valmora", language="", limit=50).total == 6
        assert lib.search("Valmora", language=None, limit=50).total == 6
        assert lib.search("Valmora", language=" RU ", limit=50).total == 2


# --- the CLI ---------------------------------------------------------------------------------------


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_search_lang(library, capsys):
    code, out, err = run(capsys, "--library", str(library), "search", "Valmora", "--lang", "ru", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["total"] == 2 and {h["language"] for h in data["hits"]} == {"ru"}


def test_cli_search_lang_alone_and_table(library, capsys):
    code, out, err = run(capsys, "--library", str(library), "search", "--lang", "uk")
    assert code == 0, err
    assert "1 article(s)" in out and "  uk  " in out


def test_cli_search_bad_lang_exits_2_with_the_likely_code(library, capsys):
    code, out, err = run(capsys, "--library", str(library), "search", "Valmora", "--lang", "ua")
    assert code == 2 and out == ""
    assert "--lang" in err and "'uk'" in err and "Traceback" not in err
