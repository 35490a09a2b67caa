"""Exact and near-duplicate detection."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.ingest import dedupe, prepare_bytes
from indexer.ingest.dedupe import (
    NEAR_DUPLICATE_THRESHOLD,
    content_hash,
    estimated_similarity,
    lsh_keys,
    minhash,
    normalise,
    shingle_similarity,
)

REPO = Path(__file__).resolve().parents[2]

STORY = " ".join(
    [
        "Negotiators from the two coastal provinces of Valmora and Kessin met again on Thursday in the old customs",
        "house to settle a dispute over fishing rights that has kept hundreds of boats in port since January.",
        "Officials said the six-hour session ended without a joint statement, but the mediator, a retired judge",
        "named Ilse Marten, told reporters that both delegations had agreed to keep their fleets away from the",
        "contested waters until a second round of talks next month. Harbour workers, who have been on strike for",
        "two weeks in support of the fishermen, said they would return to work on Monday if the truce held.",
        "The regional council is expected to debate new harbour fees at its April meeting, and several members",
        "have said they will oppose any increase until the fishing dispute is resolved. Kessin's delegation",
        "was led by its deputy governor, Paul Orrin, who said his province wanted a fair share of the catch",
        "and a joint patrol of the bay. Valmora's negotiators asked for compensation for nets destroyed during",
        "the clashes in February, when two trawlers collided near the lighthouse and a crew member was injured.",
    ]
)

# The same event told by another outlet in its own words.
OTHER_ARTICLE = " ".join(
    [
        "Fishing talks between Valmora and Kessin resumed on Thursday, with a retired judge, Ilse Marten, again",
        "acting as mediator at the customs house. No joint statement followed the meeting, which lasted about six",
        "hours. According to people present, the two provinces promised to keep boats out of the disputed bay",
        "pending another meeting in a month. Dock workers who walked out a fortnight ago in solidarity with",
        "the fishermen may go back on Monday. Kessin's deputy governor Paul Orrin repeated his demand for joint",
        "patrols, while Valmora wants to be paid for nets lost in February's collision between two trawlers",
        "near the lighthouse. Councillors will discuss harbour fees in April.",
    ]
)


def rewrapped(text: str) -> str:
    """The same story with different line breaks, spacing and an extra share line."""
    wrapped = textwrap.fill(text, width=57).replace(". ", ".  ")
    return "Share this article on Facebook\n\n" + wrapped + "\n"


def test_normalise():
    assert normalise("  Hello,   WORLD!\n\nIt's  the U.S. ") == "hello world it s the u s"
    assert normalise("Élysée — Straße") == "élysée strasse"
    assert normalise("") == ""


def test_content_hash_ignores_whitespace_case_and_punctuation():
    assert content_hash("The talks resumed.\n\nIn Valmora!") == content_hash("the talks resumed in   valmora")
    assert content_hash("The talks resumed.") != content_hash("The talks collapsed.")
    assert len(content_hash("x")) == 64


def test_minhash_is_deterministic_across_processes():
    code = "from indexer.ingest.dedupe import minhash; import sys; print(minhash(sys.argv[1]))"
    outputs = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", code, STORY], cwd=REPO, env=env, capture_output=True, text=True, check=True)
        outputs.add(out.stdout.strip())
    assert outputs == {str(minhash(STORY))}


def test_signature_shape():
    signature = minhash(STORY)
    assert len(signature) == dedupe.NUM_PERM and all(isinstance(v, int) for v in signature)
    keys = lsh_keys(signature)
    assert len(keys) == dedupe.BANDS and len(set(keys)) == dedupe.BANDS
    assert keys == lsh_keys(minhash(STORY))


def test_rewrapped_story_with_share_line_is_a_near_duplicate():
    copy = rewrapped(STORY)
    assert copy != STORY
    assert shingle_similarity(STORY, copy) >= NEAR_DUPLICATE_THRESHOLD
    a, b = minhash(STORY), minhash(copy)
    assert estimated_similarity(a, b) >= NEAR_DUPLICATE_THRESHOLD - 0.1
    assert set(lsh_keys(a)) & set(lsh_keys(b))


def test_rewrapped_story_after_cleaning_has_the_same_content_hash():
    first = prepare_bytes(("Fishing talks resume\n\n" + STORY).encode(), "/x/a.txt")
    second = prepare_bytes(("Fishing talks resume\n\n" + rewrapped(STORY)).encode(), "/x/b.txt")
    assert first.file_hash != second.file_hash
    assert shingle_similarity(first.text, second.text) >= NEAR_DUPLICATE_THRESHOLD


def test_different_articles_about_the_same_event_are_not_duplicates():
    assert shingle_similarity(STORY, OTHER_ARTICLE) < 0.2
    a, b = minhash(STORY), minhash(OTHER_ARTICLE)
    assert estimated_similarity(a, b) < 0.3
    assert not set(lsh_keys(a)) & set(lsh_keys(b))
    assert content_hash(STORY) != content_hash(OTHER_ARTICLE)


def test_story_with_a_new_paragraph_is_still_distinct_when_much_longer():
    longer = STORY + " " + OTHER_ARTICLE
    assert shingle_similarity(STORY, longer) < NEAR_DUPLICATE_THRESHOLD


def test_shingle_similarity_edge_cases():
    assert shingle_similarity("", "") == 1.0
    assert shingle_similarity("word", "") == 0.0
    assert shingle_similarity("short text", "Short, text!") == 1.0


def test_short_texts_get_full_signatures():
    signature = minhash("Talks resume on Thursday")
    assert len(signature) == dedupe.NUM_PERM
    assert estimated_similarity(signature, minhash("talks resume on thursday!")) == 1.0
    assert estimated_similarity(signature, minhash("Strike ends at the harbour")) < 0.5


def test_estimated_similarity_tracks_exact_jaccard():
    words = STORY.split()
    half = " ".join(words[: len(words) // 2]) + " " + " ".join(reversed(words[len(words) // 2 :]))
    exact = shingle_similarity(STORY, half)
    estimate = estimated_similarity(minhash(STORY), minhash(half))
    assert abs(exact - estimate) < 0.2
    assert estimated_similarity((), ()) == 0.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_normalise_matches_the_regex_definition(text):
    assert normalise(text) == " ".join(re.findall(r"[^\W_]+", text.casefold()))


EXPECTED_PREFIX = (188495650, 154941218, 121386786)
EXPECTED_FIRST_KEY = "00:7fc2232f55b11564"  # version 2: 64 bands of 2 rows (version 1: "00:5376d257c3cd6704")


def test_minhash_known_value_is_stable():
    """Signatures are stored by the library: the algorithm must not drift without a new SIGNATURE_VERSION."""
    signature = minhash("The quick brown fox jumps over the lazy dog near the harbour")
    assert signature[:3] == EXPECTED_PREFIX
    assert lsh_keys(signature)[0] == EXPECTED_FIRST_KEY
    assert dedupe.SIGNATURE_VERSION == 2  # bump it (and these values) when signatures change


def test_every_shingle_reaches_the_signature():
    from indexer.ingest.dedupe import shingle_hashes

    hashes = set(shingle_hashes(STORY))
    assert len(hashes) == len(dedupe.shingles(STORY))
    signature = minhash(STORY)
    for value in hashes:
        slot = value >> dedupe._VALUE_BITS
        assert signature[slot] <= value & dedupe._VALUE_MASK


def test_hashed_shingles_are_the_string_shingles():
    import zlib

    from indexer.ingest.dedupe import shingle_hashes

    for text in (STORY, "Élysée talks — “day one” in Zürich, said the envoy again today", "three short words", ""):
        expected = {(zlib.crc32(s.encode()) * 0x9E3779B1) & 0xFFFFFFFF for s in dedupe.shingles(text)}
        assert set(shingle_hashes(text)) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(list("ab cd,.\n\tÉé—x") + ["word", "  "]), max_size=200).map("".join), st.integers(1, 40))
def test_chunked_processing_matches_whole_text(text, size):
    import hashlib
    import zlib

    from indexer.ingest.dedupe import shingle_hashes

    whole_hash = hashlib.sha256(normalise(text).encode()).hexdigest()
    expected = {(zlib.crc32(s.encode()) * 0x9E3779B1) & 0xFFFFFFFF for s in dedupe.shingles(text)}
    whole_signature = minhash(text)
    saved = dedupe.CHUNK_CHARS
    dedupe.CHUNK_CHARS = size
    try:
        assert content_hash(text) == whole_hash
        assert set(shingle_hashes(text)) == expected
        assert minhash(text) == whole_signature
    finally:
        dedupe.CHUNK_CHARS = saved


def test_long_texts_compare_by_hashed_shingles(monkeypatch):
    copy = rewrapped(STORY)
    exact = shingle_similarity(STORY, copy)
    monkeypatch.setattr(dedupe, "EXACT_LIMIT", 10)
    assert abs(shingle_similarity(STORY, copy) - exact) < 1e-9
    assert shingle_similarity("", "") == 1.0
