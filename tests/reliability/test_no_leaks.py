"""Issue 8.6: nothing leaks out of an article: HTML in article text is shown as text and loads nothing;
exported Markdown and HTML carry no live markup from article text."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.briefing import model as bmodel
from indexer.briefing.html_export import to_html
from indexer.briefing.markdown_export import to_markdown
from indexer.library import Library

from .conftest import SOAK, vocabulary

HOSTILE_LINES = [
    '<img src="http://evil.example/pixel.png" onerror="alert(1)">',
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="http://evil.example/style.css">',
    '<iframe src="http://evil.example/frame.html"></iframe>',
    "<script>alert('x')</script>",
    '<a href="javascript:alert(2)">click me</a>',
    '<svg onload="alert(3)"><image href="http://evil.example/svg.png"/></svg>',
    '<object data="http://evil.example/o.swf"></object>',
    '<meta http-equiv="refresh" content="0;url=http://evil.example/">',
    '<style>body{background:url(http://evil.example/bg.png)}</style>',
    "![pixel](http://evil.example/md.png)",
    "[link](javascript:alert(4))",
    '<div style="background:url(http://evil.example/div.png)">styled</div>',
]


def _hostile_article_text() -> str:
    words = vocabulary()
    lines = []
    for n, bad in enumerate(HOSTILE_LINES):
        lines.append(" ".join(words[n * 12 : n * 12 + 12]).capitalize() + ".")
        lines.append(f"Quoted page source {n}: {bad}")
    return "Markup as text\n\n" + "\n\n".join(lines) + "\n"


# -- the GUI -----------------------------------------------------------------------------------
def test_article_with_html_loads_no_resource(tmp_path, qtbot, monkeypatch):
    pytest.importorskip("PySide6")
    try:
        from desktop.app import create_main_window
        from desktop.views.safe_text import SafeTextBrowser
    except ImportError as exc:  # pragma: no cover - desktop not landed
        pytest.skip(f"desktop app not available: {exc}")
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QPlainTextEdit, QTextBrowser, QTextEdit

    calls: list[tuple[str, str]] = []

    def counting(original):
        def loadResource(self, type_, url):  # noqa: N802 - Qt override
            calls.append((self.objectName(), url.toString()))
            return original(self, type_, url)

        return loadResource

    # A view's resources are loaded by its document (QTextDocument.loadResource), which by default asks
    # the view (QTextEdit/QTextBrowser/QPlainTextEdit.loadResource): count both, on the Qt classes and
    # every subclass.
    def family(cls):
        yield cls
        for sub in cls.__subclasses__():
            yield from family(sub)

    for base in (QTextEdit, QPlainTextEdit, QTextDocument):
        for cls in set(family(base)):
            if "loadResource" in vars(cls) or cls in (QTextEdit, QTextBrowser, QPlainTextEdit, QTextDocument):
                monkeypatch.setattr(cls, "loadResource", counting(cls.loadResource))

    source = tmp_path / "markup.txt"
    source.write_text(_hostile_article_text(), encoding="utf-8")
    with Library(tmp_path / "library") as lib:
        added = lib.add([source]).added
        assert len(added) == 1
        text = lib.article(added[0].id).text
    kept = [bad for bad in HOSTILE_LINES if bad in text]
    assert len(kept) >= len(HOSTILE_LINES) - 2, "the text cleaner dropped the markup; nothing left to test"

    window = create_main_window(tmp_path / "library", tmp_path / "settings.ini", offer_recovery=False)
    qtbot.addWidget(window)
    window.show()
    try:
        panes = window.open_articles([added[0].id])
        assert panes
        qtbot.wait(50)
        views = [v for v in window.findChildren(QPlainTextEdit, "articleView") if v.toPlainText()]
        assert views, "no articleView shows the article"
        shown = views[0].toPlainText()
        for bad in kept:
            assert bad in shown, f"markup not shown literally: {bad}"
        article = window.library.article(added[0].id)
        excerpt = bmodel.excerpt_from_article(article, 0, len(article.text))
        window.briefing.add_excerpt(excerpt)
        preview = window.findChild(QTextEdit, "briefingPreview")
        assert preview is not None
        qtbot.waitUntil(lambda: "Quoted page source" in preview.toPlainText(), timeout=10000)
        assert calls == [], f"resources were requested: {calls}"
        assert all(getattr(v, "resource_requests", 0) == 0 for v in views + [preview])
        probe = SafeTextBrowser()  # positive control: the counter does see a load when markup is live
        qtbot.addWidget(probe)
        probe.setObjectName("probe")
        probe.document().setObjectName("probe")
        probe.setHtml('<p>x</p><img src="probe.png">')
        probe.show()
        qtbot.waitUntil(lambda: ("probe", "probe.png") in calls, timeout=5000)
        assert ("probe", "probe.png") in calls, "the loadResource counter does not work"
    finally:
        window.close()
        window.library.close()


# -- the exports -------------------------------------------------------------------------------
LIVE_TAGS = {
    "script", "img", "iframe", "object", "embed", "link", "form", "svg", "math", "base", "input", "video",
    "audio", "source", "frame", "frameset", "image", "applet", "picture", "track", "portal",
}
BAD_SCHEMES = ("javascript:", "vbscript:", "file:", "data:")


class _LiveMarkup(HTMLParser):
    """Collect live markup: dangerous tags, event handlers, bad URLs, refreshes, inline styles with url()."""

    def __init__(self, allow_style_tag: bool):
        super().__init__(convert_charrefs=True)
        self.allow_style_tag = allow_style_tag
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in LIVE_TAGS or (tag == "style" and not self.allow_style_tag):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "data", "xlink:href", "formaction") and value.startswith(BAD_SCHEMES):
                self.found.append(f"{tag}[{name}={value[:30]}]")
            if name in ("href", "src") and "evil.example" in value and tag != "a":
                self.found.append(f"{tag}[{name}] loads {value[:40]}")
            if name == "style" and "url(" in value:
                self.found.append(f"{tag}[style url()]")
            if tag == "meta" and name == "http-equiv" and value == "refresh":
                self.found.append("meta refresh")

    handle_startendtag = handle_starttag


def _live_markup(html_text: str, allow_style_tag: bool = False) -> list[str]:
    parser = _LiveMarkup(allow_style_tag)
    parser.feed(html_text)
    parser.close()
    return parser.found


def _briefing(text: str) -> bmodel.Briefing:
    briefing = bmodel.Briefing(title="Hostile excerpts")
    section = briefing.add_section("Findings")
    briefing.add_item(section.id, bmodel.Excerpt(
        article_id="a1", start=0, end=max(1, len(text)), text=text or "x", title=text[:80] or "t",
        source=text[:40], author=text[:30], url="javascript:alert(9)", path="/tmp/<img src=x onerror=alert(1)>.txt",
        actors=((text[:20] or "n", "person", text[:20]),),
    ))
    briefing.add_item(section.id, bmodel.Excerpt(
        article_id="a2", start=0, end=10, text="plain text", title="<script>alert(1)</script>",
        url="http://evil.example/<img src=x>",
    ))
    return briefing


def _assert_no_live_markup(briefing: bmodel.Briefing) -> None:
    md = to_markdown(briefing)
    rendered = markdown.markdown(md, extensions=["footnotes"])
    assert _live_markup(rendered) == [], md
    page = to_html(briefing)
    assert _live_markup(page, allow_style_tag=True) == [], page
    assert "Content-Security-Policy" in page


def test_exports_of_hostile_excerpts_have_no_live_markup():
    _assert_no_live_markup(_briefing(_hostile_article_text()))
    for bad in HOSTILE_LINES:
        _assert_no_live_markup(_briefing(bad))


@settings(max_examples=2000 if SOAK else 150, deadline=None, derandomize=not SOAK,
          suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.one_of(st.sampled_from(HOSTILE_LINES + ["<", ">", "&", "`", "*", "_", "[", "]", "(",
                                                                 ")", "!", "\n", "\n\n", "    ", "> ", "#"]),
                                st.text(max_size=8)), min_size=1, max_size=12))
def test_exports_of_fuzzed_excerpts_have_no_live_markup(parts):
    _assert_no_live_markup(_briefing("".join(parts)))
