"""Metadata stated in the text: title, date, author, source; never guessed."""

from __future__ import annotations

import pytest

from indexer.ingest import prepare_bytes
from indexer.ingest.metadata import fallback_title, first_sentence, iso_date, split_metadata
from indexer.model import Document

BODY = (
    "Negotiators from both coastal provinces met again on Thursday to settle the dispute over fishing rights, "
    "officials said after a six-hour session.\n\n"
    "The mediator told reporters that a second round would follow next month."
)


def doc_of(text: str, name: str = "a.txt") -> Document:
    doc = prepare_bytes(text.encode("utf-8"), f"/x/{name}")
    assert isinstance(doc, Document), doc
    return doc


def test_date_glued_to_title():
    doc = doc_of(" date 2025-02-19 Harbour talks resume in Valmora\n\n" + BODY)
    assert (doc.title, doc.date) == ("Harbour talks resume in Valmora", "2025-02-19")
    assert doc.text == BODY


def test_author_line_with_date_and_repeated_title():
    text = "Harbour talks resume\n\nAuthor: Yuvi February 26, 2022 Harbour talks resume\n\n" + BODY
    doc = doc_of(text)
    assert (doc.title, doc.author, doc.date) == ("Harbour talks resume", "Yuvi", "2022-02-26")
    assert "Author:" not in doc.text and doc.text == BODY


def test_by_line_with_pipe_and_date():
    doc = doc_of("Harbour talks resume\nBy Jane Doe | 3 March 2026\n\n" + BODY)
    assert (doc.author, doc.date) == ("Jane Doe", "2026-03-03")
    assert "Jane Doe" not in doc.text


def test_by_line_with_outlet():
    doc = doc_of("Harbour talks resume\nBy Jane Doe, Reuters\n\n" + BODY)
    assert (doc.author, doc.source, doc.date) == ("Jane Doe", "Reuters", "")


def test_by_line_with_job_title_is_not_an_outlet():
    doc = doc_of("Harbour talks resume\nBy Jane Doe, Senior Correspondent\n\n" + BODY)
    assert (doc.author, doc.source) == ("Jane Doe", "")


def test_published_and_source_lines():
    doc = doc_of("Harbour talks resume\nPublished 2026-05-20\n\n" + BODY + "\n\nSource: Valmora Post")
    assert (doc.date, doc.source) == ("2026-05-20", "Valmora Post")
    assert "Published" not in doc.text and "Source:" not in doc.text


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Date: 4 March 2026", "2026-03-04"),
        ("Date: March 4, 2026", "2026-03-04"),
        ("Posted on Wednesday, 4th March 2026 at 10:15", "2026-03-04"),
        ("Published: 2026-03-04T09:30:00Z", "2026-03-04"),
        ("Updated 04.03.2026", ""),  # 04.03 is ambiguous: never guess
        ("Date: 25/12/2025", "2025-12-25"),
        ("Date: 12/25/2025", "2025-12-25"),
    ],
)
def test_date_lines(line, expected):
    doc = doc_of("Harbour talks resume\n" + line + "\n\n" + BODY)
    assert doc.date == expected


def test_updated_date_is_used_only_without_published_date():
    doc = doc_of("Harbour talks resume\nUpdated 2026-03-09\nPublished 2026-03-04\n\n" + BODY)
    assert doc.date == "2026-03-04"
    doc = doc_of("Harbour talks resume\nUpdated 2026-03-09\n\n" + BODY)
    assert doc.date == "2026-03-09"


def test_unknown_stays_empty():
    doc = doc_of("Harbour talks resume\n\n" + BODY + "\n\nIn 2024 the fleet grew. By then, prices had doubled.")
    assert (doc.date, doc.author, doc.source, doc.url) == ("", "", "", "")


def test_prose_starting_with_by_is_not_a_byline():
    text = "Harbour talks resume\n\nBy Tuesday, the talks had collapsed.\n\n" + BODY
    doc = doc_of(text)
    assert doc.author == "" and "By Tuesday, the talks had collapsed." in doc.text


