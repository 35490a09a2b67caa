"""Cyrillic names linked to their Latin actor (issue 16 item 3): one actor across scripts, no false merges."""

from __future__ import annotations

import pytest

from indexer.actors import ActorEngine, discovered_id
from indexer.actors.translit import cyrillic_people, first_names_agree, latin_key, similar_surnames, skeleton


def _ids(engine: ActorEngine, text: str) -> dict[str, str]:
    mentions, _ = engine.analyse(text)
    return {m.text: m.actor_id for m in mentions}


@pytest.fixture
def engine(tmp_path) -> ActorEngine:
    return ActorEngine(state_dir=tmp_path)


def test_latin_key_and_skeleton():
    assert latin_key("Мединський") == "medinskiy"
    assert skeleton(latin_key("Віткофф")) == skeleton("witkoff")
    assert skeleton(latin_key("Гнатов")) == skeleton("hnatov")
    assert skeleton(latin_key("Єрмак")) == skeleton("yermak")


@pytest.mark.parametrize(
    "cyrillic, latin",
    [("Уиткофф", "witkoff"), ("Віткофф", "witkoff"), ("Дмитрієв", "dmitriev"), ("Дмітрієв", "dmitriev"),
     ("Умєров", "umerov"), ("Умеров", "umyerov")],
)
def test_transliterations_are_close(cyrillic, latin):
    assert similar_surnames(cyrillic, [latin, "zelensky", "lavrov"]) == [latin]


def test_female_form_is_never_close():
    assert similar_surnames("Умерова", ["umerov"]) == []
    assert similar_surnames("Захаров", ["zakharova"]) == []


def test_first_names():
    assert first_names_agree("Стив", "steve")
    assert first_names_agree("Ігор", "ihor")
    assert first_names_agree("Александр", "oleksandr")
    assert not first_names_agree("Марина", "rustem")


def test_cyrillic_people_need_a_given_name_in_the_nominative():
    text = "Президент Владимир Путин встретился. Министерство Обороны заявило. Игоря Костюкова не было."
    names = [f.name for f in cyrillic_people(text, frozenset({"владимир", "игорь"}))]
    assert names == ["Владимир Путин"]
    assert cyrillic_people("No Cyrillic here, Ivan Petrov.", frozenset({"ivan"})) == []


def test_misspelt_cyrillic_name_links_to_gazetteer_person(engine):
    # an invented spelling (Умаров) that no alias lists: the transliteration and the first name agree
    assert _ids(engine, "Делегацию возглавил Рустем Умаров, сообщили источники.").get("Рустем Умаров") == "rustem-umerov"


def test_other_first_name_is_another_person(engine):
    found = _ids(engine, "Выставку открыл Олег Умаров, сообщили организаторы.")
    assert found.get("Олег Умаров") not in (None, "rustem-umerov")


def test_discovered_latin_and_cyrillic_are_one_actor(engine):
    english = _ids(engine, "Deputy minister Oleksandr Kovalchuk said the talks would resume.")
    cyrillic = _ids(engine, "Замминистра Олександр Ковальчук сказав, що перемовини продовжаться.")
    russian = _ids(engine, "Заместитель министра Александр Ковальчук заявил об этом.")
    actor_id = english["Oleksandr Kovalchuk"]
    assert cyrillic["Олександр Ковальчук"] == actor_id
    assert russian["Александр Ковальчук"] == actor_id


def test_discovered_ids_stay_ascii():
    assert discovered_id("Ігор Ковальчук") == "d-igor-kovalchuk"
    assert discovered_id("Ann Lee") == "d-ann-lee"


def test_cyrillic_actor_shows_its_latin_spelling(engine):
    engine.analyse("Заявление сделал Олег Ткачишин, сообщили в пресс-службе.")
    actor = engine.actor(discovered_id("Олег Ткачишин"))
    assert actor is not None and actor.name == "Олег Ткачишин" and "Oleg Tkachishin" in actor.aliases


def test_a_first_name_and_patronymic_alone_is_no_new_person():
    """'— Кирилл Александрович, как вы оцениваете …' addresses someone named in full elsewhere: no
    'Кирилл Александрович' of its own; a full name with its patronymic still names the person."""
    from indexer.actors.translit import cyrillic_people

    given = frozenset({"кирилл", "юрии"})
    text = "— Кирилл Александрович, как вы оцениваете итоги? Юрий Викторович Ушаков также был там."
    assert [f.name for f in cyrillic_people(text, given)] == ["Юрий Викторович Ушаков"]
