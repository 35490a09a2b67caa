"""Citations follow the library: an excerpt's title, date, outlet, author, URL, page and a quote's speaker follow
the analyst's corrections of the article; the quoted text never changes, and a lost text or article is flagged."""

from __future__ import annotations

import dataclasses
import json

import pytest

from indexer.briefing.markdown_export import to_markdown
from indexer.briefing.model import (
    STALE_CHANGED, STALE_LABELS, STALE_MISSING, Briefing, Excerpt, Note, excerpt_from_article, quote_at_span,
)
from indexer.briefing.refresh import locate, plan_refresh, refresh_citations
from indexer.briefing.store import load_briefing, save_briefing
from indexer.errors import ArticleNotFoundError, IndexCorruptError
from indexer.model import ActorRef, Article, Quote

TEXT = ('Ferries stopped at Vell harbour on Monday. "We will reopen the pier by Friday," '
        'harbour master Ines Kolar said. Kolar said that tugs were on their way.')
SAID = TEXT.index("We will")
SAID_END = TEXT.index(',"')
REPORTED = TEXT.index("tugs")


def article(**changes) -> Article:
    kolar = TEXT.index("Ines Kolar")
    base = Article(
        id="ferry-1", title="Ferries halted at Vell", text=TEXT, date="2026-02-03", author="Omar Reyes",
        source="Coast Gazette", path="/news/ferry.txt", url="https://gazette.example/ferry",
        actors=(ActorRef("kolar", "Ines Kolar", "person", mentions=((kolar, kolar + 10),)),),
        quotes=(Quote("ferry-1", TEXT[SAID:SAID_END], SAID, SAID_END, "kolar", "direct"),
                Quote("ferry-1", TEXT[REPORTED:-1], REPORTED, len(TEXT) - 1, "kolar", "reported")),
    )
    return dataclasses.replace(base, **changes)


def briefing_of(source: Article) -> Briefing:
    briefing = Briefing("Harbour watch")
    section = briefing.add_section("Ports")
    briefing.add_item(section.id, excerpt_from_article(source, 0, 41, note="Check the *timetable*."))
    speaker, kind = quote_at_span(source, SAID, SAID_END)
    briefing.add_item(section.id, excerpt_from_article(source, SAID, SAID_END, speaker=speaker, quote_kind=kind))
    briefing.add_item(section.id, Note("Our own view."))
    return briefing


def only(found: Article | None):
    return lambda article_id: found if article_id == "ferry-1" else None


def test_corrected_details_reach_every_excerpt_and_the_export():
    briefing = briefing_of(article())
    corrected = article(date="2026-02-04", title="Vell ferries halted", source="Coast Gazette Online",
                        author="", url="https://gazette.example/ferries")
    refresh = refresh_citations(briefing, only(corrected))
    plain, quote = briefing.excerpts()
    assert set(refresh.updates) == {plain.id, quote.id} and refresh.flagged == {}
    assert refresh.updates[plain.id] == {"date": "2026-02-04", "title": "Vell ferries halted",
                                         "source": "Coast Gazette Online", "author": "",
                                         "url": "https://gazette.example/ferries"}
    for excerpt in (plain, quote):
        assert (excerpt.date, excerpt.title, excerpt.author) == ("2026-02-04", "Vell ferries halted", "")
    assert (plain.text, plain.note, quote.text, quote.speaker) == (
        TEXT[0:41], "Check the *timetable*.", TEXT[SAID:SAID_END], "Ines Kolar")
    exported = to_markdown(briefing, today="2026-03-01")
    assert "2026-02-04" in exported and "2026-02-03" not in exported
    assert "Updated the citations of 2 excerpts" in refresh.summary()


def test_nothing_to_do_when_the_citations_already_follow():
    briefing = briefing_of(article())
    events = []
    briefing.add_listener(lambda _b, op: events.append(op))
    refresh = refresh_citations(briefing, only(article()))
    assert (refresh.updates, refresh.flags, refresh.summary(), events) == ({}, {}, "", [])


def test_plan_changes_nothing_and_update_undoes_exactly():
    briefing = briefing_of(article())
    before = [dataclasses.asdict(e) for e in briefing.excerpts()]
    refresh = plan_refresh(briefing, only(article(date="2027-01-01")))
    assert [dataclasses.asdict(e) for e in briefing.excerpts()] == before
    old = briefing.update_excerpts(refresh.updates)
    assert {e.date for e in briefing.excerpts()} == {"2027-01-01"}
    briefing.update_excerpts(old)
    assert [dataclasses.asdict(e) for e in briefing.excerpts()] == before