def test_dates_inside_body_sentences_are_not_metadata():
    body = BODY + "\n\nThe treaty was signed on 3 March 2021 in Valmora, the mediator recalled."
    doc = doc_of("Harbour talks resume\n\n" + body)
    assert doc.date == "" and doc.text == body


def test_url_line():
    doc = doc_of("Harbour talks resume\nhttps://valmora.example/news/harbour-talks\n\n" + BODY)
    assert doc.url == "https://valmora.example/news/harbour-talks"
    assert "https://" not in doc.text


def test_standalone_timestamp_gives_date_when_nothing_better():
    doc = doc_of("Harbour talks resume\nSaturday, 26th February 2022\n\n" + BODY)
    assert doc.date == "2022-02-26" and "2022" not in doc.text


def test_title_is_not_a_long_sentence():
    doc = doc_of(BODY)
    assert doc.text == BODY
    assert doc.title.startswith("Negotiators from both coastal provinces") and doc.title.endswith("…")


def test_title_skips_junk_above_headline():
    doc = doc_of("Advertisement\nHarbour talks resume\n\n" + BODY)
    assert doc.title == "Harbour talks resume"


def test_iso_date():
    assert iso_date("2019-11-20T10:00:00+00:00") == "2019-11-20"
    assert iso_date("Wed, 20 Nov 2019 10:00:00 GMT") == "2019-11-20"
    assert iso_date("November 20, 2019") == "2019-11-20"
    assert iso_date("sometime last week") == ""
    assert iso_date("2019-02-30") == ""  # invalid day
    assert iso_date("") == ""


def test_first_sentence_skips_abbreviations():
    assert first_sentence("U.S. President Jane Doe spoke. Then she left.") == "U.S. President Jane Doe spoke."
    assert first_sentence("Mr. Xi met Dr. Smith on Jan. 5. Later they left.") == "Mr. Xi met Dr. Smith on Jan. 5."


def test_fallback_title():
    assert fallback_title("\n\nShort first sentence. Second.", "stem") == "Short first sentence"
    assert fallback_title("", "stem") == "stem"


def test_split_metadata_without_title_search():
    meta, body = split_metadata("Harbour talks resume\n\n" + BODY, find_title=False)
    assert meta.title == "" and body.startswith("Harbour talks resume")


def test_pasted_title_with_outlet_tail():
    doc = doc_of("Harbour talks resume | Valmora Post\n\n" + BODY)
    assert doc.title == "Harbour talks resume"


def test_ambiguous_date_line_is_removed_but_not_guessed():
    doc = doc_of("Harbour talks resume\nDate: 03/04/2026\n\n" + BODY)
    assert doc.date == "" and "03/04/2026" not in doc.text


# --------------------------------------------------------------------------- datelines, credits, headlines (issue 13)

from indexer.ingest.readers import NO_HEADLINE_WARNING  # noqa: E402

LEDE = "Negotiators from both coastal provinces met again on Thursday to settle the dispute over fishing rights."


@pytest.mark.parametrize(
    ("dateline", "outlet"),
    [
        ("VALMORA (Reuters) - ", "Reuters"),
        ("VALMORA, Ostland (AP) — ", "AP"),
        ("ST. VALMORA (Sputnik) - ", "Sputnik"),
        ("VALMORA, March 3 (Xinhua) -- ", "Xinhua"),
        ("VALMORA, March 3. /TASS/. ", "TASS"),
        ("(Valmora Wire) ", "Valmora Wire"),
    ],
)
def test_dateline_gives_the_outlet_and_stays_in_the_body(dateline, outlet):
    doc = doc_of(f"Harbour talks resume in Valmora\n\n{dateline}{LEDE}\n\nThe mediator said more talks would follow.")
    assert doc.source == outlet
    assert doc.text.startswith(dateline.strip())


def test_dateline_month_and_day_take_the_year_of_another_date_in_the_file():
    text = f"Harbour talks resume\n\nVALMORA, March 3 (Reuters) - {LEDE}\n\nThe accord of 12 January 2025 still holds."
    assert doc_of(text).date == "2025-03-03"


