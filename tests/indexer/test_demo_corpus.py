"""The bundled demo corpus: enough invented articles, in every format, with the test material it promises.

These checks read the files directly (only the list of supported extensions comes from the product),
so they guard the corpus itself:
size, formats, metadata styles, boilerplate, spelling variants and the deliberate duplicates.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from indexer.ingest import SUPPORTED_EXTENSIONS

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo"
NAME_PATTERN = re.compile(r"^\d{2}[a-z]?_[a-z0-9-]+\.(txt|md|html)$")
DERIVED = {"05b", "07b", "10p"}  # deliberate duplicate / near-duplicate / paraphrase files


def articles() -> list[Path]:
    """Every article file of the demo corpus, README excluded, in story order."""
    return sorted(p for p in DEMO.iterdir() if p.is_file() and p.name != "README.md")


def prefix(path: Path) -> str:
    return path.name.split("_", 1)[0]


def find(stem_prefix: str) -> Path:
    (match,) = [p for p in articles() if prefix(p) == stem_prefix]
    return match


def visible_text(path: Path) -> str:
    """The text a reader sees: tags, scripts and styles dropped from HTML."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix in {".html", ".htm"}:
        raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S | re.I)
        raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return raw


def words(text: str) -> list[str]:
    """Lower-cased words in any script (the corpus has Russian and Ukrainian articles too)."""
    return re.findall(r"[^\W_]+(?:['ʼ’][^\W_]+)?", text.lower())


def shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + k]) for i in range(max(len(w) - k + 1, 1))}


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def squash(text: str) -> str:
    return " ".join(text.split())


def test_shingle_helper_sanity():
    assert jaccard("a b c d e f g", "a b c d e f g") == 1.0
    assert jaccard("a b c d e f g", "h i j k l m n") == 0.0
    assert jaccard("one two three four five six", "One,  two\nthree four FIVE six") == 1.0


def test_at_least_twelve_articles_with_readable_names():
    files = articles()
    originals = [p for p in files if prefix(p) not in DERIVED]
    assert len(originals) >= 14, [p.name for p in files]
    bad = [p.name for p in files if not NAME_PATTERN.match(p.name)]
    assert not bad, f"unexpected file names: {bad}"
    assert len({prefix(p) for p in files}) == len(files), "two files share a story-order prefix"


def test_every_extension_is_supported_and_all_formats_present():
    suffixes = [p.suffix for p in articles()]
    assert set(suffixes) <= SUPPORTED_EXTENSIONS, set(suffixes) - SUPPORTED_EXTENSIONS
    assert suffixes.count(".md") >= 2
    assert suffixes.count(".html") >= 2
    assert suffixes.count(".txt") > len(suffixes) / 2


def test_files_are_utf8_and_free_of_nul_bytes():
    for path in articles():
        data = path.read_bytes()
        assert b"\x00" not in data, path.name
        data.decode("utf-8")


@pytest.mark.parametrize("path", articles(), ids=lambda p: p.name)
def test_article_size(path: Path):
    n = len(words(visible_text(path)))
    if prefix(path) == "14":
        assert 2300 <= n <= 3200, f"{path.name}: long read has {n} words"
    else:
        assert 300 <= n <= 900, f"{path.name}: {n} words"


def test_one_long_read():
    longest = max(articles(), key=lambda p: len(words(visible_text(p))))
    assert prefix(longest) == "14"


def test_readmes_present_and_honest():
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    assert "invented" in readme.lower()
    assert "not real reporting" in readme.lower()
    for path in articles():
        assert path.name in readme, f"README does not describe {path.name}"
    for folder in ("icons", "styles"):
        assert (REPO / "resources" / folder / "README.md").is_file(), folder


def readme_table() -> list[tuple[str, str, str]]:
    """(file, outlet, date) rows of the story-order table in the demo README."""
    rows = re.findall(r"^\| (\S+\.(?:txt|md|html)) \| ([^|]+) \| (\d{4}-\d{2}-\d{2}) \|",
                      (DEMO / "README.md").read_text(encoding="utf-8"), flags=re.M)
    return [(name, outlet.strip(), date) for name, outlet, date in rows]


