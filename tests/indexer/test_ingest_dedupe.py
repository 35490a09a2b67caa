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
EXPECTED_FIRST_KEY = 32596681106579477  # version 2: 64 integer keys, 2 rows (version 1: "00:5376d257c3cd6704")


def test_minhash_known_value_is_stable():
    """Signatures are stored by the library: the algorithm must not drift without a new SIGNATURE_VERSION."""
    signature = minhash("The quick brown fox jumps over the lazy dog near the harbour")
    assert signature[:3] == EXPECTED_PREFIX
    assert lsh_keys(signature)[0] == EXPECTED_FIRST_KEY
    assert dedupe.SIGNATURE_VERSION == 3  # bump it (and these values) when signatures change


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


# -- near-duplicates that survive real edits (containment of folded shingles) ---------------------------
WIRE_PARAGRAPHS = [
    "TALLMARK, March 4 (Northwire) – Negotiators from Valmora and Kessin agreed on Tuesday to release 1,000 "
    "detained fishermen each, the U.S. mediator said, the largest exchange since the dispute over the bay began.",
    "The release will take place over three days at the old customs house in Tallmark, where the two delegations "
    "have met every week since January under the eye of observers from the coastal league.",
    "“We have a text that both sides can sign, and we expect the first boats home by Friday,” the mediator, "
    "Ilse Marten, told reporters after the six-hour session. «Nothing is agreed until everything is agreed.»",
    "Kessin’s deputy governor, Paul Orrin, said his province would keep its fleet out of the contested waters "
    "until a second round of talks next month, and asked the league to send more inspectors to the lighthouse.",
    "Valmora’s delegation, led by the former harbour master Zoë Lindqvist, asked for compensation for nets "
    "destroyed in February, when two trawlers collided near the lighthouse and a crew member was injured.",
    "Harbour workers, on strike for two weeks in support of the fishermen, said they would return to work on "
    "Monday if the truce held, ending a stoppage that has left hundreds of boats idle in both ports.",
]
WIRE = "\n\n".join(WIRE_PARAGRAPHS)
FOLLOW_UP = "\n\n".join([
    "TALLMARK, March 9 (Northwire) – The first 400 fishermen released under last week’s deal reached Kessin on "
    "Sunday, where families waited on the quay through the night despite a storm warning.",
    "Three buses brought the men from the customs house; port officials said the remaining crews would follow on "
    "Tuesday once the paperwork was checked by the league’s inspectors and both coast guards.",
    "Several of the men said they had been held for more than two months in a warehouse near the lighthouse and "
    "had been allowed one call home a week. A doctor who met them said most were in good health.",
    WIRE_PARAGRAPHS[4],  # the background paragraph a follow-up repeats
    "The second round of talks is due to open on April 2, the mediator’s office said.",
])
HEADER = "Fishermen to be freed in Valmora–Kessin deal\nBy Anna Field\nShare this story\nFacebook | X | WhatsApp\n\n"
FOOTER = ("\n\nThe Tallmark Courier is an independent newsroom funded by its readers. Become a member today to keep "
          "our reporting free for everyone and support local journalism on both sides of the bay.\n"
          "Home | News | Business | Sport\nTags: Valmora, Kessin, fishing")


def straight_quotes(text: str) -> str:
    return text.translate(str.maketrans({"“": '"', "”": '"', "’": "'", "«": '"', "»": '"', "–": "-"}))


def is_duplicate(new: str, other: str) -> bool:
    found = dedupe.overlap(new, other)
    return found.is_near_duplicate


def shares_an_lsh_key(a: str, b: str) -> bool:
    sig_a, sig_b = minhash(a), minhash(b)
    return bool(set(lsh_keys(sig_a)) & set(lsh_keys(sig_b))) and \
        estimated_similarity(sig_a, sig_b) >= dedupe.CANDIDATE_THRESHOLD


EDITED_COPIES = {
    "U.S. -> US": WIRE.replace("U.S.", "US"),
    "curly -> straight quotes, dashes, «»": straight_quotes(WIRE),
    "accents dropped": WIRE.replace("Zoë", "Zoe"),
    "digit groups": WIRE.replace("1,000", "1000"),
    "dropped paragraph": "\n\n".join(WIRE_PARAGRAPHS[:2] + WIRE_PARAGRAPHS[3:]),
    "cut-off copy": WIRE[: int(len(WIRE) * 0.65)],
    "added share line": WIRE + "\n\nShare: Facebook | X | WhatsApp | Copy link",
    "another header": HEADER + WIRE.replace("TALLMARK, March 4 (Northwire) – ", "TALLMARK (Coastal Daily) - "),
    "re-wrapped, all of it": straight_quotes(textwrap.fill(WIRE.replace("U.S.", "US"), width=64)),
}


