"""`briefing-index timeline|network` take the search's filters (--lang, --source, --exact, --every-actor) and
draw from exactly the articles `briefing-index search` finds with the same options (QA 4, defect 2, CLI part)."""

from __future__ import annotations

import json

import pytest

from indexer import cli

# Invented articles: one actor named in Latin and in Cyrillic script, two languages, two outlets.
# Every article is dated and quotes an actor, so the timeline's marks name every article in scope.
ARTICLES = {
    "en_port.txt": ("Envoys gather at the port\n\nSource: Harbour Courier\nDate: 2025-05-02\n\n"
                    "Sergey Lavrov arrived for the second round of talks on Friday.\n\n"
                    "\"We will talk again next week,\" Lavrov said after the meeting.\n"),
    "en_summit.txt": ("Leaders compare notes\n\nSource: Northern Tribune\nDate: 2025-05-04\n\n"
                      "Emmanuel Macron and Sergey Lavrov met on the sidelines of the summit.\n\n"
                      "\"The door stays open,\" Macron said on Sunday.\n"),
    "en_trade.txt": ("Trade ministers meet\n\nSource: Northern Tribune\nDate: 2025-05-06\n\n"
                     "Emmanuel Macron spoke about tariffs and shipping.\n\n"
                     "\"Trade needs calm waters,\" Macron said.\n"),
    "ru_talks.txt": ("Переговоры продолжатся\n\nDate: 2025-05-03\n\n"
                     "Сергей Лавров прибыл на встречу делегаций в пятницу утром. Делегации обсудили "
                     "обмен пленными, поставки зерна и работу портов на Чёрном море.\n\n"
                     "«Переговоры продолжатся на следующей неделе», — сказал Лавров журналистам.\n"),
    "ru_press.txt": ("Брифинг в Кремле\n\nDate: 2025-05-05\n\n"
                     "Дмитрий Песков провёл брифинг для журналистов в понедельник.\n\n"
                     "«Мы ждём ответа от партнёров», — сказал Песков журналистам.\n"),
}

# Each: the shared command line of `search` and of the pictures.
OPTION_SETS = [
    ["Lavrov"],
    ["Лавров"],
    ["Lavrov", "--exact"],
    ["Лавров", "--exact"],
    ["Lavrov", "--lang", "ru"],
    ["lang:ru"],
    ["--lang", "en"],
    ["--source", "Northern Tribune"],
    ["Macron", "--source", "Northern Tribune", "--lang", "en"],
    ["--actor", "Lavrov", "--actor", "Macron", "--every-actor"],
    ["--actor", "Лавров", "--every-actor", "--from", "2025-05-03"],
]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli-picture-filters")
    folder = root / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    lib = root / "lib"
    assert cli.main(["--library", str(lib), "add", str(folder), "--json"]) == 0
    return lib


def run_json(library, capsys, *argv) -> dict:
    capsys.readouterr()
    assert cli.main(["--library", str(library), *argv, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def search_options(options: list[str]) -> list[str]:
    """`search` asks every --actor of its list by itself: it has no --every-actor switch."""
    return [word for word in options if word != "--every-actor"]


def searched_ids(library, capsys, options) -> set[str]:
    found = run_json(library, capsys, "search", *search_options(options), "--limit", "100")
    return {hit["id"] for hit in found["hits"]}


@pytest.mark.parametrize("options", OPTION_SETS, ids=" ".join)
def test_the_timeline_draws_the_articles_search_finds(library, capsys, options):
    expected = searched_ids(library, capsys, options)
    timeline = run_json(library, capsys, "timeline", *options)
    assert {mark["article_id"] for mark in timeline["marks"]} == expected
    assert timeline["articles"] == len(expected)
    network = run_json(library, capsys, "network", *options)
    assert network["articles"] == len(expected)


def test_a_name_in_either_script_reaches_both_languages_unless_exact(library, capsys):
    everywhere = searched_ids(library, capsys, ["Lavrov"])
    assert len(everywhere) == 3 and searched_ids(library, capsys, ["Лавров"]) == everywhere
    timeline = run_json(library, capsys, "timeline", "Lavrov", "--exact")
    assert timeline["articles"] == 2
    assert run_json(library, capsys, "timeline", "Лавров", "--exact")["articles"] == 1


def test_every_actor_keeps_only_articles_naming_all_of_them(library, capsys):
    either = run_json(library, capsys, "timeline", "--actor", "Lavrov", "--actor", "Macron")
    both = run_json(library, capsys, "timeline", "--actor", "Lavrov", "--actor", "Macron", "--every-actor")
    assert either["articles"] == 4 and both["articles"] == 1


def test_the_json_records_the_filters(library, capsys):
    doc = run_json(library, capsys, "network", "Lavrov", "--lang", "RU", "--source", " Harbour Courier ",
                   "--exact", "--actor", "Lavrov", "--every-actor")
    assert doc["scope"] == {"query": "Lavrov", "actors": ["Lavrov"], "date_from": "", "date_to": "",
                            "article_ids": None, "language": "ru", "source": "Harbour Courier",
                            "exact": True, "every_actor": True}


def test_the_drawn_title_names_the_filters(library, tmp_path, capsys):
    out = tmp_path / "t.svg"
    assert cli.main(["--library", str(library), "timeline", "Lavrov", "--lang", "ru", "--exact", "-o", str(out)]) == 0
    assert "lang:ru" in out.read_text(encoding="utf-8") and "exact words" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("argv, words", [
    (["timeline", "--lang", "xx-not", "--json"], "not a language code"),
    (["network", "--lang", "ua", "--json"], "country code"),
    (["timeline", "lang:ru", "--lang", "en", "--json"], "lang:ru"),
    (["network", "--every-actor", "--json"], "--actor"),
    (["timeline", "--actor", "Nobody Atall", "--every-actor", "--json"], "Nobody Atall"),
    (["network", "--lang", "--json"], "expected one argument"),
])
def test_bad_filters_exit_2_with_a_message(library, capsys, argv, words):
    assert cli.main(["--library", str(library), *argv]) == 2
    err = capsys.readouterr().err
    assert words.lower() in err.lower() and "Traceback" not in err


def test_help_names_the_new_options(capsys):
    for command in ("timeline", "network"):
        with pytest.raises(SystemExit):
            cli.build_parser(command).parse_args([command, "--help"])
        text = capsys.readouterr().out
        for option in ("--lang", "--source", "--exact", "--every-actor"):
            assert option in text
