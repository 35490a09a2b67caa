"""Analyst notes in the Markdown export: their formatting stays, nothing in them loads or runs."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.briefing.html_export import to_html
from indexer.briefing.markdown_export import to_markdown
from indexer.briefing.model import Briefing, Note, excerpt_from_article
from indexer.briefing.notes import sanitise_note
from indexer.model import Article

# The kinds of markup a note pasted from a web page or a hostile mail can carry (all invented).
PASTED_NOTE = "\n".join([
    "Pasted from the wire:",
    '<img src="https://pixel.example/a.gif" onerror="fetch(\'https://x.example/\')">',
    '<iframe src="https://frame.example/"></iframe>',
    '<meta http-equiv="refresh" content="0; url=https://redirect.example/">',
    "![chart](https://images.example/chart.png)",
    "![logo][l]",
    "[l]: https://images.example/logo.png",
    '<link rel="stylesheet" href="https://css.example/s.css">',
    "<video poster=https://poster.example/p.jpg></video>",
    '<object data="https://obj.example/o.swf"></object>',
    "<svg><image href=https://svg.example/i.png /></svg>",
    "[run](javascript:alert(1)) [inline](data:text/html;base64,PHNjcmlwdD4=) [vb](VBScript:msgbox)",
    "[spaced]( javascript:alert(2) ) [angled](<javascript:alert(3)>)",
    "<script>fetch('https://script.example/')</script>",
    "<style>body{background:url(https://style.example/b.png)}</style>",
    '<div style="background:url(https://inline.example/b.png)">styled</div>',
    "<base href=https://base.example/>",
])

LIVE_ATTRIBUTES = {"src", "srcset", "style", "background", "poster", "data", "action", "formaction", "content"}


class Live(HTMLParser):
    """Collects every element or attribute of rendered HTML that could load or run something."""

    SAFE_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "a", "em", "strong",
                 "code", "pre", "hr", "sup", "div", "br"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.SAFE_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in LIVE_ATTRIBUTES:
                self.problems.append(f"{tag} {name}={value}")
            elif name == "href" and not (value or "").lower().startswith(("http://", "https://", "#fn")):
                self.problems.append(f"{tag} href={value}")

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.problems.append("<!--comment-->")

    @classmethod
    def in_markdown(cls, text: str, **options) -> list[str]:
        parser = cls()
        parser.feed(markdown.markdown(text, **options))
        parser.close()
        return parser.problems


def briefing_with_note(note: str) -> Briefing:
    article = Article(id="a1", title="Harbour", text="The harbour reopened on Monday.", source="Coast Daily")
    briefing = Briefing("Notes")
    section = briefing.add_section("Port")
    briefing.add_item(section.id, excerpt_from_article(article, 0, 12, note=note))
    briefing.add_item(section.id, Note(note))
    return briefing


def test_pasted_web_markup_in_a_note_requests_nothing_when_the_export_is_rendered():
    exported = to_markdown(briefing_with_note(PASTED_NOTE), today="2026-01-01")
    assert Live.in_markdown(exported, extensions=["footnotes"]) == []
    assert Live.in_markdown(exported) == []
    for host in ("pixel", "frame", "redirect", "css", "script", "style", "inline", "base", "svg", "poster", "obj"):
        assert f"{host}.example" not in exported, host
    assert "javascript:" not in exported.lower() and "vbscript:" not in exported.lower()
    assert "data:text" not in exported


def test_images_become_text_and_links_keep_only_their_text():
    note = sanitise_note("![chart](https://images.example/c.png) see [run](javascript:alert(1)) or [no](vbscript:x)")
    assert note == "\\[image: chart\\] see [run] or [no]"
    assert sanitise_note("![](http://images.example/c.png)") == "\\[image\\]"


@pytest.mark.parametrize("note", [
    "**Bold** and *italic*, `code` and ~~struck~~.",
    "- first point\n- second point\n\n1. one\n2. two",
    "## A heading\n\n> a quoted line",
    "See [the report](https://reports.example/r?id=4&x=1) and <https://reports.example/>.",
    "Costs rose > 4% and A & B agreed; 3 > 2.",
])
def test_markdown_formatting_in_notes_is_kept(note):
    assert sanitise_note(note) == note


def test_raw_html_is_stripped_but_its_text_kept():
    assert sanitise_note('Read <b>this</b> <a href="data:x" onclick="y()">part</a>.') == "Read this part."
    assert sanitise_note("<script>alert(1)</script>ok<style>p{}</style>") == "ok"
    assert sanitise_note("<scr<script>ipt>alert(1)") == "&lt;script>alert(1)"
    assert sanitise_note("x < y and <!-- hidden --> z") == "x &lt; y and  z"


def test_control_characters_and_the_footnote_marker_are_neutralised():
    assert sanitise_note("a\x00b\x02c\x03\r\nd") == "abc\nd"
    assert "///Footnotes Go Here///" not in sanitise_note("///Footnotes Go Here///")


def test_unclosed_unsafe_link_does_not_become_a_link():
    rendered = markdown.markdown(sanitise_note("[x](javascript:alert(1)"))
    assert "href" not in rendered


@pytest.mark.parametrize("definition", [
    "[1]: see page 4 of the report", "[^1]: my own footnote", "[ref]: https://e.x/",
])
def test_note_lines_from_a_definition_on_stay_in_both_exports(definition):
    note = f"First line.\n{definition}\nSecond line after it.\n\nA later paragraph."
    briefing = briefing_with_note(note)
    page = to_html(briefing, today="2026-01-01")
    for words in ("First line.", "Second line after it.", "A later paragraph.", definition.split(":")[1].strip()):
        assert page.count(words) == 2, words  # the excerpt's note and the separate note
    assert page.count('<li id="fn:1">') == 1 and "Harbour" in page  # the citation is not replaced
    exported = to_markdown(briefing, today="2026-01-01")
    assert "Second line after it." in markdown.markdown(exported, extensions=["footnotes"])


FRAGMENTS = [
    "<", ">", "[", "]", "(", ")", "!", "`", "\\", "\n", "\n\n", " ", ":", "^", '"', "'", "=", "/", "&", "#", ";",
    "img", "script", " src=", " onerror=", "javascript:", "JaVaScRiPt:", "data:", "vbscript:", "http://e.x/",
    "https://e.x/", "[^1]:", "]:", "![", "](", "<img src=x onerror=y>", "<iframe src=http://e.x/>",
    "<meta http-equiv=refresh content='0;url=http://e.x/'>", "///Footnotes Go Here///", "    ", "> ", "- ", "*",
    "_", "&#60;", "&lt;", "\x02", "\x03", "wzxhzdk:0", "klzzwxh:0", "<!--", "-->", "<?", "?>", "<![CDATA[",
    "<https://e.x/>", "<mailto:a@e.x>", "<a@e.x>", "[x]", "[x]: ", "(<", ">)", "&#106;avascript:", "\t",
]
notes = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes)
def test_no_note_renders_to_anything_that_loads_or_runs(note):
    exported = to_markdown(briefing_with_note(note), today="2026-01-01")
    assert Live.in_markdown(exported, extensions=["footnotes"]) == []
    assert Live.in_markdown(exported) == []
    assert Live.in_markdown(sanitise_note(note)) == []


@settings(max_examples=100, deadline=None)
@given(notes)
def test_sanitising_is_stable(note):
    once = sanitise_note(note)
    assert Live.in_markdown(sanitise_note(once)) == []


def test_hostile_note_is_fast():
    import time

    started = time.perf_counter()
    sanitise_note("<a '" * 5000 + "](" * 5000 + "<!--" * 5000 + "![" * 5000)
    assert time.perf_counter() - started < 5
