"""The briefing model: every operation, the undo data it returns, excerpts and quotes."""

from __future__ import annotations

import pytest

from indexer.briefing.model import Briefing, Excerpt, Note, excerpt_from_article, find_quote
from indexer.model import ActorRef, Article

TEXT = "The port of Veltra reopened on Monday. Mayor Ilse Brandt thanked the Dock Workers Union."


def make_article(text: str = TEXT, article_id: str = "art-1") -> Article:
    mayor = text.find("Ilse Brandt")
    union = text.find("Dock Workers Union")
    actors = (
        ActorRef("ilse-brandt", "Ilse Brandt", "person", "mayor of Veltra", mentions=((mayor, mayor + 11),)),
        ActorRef("dwu", "Dock Workers Union", "organisation", "", mentions=((union, union + 18),)),
    )
    return Article(id=article_id, title="Port reopens", text=text, date="2026-11-20", author="Nia Holt",
                   source="Veltra Courier", path="/corpus/port.txt", url="https://courier.example/port",
                   actors=actors)


def make_briefing() -> tuple[Briefing, list[str], list[str]]:
    """A briefing with sections A and B holding notes a1, a2 and b1."""
    briefing = Briefing("Weekly")
    a, b = briefing.add_section("A"), briefing.add_section("B")
    notes = [Note("a1"), Note("a2"), Note("b1")]
    briefing.add_item(a.id, notes[0])
    briefing.add_item(a.id, notes[1])
    briefing.add_item(b.id, notes[2])
    return briefing, [a.id, b.id], [n.id for n in notes]


def texts(briefing: Briefing) -> list[list[str]]:
    return [[item.text for item in s.items] for s in briefing.sections]


def test_new_briefing_has_ids_and_times():
    briefing = Briefing("Weekly", subtitle="Ports", author="Ana")
    assert briefing.created and briefing.modified == briefing.created
    section = briefing.add_section("S")
    assert len(section.id) == 32 and section.id != Note("x").id != Note("x").id


def test_add_section_at_index_and_undo():
    briefing, (a, b), _ = make_briefing()
    middle = briefing.add_section("M", index=1)
    assert [s.title for s in briefing.sections] == ["A", "M", "B"]
    section, index = briefing.remove_section(middle.id)
    assert (section, index) == (middle, 1)
    assert [s.title for s in briefing.sections] == ["A", "B"]
    briefing.insert_section(section, index)
    assert [s.title for s in briefing.sections] == ["A", "M", "B"]


def test_remove_section_keeps_items_for_undo():
    briefing, (a, _), _ = make_briefing()
    section, index = briefing.remove_section(a)
    assert index == 0 and [i.text for i in section.items] == ["a1", "a2"]
    assert texts(briefing) == [["b1"]]
    briefing.insert_section(section, index)
    assert texts(briefing) == [["a1", "a2"], ["b1"]]
    with pytest.raises(ValueError, match="already"):
        briefing.insert_section(section, 0)


def test_rename_and_move_section_return_old_values():
    briefing, (a, b), _ = make_briefing()
    assert briefing.rename_section(a, "Harbour") == "A"
    assert briefing.sections[0].title == "Harbour"
    assert briefing.move_section(a, 1) == 0
    assert [s.id for s in briefing.sections] == [b, a]
    briefing.move_section(a, 0)  # undo
    assert [s.id for s in briefing.sections] == [a, b]
    with pytest.raises(IndexError):
        briefing.move_section(a, 2)


def test_add_item_returns_index_and_rejects_bad_positions():
    briefing, (a, _), _ = make_briefing()
    assert briefing.add_item(a, Note("first"), index=0) == 0
    assert texts(briefing)[0] == ["first", "a1", "a2"]
    with pytest.raises(IndexError):
        briefing.add_item(a, Note("far"), index=9)
    with pytest.raises(KeyError, match="no section"):
        briefing.add_item("nope", Note("x"))


def test_add_same_item_twice_is_refused():
    briefing, (a, b), ids = make_briefing()
    with pytest.raises(ValueError, match="already"):
        briefing.add_item(b, briefing.item(ids[0]))


def test_remove_item_returns_undo_data():
    briefing, (a, _), (a1, a2, _) = make_briefing()
    section_id, index, item = briefing.remove_item(a2)
    assert (section_id, index, item.text) == (a, 1, "a2")
    assert texts(briefing) == [["a1"], ["b1"]]
    briefing.add_item(section_id, item, index)
    assert texts(briefing) == [["a1", "a2"], ["b1"]]
    with pytest.raises(KeyError, match="no item"):
        briefing.remove_item("missing")


def test_move_item_between_sections_and_back():
    briefing, (a, b), (a1, _, _) = make_briefing()
    undo = briefing.move_item(a1, b, 1)
    assert undo == (a, 0)
    assert texts(briefing) == [["a2"], ["b1", "a1"]]
    briefing.move_item(a1, *undo)
    assert texts(briefing) == [["a1", "a2"], ["b1"]]


def test_move_item_within_section_and_to_end():
    briefing, (a, _), (a1, a2, _) = make_briefing()
    assert briefing.move_item(a1, a, 1) == (a, 0)
    assert texts(briefing)[0] == ["a2", "a1"]
    briefing.move_item(a2, a)  # to the end
    assert texts(briefing)[0] == ["a1", "a2"]
    with pytest.raises(IndexError):
        briefing.move_item(a1, a, 2)
    assert texts(briefing)[0] == ["a1", "a2"]


