"""Encodings: BOMs, UTF-8, legacy code pages, truncated files; never mojibake."""

from __future__ import annotations

import codecs

import pytest

from indexer.ingest import prepare_bytes
from indexer.ingest.encoding import DecodeError, binary_kind, decode, decode_with_warnings, tidy_text
from indexer.model import Document, Skip

FRENCH = (
    "Le président a reçu la délégation à l'Élysée jeudi. Les négociations, décrites comme « très "
    "constructives », reprendront à Genève après les fêtes de fin d'année, a précisé le porte-parole.\n"
)
RUSSIAN = (
    "Министерство иностранных дел России заявило во вторник, что переговоры в Эр-Рияде прошли успешно. "
    "Стороны договорились продолжить консультации на уровне экспертов в ближайшие недели.\n"
)
POLISH = "Minister spraw zagranicznych powiedział, że rozmowy były trudne, ale pożyteczne. Źródła w rządzie są ostrożne.\n"
MIXED = "Talks in Zürich — “constructive”, said the envoy; next round in São Paulo.\n"
MOJIBAKE_MARKERS = ("Ã", "Â", "â€", "Ð", "Ñ", "\ufffd")


def no_mojibake(text: str) -> bool:
    return not any(marker in text for marker in MOJIBAKE_MARKERS)


@pytest.mark.parametrize(
    "bom, codec",
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_is_honoured(bom, codec):
    text = decode(bom + (FRENCH + RUSSIAN).encode(codec))
    assert text == FRENCH + RUSSIAN  # BOM removed, content intact


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec):
    assert decode((FRENCH + MIXED).encode(codec)) == FRENCH + MIXED
    assert decode(RUSSIAN.encode(codec)) == RUSSIAN


def test_plain_utf8():
    assert decode((FRENCH + RUSSIAN + MIXED).encode("utf-8")) == FRENCH + RUSSIAN + MIXED


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_western_legacy_encodings(codec):
    text = decode(FRENCH.encode(codec))
    assert text == FRENCH and no_mojibake(text)


def test_cp1252_smart_quotes_and_dashes():
    text = decode(MIXED.encode("cp1252"))
    assert text == MIXED


def test_windows_1251_russian():
    text = decode(RUSSIAN.encode("cp1251"))
    assert text == RUSSIAN


def test_koi8_r_russian():
    text = decode((RUSSIAN * 2).encode("koi8-r"))
    assert text == RUSSIAN * 2


def test_windows_1250_polish_is_not_read_as_western():
    text = decode((POLISH * 3).encode("cp1250"))
    assert "ł" in text and "³" not in text


def test_one_stray_latin1_byte_in_ascii_text():
    data = b"Chelsea agreed a fee for Mutu, a \xa315.8m signing from Parma, the club said.\n"
    assert decode(data) == "Chelsea agreed a fee for Mutu, a £15.8m signing from Parma, the club said.\n"


def test_stray_cp1252_byte_in_utf8_text():
    data = "Élysée talks — day one. ".encode("utf-8") + b"Caf\xe9 owners protested." + " Zürich next.".encode()
    assert decode(data) == "Élysée talks — day one. Café owners protested. Zürich next."


def test_truncated_utf8_tail_replaces_only_the_tail():
    data = (FRENCH + "Prochaine étape: Genève").encode("utf-8")
    cut = data + "é".encode("utf-8")[:1]
    text = decode(cut)
    assert text == FRENCH + "Prochaine étape: Genève\ufffd"
    doc = prepare_bytes(cut, "/x/truncated.txt")
    assert isinstance(doc, Document) and "Genève" in doc.text


def test_bbc_sport_199_has_one_latin1_byte(shared_corpus):
    path = shared_corpus / "bbc" / "sport" / "199.txt"
    if not path.exists():
        pytest.skip(f"{path} not found")
    doc = prepare_bytes(path.read_bytes(), str(path))
    assert isinstance(doc, Document)
    assert "£15.8m" in doc.text and no_mojibake(doc.text)


def test_html_meta_charset_is_used():
    page = (
        '<html><head><meta charset="windows-1251"><title>Переговоры в Эр-Рияде</title></head><body><article>'
        f"<p>{RUSSIAN.strip()}</p><p>{RUSSIAN.strip()}</p></article></body></html>"
    )
    doc = prepare_bytes(page.encode("cp1251"), "/x/page.html")
    assert isinstance(doc, Document)
    assert doc.title == "Переговоры в Эр-Рияде"
    assert "Министерство иностранных дел" in doc.text


def test_binary_kind():
    assert binary_kind(b"\x89PNG\r\n\x1a\nrest") == "PNG image"
    assert binary_kind(b"%PDF-1.5") == "PDF document"
    assert binary_kind(b"Plain text") == ""
    with pytest.raises(DecodeError, match="binary"):
        decode(b"\x00\x01\x02\x03\xff\xfe\xfd" * 50)


def test_control_characters_mean_binary():
    with pytest.raises(DecodeError, match="binary"):
        decode(bytes(range(1, 32)) * 40)


def test_tidy_text_normalises_newlines_and_invisibles():
    raw = "Line one\r\nLine\u00a0two\rLine\u200b three\u2028Four\x07\ufeff"
    assert tidy_text(raw) == "Line one\nLine two\nLine three\nFour"
    assert tidy_text("clean\ntext") == "clean\ntext"


@pytest.mark.parametrize("codec", ["utf-8", "utf-16", "cp1252", "cp1251"])
def test_prepare_bytes_reads_every_encoding_without_mojibake(codec):
    body = RUSSIAN if codec == "cp1251" else FRENCH
    doc = prepare_bytes(("Titre de l'article\n\n" + body).encode(codec), "/x/a.txt")
    assert isinstance(doc, Document) and no_mojibake(doc.text), doc
    assert doc.text == body.strip()