def test_each_edited_copy_is_a_near_duplicate_found_through_lsh():
    for edit, copy in EDITED_COPIES.items():
        assert copy != WIRE
        assert is_duplicate(copy, WIRE), (edit, dedupe.overlap(copy, WIRE))
        assert shares_an_lsh_key(copy, WIRE), edit


def test_us_and_u_s_were_apart_before_folding():
    """The bug in issue 13: "U.S." shingled as "u s", "US" as "us"; a long story needs several such edits."""
    copy = WIRE.replace("U.S.", "US").replace("“", '"').replace("”", '"')
    assert dedupe.overlap(copy, WIRE).covered == 1.0
    assert normalise("the U.S. mediator") != normalise("the US mediator")  # content hashes stay as they were


def test_a_cut_off_copy_is_a_duplicate_but_the_full_text_after_it_is_kept():
    cut = EDITED_COPIES["cut-off copy"]
    assert is_duplicate(cut, WIRE)
    assert not is_duplicate(WIRE, cut)  # the full story after its first 65%: a third of it would be lost
    assert not is_duplicate(WIRE + "\n\n" + FOLLOW_UP, cut)  # adds more than 30% new text: nothing lost


def test_different_stories_from_one_outlet_sharing_boilerplate_are_not_merged():
    first = HEADER + WIRE + FOOTER
    second = HEADER + FOLLOW_UP.replace(WIRE_PARAGRAPHS[4], "") + FOOTER
    assert not is_duplicate(second, first) and not is_duplicate(first, second)
    short_a = HEADER + WIRE_PARAGRAPHS[0] + FOOTER
    short_b = HEADER + FOLLOW_UP.split("\n\n")[0] + FOOTER
    assert not is_duplicate(short_b, short_a), dedupe.overlap(short_b, short_a)


def test_a_follow_up_sharing_a_background_paragraph_is_not_merged():
    assert not is_duplicate(FOLLOW_UP, WIRE) and not is_duplicate(WIRE, FOLLOW_UP)
    found = dedupe.overlap(FOLLOW_UP, WIRE)
    assert found.shared >= dedupe.MIN_SHARED_SHINGLES  # it does share a paragraph, just not most of its text


def test_a_shared_phrase_in_two_short_notes_is_not_a_copy():
    a = "Talks resume. The mediator said the text both sides can sign is ready for the first boats home by Friday."
    b = "Strike ends. Dock workers said the text both sides can sign is ready, and went home."
    assert not is_duplicate(a, b) and not is_duplicate(b, a)


def test_fold_keeps_article_text_and_drops_page_furniture():
    folded = dedupe.fold(HEADER + WIRE + FOOTER)
    assert "Share this story" not in folded and "Facebook" not in folded and "Tags:" not in folded
    assert "Home | News" not in folded
    wrapped_line_before = "the delegation of the northern province was led"
    assert dedupe.looks_like_furniture("By Anna Field", "") and dedupe.looks_like_furniture("REUTERS/Ann Lee", "Hi.")
    assert dedupe.looks_like_furniture("© 2025 Tallmark Courier. All rights reserved.", "")
    assert not dedupe.looks_like_furniture("By Ilse Marten and two aides", wrapped_line_before)
    assert not dedupe.looks_like_furniture("by the former harbour master", "")
    assert "Fishermen to be freed" in folded  # a headline of seven words is text: a new one adds a few shingles
    assert "Become a member today" in folded  # a sentence: only its share of the text can tell
    assert "US mediator" in folded and "Zoe Lindqvist" in folded and "1000 detained" in folded
    wrapped = textwrap.fill(WIRE, width=40)
    short_last_lines = [line for line in wrapped.splitlines() if len(line.split()) < dedupe.SHORT_LINE_WORDS]
    assert normalise(dedupe.fold(wrapped)) == normalise(dedupe.fold(WIRE)), short_last_lines


