"""Cleaning pasted web boilerplate while keeping the article's own paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.ingest.clean import clean, is_junk_line, is_prose

P1 = (
    "Negotiators from both coastal provinces met again on Thursday to settle the dispute over fishing rights, "
    "officials said after a six-hour session that ended without a joint statement."
)
P2 = (
    "The mediator told reporters that a second round would follow next month and that both sides had agreed "
    "to keep their fleets away from the contested waters until then."
)
P3 = "“We are closer than we have ever been,” the deputy minister said, adding that the final text could be signed in spring."


def body(*middle: str) -> str:
    return "\n\n".join([P1, *middle, P2])


# --------------------------------------------------------------------------- single-line junk


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Share this article",
        "Share on Facebook",
        "Facebook Twitter WhatsApp Email",
        "Follow us on Twitter",
        "Valmora Post on twitter Valmora Post on facebook",
        "Sign up for our newsletter to get the latest headlines in your inbox",
        "Subscribe to our daily newsletter",
        "We use cookies to improve your experience on our site. By continuing you accept our cookie policy.",
        "Accept all cookies",
        "© 2026 Valmora Post. All rights reserved.",
        "Copyright 2026 Valmora Media Group",
        "Photo: freepik, ill. purp.",
        "Photo by Jane Doe/AFP",
        "(Photo by Jane Doe/AFP)",
        "File photo of the harbour at dawn",
        "Image: Valmora Port Authority",
        "Credit: Jane Doe",
        "The harbour at dawn on Thursday. (Photo: Reuters/Jane Doe)",
        "Negotiators arrive at the talks in Valmora on Thursday. (Jane Doe/Reuters)",
        "Jane Doe/AFP via Getty Images",
        "Getty Images",
        "Read more: Fishing fleets told to stay in port",
        "READ MORE: Fishing fleets told to stay in port",
        "Learn Extra: Fishing fleets told to stay in port",
        "Also read: Fishing fleets told to stay in port",
        "26 February, 2022, 12:33 am",
        "Saturday, 26th February 2022",
        "Updated 12:33 GMT",
        "5 min read",
        "3 hours ago",
        "(Reporting by Jane Doe; Editing by John Smith)",
        "With inputs from agencies",
        "Follow the Valmora Post opinion section on Facebook, Twitter (@ValmoraPost) and Instagram.",
        "Main image credit: Getty",
        "Like this story? Share it with a friend!",
        "Updated at 1:23 p.m.",
        "Jane Doe contributed to this report.",
        # wire credits without parentheses, page controls and labels, a BBC page's picture lines
        "Reporting by Jane Doe; Editing by John Smith",
        "Reporting by Jane Doe and Ann Roe in Valmora; additional reporting by Tom Lee; Writing by Ann Roe; Editing by Bo Li",
        "Editing by John Smith",
        "Our Standards: The Valmora Post Trust Principles.",
        "Advertisement · Scroll to continue",
        "Get the latest headlines delivered to your inbox",
        "Listen",
        "4 min",
        "Topics",
        "Show comments",
        "Sign up here.",
        "Image source, Getty Images",
        "Image caption, Negotiators arrive at the harbour",
        "Sent from my iPhone",
        "Get Outlook for iOS",
    ],
)
def test_junk_lines_are_removed(line):
    assert is_junk_line(line), line
    assert clean(body(line)) == body()


@pytest.mark.parametrize(
    "line",
    [
        P1,
        P3,
        "Share prices rose sharply on Thursday.",
        "Follow the money, the prosecutor told the jury.",
        "The minister said on Twitter that the talks had been useful and that a second round would follow in March.",
        "Photographs of the damaged harbour were shown to the committee.",
        "China backs peace efforts",
        "RUSSIA RAISES NEW DEMANDS BEFORE TALKS BEGIN",
        "The cookie factory in the port employs 300 people, the mayor said.",
        "More than 300 boats stayed in port on Thursday.",
        "Related parties must declare their interests, the regulator said.",
        "Like the previous round, the talks ended without a deal.",
        "Reporters contributed to the confusion.",
        "Reporting by the Valmora Post found that the port had been closed for a week.",
        "Reporting by Reuters showed the talks had stalled, officials said.",
        "The talks lasted 90 minutes and ended without a deal.",
        "Listen to the fishermen, the mayor said.",
        "The newsletter went to every fisherman in the port, the union said.",
    ],
)
def test_article_lines_are_kept(line):
    assert not is_junk_line(line), line
    assert clean(body(line)) == body(line)


# --------------------------------------------------------------------------- link lists and tails


def test_latest_news_link_list_is_removed():
    text = body() + "\nLatest news\n- Port strike ends after two weeks\n- Ferry fares to rise in May\n- Storm warning for the coast"
    assert clean(text) == body()


@pytest.mark.parametrize("heading", ["Read next", "More Stories", "Related", "Related articles", "Most read", "You may also like"])
def test_link_lists_under_headings_are_removed(heading):
    text = "\n\n".join([P1, heading, "Port strike ends after two weeks", "Ferry fares to rise in May", P2])
    assert clean(text) == "\n\n".join([P1, P2])


def test_link_list_stops_at_the_next_paragraph():
    text = "\n".join([P1, "Related", "- Ferry fares to rise in May", P3, P2])
    assert clean(text) == "\n".join([P1, P3, P2])


def test_impact_shorts_label_glued_to_paragraph():
    text = "\n".join([P1, "Impact Shorts", "More Shorts" + P3, P2])
    assert clean(text) == "\n".join([P1, P3, P2])


def test_trailing_junk_after_last_sentence():
    text = body() + "\n\n26 February, 2022, 12:33 am\n\nValmora Post\n\nLatest Cinema\n\nTop News\n\nMore Stories"
    assert clean(text) == body()


def test_subheadings_between_paragraphs_survive():
    text = "\n".join([P1, "Fleets stay in port", P2, "What happens next", P3])
    assert clean(text) == text


def test_short_texts_without_sentences_are_kept():
    text = "Meeting notes\nValmora harbour\nSecond round in March"
    assert clean(text) == text


def test_blank_lines_are_squeezed_and_edges_trimmed():
    assert clean("\n\n" + P1 + "\n\n\n\n" + P2 + "\n\n") == P1 + "\n\n" + P2


def test_is_prose():
    assert is_prose(P1) and is_prose(P3)
    assert not is_prose("Latest news") and not is_prose("A short sentence.")


# --------------------------------------------------------------------------- properties

WORDS = (
    "the minister said talks would continue next week in the port city after officials from both provinces "
    "met on thursday to discuss fishing rights trade routes harbour fees and the future of the coastal fleet "
    "negotiators agreed mediator reporters spring summer council government opposition leaders budget"
).split()

prose_paragraph = st.lists(st.sampled_from(WORDS), min_size=22, max_size=60).map(
    lambda words: " ".join(words).capitalize() + "."
)
junk_line = st.sampled_from(
    ["Advertisement", "Share this article", "Latest news", "- Ferry fares to rise", "Photo: Jane Doe/AFP",
     "Follow us on Twitter", "Related", "Impact Shorts", "More Shorts", "", "   ", "© 2026 Valmora Post",
     "26 February, 2022", "Valmora Post", "Read more: Ferry fares to rise"]
)
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
line_soup = st.lists(st.one_of(junk_line, prose_paragraph, st.text(max_size=60).map(lambda s: s.replace("\n", " "))), max_size=25).map("\n".join)


def assert_lines_are_ordered_suffixes(source: str, cleaned: str) -> None:
    """Every output line is (a suffix of) an input line, in input order."""
    inputs = [line.rstrip() for line in source.split("\n")]
    position = 0
    for line in cleaned.split("\n"):
        if not line:
            continue
        while position < len(inputs) and not inputs[position].endswith(line):
            position += 1
        assert position < len(inputs), f"line not from input: {line!r}"
        position += 1


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(any_text, line_soup))
def test_clean_never_crashes_and_is_idempotent(text):
    once = clean(text)
    assert isinstance(once, str)
    assert clean(once) == once


@settings(max_examples=80, deadline=None)
@given(st.one_of(any_text, line_soup))
def test_output_lines_are_a_subsequence_of_input_lines(text):
    assert_lines_are_ordered_suffixes(text, clean(text))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(junk_line, prose_paragraph), max_size=12), prose_paragraph, st.integers(min_value=0, max_value=12))
def test_normal_prose_paragraph_is_never_dropped(others, paragraph, where):
    lines = list(others)
    lines.insert(min(where, len(lines)), paragraph)
    assert paragraph in clean("\n".join(lines)).split("\n")


def test_trailing_data_lines_are_article_content():
    tail = ["Attendance", "78,000", "K Clark", "Half-Life 2 is out now for the PC", "Drama - Featherboy"]
    text = body() + "\n\n" + "\n\n".join(tail)
    assert clean(text) == text


@pytest.mark.parametrize("outlet", ["Valmora Post", "The Kessin Times", "valmora-post.example.com", "Reuters"])
def test_trailing_outlet_names_are_removed(outlet):
    assert clean(body() + "\n\n" + outlet) == body()


PASTED_PAGE = """We use cookies to give you the best experience on our website. By continuing to browse, you accept our cookie policy.
Accept all cookies
Harbour talks resume as fleets stay in port
By Jane Doe | 3 March 2026
Share on Facebook  Share on Twitter  Email
Negotiators arrive at the customs house in Valmora on Thursday. (Photo by Ilse Marten/AFP)
{p1}
Advertisement
{p2}
Read more: Ferry fares to rise in May
{p3}
Sign up for our free morning newsletter and get the top stories delivered to your inbox
More from Valmora Post
- Storm warning for the coast
- Lighthouse to reopen after repairs
© 2026 Valmora Post. All rights reserved.
Valmora Post
"""


def test_pasted_web_page_end_to_end():
    from indexer.ingest import prepare_bytes

    page = PASTED_PAGE.format(p1=P1, p2=P2, p3=P3)
    doc = prepare_bytes(page.encode(), "/x/pasted.txt")
    assert doc.title == "Harbour talks resume as fleets stay in port"
    assert (doc.author, doc.date) == ("Jane Doe", "2026-03-03")
    assert doc.text == "\n".join([P1, P2, P3])


# --------------------------------------------------------------------------- real-news boilerplate (issue 13)

from indexer.ingest.clean import clean_lines, junk_reason  # noqa: E402

PROSE_WORDS = 20


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("REUTERS/Jane Doe", "photo credit"),
        ("Photograph: Jane Doe/Reuters", "photo credit"),
        ("IMAGE: Valmora harbour at dawn", "photo credit"),
        ("Photo: Jane Doe", "photo credit"),
        ("Valmora envoy Jane Doe. Photo: Reuters", "photo caption"),
        ("Valmora Port Authority chief Jane Doe. EPA / TASS", "photo caption"),
        ("Harbour deal signed in Valmora Photo: Envoy Jane Doe (Getty Images)", "photo caption"),
        ("Jane Doe (L) greets John Roe (R) in Valmora on Feb. 3, 2025.", "photo caption"),
        ("Envoys at the harbour in Valmora on Feb. 3, 2025. (Xinhua/Jane Doe)", "photo caption"),
        ("Facebook | X | WhatsApp", "share row"),
        ("Share: Facebook | X | Telegram", "share row"),
        ("Share this story", "share row"),
        ("Home > World > Europe", "navigation"),
        ("World Society Politics Opinion Science Sport Business", "navigation"),
        ("HOME NEWS BUSINESS MOVIES SPORT OPINION", "navigation"),
        ("Tags: Valmora, harbour talks, fishing", "tag list"),
        ("#ValmoraTalks", "hashtag"),
        ("Privacy Policy", "policy links"),
        ("Terms of Use", "policy links"),
        ("Privacy Policy | Terms of Use | Contact us", "policy links"),
        ("ADVERTISING", "advertisement"),
        ("Premium", "page label"),
        ("News Feed", "page label"),
        ("newYou can now listen to Valmora Post articles!", "page label"),
        ("No comments:", "comments"),
        ("Post a Comment", "comments"),
        ("Editor's note: This story was updated with the mediator's statement on the second round of talks.", "editor's note"),
        ("Support our journalism. Become a member of the Valmora Post today.", "membership appeal"),
        ("Already a member? Log in", "sign-up appeal"),
        ("![]() |", "no text"),
    ],
)
def test_real_news_boilerplate_is_removed_with_its_reason(line, reason):
    assert junk_reason(line) == reason
    assert clean(body(line)) == body()


@pytest.mark.parametrize(
    "line",
    [
        "Reuters reported that the talks in Valmora would resume on Monday, citing two officials.",
        "The minister posted a photo of the meeting on Facebook and X, saying it had been productive.",
        "Talks begin",
        "Delay and other contacts",
        "Valmora And Harbour Leaders Meet Again Today",
        "Tags were attached to every crate, the port authority said.",
        "The photo shows the envoy (left) with the mediator.",
        "Home Office officials said the talks would go on.",
        "Members of the delegation said they would support the plan.",
    ],
)
def test_article_prose_that_mentions_outlets_or_networks_is_kept(line):
    assert junk_reason(line) == ""
    assert clean(body(line)) == body(line)


def test_a_name_line_above_its_photo_credit_is_a_caption():
    lines = [P1, "", "Jane Doe", "Valmora envoy Jane Doe/Reuters", "", P2]
    text, removed = clean_lines(list(enumerate(lines, 1)))
    assert text == body()
    assert [(r.line, r.reason) for r in removed] == [(3, "photo caption"), (4, "photo credit")]


def test_a_short_line_above_an_unrelated_credit_is_kept():
    lines = [P1, "", "Talks begin", "Photo: Jane Doe/Reuters", "", P2]
    text, _removed = clean_lines(list(enumerate(lines, 1)))
    assert text.split("\n") == [P1, "", "Talks begin", "", P2]


@pytest.mark.parametrize(
    "headline",
    [
        "The harbour will reopen only after the fishing dispute is settled for good – Doe",
        "Valmora wants guarantees on the contested fishing waters before any deal: regional diplomat",
        "Doe: We will not sign a deal that gives away the northern fishing grounds",
    ],
)
def test_another_storys_headline_between_paragraphs_is_removed(headline):
    text, removed = clean_lines(list(enumerate([P1, headline, P2], 1)))
    assert text == f"{P1}\n{P2}"
    assert [(r.line, r.reason) for r in removed] == [(2, "related stories")]


@pytest.mark.parametrize(
    "subheading",
    [
        "Talks begin",
        "What the mediator said about the second round of the harbour talks",
        "Source: the minister on X, as reported by the Valmora Post",
    ],
)
def test_the_articles_own_subheadings_stay(subheading):
    text, removed = clean_lines(list(enumerate([P1, subheading, P2], 1)))
    assert text == f"{P1}\n{subheading}\n{P2}" and removed == []


def test_a_related_story_card_closing_the_paste_is_removed():
    card = ["‘We were never asked’ — Why the fishing fleets were left out of the harbour talks", "As the talks opened, Jane"]
    text, removed = clean_lines(list(enumerate([P1, P2, *card], 1)))
    assert text == f"{P1}\n{P2}"
    assert {r.reason for r in removed} == {"related stories"}


def test_a_subheading_and_a_cut_off_last_paragraph_stay():
    lines = [P1, P2, "Talks begin on energy infrastructure, with a long list of demands", "The Kremlin said that the l"]
    text, removed = clean_lines(list(enumerate(lines, 1)))
    assert text == "\n".join(lines) and removed == []


@pytest.mark.parametrize("separator", ["___", "* * *", "—"])
def test_separators_without_markup_stay(separator):
    assert junk_reason(separator) == ""


def test_a_party_label_is_not_a_position_in_a_photo():
    line = "Rep. Jane Doe (R) said the harbour deal would not pass the committee without changes."
    assert junk_reason(line) == ""


@pytest.mark.parametrize(
    "line",
    [
        "The ministry confirmed the exchange on Friday, two days after the talks in Valmora ended (as reported by Reuters).",
        "The ministry confirmed the exchange on Friday, two days after the talks in Valmora ended without a deal (Reuters).",
        "Officials said the talks would resume on Monday and that a photo: the handshake was shared widely by both",
    ],
)
def test_sentences_ending_with_a_source_are_prose(line):
    assert junk_reason(line) == ""


NEWS_WORDS = st.sampled_from([
    "Reuters", "AFP", "TASS", "Facebook", "X", "WhatsApp", "Telegram", "photo", "Photo:", "share", "Share", "tags",
    "Home", "News", "World", "Business", "Opinion", "(Reuters)", "/", "|", "—", "said", "the", "talks", "in",
    "Valmora", "ministers", "on", "Thursday", "reported", "by", "via", "Getty", "Images", "posted", "privacy", "policy",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(NEWS_WORDS, min_size=PROSE_WORDS, max_size=45))
def test_a_sentence_that_mentions_outlets_or_networks_is_prose(words):
    line = "Officials said on Thursday that " + " ".join(words) + " and the talks would go on."
    assert junk_reason(line) == "", line


@pytest.mark.parametrize(
    "line, reason",
    [
        ("Skip to main content", "page label"),
        ("Jump to content", "page label"),
        ("Menu  Search  Subscribe", "navigation"),
        ("Search | Subscribe | Log in", "navigation"),
        ("World | Europe | Ukraine", "navigation"),
    ],
)
def test_a_pasted_pages_controls_and_section_links_are_furniture(line, reason):
    from indexer.ingest.clean import junk_reason

    assert junk_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    ["Search for a ceasefire continues in Geneva", "Kyiv | Moscow talks resume after a pause of three weeks.",
     "Menu of options for the talks", "Skip to the end, Lavrov told reporters."],
)
def test_lines_that_only_start_like_controls_stay(line):
    from indexer.ingest.clean import junk_reason

    assert junk_reason(line) == ""


def test_a_pasted_page_gets_its_headline_and_its_date_not_its_skip_link():
    from indexer.ingest import prepare_bytes

    page = ("Skip to main content\nMenu  Search  Subscribe\nWorld | Europe | Ukraine\n"
            "Envoys agree on a harbour inspection plan\nBy Ada Merin, Harbour Wire\n"
            "November 21, 2025 10:42 AM UTC  Updated 3 hours ago\n"
            "Envoys from both sides agreed on Friday on a plan to inspect the harbour, officials said.\n")
    doc = prepare_bytes(page.encode(), "page.txt")
    assert (doc.title, doc.date) == ("Envoys agree on a harbour inspection plan", "2025-11-21")
    assert doc.text.startswith("Envoys from both sides")