def test_dateline_without_a_year_anywhere_gives_no_date():
    assert doc_of(f"Harbour talks resume\n\nVALMORA, March 3 (Reuters) - {LEDE}").date == ""


def test_writes_credit_at_the_end_of_the_lede_names_the_outlet():
    doc = doc_of(f"Harbour talks resume\n\n{LEDE[:-1]}, writes VPA.\n\nThe mediator said more talks would follow.")
    assert doc.source == "VPA"


def test_a_sentence_that_cites_an_outlet_later_is_not_a_credit():
    doc = doc_of(f"Harbour talks resume\n\n{LEDE}\n\nThe mediator told Reuters that more talks would follow.")
    assert doc.source == ""


@pytest.mark.parametrize(
    ("closing", "outlet", "in_body"),
    [
        ("— Valmora Post", "Valmora Post", False),
        ("Source: Valmora Post", "Valmora Post", False),
        ("Source: the minister on X (Twitter), as reported by Valmora Post", "", True),
    ],
)
def test_closing_credit_lines(closing, outlet, in_body):
    doc = doc_of(f"Harbour talks resume\n\n{BODY}\n\n{closing}")
    assert doc.source == outlet
    assert (closing in doc.text) is in_body


@pytest.mark.parametrize(
    ("byline", "author", "outlet"),
    [
        ("By AFP", "", "AFP"),
        ("By Jane Doe Reuters", "Jane Doe", "Reuters"),
        ("byJane Doe", "Jane Doe", ""),
    ],
)
def test_agency_bylines(byline, author, outlet):
    doc = doc_of(f"Harbour talks resume\n{byline}\n\n{BODY}")
    assert (doc.author, doc.source) == (author, outlet)
    assert byline not in doc.text


def test_wire_credit_at_the_end_names_the_reporters_not_the_editors():
    last = "The mediator said more talks would follow. (Reporting by Jane Doe and John Roe; Editing by Ann Lee)"
    doc = doc_of(f"Harbour talks resume\n\n{LEDE}\n\n{last}")
    assert doc.author == "Jane Doe and John Roe"
    assert last in doc.text


def test_outlet_credit_in_front_of_a_date_line():
    doc = doc_of(f"Harbour talks resume\n(Xinhua) 09:21, March 01, 2025\n\n{BODY}")
    assert (doc.source, doc.date) == ("Xinhua", "2025-03-01")
    assert "09:21" not in doc.text


def test_date_with_comma_and_view_counter():
    doc = doc_of(f"Harbour talks resume\nMarch 28,2025 580\n\n{BODY}")
    assert doc.date == "2025-03-28" and "580" not in doc.text


@pytest.mark.parametrize(
    "lede",
    [
        "VALMORA, Feb. 19 (Reuters) - Negotiators met again on Thursday",  # a dateline, cut off
        "Negotiators met on Thursday. The talks ended without a joint statement",  # two sentences
        LEDE,
    ],
)
def test_a_lede_after_a_date_line_stays_in_the_body(lede):
    doc = doc_of(f"date 2025-02-19\n{lede}\n\nThe mediator said more talks would follow.")
    assert doc.date == "2025-02-19"
    assert doc.text.startswith(lede)
    assert doc.warnings == (NO_HEADLINE_WARNING,)


def test_a_headline_after_a_date_line_is_the_title():
    doc = doc_of(f"date 2025-02-19\nHarbour talks resume in Valmora\n\n{BODY}")
    assert doc.title == "Harbour talks resume in Valmora" and doc.text == BODY and doc.warnings == ()


@pytest.mark.parametrize(
    "above",
    [
        "Valmora envoy Jane Doe. Photo: Reuters",
        "HOME NEWS WORLD BUSINESS SPORT OPINION MOVIES",
    ],
)
def test_a_caption_or_a_navigation_bar_is_never_the_title(above):
    doc = doc_of(f"{above}\n{BODY}")
    assert doc.title != above and above not in doc.text
    assert doc.warnings == (NO_HEADLINE_WARNING,)


