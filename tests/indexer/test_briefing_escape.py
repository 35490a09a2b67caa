"""Property tests: any article text, excerpted and exported, renders as exactly that text."""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.briefing.escape import blockquote, escape_inline, escape_markdown_text
from indexer.briefing.html_export import to_html
from indexer.briefing.markdown_export import to_markdown
from indexer.briefing.model import Briefing, excerpt_from_article, has_visible_text
from indexer.model import ActorRef, Article

# Pieces that mean something to Markdown or HTML, mixed with arbitrary characters.
TOKENS = [
    "#", "##", "*", "**", "_", "__", "-", "+", "1.", "2)", ">", "|", "`", "```", "~~~", "~", "=", "===",
    "---", "[", "]", "(", ")", "!", "<", ">", "&", "&amp;", "&#60;", "\\", "\n", "\n\n", "\r\n", "\t",
    "    ", "  \n", "<script>", "</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "<https://e.example/>", "[^1]", "[^1]: ", "[a]: /b", "///Footnotes Go Here///", "<!--", "-->",
    "{: .x}", ":", "^", "http://e.example", "\x02", "\x03", "\x00", "\u2028", "\xa0", "word", " ",
]
# Block markers that only count at the start of a line.
LINE_STARTS = [
    "", "", "# ", "###### ", "* ", "- ", "+ ", "1. ", "2) ", "> ", "> > ", "| a | b |", "    ", "\t", "```",
    "~~~", "===", "---", "***", "___", "[^1]: ", "[a]: http://x", "<div>", "<!-- ", "<https://e.example/>",
    "=", "-", "1.", "   ", ": ", "*** ", "- - -",
]
inline = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=8).map("".join)
line = st.tuples(st.sampled_from(LINE_STARTS), inline).map("".join)
article_text = st.one_of(
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=30).map("".join),
    st.lists(line, max_size=8).map("\n".join),
)
# A visible character surrounded by anything: every field below needs at least one.
visible_text = st.tuples(article_text, st.sampled_from(["x", "#", "*", "<b>", "1.", "|"]), article_text).map("".join)
short_visible_text = st.tuples(
    st.sampled_from(LINE_STARTS), inline, st.sampled_from(["x", "#", "*", "<b>", "1.", "|"]), inline
).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(SETTINGS, max_examples=60)


def expected_text(text: str) -> str:
    """What a reader sees: control characters gone, whitespace runs collapsed (as HTML does)."""
    kept = "".join(" " if ch in "\t\r\n" else ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs")
                   or ch in "\t\r\n")
    return " ".join(kept.split())


