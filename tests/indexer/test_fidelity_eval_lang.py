"""make eval by language: `--lang ru,uk`, language accuracy, and a section per language (invented corpus)."""

from __future__ import annotations

import json

from tests.benchmarks import fidelity_eval

RU = ("Мединский ждёт ответа Киева\n\n"
      "СТАМБУЛ, 2 июня. Российская делегация передала украинской стороне свой меморандум и ждёт ответа. "
      "По словам Мединского, это важный шаг, который может открыть путь к обмену пленными.\n\n"
      "«Мы передали свой проект и ждём ответа», — сказал Мединский журналистам после встречи.\n")
UK = ("Умєров: ми готові до наступного раунду\n\n"
      "КИЇВ, 3 червня. Міністр оборони Рустем Умєров заявив, що українська делегація готова до наступного "
      "раунду перемовин, але лише після обміну полоненими, який обговорювали у Стамбулі.\n")
EN = ("Harbour strike ends in Gdansk\n\n"
      "Dock workers returned to work on Monday after a week-long strike over pay ended with a deal.\n\n"
      "The union said the agreement covers every shift and will be reviewed next spring.\n")


def _corpus(root, gold_languages):
    articles = root / "articles"
    articles.mkdir(parents=True)
    texts = {"ru.txt": RU, "ru_copy.txt": RU.replace("ждёт", "ждет").replace("«", '"').replace("»", '"'),
             "uk.txt": UK, "en.txt": EN}
    base = {"author": None, "outlet": None, "date": None, "date_in_text": False, "actors": [], "actor_variants": {},
            "boilerplate": [], "quotes": [], "duplicate_of": None}
    gold = {}
    for name, text in texts.items():
        (articles / name).write_text(text, encoding="utf-8")
        gold[name] = {**base, "title": text.split("\n", 1)[0], "language": gold_languages[name]}
    gold["ru_copy.txt"]["duplicate_of"] = "ru.txt"
    (root / "gold.json").write_text(json.dumps({"articles": gold}), encoding="utf-8")
    return root


LANGUAGES = {"ru.txt": "ru", "ru_copy.txt": "ru", "uk.txt": "uk", "en.txt": "en"}


def test_select_takes_one_code_several_or_all():
    gold = {"a": {"language": "ru"}, "b": {"language": "uk"}, "c": {"language": "en"}, "d": {}}
    assert set(fidelity_eval.select(gold, "ru,uk")) == {"a", "b"}
    assert set(fidelity_eval.select(gold, " uk , ")) == {"b"}
    assert set(fidelity_eval.select(gold, "en")) == {"c", "d"}  # no language in the gold: English
    assert set(fidelity_eval.select(gold, "all")) == set(gold)


def test_cyrillic_files_alone_with_language_accuracy(tmp_path):
    corpus = _corpus(tmp_path / "corpus", LANGUAGES)
    result = fidelity_eval.evaluate(corpus, "ru,uk")
    assert result["files"] == 3
    assert result["language"] == {"right": 3, "total": 3, "accuracy": 1.0, "wrong": []}
    assert result["duplicates"]["caught"] == 1 and result["duplicates"]["false_merges"] == 0
    assert set(result["by_language"]) == {"ru", "uk"}
    assert result["by_language"]["ru"]["files"] == 2 and result["by_language"]["uk"]["language"]["right"] == 1
    table = fidelity_eval.table(result)
    assert "language right           3/3 = 100.0%" in table
    assert "ru (2 files):" in table and "uk (1 files):" in table


def test_a_wrong_language_is_counted_and_named(tmp_path):
    corpus = _corpus(tmp_path / "corpus", {**LANGUAGES, "uk.txt": "ru"})  # a gold that disagrees with the text
    result = fidelity_eval.evaluate(corpus, "all")
    assert result["language"]["right"] == 3 and result["language"]["total"] == 4
    assert result["language"]["wrong"] == ["uk.txt: gold ru, detected uk"]
    assert "language wrong:" in fidelity_eval.table(result)
    assert set(result["by_language"]) == {"en", "ru"}


def test_one_language_has_no_per_language_section(tmp_path, capsys):
    corpus = _corpus(tmp_path / "corpus", LANGUAGES)
    result = fidelity_eval.evaluate(corpus, "en")
    assert "by_language" not in result and result["language"]["right"] == 1
    assert fidelity_eval.main(["--corpus", str(corpus), "--lang", "ru,uk", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["language"]["accuracy"] == 1.0


def test_a_language_with_no_files_says_so(tmp_path, capsys):
    corpus = _corpus(tmp_path / "corpus", LANGUAGES)
    assert fidelity_eval.main(["--corpus", str(corpus), "--lang", "de,fr"]) == 2
    err = capsys.readouterr().err
    assert "No de,fr files" in err and "--lang all" in err and "Traceback" not in err


def test_real_news_cyrillic_languages_are_all_right(shared_corpus):
    result = fidelity_eval.evaluate(shared_corpus / "real-news", "ru,uk")
    assert result["language"]["accuracy"] == 1.0, result["language"]["wrong"]
    assert result["duplicates"]["recall"] in (1.0, None)


def test_a_speaker_named_by_its_last_word_counts_as_right_and_is_reported_apart():
    from tests.benchmarks.fidelity_eval import _same_last_word

    assert _same_last_word("US-Ukraine joint statement", {"joint statement"})
    assert _same_last_word("Sergey Lavrov", {"lavrov", "foreign minister"})
    assert not _same_last_word("Sergey Lavrov", {"sergey shoigu"})
    assert not _same_last_word("Kremlin", {"kremlin spokesman"})  # a one-word gold name must match whole


def test_a_fuller_copy_counts_as_caught_and_is_measured_on_its_own(tmp_path):
    """A copy that holds the whole article and adds a paragraph gives the article its text (not a "duplicate"
    in the import report): make eval counts the pair as merged, and measures the copy alone as well."""
    root = tmp_path / "corpus"
    articles = root / "articles"
    articles.mkdir(parents=True)
    extra = ("UPDATE: Late on Monday the port authority said the first ships would be unloaded overnight, and "
             "the union confirmed that the night shifts would resume at once.\n")
    story = EN + (
        "\nThe strike had closed two of the four container terminals and left grain ships waiting in the bay, "
        "where harbour pilots counted eleven vessels at anchor on Sunday evening.\n\nPort officials said the "
        "backlog would take about ten days to clear, and that no cargo had been lost during the stoppage.\n")
    texts = {"a_cut.txt": story, "b_full.txt": story + "\n" + extra}
    base = {"author": None, "outlet": None, "date": None, "date_in_text": False, "actors": [], "actor_variants": {},
            "boilerplate": [], "quotes": [], "duplicate_of": None, "language": "en"}
    gold = {name: {**base, "title": "Harbour strike ends in Gdansk"} for name in texts}
    gold["b_full.txt"]["duplicate_of"] = "a_cut.txt"
    for name, text in texts.items():
        (articles / name).write_text(text, encoding="utf-8")
    (root / "gold.json").write_text(json.dumps({"articles": gold}), encoding="utf-8")
    result = fidelity_eval.evaluate(root, "en")
    assert (result["duplicates"]["caught"], result["duplicates"]["expected"]) == (1, 1)
    assert result["duplicates"]["false_merges"] == 0 and result["lines"]["lost"] == 0