def test_page_furniture_above_the_headline_is_removed():
    doc = doc_of(f"ua en ru\nHarbour talks resume in Valmora\n\n{BODY}")
    assert doc.title == "Harbour talks resume in Valmora" and doc.text == BODY
    assert ("ua en ru", "page header") in {(r.text, r.reason) for r in doc.removed}


def test_a_slogan_above_an_advert_is_not_the_headline():
    doc = doc_of(f"Courage in Reporting\nAdvertisement\nHarbour talks resume in Valmora\n\n{BODY}")
    assert doc.title == "Harbour talks resume in Valmora" and doc.text == BODY


def test_a_headline_shown_twice_is_the_title_once():
    doc = doc_of(f"News Feed\nHarbour talks resume in Valmora\n2 min read\nHarbour talks resume in Valmora\n{BODY}")
    assert doc.title == "Harbour talks resume in Valmora" and doc.text == BODY
    assert {r.reason for r in doc.removed} >= {"title", "repeated headline", "page label", "timestamp"}


def test_one_headline_after_latest_news_is_not_a_link_list():
    doc = doc_of(f"Latest News\nHarbour talks resume in Valmora\n{BODY}")
    assert doc.title == "Harbour talks resume in Valmora" and doc.text == BODY


def test_a_teaser_repeating_the_lede_is_removed():
    sentence = "the two provinces met again on Thursday to settle the dispute over fishing rights."
    teaser = f"{sentence} |"
    doc = doc_of(f"{teaser}\nHarbour talks resume in Valmora\nNegotiators from {sentence}\n\nThe mediator said more.")
    assert doc.title == "Harbour talks resume in Valmora"
    assert doc.text.startswith(f"Negotiators from {sentence}") and teaser not in doc.text
    assert (teaser, "repeated teaser") in {(r.text, r.reason) for r in doc.removed}


def test_fallback_title_keeps_the_dateline_and_reaches_the_first_sentence():
    title = fallback_title(f"VALMORA, May 16. /TASS/. {LEDE}", "stem")
    assert title.startswith("VALMORA, May 16. /TASS/. Negotiators from both") and title.endswith("…")
    assert fallback_title("VALMORA (Reuters) - ", "stem") == "VALMORA (Reuters) -"


def test_a_generic_source_line_goes_without_naming_an_outlet():
    doc = doc_of(f"Harbour talks resume\n\n{BODY}\n\nSOURCE: News agencies")
    assert doc.source == "" and "News agencies" not in doc.text


def test_a_headline_opening_with_a_brand_name_is_still_the_title():
    doc = doc_of(f"iTunes now sells the harbour anthem\n\n{BODY}")
    assert doc.title == "iTunes now sells the harbour anthem" and doc.text == BODY


def test_a_headline_opening_with_an_amount_is_still_the_title():
    doc = doc_of(f"$1m payoff for the former harbour chief\n\n{BODY}")
    assert doc.title == "$1m payoff for the former harbour chief" and doc.text == BODY


@pytest.mark.parametrize(
    "opening",
    [
        "EU (European Union) Leaders met again on Thursday in Valmora.",
        "(UPDATE) Negotiators met again on Thursday in Valmora.",
        "(Valmora) Negotiators met again on Thursday.",
    ],
)
def test_a_parenthesis_that_is_not_an_outlet_credit_names_no_outlet(opening):
    assert doc_of(f"Harbour talks resume\n\n{opening}\n\n{BODY}").source == ""


@pytest.mark.parametrize("line", ["(Updated) 3 March 2025", "— Jane Doe"])
def test_labels_and_signatures_are_not_outlets(line):
    assert doc_of(f"Harbour talks resume\n{line}\n\n{BODY}").source == ""


# --------------------------------------------------------------------------- day-month-year dates (full-dates task)

HEADLINE = "Harbour talks resume in Valmora"


@pytest.mark.parametrize(
    "line",
    ["3 March 2025", "Monday 3 March 2025", "03 March 2025 14:20 GMT", "March 3, 2025", "Mar. 3, 2025",
     "Monday, 3 March 2025", "3 Mar 2025"],
)
def test_a_date_line_day_or_month_first_is_read_and_recorded(line):
    text = f"{HEADLINE}\n\n{line}\n\n{BODY}"
    doc = doc_of(text)
    assert doc.date == "2025-03-03" and doc.text == BODY
    assert [(r.text, r.reason) for r in doc.removed] == [(HEADLINE, "title"), (line, "date line")]