class Structure(HTMLParser):
    """Start tags and attributes of the document; tags and text inside the first <blockquote> apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []  # outside the first blockquote
        self.attrs: list[tuple[str, str | None]] = []
        self.quote_tags: list[str] = []
        self.quote_text: list[str] = []
        self.state = "before"

    def handle_starttag(self, tag, attrs):
        self.attrs.extend(attrs)
        if self.state == "inside":
            self.quote_tags.append(tag)
            return
        self.tags.append(tag)
        if tag == "blockquote" and self.state == "before":
            self.state = "inside"

    def handle_endtag(self, tag):
        if tag == "blockquote" and self.state == "inside":
            self.state = "after"

    def handle_data(self, data):
        if self.state == "inside":
            self.quote_text.append(data)


def parse(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    parser.close()
    return parser


def one_excerpt_briefing(article: Article, start: int, end: int) -> Briefing:
    briefing = Briefing("Property")
    section = briefing.add_section("Section")
    briefing.add_item(section.id, excerpt_from_article(article, start, end))
    return briefing


def render(briefing: Briefing) -> str:
    return markdown.markdown(to_markdown(briefing, today="2026-01-01"), extensions=["footnotes"])


REFERENCE = parse(render(one_excerpt_briefing(Article(id="r", title="T", text="plain", source="S"), 0, 5)))


@SETTINGS
@given(text=article_text, data=st.data())
def test_any_excerpt_renders_as_exactly_its_text(text, data):
    line_starts = [0] + [n + 1 for n, ch in enumerate(text) if ch == "\n"]
    start = data.draw(st.one_of(st.integers(0, max(len(text) - 1, 0)), st.sampled_from(line_starts)))
    end = data.draw(st.integers(start + 1, max(len(text), start + 1)))
    if end > len(text) or not has_visible_text(text[start:end]):
        return  # excerpt_from_article refuses these; tested in the model tests
    article = Article(id="a", title="T", text=text, source="S")
    html = render(one_excerpt_briefing(article, start, end))
    page = parse(html)
    assert " ".join("".join(page.quote_text).split()) == expected_text(text[start:end])
    assert set(page.quote_tags) <= {"p", "br"}
    assert page.tags == REFERENCE.tags  # nothing created or swallowed outside the quote either


@FEWER
@given(title=short_visible_text, source=short_visible_text, date=short_visible_text, author=short_visible_text,
       actor=short_visible_text)
def test_any_article_metadata_renders_as_text(title, source, date, author, actor):
    article = Article(id="a", title=title, text="Quoted words.", source=source, date=date, author=author,
                      actors=(ActorRef("x", actor, "person", "role", mentions=((0, 6),)),))
    page = parse(render(one_excerpt_briefing(article, 0, 13)))
    expected_tags = ["h1", "p", "h2", "blockquote", "p", "sup", "a", "h2", "ol", "li", "em",
                     "h2", "ul", "li", "strong", "div", "hr", "ol", "li", "p", "a"]
    assert page.tags == expected_tags
    assert page.quote_tags == ["p"]
    assert all(name in ("id", "class", "href", "title") for name, _ in page.attrs)
    assert all(v.startswith(("#fn", "fn", "Jump", "footnote")) for _, v in page.attrs if v)


@FEWER
@given(text=visible_text)
def test_html_export_has_no_element_from_article_text(text):
    article = Article(id="a", title=text, text=text, source=text, author=text, path=text, url=text)
    page = parse(to_html(one_excerpt_briefing(article, 0, len(text))))
    assert " ".join("".join(page.quote_text).split()) == expected_text(text)
    assert set(page.quote_tags) <= {"p", "br"}
    assert "img" not in page.tags and "script" not in page.tags
    hrefs = [v for name, v in page.attrs if name == "href"]
    assert all(h.startswith(("#fn", "http://", "https://")) for h in hrefs)


@SETTINGS
@given(text=article_text)
def test_escaped_text_is_one_paragraph_of_that_text(text):
    escaped = escape_inline(text)
    assert "\n" not in escaped
    html = markdown.markdown(escaped)
    page = parse(html)
    if expected_text(text):
        assert page.tags == ["p"]
    assert " ".join(html_text(html).split()) == expected_text(text)


def html_text(html: str) -> str:
    parser = HTMLParser(convert_charrefs=True)
    chunks: list[str] = []
    parser.handle_data = chunks.append  # type: ignore[method-assign]
    parser.feed(html)
    parser.close()
    return "".join(chunks)


def test_escaper_examples():
    assert escape_markdown_text("# a\n\n\n  * b  \n1. c") == "\\# a\n\n\\* b\n1\\. c"
    assert escape_inline("a <b> & c|d~e") == "a &lt;b&gt; &amp; c&#124;d&#126;e"
    assert escape_inline("= x") == "&#61; x" and escape_inline("x = y") == "x = y"
    assert blockquote("one\n\ntwo\n") == "> one\n>\n> two"
    assert escape_inline("tab\there\x00\x1b") == "tab here"


@pytest.mark.parametrize("marker", sorted(set(LINE_STARTS) - {""}))
@pytest.mark.parametrize("template", ["{m}words", "{m}", "intro\n{m}words", "intro\n{m}", "a\n\n{m}b\n{m}c"])
def test_each_line_start_marker_stays_text(marker, template):
    text = template.format(m=marker)
    if not has_visible_text(text):
        return
    page = parse(render(one_excerpt_briefing(Article(id="a", title="T", text=text, source="S"), 0, len(text))))
    assert " ".join("".join(page.quote_text).split()) == expected_text(text)
    assert set(page.quote_tags) <= {"p"}
    assert page.tags == REFERENCE.tags
