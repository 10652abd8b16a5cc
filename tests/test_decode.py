"""Tests for turning article bytes into text, whatever the encoding."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from termnews.library import SkipFile, TrailerRules
from termnews.library.clean import normalise_newlines
from termnews.library.decode import decode_article
from termnews.library.parse import read_article

ENCODED = sorted((Path(__file__).parent / "fixtures" / "encodings").glob("*.txt"))
REAL = Path(__file__).parent / "fixtures" / "real"


@pytest.mark.parametrize(
    "data",
    [
        "Caf\u00e9 news\n".encode(),
        codecs.BOM_UTF8 + "Caf\u00e9 news\n".encode(),
        codecs.BOM_UTF16_LE + "Caf\u00e9 news\n".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "Caf\u00e9 news\n".encode("utf-16-be"),
        "Caf\u00e9 news\n".encode("latin-1"),
        "Caf\u00e9 news\r\n".encode("cp1252"),
    ],
)
def test_encodings(data: bytes) -> None:
    assert decode_article(data) == "Caf\u00e9 news\n"


def test_cp1252_quotes() -> None:
    assert decode_article(b"\x93quoted\x94") == "\u201cquoted\u201d"


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"page one ends.\x0cPage two\x0bgoes on", "page one ends.\nPage two\ngoes on"),
        ("one\u2028line\u2029a paragraph".encode(), "one\nline\n\na paragraph"),
    ],
)
def test_page_breaks_and_unicode_separators_end_lines(data: bytes, text: str) -> None:
    """A form feed, a vertical tab and U+2028 end a line, U+2029 a paragraph: dropped as
    controls, they glued the words on either side into one."""
    assert decode_article(data) == text


def test_a_page_break_inside_a_paragraph_leaves_two_words(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"Pages\n\nThe first page ends here.\x0cThe second begins.\n")
    article = read_article(path, "story.txt", TrailerRules.build())
    words = " ".join(article.paragraphs).split()
    assert "here." in words and "The" in words and "here.The" not in words


@pytest.mark.parametrize("path", ENCODED, ids=lambda path: path.name.split("__")[1])
def test_real_text_in_an_encoding_nothing_names(path: Path) -> None:
    encoding = path.name.split("__")[0]
    data = path.read_bytes()
    assert decode_article(data) == normalise_newlines(data.decode(encoding))


@pytest.mark.parametrize(
    "text",
    [
        "Crème brûlée à Paris, déjà vu. " * 500,  # a guess alone: Polish in cp1257
        "Le président a été élu hier soir après une longue journée électorale. " * 20,
        "Der Bürgermeister hat die Straße gesperrt, weil über fünfzig Fahrzeuge warten.",
    ],
)
def test_western_text_stays_windows_1252(text: str) -> None:
    assert decode_article(text.encode("cp1252")) == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize(
    "text", ["The council met on Tuesday.\n", "Правительство снизило налоги, 5 марта.\n"]
)
def test_wide_text_without_a_byte_order_mark(text: str, encoding: str) -> None:
    assert decode_article((text * 20).encode(encoding)) == text * 20


def test_a_russian_article_saved_in_windows_1251_reads_in_cyrillic(tmp_path: Path) -> None:
    text = "Новости / Экономика\n\nПравительство снизило налоги\n\nПрезидент подписал указ."
    path = tmp_path / "news.txt"
    path.write_bytes(text.encode("cp1251"))
    article = read_article(path, "news.txt", TrailerRules.build())
    assert article.meta.title == "Правительство снизило налоги"
    assert article.meta.section == ("Новости", "Экономика")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \n\t\r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"text\x00with nul", "binary"),
        (bytes(range(1, 9)) * 100, "binary"),
    ],
)
def test_unusable(data: bytes, reason: str) -> None:
    with pytest.raises(SkipFile, match=reason):
        decode_article(data)


def test_a_story_saved_on_a_classic_mac_reads_in_mac_os_roman() -> None:
    """A CNN story of 2014 as a scraper kept it (fixtures/real/cnn): `Est\\x8ee Lauder`,
    which Windows-1252 reads as `EstŽe`."""
    data = (REAL / "cnn" / "jo-malone-macroman.txt").read_bytes()
    assert b"Est\x8ee" in data
    assert "cosmetics giant Estée Lauder in 2006" in decode_article(data)


@pytest.mark.parametrize(
    "text",
    [
        "Slavoj Žižek’s “café” talk — naïve, Straße, Ça va, École, 10 €",
        "The CEO’s “plan” – cut costs… again",
        "Señor Muñoz dijo: «¡Qué día!»",
    ],
)
def test_windows_1252_text_is_not_taken_for_mac_os_roman(text: str) -> None:
    assert decode_article(text.encode("cp1252")) == text


def test_utf8_with_a_stray_byte_keeps_its_utf8() -> None:
    """One byte that is no UTF-8 in a UTF-8 file: the file's curly quotes and accents stay,
    not `â€™` all through."""
    data = "It’s “Est".encode() + b"\x8e" + "e Lauder” — café, naïve, résumé".encode()
    text = decode_article(data)
    assert text.startswith("It’s “Est") and text.endswith("e Lauder” — café, naïve, résumé")


def test_windows_1252_with_utf8_pasted_in_keeps_both() -> None:
    """A Latin-1 text with a few UTF-8 characters pasted in (Le Cercle Psy's feed has a
    UTF-8 no-break space among its Latin-1): each part read in its own encoding."""
    data = (
        "Le café est très bon, ".encode("cp1252")
        + "naïve\u00a0!".encode()
        + " — fin".encode("cp1252")
    )
    assert decode_article(data) == "Le café est très bon, naïve\u00a0! — fin"