@pytest.mark.parametrize(
    "dateline",
    ["Kyiv, 3 March 2025. ", "Kyiv, Monday 3 March 2025 - ", "Kyiv, March 3, 2025. ", "Kyiv, Mar. 3, 2025 — ",
     "KYIV, 3 March 2025 (Valmora Wire) - ", "Port Valmora, Ostland, 3 March 2025: "],
)
def test_a_dateline_with_a_full_date_dates_the_article_and_stays_in_the_body(dateline):
    text = f"{HEADLINE}\n\n{dateline}{LEDE}\n\nThe mediator said more talks would follow."
    for name in ("a.txt", "a.md"):
        doc = doc_of(text, name)
        assert doc.date == "2025-03-03", (name, dateline)
        assert doc.text.startswith(dateline.strip())
        assert doc.removed == () or all(dateline.strip() not in r.text for r in doc.removed)


@pytest.mark.parametrize(
    "opening",
    ["Officials said the talks of 3 March 2025 failed. ", "Yesterday, 3 March 2025, the talks failed. ",
     "In Kyiv, 3 March 2025 was a day of talks. ", "The talks of March 3, 2025 failed. ",
     "Kyiv, 31 February 2025. "],
)
def test_a_date_inside_a_sentence_or_an_impossible_date_does_not_date_the_article(opening):
    doc = doc_of(f"{HEADLINE}\n\n{opening}{LEDE}\n\nThe mediator said more talks would follow.")
    assert doc.date == ""


def test_a_dateline_deep_in_the_body_does_not_date_the_article():
    paragraphs = "\n\n".join([LEDE] * 4)
    doc = doc_of(f"{HEADLINE}\n\n{paragraphs}\n\nKyiv, 3 March 2025. The archive entry closes here.\n\n{LEDE}")
    assert doc.date == ""


def test_a_date_line_wins_over_a_dateline():
    text = f"{HEADLINE}\nPublished 4 March 2025\n\nKyiv, 3 March 2025. {LEDE}"
    assert doc_of(text).date == "2025-03-04"


def test_dateline_dates_a_pdf():
    from tests.indexer.sources_fixtures import make_pdf

    pdf = make_pdf([[HEADLINE, "", f"Kyiv, 3 March 2025. {LEDE}", "", "More talks will follow."]])
    doc = prepare_bytes(pdf, "/x/report.pdf")
    assert isinstance(doc, Document) and doc.date == "2025-03-03"


@pytest.mark.parametrize(
    ("dateline", "outlet", "date"),
    [
        ("VALMORA, 3 March 2025 (Reuters) - ", "Reuters", "2025-03-03"),
        ("VALMORA, Feb. 28, 2025 (Xinhua) -- ", "Xinhua", "2025-02-28"),
        ("VALMORA, 3 March (Reuters) - ", "Reuters", "2024-03-03"),  # the year of another date in the file
        ("VALMORA, 16 May. /TASS/. ", "TASS", "2024-05-16"),
    ],
)
def test_a_wire_dateline_day_first_or_with_a_year_gives_outlet_and_date(dateline, outlet, date):
    doc = doc_of(f"{HEADLINE}\n\n{dateline}{LEDE}\n\nThe accord of 12 January 2024 still holds.")
    assert (doc.source, doc.date) == (outlet, date)
    assert doc.text.startswith(dateline.strip())


