"""Pictures in a briefing: the item, its JSON persistence, Markdown files beside the .md, HTML embedding."""

from __future__ import annotations

import base64
import json
import re

import pytest

from indexer import cli
from indexer.briefing import Briefing, Note, Picture, load_briefing, save_briefing, to_html, to_markdown
from indexer.briefing.html_export import CSP, UnsafeSvgError, sanitise_svg
from indexer.briefing.markdown_export import export_markdown
from indexer.briefing.store import write_atomic
from indexer.errors import BriefingFileError
from indexer.pictures import Scope
from indexer.pictures.snapshot import make_picture, redraw

from .pictures_fixtures import C, build_library

TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
TINY_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text x="1" y="9">Alba</text></svg>'


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    library = build_library(tmp_path_factory.mktemp("brief-pictures"))
    yield library
    library.close()


def briefing_with(*items) -> Briefing:
    briefing = Briefing("Harbour watch")
    section = briefing.add_section("Pictures")
    for item in items:
        briefing.add_item(section.id, item)
    return briefing


def tiny(kind="timeline", caption="Who spoke", **extra) -> Picture:
    return Picture(kind=kind, caption=caption, png=TINY_PNG, svg=TINY_SVG, scope={"query": "harbour"}, **extra)


def test_a_picture_is_a_timeline_or_network_with_a_png():
    with pytest.raises(ValueError, match="timeline or a network"):
        tiny(kind="pie")
    with pytest.raises(ValueError, match="not a PNG"):
        Picture(kind="network", caption="x", png=b"GIF89a", svg="")
    picture = tiny()
    briefing = briefing_with(picture, Note("after"))
    assert briefing.pictures() == [picture] and picture.query == "harbour"
    assert briefing.set_picture_caption(picture.id, "New words") == "Who spoke" and picture.caption == "New words"
    with pytest.raises(TypeError):
        briefing.set_picture_caption(briefing.sections[0].items[1].id, "no")


def test_made_from_the_library_with_caption_and_query(lib):
    picture = make_picture(lib, "network", Scope(query="harbour"), min_weight=2)
    assert picture.kind == "network" and picture.caption == "Who appears with whom"
    assert picture.scope["query"] == "harbour" and picture.options == {"min_weight": 2}
    assert picture.png.startswith(b"\x89PNG") and "Alba Ferrant" in picture.svg


def test_saved_and_loaded_exactly(lib, tmp_path):
    picture = make_picture(lib, "timeline", Scope(actors=("Oduya",)), caption="Oduya's words")
    briefing = briefing_with(picture)
    path = tmp_path / "b.briefing.json"
    save_briefing(briefing, path)
    doc = json.loads(path.read_text())
    assert doc["version"] == 2 and doc["sections"][0]["items"][0]["kind"] == "picture"
    loaded = load_briefing(path)
    assert loaded == briefing and loaded.pictures()[0].png == picture.png
    save_briefing(Briefing("No pictures"), path)
    assert json.loads(path.read_text())["version"] == 1  # older readers still open it


@pytest.mark.parametrize("change, words", [
    (lambda item: item.__setitem__("png", "not base64!"), "not base64"),
    (lambda item: item.__setitem__("png", base64.b64encode(b"GIF89a....").decode()), "not a PNG"),
    (lambda item: item.__setitem__("picture", "pie"), "unknown kind 'pie'"),
    (lambda item: item.__setitem__("scope", ["harbour"]), "must be objects"),
])
def test_a_damaged_picture_in_a_file_is_named(tmp_path, change, words):
    path = tmp_path / "b.briefing.json"
    save_briefing(briefing_with(tiny()), path)
    doc = json.loads(path.read_text())
    change(doc["sections"][0]["items"][0])
    path.write_text(json.dumps(doc))
    with pytest.raises(BriefingFileError, match=re.escape(words)) as info:
        load_briefing(path)
    assert str(path) in str(info.value)


