"""Russian and Ukrainian cleaning and metadata: boilerplate, dates, datelines, bylines, mastheads, titles.

Every fixture is invented for these tests (outlets, people, places and events are fictional).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.ingest import prepare_bytes
from indexer.ingest.clean import clean, clean_lines, junk_reason
from indexer.ingest.metadata import canonical_outlet, iso_date, is_date_line
from indexer.model import Document

RU_PARA = (
    "Делегации двух приморских областей во вторник договорились возобновить паромное сообщение, "
    "сообщили участники встречи после долгого заседания в портовой администрации города."
)
RU_PARA2 = "Посредник Ирина Холодова сказала журналистам, что второй раунд пройдёт в течение месяца."
UK_PARA = (
    "Делегації двох приморських областей у вівторок домовилися відновити поромне сполучення, "
    "повідомили учасники зустрічі після довгого засідання в портовій адміністрації міста."
)


def doc_of(text: str, name: str = "a.txt") -> Document:
    doc = prepare_bytes(text.encode("utf-8"), f"/x/{name}")
    assert isinstance(doc, Document), doc
    return doc


# --- boilerplate ---------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "reason"), [
    ("Читайте также: Паромы вернутся на реку к лету", "related link"),
    ("Читайте також: Пороми повернуться на річку до літа", "related link"),
    ("Подписывайтесь на «Речной курьер» в Telegram", "follow appeal"),
    ("Підписуйтесь на Річкову хвилю в Telegram та Viber", "follow appeal"),
    ("Фото: Пётр Ланской / Речной курьер", "photo credit"),
    ("Фото: Олег Сивцов / Агентство Заречье Губернатор области на причале", "photo credit"),
    ("Источник и фото - rechnoy.example", "photo credit"),
    ("Джерело: richka.example", "source credit"),
    ("Источник: rechnoy.example", "source credit"),
    ("Реклама", "advertisement"),
    ("Поделиться", "share row"),
    ("Поділитися: Facebook | X | Telegram", "share row"),
    ("© 2026 Речной курьер. Все права защищены.", "copyright footer"),
    ("Усі права захищені", "copyright footer"),
    ("Теги: паромы, река, переговоры", "tag list"),
    ("Главная Новости Политика Экономика Общество Спорт", "navigation"),
    ("Курсы ЦБ Обмен $ USD Акции Экономика Финансы Политика События", "navigation"),
    ("Головна Новини Політика Економіка Суспільство", "navigation"),
])
def test_cyrillic_boilerplate_line_goes_with_its_reason(line, reason):
    assert junk_reason(line) == reason
    body, removed = clean_lines(list(enumerate([RU_PARA, "", line, "", RU_PARA2], 1)))
    assert line not in body and [(r.line, r.reason) for r in removed] == [(3, reason)]


@pytest.mark.parametrize("line", [
    "Фото опубликовал губернатор в своём канале, и их уже обсуждают жители прибрежных сёл.",
    "Реклама на местном телевидении подорожала вдвое, сообщили в ассоциации перевозчиков.",
    "Источник в администрации рассказал, что паромы выйдут на линию к лету.",
    "Джерело: у міністерстві кажуть, що пороми вийдуть на лінію до літа, а ціни не зміняться.",
    "Политика и экономика: что изменилось для жителей побережья после переговоров",
    "Главная проблема переговоров Политика Экономика",
    "Подписывайтесь, говорил он, это единственный способ узнать новости первыми, и люди подписывались.",
    "Все права защищены законом, напомнил судья, и ни одна из сторон не может их нарушить без последствий.",
    "Поделиться опытом с соседями приехали инженеры из трёх портов.",
])
def test_cyrillic_prose_mentioning_boilerplate_words_stays(line):
    assert junk_reason(line) == ""
    assert line in clean(RU_PARA + "\n\n" + line + "\n\n" + RU_PARA2)


JUNK = [
    "Читайте также: Паромы вернутся на реку", "Реклама", "Фото: Пётр Ланской / Речной курьер",
    "Подписывайтесь на нас в Telegram", "Поділитися: Facebook | X", "Главная Новости Политика Экономика Спорт",
]
PROSE = [RU_PARA, RU_PARA2, UK_PARA, "Фото опубликовал губернатор в своём канале, и их уже обсуждают жители сёл."]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(JUNK + PROSE + [""]), min_size=1, max_size=14))
def test_cyrillic_audit_trail_accounts_for_every_line_and_keeps_prose(lines):
    kept, removed = clean_lines(list(enumerate(lines, 1)))
    kept_lines = [line for line in kept.split("\n") if line]
    assert sorted(kept_lines + [r.text for r in removed]) == sorted(line for line in lines if line.strip())
    assert all(line in kept_lines for line in lines if line in PROSE)
    assert clean(kept) == kept


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "iso"), [
    ("2 июня 2026", "2026-06-02"),
    ("2 июня 2026 г.", "2026-06-02"),
    ("12 мая 2026 года", "2026-05-12"),
    ("16 травня 2026 року", "2026-05-16"),
    ("3 ЛИСТОПАДА 2026", "2026-11-03"),
    ("Понедельник 2 июня 2026, 14:02", "2026-06-02"),
    ("28.03.2026, 19:15", "2026-03-28"),
    ("Сентябрь 2026", ""),  # no day: never guessed
    ("31 июня 2026", ""),  # no such day
    ("29 лютого 2026", ""),
    ("У середу, 19 лютого", ""),  # no year
])
def test_cyrillic_dates(text, iso):
    assert iso_date(text) == iso


def test_read_also_heading_takes_its_list():
    text = f"{RU_PARA}\n\nЧитайте также\nПаромы вернутся на реку к лету\nВ Заречье открыли новый причал\n\n{RU_PARA2}"
    body, removed = clean_lines(list(enumerate(text.split("\n"), 1)))
    assert body == f"{RU_PARA}\n\n{RU_PARA2}" and {r.reason for r in removed} == {"link list"}


def test_dotted_date_is_day_first_in_cyrillic_text_only():
    assert iso_date("02.06.2026, 10:15") == ""  # alone, ambiguous: never guessed
    assert doc_of("Паромы вернутся на реку к лету\n02.06.2026, 10:15\n\n" + RU_PARA).date == "2026-06-02"
    english = "Ferries return to the river by summer\n02.06.2026, 10:15\n\nThe two provinces agreed on Tuesday."
    assert doc_of(english).date == ""
    assert doc_of("Паромы вернутся на реку к лету\n31.02.2026\n\n" + RU_PARA).date == ""  # no such day


def test_cyrillic_date_lines_leave_the_body_and_date_the_article():
    doc = doc_of("Паромы вернутся на реку к лету\n\nВторник 3 июня 2026, 09:40\n\n" + RU_PARA)
    assert doc.date == "2026-06-03" and "09:40" not in doc.text
    assert is_date_line("16 травня 2026 року, 18:05")


# --- datelines and outlets -------------------------------------------------------------------------


@pytest.mark.parametrize(("dateline", "outlet"), [
    ("ЗАРЕЧЬЕ, 2 июня. /ТАСС/.", "TASS"),
    ("ЗАРЕЧЬЕ, 2 июня — РИА Новости.", "RIA Novosti"),
    ("В Заречье, 2 июня - РИА Новости.", "RIA Novosti"),
    ("ЗАРІЧЧЯ, 2 червня. /Укрінформ/.", "Ukrinform"),
    ("(Интерфакс) —", "Interfax"),
    ("ЗАРЕЧЬЕ. 2 июня. (Интерфакс-Украина) -", "Interfax-Ukraine"),
    ("ЗАРЕЧЬЕ, 2 июня. /Речной курьер/.", "Речной курьер"),
])
def test_cyrillic_datelines_name_the_outlet_and_stay_in_the_body(dateline, outlet):
    text = "Паромы вернутся на реку к лету\n\n" + dateline + " " + RU_PARA + "\n\n" + RU_PARA2 + " 5 июня 2026 года."
    doc = doc_of(text)
    assert doc.source == outlet
    assert doc.text.startswith(dateline)
    if "июня" in dateline and "2 июня" in dateline:
        assert doc.date == "2026-06-02"  # the month and day of the dateline, the year of the other date


def test_dateline_without_a_year_elsewhere_gives_no_date():
    doc = doc_of("Паромы вернутся на реку к лету\n\nЗАРЕЧЬЕ, 2 июня. /ТАСС/. " + RU_PARA)
    assert doc.source == "TASS" and doc.date == ""


@pytest.mark.parametrize("dateline", [
    "ЗАРЕЧЬЕ, 2 июня — Губернатор рад.",  # a dash and a sentence, not an outlet
    "ЗАРІЧЧЯ, 2 червня. ",  # no outlet at all
])
def test_cyrillic_dateline_without_an_outlet_names_none(dateline):
    doc = doc_of("Паромы вернутся на реку к лету\n\n" + dateline + RU_PARA + "\n\n" + RU_PARA2)
    assert doc.source == ""


def test_outlet_naming_itself_in_the_first_paragraphs():
    credit = "Об этом сообщает Цензор.НЕТ со ссылкой на «Интерфакс-Украина»."
    text = f"Паромы вернутся на реку к лету\n{RU_PARA}\n{credit}\n{RU_PARA2}"
    assert doc_of(text).source == "Censor.NET"
    text_uk = f"Пороми повернуться на річку до літа\n{UK_PARA}\nПро це повідомляє Укрінформ.\n{RU_PARA2}"
    assert doc_of(text_uk).source == "Ukrinform"


@pytest.mark.parametrize("credit", [
    "Об этом сообщает Генштаб ВСУ.",  # an institution, not an outlet
    "Про це повідомило Суспільне й опублікувало відео.",  # another outlet's report, quoted
    "Как сообщает Reuters, паромы выйдут на линию к лету.",  # a foreign outlet cited
])
def test_cited_sources_are_not_the_outlet(credit):
    assert doc_of(f"Паромы вернутся на реку к лету\n{RU_PARA}\n{credit}\n{RU_PARA2}").source == ""


def test_dash_outlet_line_and_canonical_names():
    doc = doc_of(f"Паромы вернутся на реку к лету\n\n{RU_PARA}\n\n{RU_PARA2}\n\n— Укрінформ")
    assert doc.source == "Ukrinform" and "Укрінформ" not in doc.text
    assert canonical_outlet("«РИА Новости»") == "RIA Novosti" and canonical_outlet("Речной курьер") == "Речной курьер"


# --- bylines, mastheads, titles --------------------------------------------------------------------


def test_cyrillic_byline():
    doc = doc_of("Паромы вернутся на реку к лету\nАвтор: Ирина Холодова\n\n" + RU_PARA)
    assert doc.author == "Ирина Холодова" and "Автор" not in doc.text
    doc_uk = doc_of("Пороми повернуться на річку до літа\nАвтор: Олена Річкова\n\n" + UK_PARA)
    assert doc_uk.author == "Олена Річкова"


def test_cyrillic_byline_that_is_not_a_name_gives_no_author():
    doc = doc_of("Паромы вернутся на реку к лету\nАвтор: неизвестен, материал из открытых источников\n\n" + RU_PARA)
    assert doc.author == ""


@pytest.mark.parametrize(("masthead", "outlet"), [
    ("РЕЧНОЙ КУРЬЕР | Политика", "Речной курьер"),
    ("Річкова хвиля | Суспільство", "Річкова хвиля"),
    ("Заречный наблюдатель · Главное", "Заречный наблюдатель"),
])
def test_cyrillic_mastheads(masthead, outlet):
    text = (f"Паромы вернутся на реку к лету после долгих переговоров\n\n{masthead}\n28.06.2026, 10:15\n"
            f"Автор: Ирина Холодова\n\n{RU_PARA}")
    doc = doc_of(text)
    assert (doc.title, doc.source, doc.date, doc.author) == (
        "Паромы вернутся на реку к лету после долгих переговоров", outlet, "2026-06-28", "Ирина Холодова")
    assert masthead not in doc.text


def test_a_short_cyrillic_subheading_is_not_a_masthead():
    doc = doc_of(f"Паромы вернутся на реку к лету\n\n{RU_PARA}\n\nПереговоры в Заречье\n\n{RU_PARA2}")
    assert doc.source == "" and "Переговоры в Заречье" in doc.text


def test_a_cyrillic_nav_bar_is_never_the_title():
    nav = "Курсы ЦБ Обмен $ USD Акции Экономика Финансы Политика События"
    text = nav + "\n\nПаромы вернутся на реку к лету\n\n" + RU_PARA
    doc = doc_of(text)
    assert doc.title == "Паромы вернутся на реку к лету"
    assert [r.reason for r in doc.removed if r.text.startswith("Курсы")] == ["navigation"]