@pytest.mark.parametrize(
    "line, outlet, date",
    [
        ("Kyiv Daily Star, 2025-11-15", "Kyiv Daily Star", "2025-11-15"),
        ("Harbor Post, November 30, 2025", "Harbor Post", "2025-11-30"),
        ("*Kyiv Daily, 2025-11-28*", "Kyiv Daily", "2025-11-28"),
        ("Московский вестник, 29 ноября 2025", "Московский вестник", "2025-11-29"),
    ],
)
def test_an_outlet_and_date_line_under_the_headline_gives_both(line, outlet, date):
    text = (f"Envoys meet again in the port city\n{line}\n\nThe envoys met again on Saturday to discuss the "
            "harbour, officials said, and agreed to meet next week.\n")
    meta, body = split_metadata(text)
    assert (meta.source, meta.date, meta.title) == (outlet, date, "Envoys meet again in the port city")
    assert line not in body


def test_a_sentence_ending_in_a_date_is_no_masthead():
    text = ("Envoys meet again in the port city\n\nThe talks, officials said, resume on 2025-11-15\n\n"
            "More follows on the harbour and the grain.\n")
    meta, body = split_metadata(text)
    assert meta.source == "" and "resume on 2025-11-15" in body



@pytest.mark.parametrize("line", ["Kyiv, March 12, 2025", "Москва, 16 мая 2025", "Geneva, November 23, 2025",
                                  "Київ, 3 червня 2025"])
def test_a_place_and_date_line_is_a_dateline_never_the_outlet(line):
    """QA: "Москва, 16 мая 2025" made Moscow the outlet of the citation."""
    text = (f"Envoys meet again in the port city\n{line}\n\nThe envoys met again on Saturday to discuss the "
            "harbour, officials said, and agreed to meet next week.\n")
    meta, _body = split_metadata(text)
    assert meta.source == ""


_LEDE = ("The port authority said on Tuesday that grain ships would sail again next week, after a "
         "month in which the harbour stood empty.")


@pytest.mark.parametrize("headline", [
    "Grain ships back in port? Not yet, says harbour chief",
    "Ceasefire! Both sides sign at dawn",
])
def test_a_headline_opening_with_a_question_or_exclamation_is_kept_whole(headline):
    meta, body = split_metadata(f"{headline}\n\n{_LEDE}\n")
    assert meta.title == headline
    assert headline not in body


def test_a_line_of_two_sentences_is_still_no_headline():
    meta, _ = split_metadata(f"Ships sail. Port reopens\n\n{_LEDE}\n")
    assert meta.title != "Ships sail. Port reopens"


@pytest.mark.parametrize("above", [
    "Paul Harding\nValmora Post",  # a byline and the outlet, each alone on its line
    "The Valmora Post\nOpinion | Europe",  # the masthead and its sections
])
def test_a_name_or_masthead_above_the_headline_is_not_the_title(above):
    meta, body = split_metadata(f"{above}\nGrain ships return to the northern port\n\n{_LEDE}\n")
    assert meta.title == "Grain ships return to the northern port"
    assert _LEDE in body


def test_a_person_named_alone_with_nothing_after_stays_the_title():
    """Only a headline-shaped line below makes a name a byline: a profile titled with the name keeps it."""
    meta, _ = split_metadata(f"Paul Harding\n\n{_LEDE}\n")
    assert meta.title == "Paul Harding"


_CYR_LEDE = "Переговоры продолжатся на следующей неделе, сообщили журналистам в пресс-службе ведомства."


@pytest.mark.parametrize("dateline, outlet, date", [
    ("МОСКВА, 3 июня 2025 — РИА Новости. ", "RIA Novosti", "2025-06-03"),
    ("МОСКВА, 3 июня 2025 года. /ТАСС/. ", "TASS", "2025-06-03"),
    ("КИЇВ, 3 червня 2025, Укрінформ. ", "Ukrinform", "2025-06-03"),
    ("МОСКВА, 3 июня. /ТАСС/. ", "TASS", ""),  # no year: the date stays empty
    ("КИЇВ, 3 червня, Зеленський заявив. ", "", ""),  # a sentence after the comma names no outlet
])
def test_a_cyrillic_dateline_with_a_year_gives_the_date(dateline, outlet, date):
    meta, body = split_metadata(f"Заголовок новости о переговорах\n\n{dateline}{_CYR_LEDE}\n")
    assert (meta.source, meta.date) == (outlet, date)
    assert dateline.strip() in body  # the dateline stays article text


