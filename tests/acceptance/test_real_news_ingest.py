"""Acceptance: real news in ../shared/corpus/real-news imports without losing text and with the metadata it states.

Figures from tests/benchmarks/clean_eval.py over the English files and their gold.json; a
separate set of real articles is used for the final acceptance, so these guard the kind of
input, not the files.
"""

from __future__ import annotations

import pytest

from tests.benchmarks.clean_eval import CORPUS, evaluate


@pytest.fixture(scope="module")
def result():
    """One run over the corpus for every test here (the `shared_corpus` fixture is per test)."""
    if not (CORPUS / "gold.json").is_file():
        pytest.skip(f"real-news corpus with gold.json not found at {CORPUS} (needs ../shared beside the repo)")
    return evaluate(CORPUS / "articles", CORPUS / "gold.json")


def test_no_source_line_is_lost(result):
    totals = result["totals"]
    assert totals["files"] >= 30 and totals["lost"] == 0


def test_boilerplate_left_in_the_body_is_rare(result):
    totals = result["totals"]
    assert totals["boiler_left"] <= 0.05 * totals["boiler"]


@pytest.mark.parametrize("field", ["title", "date", "author", "outlet"])
def test_metadata_is_never_wrong_or_invented(result, field):
    counts = result["meta"][field]
    assert counts["wrong"] == 0 and counts["invented"] == 0, counts


@pytest.mark.parametrize(("field", "share"), [("title", 0.95), ("date", 0.95), ("author", 0.95), ("outlet", 0.9)])
def test_metadata_the_file_states_is_found(result, field, share):
    counts = result["meta"][field]
    stated = counts["right"] + counts["missed"] + counts["wrong"]
    assert counts["right"] >= share * stated, counts
