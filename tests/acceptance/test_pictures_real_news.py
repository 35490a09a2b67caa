"""Acceptance: the pictures drawn from the real-news corpus and the demo corpus.

The timeline shows who said what, so a wrong speaker misleads: the marks that match a gold quote must
name its speaker. The network's largest labels must not overlap, and every picture must be drawable.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.library import Library
from indexer.pictures import network_data, render_network, render_timeline, timeline_data

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def real_news(tmp_path_factory, request):
    corpus = REPO.parent / "shared" / "corpus" / "real-news"
    if not corpus.is_dir():
        pytest.skip(f"real-news corpus not found at {corpus}")
    library = Library(tmp_path_factory.mktemp("real-news") / "lib")
    library.add([corpus / "articles"])
    request.addfinalizer(library.close)
    return library, json.loads((corpus / "gold.json").read_text(encoding="utf-8"))["articles"]


def speaker_agreement(library, marks, gold) -> tuple[int, int]:
    """(marks whose speaker matches the gold speaker of the same quote, marks matched to a gold quote)."""
    files = {a.id: Path(a.path).name for a in library.articles()}
    agree = matched = 0
    for mark in marks:
        said = [q for q in gold.get(files[mark.article_id], {}).get("quotes", [])
                if len(q["text"]) >= 20 and (q["text"][:40] in mark.text or mark.text[:40] in q["text"])]
        if not said:
            continue
        matched += 1
        name = library.actor(mark.actor_id).name.lower()
        agree += any(q["speaker"] and (q["speaker"].lower() in name or name in q["speaker"].lower()) for q in said)
    return agree, matched


def test_real_news_timeline_names_the_right_speakers(real_news):
    library, gold = real_news
    data = timeline_data(library)
    assert data.marks and len(data.lanes) <= 13
    for mark in data.marks:
        assert library.article(mark.article_id).text[mark.start:mark.end] == mark.text
    agree, matched = speaker_agreement(library, data.marks, gold)
    assert matched >= 10 and agree / matched >= 0.75, (agree, matched)
    texts = render_timeline(data, format="svg").data.decode()
    assert all(lane.name in texts for lane in data.lanes[:-1])


def test_real_news_network_is_readable(real_news):
    library, _gold = real_news
    data = network_data(library, min_weight=2)
    assert 10 <= len(data.nodes) <= 40 and data.edges
    drawing = render_network(data, format="svg")
    boxes = [box for _name, box in drawing.labels[:20]]
    assert len(boxes) == min(20, len(data.nodes))
    for i, (ax, ay, aw, ah) in enumerate(boxes):
        for bx, by, bw, bh in boxes[i + 1:]:
            assert not (ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah)


def test_the_demo_corpus_gives_both_pictures(tmp_path):
    with Library(tmp_path / "lib") as library:
        library.add(sorted((REPO / "resources" / "demo").glob("[0-9]*")))
        timeline, network = timeline_data(library), network_data(library, min_weight=2)
        assert timeline.articles == library.count() and timeline.undated == 0 and len(timeline.marks) >= 20
        assert network.nodes and network.edges
        assert render_timeline(timeline, format="png").data.startswith(b"\x89PNG")
        assert render_network(network, format="png").data.startswith(b"\x89PNG")
