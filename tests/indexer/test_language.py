"""Language per article: detection, storage (and the upgrade of older stores), corrections, CLI."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.cli import main
from indexer.ingest import prepare_bytes
from indexer.ingest.language import (
    LANGUAGES, SAMPLE_CHARS, detect_language, is_language_code, language_code_problem,
)
from indexer.library import Library
from indexer.store import SCHEMA_VERSION, ArticleStore, StoreError

# Invented texts of the kind real sources publish: a wire dateline, a quote, names in inflected forms.
RUSSIAN = (
    "СТАМБУЛ, 3 июня. Российская делегация во главе с Владимиром Мединским провела встречу с украинской стороной. "
    "«Мы передали свой меморандум и ждём ответа», — сказал Мединский журналистам после переговоров. "
    "По его словам, следующий раунд может пройти уже в этом месяце, если Киев согласится на обмен пленными."
)
UKRAINIAN = (
    "Міністр оборони Рустем Умєров повідомив, що українська делегація передала російській стороні свій "
    "меморандум. «Ми готові до наступного раунду, але лише після обміну полоненими», — заявив Умєров. "
    "За його словами, перемовини у Стамбулі тривали майже дві години, і це був крок уперед."
)
ENGLISH = (
    "Ukrainian and Russian delegations met in Istanbul on Monday for a second round of direct talks, "
    "and both sides said they had exchanged written proposals for a ceasefire."
)
# A Russian report quoting a Ukrainian statement in the original, and the reverse.
RUSSIAN_QUOTING_UKRAINIAN = RUSSIAN + " Умеров написал в соцсетях: «Україна готова до миру»."
UKRAINIAN_QUOTING_RUSSIAN = UKRAINIAN + " Мединский ответил: «Поработаем, а потом посмотрим»."


@pytest.mark.parametrize(("text", "expected"), [
    (RUSSIAN, "ru"),
    (UKRAINIAN, "uk"),
    (ENGLISH, "en"),
    (RUSSIAN_QUOTING_UKRAINIAN, "ru"),
    (UKRAINIAN_QUOTING_RUSSIAN, "uk"),
    (ENGLISH + " In Russian: «переговоры»; in Ukrainian: «перемовини».", "en"),
    (RUSSIAN + " По данным Reuters и AP, стороны обсудили Black Sea Initiative.", "ru"),
])
def test_russian_ukrainian_and_english(text, expected):
    assert detect_language(text) == expected


def test_ukrainian_without_its_special_letters_is_told_by_its_words():
    """A short Ukrainian sentence with no і ї є ґ: the function words still say which language it is."""
    text = "Посадовець сказав, що вони вже мають план, але його ще треба погодити, щоб перемовини тривали."
    assert not set("іїєґ") & set(text.lower())
    assert detect_language(text) == "uk"


def test_title_counts_as_evidence():
    assert detect_language("Переговоры продолжатся", title="Мединский: мы ждём ответа от Киева, это важно") == "ru"


@pytest.mark.parametrize(("text", "expected"), [
    ("Дэлегацыя Беларусі ўдзельнічала ў сустрэчы, а потым адбылася прэс-канферэнцыя ў Мінску.", "be"),
    ("Делегациите се срещнаха в Истанбул, където обсъдиха размяната на пленници и бъдещите преговори.", "bg"),
    ("Делегације су се састале у Истанбулу, где су разговарале о размени заробљеника и њиховом повратку.", "sr"),
    ("Die Delegationen trafen sich am Montag in Istanbul, und die Gespräche wurden nach einer Stunde beendet.", "de"),
    ("Les délégations se sont réunies lundi à Istanbul et les discussions ont duré plus de deux heures.", "fr"),
    ("Las delegaciones se reunieron el lunes en Estambul y las conversaciones duraron más de dos horas.", "es"),
    ("Delegacje spotkały się w poniedziałek w Stambule, ale rozmowy nie przyniosły przełomu i nie są zakończone.",
     "pl"),
    ("Heyetler pazartesi günü İstanbul'da bir araya geldi ve görüşmeler için yeni bir tarih belirlendi.", "tr"),
])
def test_a_few_other_likely_languages(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", [
    "", "   \n\n", "12 345 678", "Умеров", "Witkoff", "Путин — Трамп", "© 2025", "\x00\x01\ufffd" * 50,
    "Умеров Witkoff Дмитриев Rubio",
])
def test_too_little_evidence_gives_no_language(text):
    assert detect_language(text) == ""


def test_bad_input_never_raises():
    assert detect_language(None) == "" and detect_language(b"bytes") == ""  # type: ignore[arg-type]
    assert detect_language(RUSSIAN, title=None) == ""  # type: ignore[arg-type]
    assert detect_language("\ud800 лоне " * 10) in ("", "ru", "uk")  # a lone surrogate


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.text(max_size=40))
def test_any_text_gives_a_known_code_or_none(text, title):
    assert detect_language(text, title) in ("", *LANGUAGES)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(RUSSIAN.split() + ["Умєров", "Київ", "Reuters", "2025", "—", "«", "»"]),
                min_size=40, max_size=120).map(" ".join))
def test_russian_words_with_a_few_ukrainian_names_stay_russian(text):
    assert detect_language(text) in ("ru", "")


def test_cost_is_bounded_by_the_sample():
    """Only the first SAMPLE_CHARS characters are read: a huge article costs what a short one does."""
    huge = RUSSIAN * (2_000_000 // len(RUSSIAN))
    assert len(huge) > 500 * SAMPLE_CHARS
    detect_language(huge)
    start = time.perf_counter()
    for _ in range(20):
        assert detect_language(huge) == "ru"
    assert (time.perf_counter() - start) / 20 < 0.02  # 1 ms on an idle machine; generous for a shared one


def test_language_codes():
    assert is_language_code("uk") and is_language_code("en") and not is_language_code("ua")
    assert not is_language_code("") and not is_language_code("UK") and not is_language_code("eng")
    assert "'uk'" in language_code_problem("ua") and language_code_problem("ru") == ""
    assert "ISO 639-1" in language_code_problem("zz")


def test_import_detects_the_language_of_each_format():
    for name, data in [("a.txt", "Переговоры в Стамбуле\n\n" + RUSSIAN), ("b.md", "# Перемовини\n\n" + UKRAINIAN),
                       ("c.html", f"<html><head><title>Talks</title></head><body><p>{ENGLISH}</p></body></html>")]:
        doc = prepare_bytes(data.encode(), f"/in/{name}")
        assert doc.language == {"a.txt": "ru", "b.md": "uk", "c.html": "en"}[name], name


# -- the library: stored, listed, searched, corrected ------------------------------------------------------
def _write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def library(tmp_path):
    files = {
        "ru": _write(tmp_path / "in", "ru.txt", "Мединский ждёт ответа\n\n" + RUSSIAN),
        "uk": _write(tmp_path / "in", "uk.txt", "Умєров: ми готові\n\n" + UKRAINIAN),
        "en": _write(tmp_path / "in", "en.txt", "Second round in Istanbul\n\n" + ENGLISH),
    }
    with Library(tmp_path / "lib") as lib:
        report = lib.add(files.values())
        ids = {lang: next(a.id for a in report.added if a.path == str(path)) for lang, path in files.items()}
        yield lib, ids, files


def test_the_library_stores_lists_and_returns_languages(library):
    lib, ids, _files = library
    for lang, article_id in ids.items():
        assert lib.article(article_id).language == lang
    assert {s.id: s.language for s in lib.articles()} == {v: k for k, v in ids.items()}
    assert [s.id for s in lib.articles("uk")] == [ids["uk"]]
    assert lib.articles("de") == [] and lib.without_language() == 0
    # "Istanbul" names an actor, so it also finds Стамбул/Стамбулі: each hit carries its own article's language
    languages = {hit.id: hit.language for hit in lib.search("Istanbul").hits}
    assert languages[ids["en"]] == "en" and all(languages[i] == lang for lang, i in ids.items() if i in languages)


def test_a_correction_survives_reimport_and_rebuild(library):
    lib, ids, files = library
    assert lib.edit_article(ids["uk"], "language", " RU ").language == "ru"
    report = lib.add([files["uk"]])  # the same, unchanged file
    assert [u.id for u in report.unchanged] == [ids["uk"]]
    assert lib.article(ids["uk"]).language == "ru"
    files["uk"].write_text("Умєров: ми готові\n\n" + UKRAINIAN + " Наступна зустріч — у червні.", encoding="utf-8")
    report = lib.add([files["uk"]])  # edited: the article is replaced, the correction applied again
    assert [a.id for a in report.added] == [ids["uk"]]
    assert lib.article(ids["uk"]).language == "ru"
    lib.rebuild()
    assert lib.article(ids["uk"]).language == "ru"
    assert {s.id for s in lib.articles("ru")} == {ids["ru"], ids["uk"]}


def test_bad_corrections_are_refused_with_a_message(library):
    from indexer.errors import ArticleNotFoundError

    lib, ids, _files = library
    with pytest.raises(ValueError, match="country code"):
        lib.edit_article(ids["uk"], "language", "ua")
    with pytest.raises(ValueError, match="cannot be edited"):
        lib.edit_article(ids["uk"], "text", "x")
    with pytest.raises(ArticleNotFoundError, match="nope"):
        lib.edit_article("nope", "language", "uk")
    assert lib.article(ids["uk"]).language == "uk"


# -- older libraries: the store is upgraded, rebuild detects the languages --------------------------------
def _make_version_1(path):
    """Turn a store into what version 1 made: no language column, the old covering index, schema 1."""
    db = sqlite3.connect(path)
    with db:
        db.execute("DROP INDEX articles_by_date")
        db.execute("DROP TABLE article_edits")
        db.execute("ALTER TABLE articles DROP COLUMN language")
        db.execute("CREATE INDEX articles_by_date ON articles(date, title, id, source, path, author)")
        db.execute("UPDATE meta SET value='1' WHERE key='schema'")
    db.close()


def test_a_version_1_library_is_upgraded_and_rebuild_fills_the_languages(library, tmp_path):
    lib, ids, _files = library
    lib.close()
    _make_version_1(tmp_path / "lib" / "library.sqlite3")
    with Library(tmp_path / "lib") as old:
        assert old.store.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == str(SCHEMA_VERSION)
        assert {s.language for s in old.articles()} == {""} and old.without_language() == 3
        assert old.article(ids["ru"]).language == ""
        old.edit_article(ids["en"], "language", "de")  # a correction made before the rebuild wins
        old.rebuild()
        assert {s.id: s.language for s in old.articles()} == {ids["ru"]: "ru", ids["uk"]: "uk", ids["en"]: "de"}
        assert old.without_language() == 0


def test_two_processes_upgrading_one_store_at_once(tmp_path):
    """The second to add the column (it read the table before the first one's change) carries on."""
    from indexer.store import _upgrade_articles

    path = tmp_path / "library.sqlite3"
    ArticleStore(path).close()
    db = sqlite3.connect(path)

    class StaleView:  # what the second process saw: a version-1 table, before the first one's ALTER
        def execute(self, sql, *args):
            if sql.startswith("PRAGMA table_info"):
                return [row for row in db.execute(sql) if row[1] != "language"]
            return db.execute(sql, *args)

    _upgrade_articles(StaleView())  # no "duplicate column name" error
    assert [r[1] for r in db.execute("PRAGMA table_info(articles)")].count("language") == 1
    db.close()
    ArticleStore(path).close()


def test_a_store_from_a_newer_version_is_refused_unchanged(tmp_path):
    path = tmp_path / "library.sqlite3"
    ArticleStore(path).close()
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE meta SET value=? WHERE key='schema'", (str(SCHEMA_VERSION + 1),))
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer Briefing Reader"):
        ArticleStore(path)
    assert path.read_bytes() == before


# -- the command line ----------------------------------------------------------------------------------------
def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_list_show_search_and_edit(library, tmp_path, capsys):
    lib, ids, _files = library
    lib.close()
    where = ["--library", str(tmp_path / "lib")]
    code, out, _ = run(capsys, *where, "list")
    assert code == 0 and "LANG" in out.splitlines()[0]
    assert any(line.startswith(ids["uk"]) and "  uk  " in line for line in out.splitlines())
    code, out, _ = run(capsys, *where, "list", "--lang", "UK", "--json")
    assert code == 0 and [(r["id"], r["language"]) for r in json.loads(out)] == [(ids["uk"], "uk")]
    code, out, _ = run(capsys, *where, "show", ids["ru"], "--json")
    assert json.loads(out)["language"] == "ru"
    code, out, _ = run(capsys, *where, "search", "Istanbul", "--json")
    hits = {h["id"]: h["language"] for h in json.loads(out)["hits"]}  # Istanbul in every script (actor-aware)
    assert hits[ids["en"]] == "en" and all(hits[i] == lang for lang, i in ids.items() if i in hits)
    code, out, _ = run(capsys, *where, "search", "Istanbul")
    assert f"{ids['en']}  ----------  en  -" in out
    code, out, _ = run(capsys, *where, "show", ids["uk"])
    assert code == 0 and out.splitlines()[1].endswith("uk")
    code, out, _ = run(capsys, *where, "edit", ids["uk"], "--lang", "ru", "--json")
    assert code == 0 and json.loads(out) == {"id": ids["uk"], "language": "ru"}
    code, out, _ = run(capsys, *where, "edit", ids["uk"], "--lang", "uk")
    assert code == 0 and "language = uk" in out


@pytest.mark.parametrize(("args", "code", "words"), [
    (["edit", "{uk}", "--lang", "ua"], 2, ["country code", "'uk'"]),
    (["edit", "{uk}", "--lang", "ukrainian"], 2, ["not a language code", "ISO 639-1"]),
    (["edit", "{uk}"], 2, ["--lang uk"]),
    (["edit", "nope", "--lang", "uk"], 1, ["nope"]),
    (["list", "--lang", "ua"], 2, ["country code"]),
])
def test_cli_bad_edits_and_filters(library, tmp_path, capsys, args, code, words):
    lib, ids, _files = library
    lib.close()
    got, out, err = run(capsys, "--library", str(tmp_path / "lib"), *[a.format(**ids) for a in args])
    assert got == code and out == "" and "Traceback" not in err
    for word in words:
        assert word in err


def test_cli_lang_filter_notes_articles_without_a_language(library, tmp_path, capsys):
    lib, ids, _files = library
    lib.close()
    _make_version_1(tmp_path / "lib" / "library.sqlite3")
    code, out, err = run(capsys, "--library", str(tmp_path / "lib"), "list", "--lang", "ru")
    assert code == 0 and out.strip() == "(none)"
    assert "3 article(s) have no language" in err and "rebuild" in err


def test_real_news_languages_are_all_right(shared_corpus):
    """The 46 real texts (38 English, 6 Russian, 2 Ukrainian) of ../shared/corpus/real-news, as imported."""
    from indexer.ingest import prepare

    root = shared_corpus / "real-news"
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))["articles"]
    wrong = {name: prepare(root / "articles" / name).language for name in gold}
    wrong = {name: got for name, got in wrong.items() if got != gold[name]["language"]}
    assert not wrong


def test_names_alone_are_no_evidence():
    """Hypothesis found it: a Russian dateline word repeated and a Ukrainian-spelt name gave "uk"; a name's
    letters travel with it between the languages, so only common (lower-case) words' letters count."""
    assert detect_language("СТАМБУЛ, " * 100 + "Умєров " * 3) in ("ru", "")
    assert detect_language("Переговоры в Стамбуле продолжились, и делегация Умєрова ответила, что это " * 3) == "ru"
    assert detect_language("Переговори у Стамбулі тривали, і делегація Ушакова відповіла, що це " * 3) == "uk"