def test_markdown_export_writes_png_and_svg_beside_the_md_and_links_them(lib, tmp_path):
    briefing = briefing_with(make_picture(lib, "timeline"), make_picture(lib, "network", caption="Ties [draft]"))
    out = tmp_path / "my talks.md"
    written = export_markdown(briefing, out, lambda p, data: write_atomic(p, data))
    names = [p.name for p in written]
    assert names == ["my talks-figure-1.png", "my talks-figure-1.svg", "my talks-figure-2.png",
                     "my talks-figure-2.svg", "my talks.md"]
    text = out.read_text()
    assert "![Who said what](<my%20talks-figure-1.png>)" in text
    assert "*Figure 1.* Who said what — timeline of the whole library, drawn " in text
    assert "[SVG](<my%20talks-figure-2.svg>)" in text and r"*Figure 2.* Ties \[draft\] — network of the whole library" in text
    assert (tmp_path / "my talks-figure-1.png").read_bytes() == briefing.pictures()[0].png
    assert "Alba Ferrant" in (tmp_path / "my talks-figure-2.svg").read_text()


def test_markdown_without_files_keeps_the_caption_only():
    text = to_markdown(briefing_with(tiny()))
    assert "*Figure 1.* Who spoke — timeline of “harbour”" in text and "![" not in text
    network = tiny(kind="network", options={"min_weight": 3}, caption="")
    network.scope = {}
    assert "*Figure 1.* Network — network of the whole library · links of at least 3 shared articles" in to_markdown(
        briefing_with(network))


def test_html_embeds_the_png_and_keeps_the_csp_strict(lib):
    hostile = Note("![tracker](http://tracker.example/p.png) <img src=x onerror=alert(1)> BRFIGURE0000X1")
    briefing = briefing_with(make_picture(lib, "timeline", caption='Quotes <b>"bold"</b>'), hostile)
    page = to_html(briefing)
    assert page.count("<img ") == 1 and '<img src="data:image/png;base64,' in page
    assert 'alt="Quotes &lt;b&gt;&quot;bold&quot;&lt;/b&gt;"' in page
    assert "default-src 'none'" in CSP and "img-src data:" in CSP and "http:" not in CSP
    assert "tracker.example/p.png\"" not in page and "onerror" not in page.replace("onerror=alert(1)", "")
    assert "<figure>" in page and "Figure 1." in page


def test_a_hostile_svg_in_a_briefing_is_cleaned_before_it_is_written(tmp_path):
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">'
           '<script>alert(2)</script><foreignObject><div>x</div></foreignObject>'
           '<use xlink:href="http://evil.example/a.svg#x"/><use href="#ok"/>'
           '<rect style="fill: url(http://evil.example/p)" width="3"/><text x="1">Kept words</text></svg>')
    cleaned = sanitise_svg(svg)
    for bad in ("onload", "script", "foreignObject", "evil.example"):
        assert bad not in cleaned
    assert "Kept words" in cleaned and 'href="#ok"' in cleaned
    with pytest.raises(UnsafeSvgError):
        sanitise_svg('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>')
    picture = Picture(kind="network", caption="x", png=TINY_PNG, svg="<svg><not closed")
    export_markdown(briefing_with(picture), tmp_path / "b.md", lambda p, data: write_atomic(p, data))
    assert "data:image/png;base64," in (tmp_path / "b-figure-1.svg").read_text()  # the PNG stands in


def test_the_snapshot_is_kept_until_the_analyst_asks_to_redraw(lib, tmp_path):
    briefing = briefing_with(make_picture(lib, "timeline"))
    picture = briefing.pictures()[0]
    before = picture.png
    lib.ignore_actor(C)
    try:
        assert make_picture(lib, "timeline").png != before  # the library changed...
        assert briefing.pictures()[0].png == before  # ...the briefing keeps its snapshot
        old_png, _old_svg = redraw(briefing, picture.id, lib)
        assert old_png == before and picture.png != before and "Cara Lindqvist" not in picture.svg
    finally:
        lib.actors_engine.unignore(C)


def test_brief_export_and_show_on_the_command_line(lib, tmp_path, capsys):
    path = tmp_path / "b.briefing.json"
    save_briefing(briefing_with(make_picture(lib, "network", min_weight=2)), path)
    out = tmp_path / "export.md"
    assert cli.main(["--library", str(lib.path), "brief", "export", str(path), "--format", "md", "-o", str(out)]) == 0
    assert "2 picture file(s)" in capsys.readouterr().out
    assert (tmp_path / "export-figure-1.png").is_file() and (tmp_path / "export-figure-1.svg").is_file()
    assert cli.main(["--library", str(lib.path), "brief", "show", str(path)]) == 0
    assert "[network " in capsys.readouterr().out
    html_out = tmp_path / "export.html"
    assert cli.main(["--library", str(lib.path), "brief", "export", str(path), "--format", "html", "-o", str(html_out)]) == 0
    assert "data:image/png;base64," in html_out.read_text()
