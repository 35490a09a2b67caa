"""Invented Russian and Ukrainian news articles, for timing the Cyrillic import against the English one (issue 16).

    python -m tests.benchmarks.cyrillic_corpus FOLDER [--count 300] [--seed 7]

Every sentence is generated here from word lists written for the project (no corpus text): a headline, a
dated lede, paragraphs naming known actors in several grammatical cases (Лавров, Лаврова, Лаврову), invented
people, places and figures, and quotes in «…» with «— заявил X» attributions, about 2,300 characters an
article like the BBC files. Random figures, days and places in every sentence keep any two articles far from
near-duplicates.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

# name forms: nominative, genitive, dative
RU_PEOPLE = [
    ("Сергей Лавров", "Лаврова", "Лаврову"), ("Дмитрий Песков", "Пескова", "Пескову"),
    ("Кирилл Дмитриев", "Дмитриева", "Дмитриеву"), ("Юрий Ушаков", "Ушакова", "Ушакову"),
    ("Рустем Умеров", "Умерова", "Умерову"), ("Владимир Мединский", "Мединского", "Мединскому"),
    ("Стив Уиткофф", "Уиткоффа", "Уиткоффу"), ("Марина Кольцова", "Кольцовой", "Кольцовой"),
    ("Олег Верестов", "Верестова", "Верестову"), ("Анна Журавлёва", "Журавлёвой", "Журавлёвой"),
]
UK_PEOPLE = [
    ("Андрій Сибіга", "Сибіги", "Сибізі"), ("Рустем Умєров", "Умєрова", "Умєрову"),
    ("Володимир Зеленський", "Зеленського", "Зеленському"), ("Андрій Єрмак", "Єрмака", "Єрмаку"),
    ("Стів Віткофф", "Віткоффа", "Віткоффу"), ("Кирило Дмитрієв", "Дмитрієва", "Дмитрієву"),
    ("Оксана Мельничук", "Мельничук", "Мельничук"), ("Тарас Гайдученко", "Гайдученка", "Гайдученку"),
]
RU_PLACES = ["в Стамбуле", "в Женеве", "в Эр-Рияде", "в Москве", "в Анкаре", "в Брюсселе", "в Абу-Даби", "в Минске"]
UK_PLACES = ["у Стамбулі", "у Женеві", "в Ер-Ріяді", "у Києві", "в Анкарі", "у Брюсселі", "в Абу-Дабі", "у Варшаві"]
RU_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
UK_MONTHS = "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня".split()
RU = {
    "people": RU_PEOPLE, "places": RU_PLACES, "months": RU_MONTHS, "year": "года",
    "said": ["заявил", "сказал", "отметил", "подчеркнул"], "said_f": ["заявила", "сказала", "отметила"],
    "subjects": ["делегация", "рабочая группа", "комиссия", "переговорная группа", "миссия наблюдателей"],
    "verbs": ["обсудила", "согласовала", "отложила", "пересмотрела", "представила", "одобрила", "отклонила"],
    "objects": ["график обмена пленными", "условия прекращения огня", "порядок работы коридора",
                "проект совместного заявления", "план мониторинга", "список гуманитарных грузов",
                "вопросы судоходства", "сроки следующего раунда", "правила инспекции судов"],
    "extras": ["после долгих консультаций", "без участия посредников", "по итогам ночного заседания",
               "вопреки ожиданиям аналитиков", "при поддержке партнёров", "на закрытой встрече"],
    "quotes": ["Мы готовы продолжать работу, если другая сторона выполнит {n} пунктов договорённости",
               "Переговоры идут трудно, но за {n} часов мы продвинулись дальше, чем за месяц",
               "Без гарантий безопасности никакой документ не будет подписан до {d} числа",
               "Нам нужно ещё {n} дней, чтобы эксперты проверили каждую цифру"],
    "facts": ["По данным министерства, за неделю через коридор прошли {n} судов.",
              "Ранее стороны обменялись {n} военнопленными.",
              "Эксперты насчитали {n} нарушений режима тишины за сутки.",
              "Бюджет программы восстановления составил {n} миллионов долларов."],
    "meet": "встретился с", "with_gen": "по приглашению", "lasted": "и переговоры длились {n} минут",
}
UK = {
    "people": UK_PEOPLE, "places": UK_PLACES, "months": UK_MONTHS, "year": "року",
    "said": ["заявив", "сказав", "зазначив", "наголосив"], "said_f": ["заявила", "сказала", "зазначила"],
    "subjects": ["делегація", "робоча група", "комісія", "переговорна група", "місія спостерігачів"],
    "verbs": ["обговорила", "погодила", "відклала", "переглянула", "представила", "схвалила", "відхилила"],
    "objects": ["графік обміну полоненими", "умови припинення вогню", "порядок роботи коридору",
                "проєкт спільної заяви", "план моніторингу", "перелік гуманітарних вантажів",
                "питання судноплавства", "терміни наступного раунду", "правила інспекції суден"],
    "extras": ["після тривалих консультацій", "без участі посередників", "за підсумками нічного засідання",
               "всупереч очікуванням аналітиків", "за підтримки партнерів", "на закритій зустрічі"],
    "quotes": ["Ми готові продовжувати роботу, якщо інша сторона виконає {n} пунктів домовленостей",
               "Перемовини йдуть важко, але за {n} годин ми просунулися далі, ніж за місяць",
               "Без гарантій безпеки жоден документ не буде підписано до {d} числа",
               "Нам потрібно ще {n} днів, щоб експерти перевірили кожну цифру"],
    "facts": ["За даними міністерства, за тиждень через коридор пройшли {n} суден.",
              "Раніше сторони обмінялися {n} військовополоненими.",
              "Експерти нарахували {n} порушень режиму тиші за добу.",
              "Бюджет програми відновлення склав {n} мільйонів доларів."],
    "meet": "зустрівся з", "with_gen": "на запрошення", "lasted": "і перемовини тривали {n} хвилин",
}
FEMININE_ENDINGS = ("а", "я")


def article(lang: dict, rnd: random.Random) -> str:
    """One invented article of about 2,300 characters."""
    date = f"{rnd.randint(1, 28)} {rnd.choice(lang['months'])} 2025 {lang['year']}"
    lines = [_headline(lang, rnd), date, ""]
    size = len("\n".join(lines))
    while size < 2300:
        paragraph = " ".join(_sentence(lang, rnd) for _ in range(rnd.randint(2, 4)))
        lines += [paragraph, ""]
        size += len(paragraph) + 2
    return "\n".join(lines)


def _headline(lang: dict, rnd: random.Random) -> str:
    person = rnd.choice(lang["people"])
    return f"{person[0].split()[-1]}: {rnd.choice(lang['subjects'])} {rnd.choice(lang['verbs'])} " \
           f"{rnd.choice(lang['objects'])} {rnd.choice(lang['places'])}"


def _sentence(lang: dict, rnd: random.Random) -> str:
    kind = rnd.random()
    n, d = rnd.randint(2, 900), rnd.randint(1, 28)
    if kind < 0.3:
        name = rnd.choice(lang["people"])
        said = rnd.choice(lang["said_f"] if name[0].split()[0].endswith(FEMININE_ENDINGS) else lang["said"])
        quote = rnd.choice(lang["quotes"]).format(n=n, d=d)
        return f"«{quote}», — {said} {name[0] if rnd.random() < 0.5 else name[0].split()[-1]}."
    if kind < 0.55:
        a, b = rnd.sample(lang["people"], 2)
        return f"{a[0]} {lang['meet']} {b[1]} {rnd.choice(lang['places'])} {d} {rnd.choice(lang['months'])}, " \
               f"{rnd.choice(lang['extras'])}, {lang['lasted'].format(n=n)}."
    if kind < 0.8:
        person = rnd.choice(lang["people"])
        return f"{rnd.choice(lang['subjects']).capitalize()} {rnd.choice(lang['verbs'])} " \
               f"{rnd.choice(lang['objects'])} {rnd.choice(lang['places'])} {lang['with_gen']} {person[1]}, " \
               f"{rnd.choice(lang['extras'])}, {d} {rnd.choice(lang['months'])}."
    return rnd.choice(lang["facts"]).format(n=n)


def write_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """`count` articles, Russian and Ukrainian alternately, as .txt files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    paths = []
    for i in range(count):
        lang, code = (RU, "ru") if i % 2 == 0 else (UK, "uk")
        path = folder / f"{i:04d}-{code}.txt"
        path.write_text(article(lang, rnd), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    write_corpus(args.folder, args.count, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
