"""Markdown and HTML export: a hand-written snapshot, and hostile article text in both."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest

from indexer.briefing.html_export import ALLOWED_TAGS, sanitise, to_html
from indexer.briefing.markdown_export import to_markdown
from indexer.briefing.model import STALE_CHANGED, STALE_MISSING, Briefing, Note, excerpt_from_article
from indexer.model import ActorRef, Article

FERRY_TEXT = ("Ferry services resumed on 3 March.\nThe harbour master, Rosa Quint, said: \"We are *open*.\"\n\n"
              "Traffic remains light.")
FUEL_TEXT = "Fuel prices rose 4% in the region_north district. The Ministry of Energy blamed shipping delays."


def ferry_article() -> Article:
    q = FERRY_TEXT.find("Rosa Quint")
    return Article(id="a1", title="Ferries return", text=FERRY_TEXT, date="2026-03-04", author="Tom Bale",
                   source="Island Post", path="/corpus/ferries.txt",
                   actors=(ActorRef("rq", "Rosa Quint", "person", "harbour master", mentions=((q, q + 10),)),))


def fuel_article() -> Article:
    m = FUEL_TEXT.find("Ministry of Energy")
    return Article(id="a2", title="Fuel <costs> climb", text=FUEL_TEXT, date="2026-03-05",
                   url="https://news.example/fuel?id=7&lang=en",
                   actors=(ActorRef("moe", "Ministry of Energy", "organisation", "", mentions=((m, m + 18),)),))


def snapshot_briefing() -> Briefing:
    ferry, fuel = ferry_article(), fuel_article()
    briefing = Briefing("Island logistics", subtitle="Week 10", author="Desk 2")
    transport = briefing.add_section("Transport")
    briefing.add_item(transport.id, excerpt_from_article(ferry, 0, len(FERRY_TEXT),
                                                         note="Confirm the *timetable* with the operator."))
    briefing.add_item(transport.id, Note("Shipping looks **stable**."))
    energy = briefing.add_section("Energy & prices")
    briefing.add_item(energy.id, excerpt_from_article(fuel, 0, 50))
    changed = excerpt_from_article(fuel, FUEL_TEXT.find("The"), len(FUEL_TEXT))
    changed.stale = STALE_CHANGED
    briefing.add_item(energy.id, changed)
    briefing.add_item(energy.id, excerpt_from_article(ferry, FERRY_TEXT.find("Traffic"), len(FERRY_TEXT)))
    return briefing


EXPECTED_MARKDOWN = """\
# Island logistics

*Week 10*

Prepared 2026-03-06 by Desk 2 · 2 sources

## Transport

> Ferry services resumed on 3 March.
> The harbour master, Rosa Quint, said: "We are \\*open\\*."
>
> Traffic remains light.

— Island Post, 2026-03-04[^1]

Confirm the *timetable* with the operator.

Shipping looks **stable**.

## Energy &amp; prices

> Fuel prices rose 4% in the region\\_north district.

— Fuel &lt;costs&gt; climb, 2026-03-05[^2]

> The Ministry of Energy blamed shipping delays.

— Fuel &lt;costs&gt; climb, 2026-03-05[^2] *(the article has changed since this excerpt was taken)*

> Traffic remains light.

— Island Post, 2026-03-04[^1]

## Sources

1. *Ferries return* — Island Post, Tom Bale, 2026-03-04. ferries.txt
2. *Fuel &lt;costs&gt; climb* — 2026-03-05. <https://news.example/fuel?id=7&lang=en>

## Actors

- **Ministry of Energy** (organisation)
- **Rosa Quint** (person)

[^1]: Ferries return — Island Post, 2026-03-04.
[^2]: Fuel &lt;costs&gt; climb — 2026-03-05.
"""


def test_markdown_snapshot():
    assert to_markdown(snapshot_briefing(), today="2026-03-06") == EXPECTED_MARKDOWN


def test_markdown_without_actors_and_with_date_object():
    from datetime import date

    text = to_markdown(snapshot_briefing(), include_actors=False, today=date(2026, 3, 6))
    assert "## Actors" not in text and "Rosa Quint** —" not in text
    assert "Prepared 2026-03-06 by Desk 2 · 2 sources" in text


def test_empty_briefing_has_no_sources_section():
    text = to_markdown(Briefing("Empty", author=""), today="2026-01-02")
    assert text == "# Empty\n\nPrepared 2026-01-02 · 0 sources\n"


def test_missing_article_is_marked_and_single_source_is_singular():
    briefing = Briefing("One")
    section = briefing.add_section("")
    excerpt = excerpt_from_article(Article(id="x", title="", text="Quiet day."), 0, 10)
    excerpt.stale = STALE_MISSING
    briefing.add_item(section.id, excerpt)
    text = to_markdown(briefing, today="2026-01-02")
    assert "· 1 source\n" in text
    assert "## Untitled section" in text
    assert "— Unknown source[^1] *(the article is no longer in the library)*" in text
    assert "1. *Untitled article*." in text


class Elements(HTMLParser):
    """Every start tag with its attributes, plus the tags and text inside the first <blockquote>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.quote_tags: list[str] = []
        self.quote_text: list[str] = []
        self.in_quote = self.quote_done = False
        self.nested = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if self.in_quote:
            self.quote_tags.append(tag)
            self.nested += tag == "blockquote"
        elif tag == "blockquote" and not self.quote_done:
            self.in_quote = True

    def handle_endtag(self, tag):
        if self.in_quote and tag == "blockquote":
            if self.nested:
                self.nested -= 1
            else:
                self.in_quote, self.quote_done = False, True

    def handle_data(self, data):
        if self.in_quote:
            self.quote_text.append(data)

    def feed_all(self, html: str) -> "Elements":
        self.feed(html)
        self.close()
        return self