def test_files_sort_in_story_order():
    rows = readme_table()
    assert [name for name, _, _ in rows] == [p.name for p in articles()]
    dates = [date for _, _, date in rows]
    assert dates == sorted(dates), "file order must follow the story's dates"


def test_outlets_vary_and_match_the_files():
    rows = readme_table()
    outlets = {outlet.split(" (")[0] for _, outlet, _ in rows if not outlet.startswith("(")}
    assert len(outlets) >= 5, outlets
    for name, outlet, _ in rows:
        if not outlet.startswith("("):
            head = re.sub(r"\s+", " ", (DEMO / name).read_text(encoding="utf-8")).lower()
            assert outlet.split(" (")[0].lower() in head, (name, outlet)


def test_exact_duplicate_differs_only_in_whitespace_and_a_share_line():
    original, copy = find("07"), find("07b")
    assert original.read_bytes() != copy.read_bytes()
    assert squash(original.read_text(encoding="utf-8")) in squash(copy.read_text(encoding="utf-8"))
    assert jaccard(visible_text(original), visible_text(copy)) >= 0.95


def test_near_duplicate_is_rewrapped_with_an_extra_paragraph():
    original, near = find("05"), find("05b")
    a, b = visible_text(original), visible_text(near)
    assert squash(a) not in squash(b)  # re-wrapped and re-headlined, not a copy
    assert 0.75 <= jaccard(a, b) < 0.98
    assert len(words(b)) > len(words(a))
    assert max(len(line) for line in b.splitlines()) <= 72  # hard-wrapped wire text


def test_paraphrase_keeps_names_but_few_shingles():
    original, spun = visible_text(find("10")), visible_text(find("10p"))
    assert jaccard(original, spun) < 0.3
    assert "International Minister Sergei Lavrov" in spun
    for name in ("Mike Waltz", "Dmitry Peskov", "Rustem Umerov", "Ilse Marwitz"):
        assert name in original and name in spun


def test_distinct_stories_are_not_accidental_duplicates():
    originals = [p for p in articles() if prefix(p) not in DERIVED]
    texts = {p.name: visible_text(p) for p in originals}
    names = sorted(texts)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert jaccard(texts[a], texts[b]) < 0.2, (a, b)


def test_html_pages_are_full_saved_pages():
    pages = [p for p in articles() if p.suffix == ".html"]
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        assert re.search(r"<title>[^<]+ \| [^<]+</title>", raw), page.name
        for needle in ('property="og:site_name"', 'property="article:published_time"', "<nav", "<footer", "<script"):
            assert needle in raw, f"{page.name} lacks {needle}"
        assert re.search(r'<img [^>]*src="https://', raw), f"{page.name} lacks an external image"
        assert re.search(r">\s*Related\s*<", raw), f"{page.name} lacks a Related list"


def test_markdown_articles_have_title_and_byline():
    for doc in (p for p in articles() if p.suffix == ".md"):
        lines = doc.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# "), doc.name
        assert any(re.match(r"^By .+ \| \d{1,2} \w+ 2025$", line) for line in lines[:5]), doc.name


def corpus_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in articles())


@pytest.mark.parametrize(
    "pattern",
    [
        r"^date 2025-03-11 \S.+",  # glued date + title line
        r"^Author: [A-Z]\w+ [A-Z]\w+ March 12, 2025",
        r"^By [A-Z][\w ]+ \| 13 March 2025$",
        r"^Published 2025-03-14$",
        r"^Source: [A-Z]",
    ],
)
def test_messy_metadata_styles_present(pattern: str):
    assert re.search(pattern, corpus_text(), flags=re.M), pattern


@pytest.mark.parametrize(
    "marker",
    ["Latest news", "Read next", "More Stories", "Share this article", "Follow us on X",
     "Sign up for our newsletter", "Advertisement", "(Photo: ", "©", "All rights reserved"],
)
def test_boilerplate_present(marker: str):
    assert marker in corpus_text()