def test_text_no_longer_in_the_article_keeps_the_text_and_is_flagged_but_metadata_follows():
    briefing = briefing_of(article())
    rewritten = article(text=TEXT.replace("Ferries stopped", "Ferry services stopped"), date="2026-02-05")
    refresh = refresh_citations(briefing, only(rewritten))
    plain, quote = briefing.excerpts()
    assert plain.stale == STALE_CHANGED and plain.text == TEXT[0:41] and plain.start == 0
    assert plain.stale_label == "text no longer in the article" == STALE_LABELS[STALE_CHANGED]
    assert plain.date == "2026-02-05"
    assert quote.stale == "" and quote.text == TEXT[SAID:SAID_END]
    assert "1 excerpt whose text is no longer in the article" in refresh.summary()


def test_moved_text_is_found_again_and_its_offsets_follow():
    briefing = briefing_of(article())
    shifted = "UPDATE: services resume Tuesday.\n" + TEXT
    moved = dataclasses.replace(article(text=shifted), quotes=())
    refresh_citations(briefing, only(moved))
    plain, quote = briefing.excerpts()
    assert (plain.start, plain.end, plain.stale) == (33, 74, "")
    assert shifted[quote.start:quote.end] == quote.text and quote.stale == ""
    assert quote.speaker == "Ines Kolar"  # no quote at the new place: the attribution it had is kept


def test_offsets_that_do_not_fit_the_text_are_mended_together():
    """A hand-edited file whose end does not match its text: both offsets are set, the text is kept."""
    briefing = briefing_of(article())
    plain = briefing.excerpts()[0]
    plain.end = 60
    refresh = refresh_citations(briefing, only(article()))
    assert refresh.updates[plain.id] == {"start": 0, "end": 41}
    assert (plain.start, plain.end, plain.text) == (0, 41, TEXT[0:41])


def test_unknown_article_keeps_the_snapshot_and_is_flagged_then_cleared_when_back():
    briefing = briefing_of(article())
    before = [dataclasses.asdict(e) for e in briefing.excerpts()]

    def gone(article_id: str) -> Article:
        raise ArticleNotFoundError(f"No article with id {article_id!r}.")

    refresh = refresh_citations(briefing, gone)
    assert refresh.updates == {} and set(refresh.flagged.values()) == {STALE_MISSING}
    assert [e.stale_label for e in briefing.excerpts()] == ["article no longer in the library"] * 2
    assert [{**dataclasses.asdict(e), "stale": ""} for e in briefing.excerpts()] == before
    assert "2 excerpts whose article is no longer in the library" in refresh.summary()
    assert (refresh.found, refresh.missing, refresh.none_found) == (0, 1, True)
    refresh = refresh_citations(briefing, only(article()))
    assert [e.stale for e in briefing.excerpts()] == ["", ""]
    assert (refresh.found, refresh.missing, refresh.none_found) == (1, 0, False)


def test_one_article_gone_among_others_is_not_none_found():
    briefing = briefing_of(article())
    other = article(id="ferry-2")
    briefing.add_item(briefing.sections[0].id, excerpt_from_article(other, 0, 7))
    refresh = plan_refresh(briefing, lambda article_id: other if article_id == "ferry-2" else None)
    assert (refresh.found, refresh.missing, refresh.none_found) == (1, 1, False)
    assert sorted(refresh.flags.values()) == [STALE_MISSING, STALE_MISSING]


def test_a_broken_library_is_not_taken_for_a_missing_article():
    briefing = briefing_of(article())

    def broken(_article_id: str) -> Article:
        raise IndexCorruptError("The library's store cannot be read.")

    with pytest.raises(IndexCorruptError):
        refresh_citations(briefing, broken)
    assert [e.stale for e in briefing.excerpts()] == ["", ""]


def test_each_article_is_looked_up_once():
    briefing = briefing_of(article())
    asked = []

    def lookup(article_id: str) -> Article:
        asked.append(article_id)
        return article()

    plan_refresh(briefing, lookup)
    assert asked == ["ferry-1"]