def flat(text: str) -> str:
    return " ".join(text.split())


HOSTILE_LINES = [
    "# Not a heading",
    "* not a list",
    "- not a list either",
    "1. not numbered",
    "2) not numbered",
    "> not a quote",
    "| not | a | table |",
    "|---|---|",
    "[click](javascript:alert(1))",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "    four spaces of code",
    "```",
    "~~~",
    "===",
    "---",
    "<https://evil.example/>",
    "[^1]: fake footnote",
    "[ref]: https://evil.example/",
    "&lt;b&gt; &amp; &#60;script&#62;",
    "**bold** _it_ `code` \\*",
    "///Footnotes Go Here///",
    "<!-- comment --> <div onclick=\"x()\">div</div>",
]
HOSTILE_TEXT = "\n".join(HOSTILE_LINES)


def hostile_briefing() -> Briefing:
    article = Article(id="evil", title="<script>alert(1)</script> [t](javascript:x)", text=HOSTILE_TEXT,
                      source="# Outlet <img src=x onerror=alert(2)>", date="2026-01-01",
                      author="*Eve*", path="/tmp/<b>evil</b>.txt", url="javascript:alert(3)",
                      actors=(ActorRef("e", "<svg onload=alert(4)>", "person", "[r](javascript:y)",
                                       mentions=((0, 5),)),))
    briefing = Briefing("Hostile <i>title</i>")
    section = briefing.add_section("## sneaky <b>section</b>")
    briefing.add_item(section.id, excerpt_from_article(article, 0, len(HOSTILE_TEXT)))
    return briefing


def test_hostile_excerpt_renders_as_exact_text_in_markdown():
    rendered = markdown.markdown(to_markdown(hostile_briefing()), extensions=["footnotes"])
    elements = Elements().feed_all(rendered)
    assert flat("".join(elements.quote_text)) == flat(HOSTILE_TEXT)
    assert set(elements.quote_tags) <= {"p"}
    tags = [t for t, _ in elements.tags]
    assert tags.count("blockquote") == 1
    for bad in ("script", "img", "svg", "table", "pre", "code", "h3", "i", "b"):
        assert bad not in tags, bad
    assert tags.count("h1") == 1 and tags.count("h2") == 3  # the section, Sources, Actors
    hrefs = [a.get("href") for t, a in elements.tags if t == "a"]
    assert all(h.startswith("#fn") for h in hrefs), hrefs


def test_hostile_metadata_is_text_in_markdown():
    text = to_markdown(hostile_briefing(), today="2026-01-02")
    rendered = markdown.markdown(text, extensions=["footnotes"])
    assert "<script" not in rendered and "<img" not in rendered and "<svg" not in rendered
    assert "javascript:" not in "".join(str(a) for _, a in Elements().feed_all(rendered).tags)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [t](javascript:x)" in rendered
    assert "javascript:alert(3)" in rendered  # the URL is shown as text, not linked


def test_hostile_html_export_has_no_live_markup():
    page = to_html(hostile_briefing(), today="2026-01-02")
    elements = Elements().feed_all(page)
    page_tags = {"html", "head", "meta", "title", "style", "body", "main"}
    for tag, attrs in elements.tags:
        assert tag in ALLOWED_TAGS | page_tags, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name == "href":
                assert value.startswith(("#fn", "https://", "http://")), value
    assert flat("".join(elements.quote_text)) == flat(HOSTILE_TEXT)
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "<title>Hostile &lt;i&gt;title&lt;/i&gt;</title>" in page


def test_html_page_is_standalone_and_print_friendly():
    page = to_html(snapshot_briefing(), today="2026-03-06")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "default-src 'none'; style-src 'unsafe-inline'" in page
    assert "@media print" in page
    assert "src=" not in page and "<link" not in page and "@import" not in page
    assert "<h1>Island logistics</h1>" in page and "<h2>Sources</h2>" in page
    assert 'href="#fn:1"' in page and 'id="fn:1"' in page and '<div class="footnote">' in page
    assert '<a href="https://news.example/fuel?id=7&amp;lang=en"' in page
    assert "<em>timetable</em>" in page and "<strong>stable</strong>" in page


def test_analyst_notes_keep_markdown_but_lose_dangerous_html():
    briefing = Briefing("Notes")
    section = briefing.add_section("S")
    briefing.add_item(section.id, Note(
        "See [docs](https://ok.example/) and [bad](javascript:alert(1)).\n\n"
        "<script>alert(1)</script><img src=https://tracker.example/p.png>\n\n"
        "<a href=\"data:text/html,x\" onclick=\"y()\">d</a> ![pic](https://tracker.example/i.png)"))
    page = to_html(briefing)
    assert '<a href="https://ok.example/"' in page
    assert "javascript:" not in page and "data:text" not in page
    assert "<script" not in page and "alert(1)</script>" not in page and "<img" not in page
    assert "onclick" not in page and "tracker.example" not in page


@pytest.mark.parametrize(("fragment", "expected"), [
    ('<p id="evil">x</p>', "<p>x</p>"),
    ('<li id="fn:1">x</li>', '<li id="fn:1">x</li>'),
    ('<div class="other">x</div>', "<div>x</div>"),
    ('<a href="notes.html">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<iframe src="https://e.example/"></iframe>t', "t"),
    ('<style>body{}</style>t', "t"),
])
def test_sanitiser_allows_only_what_the_export_produces(fragment, expected):
    assert sanitise(fragment) == expected