def test_a_dateline_of_two_cities_names_the_outlet():
    meta, _ = split_metadata("Talks go on\n\nMOSCOW/KYIV, March 26 (Reuters) - The talks went on, officials said.\n")
    assert meta.source == "Reuters"


@pytest.mark.parametrize("line, date, author", [
    ("April 20, 2025 | By Jane Doe", "2025-04-20", "Jane Doe"),
    ("20 April 2025 14:02 · By Jane Doe and John Roe", "2025-04-20", "Jane Doe and John Roe"),
    ("04/05/2025 | By Jane Doe", "", ""),  # day and month cannot be told apart: nothing is guessed
])
def test_a_date_then_a_byline_on_one_line_gives_both(line, date, author):
    meta, body = split_metadata(f"Grain ships return to the northern port\n{line}\n\n{_LEDE}\n")
    assert (meta.date, meta.author) == (date, author)


def test_a_pasted_e_mails_headers_give_title_and_date():
    text = ("From: newsdesk@valmora.example\nSent: 2 June 2025 09:14\nTo: analysts@valmora.example\n"
            f"Subject: FW: Grain ships return to the northern port\n\n{_LEDE}\n")
    meta, body = split_metadata(text)
    assert (meta.title, meta.date) == ("Grain ships return to the northern port", "2025-06-02")
    assert "From:" not in body and _LEDE in body


def test_one_line_opening_with_from_is_no_e_mail():
    meta, body = split_metadata(f"From: the harbour to the capital\n\n{_LEDE}\n")
    assert meta.date == "" and "From: the harbour to the capital" in body + meta.title


@pytest.mark.parametrize("line, date", [
    ("Interview | 10 April 2025", "2025-04-10"),
    ("Интервью | 10 апреля 2025", "2025-04-10"),
    ("Інтерв'ю, 12 червня 2025", "2025-06-12"),
])
def test_a_section_label_beside_a_date_is_no_outlet(line, date):
    meta, _ = split_metadata(f"Grain ships return to the northern port\n{line}\n\n{_LEDE}\n")
    assert (meta.source, meta.date) == ("", date)


def test_an_outlet_beside_a_date_is_still_the_outlet():
    meta, _ = split_metadata(f"Grain ships return to the northern port\nValmora Post | 10 April 2025\n\n{_LEDE}\n")
    assert (meta.source, meta.date) == ("Valmora Post", "2025-04-10")


@pytest.mark.parametrize("credit, author", [
    ("Беседовала Мария Петрова", "Мария Петрова"),
    ("Розмовляла Наталія Лисенко", "Наталія Лисенко"),
    ("Беседовали о главном", ""),  # a sentence, not a credit
])
def test_an_interviews_credit_gives_its_author(credit, author):
    meta, body = split_metadata(f"Заголовок интервью о переговорах\n\n{_CYR_LEDE}\n\n{credit}\n")
    assert meta.author == author
    assert (credit in body) is (author == "")


@pytest.mark.parametrize("above, outlet", [
    ("ANALYSIS", ""),  # a section label is neither title nor outlet
    ("VALMORA NEWS\nWORLD NEWS", "Valmora News"),
    ("Valmora Independent\nInterview", "Valmora Independent"),
    ("Коммерсантъ\nПолитика", "Kommersant"),
])
def test_section_labels_above_the_headline_are_neither_title_nor_outlet(above, outlet):
    meta, _ = split_metadata(f"{above}\nGrain ships return to the northern port\n\n{_LEDE}\n")
    assert (meta.title, meta.source) == ("Grain ships return to the northern port", outlet)


def test_a_time_before_the_date_on_an_updated_line():
    meta, _ = split_metadata(f"Grain ships return\nUpdated 4:12 PM UTC, August 9, 2025\n\n{_LEDE}\n")
    assert meta.date == "2025-08-09"


def test_a_one_word_headline_that_is_a_section_word_alone_stays_the_title():
    meta, _ = split_metadata(f"Opinion\n\n{_LEDE}\n")
    assert meta.title == "Opinion"  # nothing headline-shaped below it: it is all the file has