def test_fold_and_overlap_on_bad_input():
    assert dedupe.fold("") == "" and dedupe.fold("\n\n") == "\n\n"
    assert dedupe.fold("Share this story") == "Share this story"  # all furniture: kept rather than emptied
    empty = dedupe.overlap("", "")
    assert empty.covered == 0.0 and empty.jaccard == 1.0  # as shingle_similarity("", "")
    assert not dedupe.overlap("", WIRE).is_near_duplicate
    assert not dedupe.overlap(WIRE, "").is_near_duplicate
    assert dedupe.overlap("\x00\ufffd \u202e", "\x00").new <= 1
    assert is_duplicate("Talks resume on Thursday", "talks resume on thursday!")  # tiny texts: Jaccard 1.0


# -- the importer: decisions, the log line, and libraries made by an older version -----------------------
def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_merges_an_edited_copy_and_says_of_what_and_how_similar(tmp_path):
    from indexer.library import Library

    original = _write(tmp_path / "in", "a.txt", "Fishermen to be freed in deal\n\n" + WIRE)
    copy = _write(tmp_path / "in", "b.txt", "Deal frees fishermen\n\n" + EDITED_COPIES["dropped paragraph"])
    follow_up = _write(tmp_path / "in", "c.txt", "First fishermen home after deal\n\n" + FOLLOW_UP)
    with Library(tmp_path / "lib") as lib:
        report = lib.add([original, copy, follow_up])
        assert [a.path for a in report.added] == [str(original), str(follow_up)]
        (dup,) = report.duplicates
        assert dup.path == str(copy) and dup.title == "Fishermen to be freed in deal"
        assert dedupe.CONTAINMENT_THRESHOLD <= dup.similarity < 1.0
        assert dup.detail == f"duplicate of “Fishermen to be freed in deal” (similarity {dup.similarity:.2f})"
        logged = {e.path: e for e in lib.import_log()}
        assert logged[str(copy)].status == "duplicate" and logged[str(copy)].detail == dup.detail
        assert logged[str(copy)].article_id == report.added[0].id


def test_identical_copy_has_similarity_one(tmp_path):
    from indexer.library import Library

    original = _write(tmp_path / "in", "a.txt", "Fishermen to be freed in deal\n\n" + WIRE)
    copy = _write(tmp_path / "in", "b.txt", "Fishermen to be freed in deal\n\n" + WIRE.replace("\n\n", "\n\n\n"))
    with Library(tmp_path / "lib") as lib:
        (dup,) = lib.add([original, copy]).duplicates
    assert dup.similarity == 1.0 and "(similarity 1.00)" in dup.detail


