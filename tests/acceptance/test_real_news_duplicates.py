"""Acceptance: near-duplicates among the English real-news texts (../shared/corpus/real-news, gold `duplicate_of`).

Every copy is merged into its original (a re-paste with small edits, a cut-down repost, the same text under
another header) and no two different stories are. A copy here is judged without the dedupe code: at least
half of the shorter text's 5-word sequences (lower-cased words, nothing folded) occur in the other. An
outlet's own rewrite of a wire story shares far less and may stay a separate article.
"""

from __future__ import annotations

import re

import pytest

from tests.benchmarks import fidelity_eval

COPY_SHARE = 0.5


def word_grams(text: str, size: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def verbatim_share(a: str, b: str) -> float:
    grams_a, grams_b = word_grams(a), word_grams(b)
    shorter = min(len(grams_a), len(grams_b))
    return len(grams_a & grams_b) / shorter if shorter else 0.0


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    corpus = fidelity_eval.DEFAULT_CORPUS
    if not (corpus / "gold.json").is_file():
        pytest.skip(f"real-news corpus not found at {corpus} (needs ../shared beside the repo)")
    gold, folder = fidelity_eval.load_gold(corpus)
    gold = fidelity_eval.select(gold, "en")
    outcomes = fidelity_eval.import_corpus(folder, sorted(gold), tmp_path_factory.mktemp("real-news"))
    return gold, folder, outcomes


def test_no_two_different_stories_are_merged(imported):
    gold, _folder, outcomes = imported
    figures = fidelity_eval.duplicate_figures(gold, outcomes)
    assert figures["false_merges"] == 0, figures["false_merge_list"]


def test_every_copy_is_merged_into_its_original(imported):
    gold, folder, outcomes = imported
    copies = []
    for name, entry in gold.items():
        original = entry.get("duplicate_of")
        if original not in gold:
            continue
        texts = [(folder / n).read_text(encoding="utf-8") for n in (name, original)]
        if verbatim_share(*texts) >= COPY_SHARE:
            copies.append(name)
            assert outcomes[name].merged_into or outcomes[original].merged_into, (name, original)
    assert len(copies) >= 4, "the corpus holds several re-pasted copies; the gold file may have changed"
