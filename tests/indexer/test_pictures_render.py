"""Drawing the pictures: sizes, non-empty content, labels as SVG text, no overlapping labels; not pixels."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import pytest

from indexer.pictures import Edge, NetworkData, Node, Scope, network_data, render_network, render_timeline, timeline_data
from indexer.pictures.render import LABELLED_NODES, RenderError, layout

from .pictures_fixtures import build_library

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    library = build_library(tmp_path_factory.mktemp("pictures"))
    yield library
    library.close()


def svg_texts(data: bytes) -> str:
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", data.decode("utf-8")))


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_MAGIC)
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_timeline_svg_names_every_lane_and_the_dates(lib):
    picture = render_timeline(timeline_data(lib), format="svg", day_label=lambda d: f"day {d.day}.{d.month}")
    texts = svg_texts(picture.data)
    for name in ("Alba Ferrant (2)", "Bram Oduya (1)", "Cara Lindqvist (1)", "Northwind Council (1)"):
        assert name in texts
    assert re.search(r"day \d+\.3", texts)  # the axis dates come from the given day_label
    assert "1 undated article(s) not shown" in texts
    assert picture.data.count(b"<use ") + picture.data.count(b"<path") > 10  # marks and bars were drawn


def test_timeline_png_has_the_figure_size_and_is_not_blank(lib, tmp_path):
    out = tmp_path / "timeline.png"
    picture = render_timeline(timeline_data(lib), out, theme="dark", title="Who said what")
    assert out.read_bytes() == picture.data
    width, height = png_size(picture.data)
    assert (width, height) == (picture.width, picture.height) and width == 1000 and 250 < height < 700
    assert len(picture.data) > 5000 and oct(out.stat().st_mode)[-3:] == "600"


def test_the_folded_lane_says_how_many_speakers_it_holds(lib):
    texts = svg_texts(render_timeline(timeline_data(lib, max_lanes=2), format="svg").data)
    assert "2 other speakers (2)" in texts and "Alba Ferrant (2)" in texts


def test_an_empty_timeline_says_so(lib):
    picture = render_timeline(timeline_data(lib, Scope(query="nothingmatcheshere")), format="svg")
    assert "No dated article in this scope." in svg_texts(picture.data)


def test_network_svg_names_the_actors_and_is_the_same_every_time(lib):
    data = network_data(lib)
    first = render_network(data, format="svg")
    texts = svg_texts(first.data)
    for name in ("Alba Ferrant", "Bram Oduya", "Northwind Council", "Port Selmar", "Cara Lindqvist", "person"):
        assert name in texts
    assert render_network(data, format="svg").data == first.data  # seeded layout, no timestamp
    assert layout(data) == layout(data)


def test_network_png_size(lib):
    picture = render_network(network_data(lib), format="png", theme="dark")
    assert png_size(picture.data) == (1000, 750) and len(picture.data) > 10000


def test_an_empty_network_says_what_to_do(lib):
    picture = render_network(network_data(lib, min_weight=9), format="svg")
    assert "Lower the minimum weight" in svg_texts(picture.data)


def crowded_network(count: int = 40) -> NetworkData:
    """An invented dense network: long names, a hub, and many actors joined to it and to each other."""
    nodes = tuple(Node(f"n{i:02d}", f"Invented Actor Number {i} of the Council", ("person", "organisation", "place")[i % 3],
                       100 - i) for i in range(count))
    edges = [Edge("n00", f"n{i:02d}", 50 - i) for i in range(1, count)]
    edges += [Edge(f"n{i:02d}", f"n{i + 1:02d}", 3) for i in range(1, count - 1)]
    return NetworkData(Scope(), 1, 500, count, nodes, tuple(edges))


def test_the_largest_labels_never_overlap(tmp_path):
    picture = render_network(crowded_network(), format="svg")
    boxes = dict(picture.labels)
    largest = [f"Invented Actor Number {i} of the Council" for i in range(LABELLED_NODES)]
    assert all(name in boxes for name in largest)
    for i, a in enumerate(largest):
        for b in largest[i + 1:]:
            assert not overlap(boxes[a], boxes[b]), (a, b)
    for x, y, w, h in boxes.values():  # and inside the picture
        assert x >= 0 and y >= 0 and x + w <= picture.width and y + h <= picture.height


def overlap(a, b) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def test_a_bad_file_type_is_refused_with_the_accepted_ones(lib, tmp_path):
    with pytest.raises(RenderError, match=r"\.png or \.svg"):
        render_network(network_data(lib), tmp_path / "net.jpg")
    with pytest.raises(RenderError, match="without a suffix"):
        render_timeline(timeline_data(lib), tmp_path / "timeline")
    with pytest.raises(RenderError, match="Cannot write the picture"):
        render_timeline(timeline_data(lib), tmp_path / "no-such-folder" / "t.svg")


def test_svg_holds_no_script_or_outside_reference(lib):
    data = render_network(network_data(lib), format="svg").data.decode()
    assert "<script" not in data.lower()
    assert set(re.findall(r'href="(.)', data)) <= {"#"}  # only references inside the picture
    assert "url(#" in data and not re.search(r"url\((?!#)", data)


def test_matplotlib_is_not_imported_to_open_a_library_or_start_the_cli():
    code = ("import sys, indexer.cli, indexer.library, indexer.pictures, indexer.pictures.data; "
            "indexer.cli.build_parser(); print(sorted(m for m in ('matplotlib', 'networkx', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_default_day_label_is_iso_as_in_the_app(lib, monkeypatch):
    from indexer.pictures.render import iso_day

    assert iso_day(date(2025, 3, 1)) == "2025-03-01"
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # the user's locale no longer decides how a date is written
    texts = svg_texts(render_timeline(timeline_data(lib), format="svg").data).split()
    dates = [word for word in texts if re.fullmatch(r"[\d/.-]{6,}", word)]
    assert dates and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", word) for word in dates), dates


def test_without_matplotlib_the_message_says_what_to_install(lib, monkeypatch):
    monkeypatch.setitem(sys.modules, "networkx", None)  # an import of it now fails, as in a bundle built without
    with pytest.raises(RenderError, match="pip install matplotlib networkx"):
        render_network(network_data(lib), format="svg")


def test_an_unknown_theme_is_named(lib):
    with pytest.raises(RenderError, match="'sepia'"):
        render_timeline(timeline_data(lib), format="svg", theme="sepia")


def test_dollar_signs_in_names_and_titles_are_text_not_formulas(lib):
    data = crowded_network(3)
    data = NetworkData(data.scope, 1, 3, 3, tuple(Node(n.id, f"Fund $\\frac{{{n.id}", n.type, n.articles) for n in data.nodes),
                       data.edges)
    texts = svg_texts(render_network(data, format="svg", title="Costs: $5 and $\\bad{").data)
    assert "Fund $\\frac{n00" in texts and "Costs: $5 and $\\bad{" in texts