def test_a_library_with_old_signatures_is_brought_up_to_date_before_comparing(tmp_path):
    from indexer.library import Library

    original = _write(tmp_path / "in", "a.txt", "Fishermen to be freed in deal\n\n" + WIRE)
    with Library(tmp_path / "lib") as lib:
        lib.add([original])
        assert lib.store.signature_version() == dedupe.SIGNATURE_VERSION
        with lib.store.db as db:  # what a version-1 library holds: text keys in `lsh`, no version row
            db.execute("CREATE TABLE lsh (key TEXT NOT NULL, article_id TEXT NOT NULL)")
            db.execute("INSERT INTO lsh SELECT printf('%02d:%x', key >> 56, key), article_id FROM lsh_bands")
            db.execute("DELETE FROM lsh_bands")
            db.execute("DELETE FROM meta WHERE key = 'minhash_version'")
        assert lib.store.signature_version() == 1
    copy = _write(tmp_path / "more", "b.txt", "Deal frees fishermen\n\n" + EDITED_COPIES["U.S. -> US"])
    with Library(tmp_path / "lib") as lib:
        report = lib.add([copy])
        assert len(report.duplicates) == 1 and not report.added
        assert lib.store.signature_version() == dedupe.SIGNATURE_VERSION
        tables = {r[0] for r in lib.store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "lsh" not in tables
        assert lib.store.db.execute("SELECT COUNT(*) FROM lsh_bands").fetchone()[0] == dedupe.BANDS
        with lib.store.db as db:
            db.execute("UPDATE meta SET value = 'garbage' WHERE key = 'minhash_version'")
        assert lib.store.signature_version() == 0  # damaged: recomputed at the next import, never a traceback


def test_cli_add_and_log_say_of_what_and_how_similar(tmp_path, capsys):
    from indexer import cli

    _write(tmp_path / "in", "a.txt", "Fishermen to be freed in deal\n\n" + WIRE)
    _write(tmp_path / "in", "b.txt", "Deal frees fishermen\n\n" + EDITED_COPIES["cut-off copy"])
    assert cli.main(["--library", str(tmp_path / "lib"), "add", str(tmp_path / "in")]) == 0
    out = capsys.readouterr().out
    assert "b.txt  (duplicate of “Fishermen to be freed in deal” (similarity " in out
    assert cli.main(["--library", str(tmp_path / "lib"), "log"]) == 0
    assert "duplicate of “Fishermen to be freed in deal” (similarity " in capsys.readouterr().out


# -- Russian and Ukrainian copies: «» and "", ё and е, the apostrophes ʼ ’ ', another header ------------------
RU_PARAGRAPHS = [
    "СТАМБУЛ, 2 июня. /Северный вестник/. Делегации России и Украины встретились в понедельник во дворце "
    "Чыраган, где обменялись проектами меморандумов о прекращении огня.",
    "Российскую делегацию возглавил помощник президента Владимир Мединский, украинскую — министр обороны "
    "Рустем Умеров. Встреча продолжалась чуть больше часа, сообщили источники в турецком МИД.",
    "«Мы передали свой проект и ждём ответа. Ещё рано говорить о сроках», — сказал Мединский журналистам после "
    "встречи. Он добавил, что стороны договорились об обмене пленными.",
]
UK_PARAGRAPHS = [
    "КИЇВ, 16 травня. Українська делегація на чолі з міністром оборони Рустемом Умєровим повернулася зі "
    "Стамбула, де відбулися перші за три роки прямі перемовини з російською стороною.",
    "За словами Умєрова, сторони обговорили обмін полоненими за формулою «тисяча на тисячу». «Ми передали "
    "наші пропозиції і чекаємо на відповідь», — сказав він в інтерв'ю телеканалу.",
    "Президент Володимир Зеленський в об'єднаному зверненні подякував Туреччині за організацію зустрічі. "
    "Пам'ять про попередні спроби домовитися, за його словами, має стати уроком для всіх.",
]
RU_STORY, UK_STORY = "\n\n".join(RU_PARAGRAPHS), "\n\n".join(UK_PARAGRAPHS)
RU_HEADER = ("Мединский: ждём ответа Киева\nФото: Иван Петров / Северный вестник\n"
             "Читайте также: Песков прокомментировал итоги встречи в Стамбуле\n"
             "Подписывайтесь на наш Telegram-канал\n\n")
UK_HEADER = ("Умєров: чекаємо на відповідь\nФото: Олена Коваль / Південний кур'єр\n"
             "Читайте також: Зеленський подякував Туреччині за організацію\nПідписуйтесь на наш Telegram-канал\n\n")


def plain_quotes(text: str) -> str:
    return text.translate(str.maketrans({"«": '"', "»": '"', "—": "-", "„": '"', "“": '"'}))


CYRILLIC_COPIES = {
    "ru «» -> \"\"": (plain_quotes(RU_STORY), RU_STORY),
    "ru ё -> е": (RU_STORY.replace("ё", "е").replace("Ё", "Е"), RU_STORY),
    "ru another header and dateline": (
        RU_HEADER + RU_STORY.replace("СТАМБУЛ, 2 июня. /Северный вестник/. ", "В Стамбуле, 2 июня - Южное агентство. "),
        RU_STORY),
    "ru every edit at once": (RU_HEADER + plain_quotes(RU_STORY.replace("ё", "е")), RU_STORY),
    "uk ' -> ʼ": (UK_STORY.replace("'", "ʼ"), UK_STORY),
    "uk ʼ -> ’": (UK_STORY.replace("'", "’"), UK_STORY.replace("'", "ʼ")),
    "uk «» -> „“": (UK_STORY.replace("«", "„").replace("»", "“"), UK_STORY),
    "uk another header": (UK_HEADER + UK_STORY, UK_STORY),
    "uk every edit at once": (
        UK_HEADER + plain_quotes(UK_STORY).replace("'", "ʼ").replace("КИЇВ, 16 травня. ", ""), UK_STORY),
}


def test_each_cyrillic_edited_copy_is_a_near_duplicate_found_through_lsh():
    for edit, (copy, original) in CYRILLIC_COPIES.items():
        assert copy != original, edit
        assert is_duplicate(copy, original), (edit, dedupe.overlap(copy, original))
        assert dedupe.overlap(copy, original).covered >= 0.9, edit  # with room to spare for other edits
        assert shares_an_lsh_key(copy, original), edit


def test_cyrillic_apostrophes_ye_and_yo_fold_alike():
    folded = {normalise(dedupe.fold(word)) for word in ("обʼєкт", "об'єкт", "об’єкт", "обʻєкт")}
    assert len(folded) == 1
    assert normalise(dedupe.fold("ещё всё")) == normalise(dedupe.fold("еще все"))
    assert normalise(dedupe.fold("«Мир»")) == normalise(dedupe.fold('"Мир"')) == normalise(dedupe.fold("„Мир“"))


def test_cyrillic_page_furniture_is_not_shared_text():
    for line in ("Фото: Иван Петров / ТАСС", "Читайте также: Песков прокомментировал итоги",
                 "Подписывайтесь на наш канал в Telegram", "Читайте також: новини дня",
                 "Підписуйтесь на нас у соцмережах", "Джерело: Укрінформ", "Источник: РИА Новости", "Реклама"):
        assert dedupe.looks_like_furniture(dedupe.fold(line)), line
    sentence = "Источник, знакомый с ходом переговоров, сообщил, что встреча продлится два дня"
    assert not dedupe.looks_like_furniture(dedupe.fold(sentence))


def test_russian_and_ukrainian_versions_of_one_story_stay_apart():
    """An outlet publishing in both languages: two articles, not a copy (their words differ)."""
    ru = ("Глава делегации Пётр Лесной заявил, что на встрече в Варне с другой стороной не обсуждался "
          "вопрос обмена пленными. У нас есть чёткие указания, добавил он.")
    uk = ("Голова делегації Петро Лісний заявив, що на зустрічі у Варні з іншою стороною не обговорювалося "
          "питання обміну полоненими. У нас є чіткі вказівки, додав він.")
    assert not is_duplicate(uk, ru) and not is_duplicate(ru, uk)
    assert not is_duplicate(RU_STORY, UK_STORY) and not is_duplicate(UK_STORY, RU_STORY)


def test_two_russian_stories_sharing_a_footer_are_not_merged():
    footer = ("\n\nПодписывайтесь на наш Telegram-канал, чтобы первыми узнавать главные новости о переговорах, "
              "обменах пленными и решениях, которые принимают в Москве, Киеве и Вашингтоне каждый день.")
    other = ("МОСКВА, 3 июня. Пресс-секретарь президента Дмитрий Песков заявил, что Кремль изучит украинский "
             "меморандум и ответит после консультаций. По его словам, дата следующей встречи пока не определена, "
             "а обмен пленными пройдёт в ближайшие дни по согласованному списку.")
    assert not is_duplicate(other + footer, RU_STORY + footer)


def test_import_merges_a_russian_re_paste_with_another_header(tmp_path):
    from indexer.library import Library

    original = _write(tmp_path / "in", "a.txt", "Мединский ждёт ответа Киева\n\n" + RU_STORY)
    copy = _write(tmp_path / "in", "b.txt", CYRILLIC_COPIES["ru every edit at once"][0])
    ukrainian = _write(tmp_path / "in", "c.txt", "Умєров повернувся зі Стамбула\n\n" + UK_STORY)
    with Library(tmp_path / "lib") as lib:
        report = lib.add([original, copy, ukrainian])
    assert [a.path for a in report.added] == [str(original), str(ukrainian)]
    assert [(d.path, d.duplicate_of) for d in report.duplicates] == [(str(copy), report.added[0].id)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["обʼєкт", "п'ять", "інтерв’ю", "ещё", "всё", "«Мир»", '"Мир"', "слово", " ", "\n",
                                 ", ", "— ", "Київ", "Ёлки", "x"]), max_size=60).map("".join))
def test_script_edits_never_change_the_shingles(text):
    """Whatever the text, swapping apostrophes, ё/е and quote styles leaves its shingles as they were."""
    edited = (text.replace("ʼ", "'").replace("’", "ʼ").replace("ё", "е").replace("Ё", "Е")
              .replace("«", '"').replace("»", '"'))
    assert dedupe.shingles(edited) == dedupe.shingles(text)