def test_a_quote_follows_its_speaker_but_a_plain_excerpt_never_gains_one():
    briefing = briefing_of(article())
    renamed = article(actors=(ActorRef("kolar", "Inès Kolar", "person", mentions=((0, 1),)),))
    refresh_citations(briefing, only(renamed))
    plain, quote = briefing.excerpts()
    assert (plain.speaker, plain.quote_kind) == ("", "")
    assert (quote.speaker, quote.quote_kind) == ("Inès Kolar", "direct")
    unattributed = article(quotes=(Quote("ferry-1", TEXT[SAID:SAID_END], SAID, SAID_END, "", "direct"),))
    refresh_citations(briefing, only(unattributed))
    assert quote.speaker == ""  # the library no longer names a speaker: neither does the citation


def test_missing_fields_and_an_old_briefing_file_open_and_follow(tmp_path):
    """A file written before speakers, quote kinds, pages and URLs were kept opens unchanged and follows."""
    path = tmp_path / "old.briefing.json"
    old_excerpt = {"kind": "excerpt", "id": "e1", "article_id": "ferry-1", "start": SAID, "end": SAID_END,
                   "text": TEXT[SAID:SAID_END], "title": "Ferries halted at Vell", "date": "2026-02-03",
                   "source": "Coast Gazette", "speaker": "Ines Kolar"}
    path.write_text(json.dumps({"format": "briefing-reader/1", "version": 1, "title": "Old", "created": "",
                                "modified": "", "sections": [{"id": "s1", "title": "Ports", "items": [old_excerpt]}]}))
    briefing = load_briefing(path)
    (excerpt,) = briefing.excerpts()
    assert (excerpt.quote_kind, excerpt.url, excerpt.author, excerpt.page) == ("", "", "", "")
    refresh = refresh_citations(briefing, only(article()))
    assert refresh.updates == {"e1": {"author": "Omar Reyes", "path": "/news/ferry.txt",
                                      "url": "https://gazette.example/ferry"}}  # "" meant a direct quote
    save_briefing(briefing, path)
    assert load_briefing(path).excerpts()[0].url == "https://gazette.example/ferry"


def test_pages_follow_the_offsets():
    paged = article(pages=(0, SAID))
    briefing = briefing_of(paged)
    assert [e.page for e in briefing.excerpts()] == ["1", "2"]
    refresh_citations(briefing, only(article(pages=(0, 10))))
    assert [e.page for e in briefing.excerpts()] == ["1–2", "2"]


@pytest.mark.parametrize(("fields", "fragment"), [
    ({"text": "new words"}, "does not follow"),
    ({"note": "x"}, "does not follow"),
    ({"date": 20260204}, "must be text"),
    ({"start": "3", "end": 9}, "whole number"),
    ({"start": 5}, "both start and end"),
    ({"start": 9, "end": 3}, "0 <= start < end"),
])
def test_update_refuses_the_text_and_bad_values_before_changing_anything(fields, fragment):
    briefing = briefing_of(article())
    plain, quote = briefing.excerpts()
    with pytest.raises(ValueError, match=fragment):
        briefing.update_excerpts({plain.id: {"date": "1999-01-01"}, quote.id: fields})
    assert plain.date == "2026-02-03"


def test_update_and_flag_refuse_unknown_items_and_notes():
    briefing = briefing_of(article())
    note = briefing.sections[0].items[2]
    with pytest.raises(KeyError):
        briefing.update_excerpts({"nope": {"date": "2026-01-01"}})
    with pytest.raises(TypeError):
        briefing.flag_excerpts({note.id: STALE_MISSING})
    with pytest.raises(ValueError, match="unknown excerpt flag"):
        briefing.flag_excerpts({briefing.excerpts()[0].id: "gone fishing"})


def test_locate_prefers_the_old_place_then_the_nearest():
    assert locate("ab ab ab", "ab", 3) == (3, 5)
    assert locate("ab ab ab", "ab", 4) == (3, 5)
    assert locate("xx ab", "ab", 0) == (3, 5)
    assert locate("xx", "ab", 0) is None and locate("xx", "", 0) is None


def test_quote_at_span_is_only_an_exact_quote():
    source = article()
    assert quote_at_span(source, SAID, SAID_END) == ("Ines Kolar", "direct")
    assert quote_at_span(source, REPORTED, len(TEXT) - 1) == ("Ines Kolar", "reported")
    assert quote_at_span(source, SAID - 1, SAID_END) is None and quote_at_span(source, 0, 41) is None
    assert isinstance(excerpt_from_article(source, 0, 41), Excerpt)