def test_edit_note_and_excerpt_note_return_old_text():
    briefing, (a, _), (a1, _, _) = make_briefing()
    assert briefing.edit_note(a1, "**new**") == "a1"
    assert briefing.item(a1).text == "**new**"
    excerpt = excerpt_from_article(make_article(), 0, 8, note="old")
    briefing.add_item(a, excerpt)
    assert briefing.set_excerpt_note(excerpt.id, "fresh") == "old"
    assert excerpt.note == "fresh"
    with pytest.raises(TypeError):
        briefing.edit_note(excerpt.id, "x")
    with pytest.raises(TypeError):
        briefing.set_excerpt_note(a1, "x")


def test_set_document_fields_return_old_values():
    briefing = Briefing("Old", subtitle="s", author="a")
    assert briefing.set_title("New") == "Old"
    assert briefing.set_subtitle("S2") == "s"
    assert briefing.set_author("A2") == "a"
    assert (briefing.title, briefing.subtitle, briefing.author) == ("New", "S2", "A2")


def test_every_operation_updates_modified_and_notifies():
    briefing, (a, b), (a1, a2, _) = make_briefing()
    events: list[str] = []
    briefing.add_listener(lambda doc, op: events.append(op))
    operations = [
        lambda: briefing.set_title("T"),
        lambda: briefing.set_subtitle("S"),
        lambda: briefing.set_author("W"),
        lambda: briefing.add_section("C"),
        lambda: briefing.rename_section(a, "AA"),
        lambda: briefing.move_section(a, 1),
        lambda: briefing.add_item(a, Note("n")),
        lambda: briefing.move_item(a1, b, 0),
        lambda: briefing.edit_note(a1, "changed"),
        lambda: briefing.remove_item(a2),
        lambda: briefing.remove_section(b),
    ]
    for operation in operations:
        briefing.modified = "2000-01-01T00:00:00.000000+00:00"
        operation()
        assert briefing.modified > "2000-01-01T00:00:00.000000+00:00"
    assert len(events) == len(operations)
    assert events[0] == "set_title" and events[-1] == "remove_section"


def test_remove_listener_stops_notifications():
    briefing = Briefing("T")
    events: list[str] = []

    def listener(doc: Briefing, op: str) -> None:
        events.append(op)

    briefing.add_listener(listener)
    briefing.add_section("A")
    briefing.remove_listener(listener)
    briefing.add_section("B")
    assert events == ["insert_section"]


def test_excerpt_snapshots_text_metadata_and_actors_inside_span():
    article = make_article()
    start = TEXT.find("Mayor")
    excerpt = excerpt_from_article(article, start, start + len("Mayor Ilse Brandt thanked"), note="key")
    assert isinstance(excerpt, Excerpt)
    assert excerpt.text == "Mayor Ilse Brandt thanked"
    assert (excerpt.title, excerpt.date, excerpt.author, excerpt.source) == (
        "Port reopens", "2026-11-20", "Nia Holt", "Veltra Courier")
    assert (excerpt.path, excerpt.url, excerpt.note, excerpt.stale) == (
        "/corpus/port.txt", "https://courier.example/port", "key", "")
    assert excerpt.actors == (("Ilse Brandt", "person", "mayor of Veltra"),)
    whole = excerpt_from_article(article, 0, len(TEXT))
    assert [a[0] for a in whole.actors] == ["Ilse Brandt", "Dock Workers Union"]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(-1, 5, "outside"), (5, 5, "outside"), (6, 2, "outside"), (0, len(TEXT) + 1, "outside"),
     (3, 4, "whitespace"), ("0", 4, "whole numbers"), (0, 2.5, "whole numbers")],
)
def test_excerpt_rejects_bad_offsets(start, end, message):
    with pytest.raises(ValueError, match=message):
        excerpt_from_article(make_article(), start, end)


def test_excerpt_rejects_whitespace_or_control_only_span():
    article = make_article("Alpha \n\t \x01 Beta")
    with pytest.raises(ValueError, match="whitespace"):
        excerpt_from_article(article, 5, 11)


def test_find_quote_first_exact_occurrence():
    text = "He said no. Then he said no again."
    assert find_quote(text, "said no") == (3, 10)
    assert find_quote(text, "said no again") == (20, 33)
    with pytest.raises(ValueError, match="does not occur"):
        find_quote(text, "Said no")
    with pytest.raises(ValueError, match="empty"):
        find_quote(text, "")


def test_snapshot_is_an_independent_copy_without_listeners():
    briefing, (a, _), (a1, _, _) = make_briefing()
    briefing.add_listener(lambda doc, op: None)
    copy = briefing.snapshot()
    assert copy == briefing and copy.listeners == []
    briefing.edit_note(a1, "changed")
    briefing.rename_section(a, "renamed")
    assert copy.item(a1).text == "a1" and copy.section(a).title == "A"
    assert copy != briefing


def test_briefing_package_imports_without_qt_or_whoosh():
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, indexer.briefing, indexer.briefing.cli; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'desktop', 'whoosh')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
