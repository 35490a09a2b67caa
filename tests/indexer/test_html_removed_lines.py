"""Nothing on an HTML page is silently lost (issue 13, item 1): every visible line is in the body, the
metadata or the removed lines with a reason; a byline element gives the author; scripts are never text."""

from __future__ import annotations

import json
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.cli import main
from indexer.ingest import prepare_all_bytes, prepare_bytes
from indexer.ingest.html import extract_html, stdlib_text
from indexer.model import Document, Skip

LEDE = ("Harbour negotiators from the two coastal provinces met again in Valmora on Thursday to settle the long "
        "dispute over fishing rights, officials said after a six-hour session.")
SECOND = ("The mediator told reporters that a second round would follow next month and that both fleets would "
          "stay away from the contested waters until then.")
THIRD = "Dock workers, on strike for two weeks, said they would return on Monday if the agreement held."
ARTICLE = f"<p>{LEDE}</p><p>{SECOND}</p><p>{THIRD}</p>"


def html(head: str = "", body: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


def read(data: bytes) -> Document:
    doc = prepare_bytes(data, "/in/page.html")
    assert isinstance(doc, Document), doc
    return doc


def removed(doc: Document) -> dict[str, str]:
    return {item.text: item.reason for item in doc.removed}


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


# -- the QA pages: a byline paragraph, a photo caption, a menu, a cookie notice and a footer ---------------

BYLINE_PAGE = html(
    "<title>Ferry talks resume in Valmora</title>",
    "<article><h1>Ferry talks resume in Valmora</h1><p class='byline'>By Orla Fenwick</p>"
    f"<p>{LEDE}</p><figure><img src='quay.jpg'><figcaption>Fishing boats moored at the old quay. "
    f"Photo: Ivo Stark/Coastal Press</figcaption></figure><p>{SECOND}</p><p>{THIRD}</p></article>",
)

FURNITURE_PAGE = html(
    "<title>Ferry talks resume in Valmora</title>",
    "<div id='cookie-banner'>We use cookies to measure how our pages are read. <button>Accept all</button></div>"
    "<header><nav><a href='/'>Front page</a> <a href='/coast'>Coast</a> <a href='/weather'>Weather</a></nav></header>"
    f"<main><article><h1>Ferry talks resume in Valmora</h1>{ARTICLE}</article></main>"
    "<footer><p>© 2026 Valmora Post. Reproduction only with permission.</p></footer>",
)


def test_a_byline_paragraph_gives_the_author_and_is_listed_as_a_byline():
    doc = read(BYLINE_PAGE)
    assert doc.author == "Orla Fenwick"
    assert removed(doc)["By Orla Fenwick"] == "byline"
    assert "Orla Fenwick" not in doc.text


def test_a_photo_caption_is_listed_with_its_reason_not_dropped():
    doc = read(BYLINE_PAGE)
    caption = "Fishing boats moored at the old quay. Photo: Ivo Stark/Coastal Press"
    assert caption not in doc.text
    assert removed(doc)[caption] == "photo caption"
    assert LEDE in doc.text and SECOND in doc.text


def test_navigation_cookie_notice_and_footer_are_listed_with_their_reasons():
    doc = read(FURNITURE_PAGE)
    lines = removed(doc)
    assert lines["Front page Coast Weather"] == "navigation"
    assert lines["We use cookies to measure how our pages are read. Accept all"] == "cookie notice"
    assert lines["© 2026 Valmora Post. Reproduction only with permission."] == "footer"
    assert doc.text == "\n\n".join([LEDE, SECOND, THIRD])


def test_an_unlabelled_block_outside_the_article_is_page_furniture():
    doc = read(html("<title>Ferry talks resume</title>",
                    f"<div>Tide tables for the week ahead</div><article>{ARTICLE}</article>"))
    assert removed(doc)["Tide tables for the week ahead"] == "page furniture (outside the article)"


def test_share_row_related_stories_and_an_ad_slot_by_their_class():
    doc = read(html(
        "<title>Ferry talks resume</title>",
        f"<article><div class='share-tools'><a>Post it</a> <a>Mail it</a></div>{ARTICLE}"
        "<div class='related-links'><a>Lighthouse keepers strike again</a></div>"
        "<div class='advert'>Winter tyres half price at Kessel Motors</div></article>",
    ))
    lines = removed(doc)
    assert lines["Post it Mail it"] == "share row"
    assert lines["Lighthouse keepers strike again"] == "related stories"
    assert lines["Winter tyres half price at Kessel Motors"] == "advertisement"


def test_the_links_under_a_more_stories_heading_are_a_link_list():
    doc = read(html("<title>Ferry talks resume</title>",
                    f"<article>{ARTICLE}</article><div><h3>More stories</h3><p>Lighthouse keepers strike again</p>"
                    "<p>Tide tables for the week</p></div>"))
    lines = removed(doc)
    assert lines["More stories"] == "link list heading"
    assert lines["Lighthouse keepers strike again"] == lines["Tide tables for the week"] == "link list"


def test_the_headline_is_metadata_not_a_removed_line():
    doc = read(FURNITURE_PAGE)
    assert doc.title == "Ferry talks resume in Valmora"
    assert all(words(item.text) != words(doc.title) or item.reason == "repeated headline" for item in doc.removed)


def test_table_cells_and_list_items_of_the_article_are_body_not_removed_lines():
    table = ("<table><tr><th>Port</th><th>Boats</th></tr><tr><td>Valmora</td><td>41</td></tr>"
             "<tr><td>Kessel Bay</td><td>17</td></tr></table>")
    doc = read(html("<title>Ferry talks resume</title>",
                    f"<article>{ARTICLE}{table}<ul><li>Quotas stay frozen</li><li>Patrols resume</li></ul></article>"))
    assert "Kessel Bay" in doc.text and "Patrols resume" in doc.text
    listed = {item.text for item in doc.removed}
    assert not listed & {"Port", "Boats", "Valmora", "41", "Kessel Bay", "17", "Quotas stay frozen", "Patrols resume"}


def test_a_menu_repeated_in_the_footer_is_listed_once():
    menu = "<a>Coast</a> <a>Weather</a>"
    doc = read(html("<title>Ferry talks resume</title>",
                    f"<nav>{menu}</nav><article>{ARTICLE}</article><footer>{menu}</footer>"))
    assert [(item.text, item.reason) for item in doc.removed].count(("Coast Weather", "navigation")) == 1
    assert [item.text for item in doc.removed].count("Coast Weather") == 1


def test_show_json_returns_the_page_furniture(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_bytes(FURNITURE_PAGE)
    lib = str(tmp_path / "lib")
    assert main(["--library", lib, "add", str(folder), "--json"]) == 0
    (added,) = json.loads(capsys.readouterr().out)["added"]
    assert main(["--library", lib, "show", added["id"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert {"line": 0, "text": "Front page Coast Weather", "reason": "navigation"} in shown["removed"]


def test_a_feed_entrys_menu_and_footer_are_removed_lines():
    entry = (f"<item><title>Ferry talks resume</title><description><![CDATA[<nav>Coast | Weather</nav><p>{LEDE}</p>"
             "<footer>Sent by the Valmora Post wire desk</footer>]]></description></item>")
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Valmora Wire</title>{entry}</channel></rss>'
    (doc,) = prepare_all_bytes(feed.encode(), "/in/wire.rss")
    assert isinstance(doc, Document) and doc.text == LEDE
    assert removed(doc) == {"Coast | Weather": "navigation", "Sent by the Valmora Post wire desk": "footer"}


# -- scripts and styles are never text ------------------------------------------------------------------

SCRIPTED = html(
    "<title>Ferry talks resume</title><script>var secret = 'Admiral Quill resigns';</script>"
    "<style>.Quill { color: red }</style>",
    f"<nav>Coast</nav><article>{ARTICLE}<script>console.log('Commodore Brask')</script>"
    "<noscript>Turn on scripts to see the tide map</noscript></article>"
    "<div style='display:none'>Hidden survey prompt</div><div hidden>Another hidden prompt</div>",
)


def test_script_style_and_hidden_contents_appear_nowhere():
    doc = read(SCRIPTED)
    everything = " ".join([doc.text, doc.title, doc.author, doc.source, *(item.text for item in doc.removed)])
    for secret in ("Admiral Quill", "Quill", "Commodore Brask", "color: red", "Hidden survey", "Another hidden"):
        assert secret not in everything
    assert removed(doc)["Coast"] == "navigation"


# -- the byline, wherever the page puts it -----------------------------------------------------------------

@pytest.mark.parametrize("byline", [
    "<p>By <a rel='author' href='/staff/orla'>Orla Fenwick</a></p>",
    "<a rel='author' href='/staff/orla'>Orla Fenwick</a>",
    "<address>By Orla Fenwick</address>",
    "<div class='article__byline'><span>Orla Fenwick</span></div>",
    "<p>By Orla Fenwick</p>",
    "<p>Written by Orla Fenwick</p>",
])
def test_the_byline_gives_the_author(byline):
    body = f"<article><h1>Ferry talks resume</h1>{byline}{ARTICLE}</article>"
    doc = read(html("<title>Ferry talks resume</title>", body))
    assert doc.author == "Orla Fenwick"


def test_the_page_metadata_author_wins_over_the_byline():
    doc = read(html("<title>Ferry talks resume</title><meta name='author' content='Ines Varga'>",
                    f"<article><p class='byline'>By Orla Fenwick</p>{ARTICLE}</article>"))
    assert doc.author == "Ines Varga"


@pytest.mark.parametrize("line", [
    "<p>By continuing to browse this site you accept our terms</p>",
    "<p>By the time the ferry docked, the talks had ended.</p>",
    "<p class='byline'>Updated 3 hours ago</p>",
    f"<p class='byline'>By {'Orla ' * 60}Fenwick</p>",
])
def test_a_line_that_names_no_person_gives_no_author(line):
    doc = read(html("<title>Ferry talks resume</title>", f"<article>{line}{ARTICLE}</article>"))
    assert doc.author == ""


def test_a_teasers_byline_below_the_article_text_is_not_the_author():
    doc = read(html(
        "<title>Ferry talks resume</title>",
        f"<main><article>{ARTICLE}</article><article><p class='byline'>By Ines Varga</p>"
        "<p>Lighthouse keepers strike again</p></article></main>",
    ))
    assert doc.author == ""


def test_another_storys_byline_in_a_sidebar_is_not_the_author():
    doc = read(html(
        "<title>Ferry talks resume</title>",
        "<aside><p class='byline'>By Ines Varga</p><p>Lighthouse keepers strike again</p></aside>"
        f"<article>{ARTICLE}</article>",
    ))
    assert doc.author == ""
    assert removed(doc)["By Ines Varga"] == "byline"


# -- bad input --------------------------------------------------------------------------------------------

def test_a_page_that_is_only_navigation_is_skipped_with_a_reason():
    result = prepare_bytes(html("<title>Valmora Post</title>",
                                "<nav><ul><li><a>Coast</a></li><li><a>Weather</a></li></ul></nav>"), "/in/menu.html")
    assert isinstance(result, Skip)
    assert "menu.html" in result.path and "no article text" in result.reason


def test_a_page_with_no_article_element_keeps_its_text_and_lists_its_menu():
    doc = read(html("<title>Ferry notice</title>", f"<nav><a>Coast</a> <a>Weather</a></nav><div>{LEDE}</div>"))
    assert LEDE in doc.text
    assert removed(doc)["Coast Weather"] == "navigation"


def test_an_empty_or_broken_page_does_not_raise():
    for data in (b"<html></html>", b"<<<>>>", b"<nav>", b"<footer>\xff\xfe</footer>", b"<p>" * 5000):
        result = prepare_bytes(data, "/in/broken.html")
        assert isinstance(result, (Document, Skip))


@pytest.mark.timeout(60)
def test_a_huge_line_of_furniture_is_listed_quickly():
    huge = " ".join(f"link{i}" for i in range(200_000))  # about 1.5 MB on one line
    started = time.perf_counter()
    doc = read(html("<title>Ferry talks resume</title>", f"<footer>{huge}</footer><article>{ARTICLE}</article>"))
    assert time.perf_counter() - started < 20
    assert removed(doc)[huge] == "footer"
    assert "link1 " not in doc.text


@pytest.mark.timeout(60)
def test_a_page_nested_too_deeply_for_lxml_still_lists_its_menu():
    deep = html("<title>Deep page</title>",
                "<nav><a>Coast</a> <a>Weather</a></nav>" + "<div>" * 3000 + f"<p>{LEDE}</p>" + "</div>" * 3000)
    doc = read(deep)
    assert doc.text == LEDE
    assert removed(doc)["Coast Weather"] == "navigation"


def test_the_flat_reader_keeps_its_text_without_menus():
    page = "<nav>Coast</nav><p>One &amp; two</p><footer>Imprint</footer><aside>Tide tables</aside>"
    assert stdlib_text(page) == "One & two"


# -- the property: every visible line is accounted for -------------------------------------------------

WORD = st.sampled_from(["harbour", "Valmora", "ferry", "talks", "quay", "tide", "mediator", "fleet", "Brask",
                        "strike", "coast", "weather", "the", "of", "2026", "By", "Photo:", "©"])
LINE = st.lists(WORD, min_size=1, max_size=14).map(" ".join)
WRAPPERS = [
    "<p>{}</p>", "<div>{}</div>", "<nav><a>{}</a></nav>", "<footer><p>{}</p></footer>", "<aside>{}</aside>",
    "<figure><figcaption>{}</figcaption></figure>", "<div class='cookie-notice'>{}</div>", "<li>{}</li>",
    "<h2>{}</h2>", "<p class='byline'>{}</p>", "<header>{}</header>", "<blockquote>{}</blockquote>",
]
BLOCK = st.tuples(st.sampled_from(WRAPPERS), LINE)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=st.lists(BLOCK, max_size=6), inside=st.lists(BLOCK, max_size=6), after=st.lists(BLOCK, max_size=6))
def test_every_visible_line_is_in_the_body_the_metadata_or_the_removed_lines(before, inside, after):
    blocks = [(wrapper, f"{text} mark{number}") for number, (wrapper, text) in enumerate(before + inside + after)]

    def render(part):
        return "".join(wrapper.format(text) for wrapper, text in part)

    first, last = blocks[:len(before)], blocks[len(before) + len(inside):]
    page = html("<title>Ferry talks</title><script>var hidden = 'Zzyzx';</script>",
                f"{render(first)}<article>{ARTICLE}{render(blocks[len(first):len(blocks) - len(last)])}</article>"
                f"{render(last)}")
    result = prepare_bytes(page, "/in/page.html")
    assert isinstance(result, Document)
    found = [result.text, result.title, result.author, result.source, result.date]
    known = " | ".join(words(text) for text in found + [item.text for item in result.removed])
    for _wrapper, text in blocks:  # each line carries its own mark, so it can only be found where it went
        assert re.search(rf"(?:^| ){re.escape(words(text))}(?: |$)", known), text
    assert "zzyzx" not in known


def test_extract_html_reports_removed_lines_without_the_cleaner():
    page = extract_html(FURNITURE_PAGE.decode())
    assert ("Front page Coast Weather", "navigation") in {(item.text, item.reason) for item in page.removed}