def test_undecodable_is_a_skip_not_a_crash():
    result = prepare_bytes(bytes(range(0x80, 0x100)) * 8, "/x/noise.txt")
    assert isinstance(result, (Skip, Document))


@pytest.mark.parametrize(
    "text, codec",
    [
        ("Привет, мир!", "cp1251"),
        ("Москва заявила о готовности к переговорам с Киевом.", "koi8_r"),
        ("Міністерство закордонних справ України заявило, що переговори були корисними.", "cp1251"),
        ("Η συνάντηση ήταν εποικοδομητική, δήλωσε ο υπουργός.", "cp1253"),
        ("Rozmowy w Łodzi były trudne.", "cp1250"),
        ("Minister spraw zagranicznych powiedział, że rozmowy były trudne. " * 3, "iso8859_2"),
        ("中国外交部发言人表示，对话是解决危机的唯一出路。", "gb18030"),
        ("中國外交部發言人表示，對話是解決危機的唯一出路。", "big5"),
        ("日本政府は木曜日に声明を発表した。", "shift_jis"),
        ("한국 정부는 목요일 성명을 발표했다.", "euc_kr"),
        ("أصدرت الحكومة بيانا يوم الخميس.", "cp1256"),
    ],
)
def test_short_legacy_texts_in_other_scripts(text, codec):
    assert decode(text.encode(codec)) == text


# -- a file pasted together from a UTF-8 source and a Windows-1251 one (issue 12, item 6) -------
TALKS_UTF8 = (
    "Переговоры в Женеве возобновились в четверг после долгого перерыва.\n"
    "Делегации обсудили обмен пленными и гуманитарные коридоры.\n"
)
TALKS_CP1251 = (
    "Министр заявил, что следующий раунд пройдёт в Стамбуле.\n"
    "Наблюдатели ожидают подписания протокола к весне.\n"
)


@pytest.mark.parametrize("utf8_first", [True, False], ids=["utf8-then-cp1251", "cp1251-then-utf8"])
def test_mixed_utf8_and_cp1251_lines_are_decoded_apart(utf8_first):
    halves = [TALKS_UTF8.encode("utf-8"), TALKS_CP1251.encode("cp1251")]
    text, warnings = decode_with_warnings(b"".join(halves if utf8_first else halves[::-1]))
    assert text == (TALKS_UTF8 + TALKS_CP1251 if utf8_first else TALKS_CP1251 + TALKS_UTF8)
    assert warnings == ("mixed encodings: 2 lines decoded as cp1251",)


def test_mixed_file_says_so_on_the_document():
    doc = prepare_bytes(("Переговоры в Женеве\n\n" + TALKS_UTF8).encode() + TALKS_CP1251.encode("cp1251"), "/x/m.txt")
    assert isinstance(doc, Document) and "Стамбуле" in doc.text and no_mojibake(doc.text)
    assert doc.warnings == ("mixed encodings: 2 lines decoded as cp1251",)


@pytest.mark.parametrize(
    "data",
    [
        ("Élysée talks — day one. ".encode("utf-8") + b"Caf\xe9 owners protested." + " Zürich next.".encode()),
        b"Plain ASCII heading\n" + RUSSIAN.encode("cp1251"),  # legacy lines beside ASCII ones: not mixed
        RUSSIAN.encode("utf-8") + b"\nA stray \x96 dash in English.\n",  # one stray byte is not a second encoding
    ],
    ids=["stray-byte-in-utf8", "ascii-and-cp1251", "utf8-and-one-stray-byte"],
)
def test_single_encoding_files_get_no_mixed_warning(data):
    text, warnings = decode_with_warnings(data)
    assert warnings == () and no_mojibake(text)


def test_mixed_encodings_are_searchable_and_logged(tmp_path):
    """Import the mixed file and find a real word from each half; the log says what was done."""
    from indexer.library import Library

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "talks.txt").write_bytes(("Переговоры в Женеве\n\n" + TALKS_UTF8).encode() + TALKS_CP1251.encode("cp1251"))
    with Library(tmp_path / "lib") as lib:
        assert len(lib.add([folder]).added) == 1
        assert lib.search("пленными").total == 1  # from the UTF-8 half
        assert lib.search("Стамбуле").total == 1  # from the Windows-1251 half
        entries = lib.import_log()
    assert [(e.status, e.detail) for e in entries] == [("added", "mixed encodings: 2 lines decoded as cp1251")]


def test_one_short_cp1251_line_in_utf8_text_is_not_read_as_western():
    text, warnings = decode_with_warnings(TALKS_UTF8.encode() + "Весной в Риге.\n".encode("cp1251"))
    assert text == TALKS_UTF8 + "Весной в Риге.\n"
    assert warnings == ("mixed encodings: 1 line decoded as cp1251",)


def test_stray_cp1252_bytes_inside_utf8_lines_keep_the_utf8():
    """Several lines that are UTF-8 with a stray Windows-1252 byte: only the stray bytes are decoded apart."""
    lines = [f"Élysée talks — day {n}: ".encode() + b"Caf\xe9 owners \x96 protested." for n in range(1, 6)]
    text, warnings = decode_with_warnings(b"\n".join(lines) + "\nZürich next.\n".encode())
    assert text == "\n".join(f"Élysée talks — day {n}: Café owners – protested." for n in range(1, 6)) + "\nZürich next.\n"
    assert warnings == ("mixed encodings: 5 lines decoded as cp1252",)
