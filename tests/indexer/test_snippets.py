"""Plain-text snippets with highlight offsets."""

from __future__ import annotations

from hypothesis import given, strategies as st

from indexer.snippets import ELLIPSIS, make_snippets, merge_spans


def test_highlights_point_at_the_matched_words():
    text = ("Filler words come first. " * 20) + "The ceasefire held overnight, officials said. " + ("More filler. " * 30)
    start = text.index("ceasefire")
    snippets = make_snippets(text, [(start, start + 9)])
    assert len(snippets) == 1
    s = snippets[0]
    assert [s.text[a:b] for a, b in s.highlights] == ["ceasefire"]
    assert s.text.startswith(ELLIPSIS) and s.text.endswith(ELLIPSIS)
    assert len(s.text) < 260


def test_snippets_are_cut_at_word_boundaries():
    text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu " * 10
    start = text.index("kappa", 300)
    s = make_snippets(text, [(start, start + 5)], width=60)[0]
    body = s.text.strip(ELLIPSIS + " ")
    assert all(word in text.split() for word in body.split())


def test_newlines_do_not_shift_offsets():
    text = "Line one\nline two has Lavrov\nline three"
    start = text.index("Lavrov")
    s = make_snippets(text, [(start, start + 6)])[0]
    assert "\n" not in s.text
    assert [s.text[a:b] for a, b in s.highlights] == ["Lavrov"]


def test_without_spans_the_opening_is_shown():
    s = make_snippets("Opening words of the article.", [])
    assert s[0].text == "Opening words of the article." and s[0].highlights == ()


def test_at_most_three_snippets_best_first():
    text = " ".join(f"word{i}" for i in range(2000))
    spans = [(text.index(f"word{i} "), text.index(f"word{i} ") + len(f"word{i}")) for i in (100, 500, 501, 900, 1500)]
    snippets = make_snippets(text, spans)
    assert len(snippets) == 3
    assert any(len(s.highlights) == 2 for s in snippets)


def test_merge_spans():
    assert merge_spans([(5, 8), (0, 3), (2, 4), (8, 9), (7, 7)]) == [(0, 4), (5, 9)]


@given(st.text(max_size=600), st.lists(st.tuples(st.integers(0, 700), st.integers(0, 40)), max_size=8))
def test_any_text_and_spans_give_valid_snippets(text, raw):
    spans = [(s, s + n) for s, n in raw]
    for snippet in make_snippets(text, spans):
        for a, b in snippet.highlights:
            assert 0 <= a < b <= len(snippet.text)
            original = [text[s:e] for s, e in merge_spans(spans) if e <= len(text)]
            assert snippet.text[a:b].replace(" ", "") in [o.translate(str.maketrans("\n\r\t\f\v", "     ")).replace(" ", "") for o in original]