@pytest.mark.parametrize(
    "variant",
    ["Zelenskyy", "Zelenskiy", "Zelensky ", "Sergei Lavrov", "Sergey Lavrov", "U.S.", "US ", "United States"],
)
def test_spelling_variants_present(variant: str):
    assert variant in corpus_text()


@pytest.mark.parametrize(
    "pattern",
    [
        r'[,.]" Lavrov said',  # "...," Lavrov said
        r'Rubio said "',  # Rubio said "..."
        r'[,.]" said Peskov',  # "...," said Peskov
        r"\b[A-Z]\w+ told reporters that ",  # X told reporters that ...
    ],
)
def test_quote_attribution_styles_present(pattern: str):
    assert re.search(pattern, corpus_text()), pattern


def test_actors_overlap_across_articles():
    originals = [p for p in articles() if prefix(p) not in DERIVED]
    for name in ("Lavrov", "Rubio", "Peskov", "Umerov", "Sybiha", "Marwitz", "Institute for Black Sea Security"):
        count = sum(name in p.read_text(encoding="utf-8") for p in originals)
        assert count >= 3, f"{name} appears in only {count} articles"


def test_invented_actors_are_unknown_to_the_gazetteer():
    gazetteer = REPO / "resources" / "gazetteer"
    if not gazetteer.is_dir():
        pytest.skip("resources/gazetteer not present")
    known = "\n".join(p.read_text(encoding="utf-8") for p in gazetteer.rglob("*") if p.is_file()).lower()
    for invented in ("Ilse Marwitz", "Institute for Black Sea Security", "Corinne Abadi", "Teodora Vlasceanu"):
        assert invented in corpus_text()
        assert invented.lower() not in known, f"{invented} should be left for actor discovery"


# -- Russian and Ukrainian articles ---------------------------------------------------------------------------
CYRILLIC = {"16r": "ru", "17": "uk", "18": "ru", "19": "uk"}


def test_russian_and_ukrainian_articles_are_detected_as_such():
    from indexer.ingest import prepare

    for stem_prefix, language in CYRILLIC.items():
        doc = prepare(find(stem_prefix))
        assert doc.language == language, (stem_prefix, doc.language)
    english = [p for p in articles() if prefix(p) not in CYRILLIC]
    assert all(prepare(p).language == "en" for p in english)


def cyrillic_text() -> str:
    return "\n".join(find(p).read_text(encoding="utf-8") for p in CYRILLIC)


@pytest.mark.parametrize("form", [
    "Путин ", "Путина", "Путину", "Путіна", "Зеленского", "Зеленскому", "Зеленського", "Зеленському",
    "Умеров", "Умєров", "Умєрова", "Уиткофф", "Віткофф", "Дмитриев", "Дмитрієв", "Песков", "Пєсков",
    "Ильзе Марвиц", "Ільзе Марвіц",
])
def test_cyrillic_name_variants_and_inflections_present(form: str):
    assert form in cyrillic_text()


@pytest.mark.parametrize("marker", ["Фото:", "Читайте также", "Читайте також", "Реклама", "Подписывайтесь",
                                    "Підписуйтесь", "Поділитися", "— сказал", "— заявив", "«", "„", "ё", "ʼ"])
def test_cyrillic_boilerplate_quotes_and_letters_present(marker: str):
    assert marker in cyrillic_text()


def test_a_cross_language_pair_reports_one_event():
    """16 (English) and 16r (Russian) tell the end of the Geneva round: same date, same actors, no shared text."""
    english, russian = find("16"), find("16r")
    rows = {name: date for name, _outlet, date in readme_table()}
    assert rows[english.name] == rows[russian.name]
    assert "Geneva" in english.read_text(encoding="utf-8") and "Женев" in russian.read_text(encoding="utf-8")
    for latin, cyrillic in (("Lavrov", "Лавров"), ("Umerov", "Умеров"), ("Marwitz", "Марвиц"), ("Fidan", "Фидан")):
        assert latin in english.read_text(encoding="utf-8") and cyrillic in russian.read_text(encoding="utf-8")
    assert jaccard(visible_text(english), visible_text(russian)) == 0.0
