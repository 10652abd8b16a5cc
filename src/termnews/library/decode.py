"""Provides the turning of an article file's bytes into text, or a reason to skip it."""

from __future__ import annotations

import codecs
import re

from termnews.library.clean import normalise_newlines

MAX_ARTICLE_BYTES = 2 * 1024 * 1024
"""Files larger than this are skipped: a saved news article is rarely over 200 KB."""

_SNIFF = 8192
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
BYTE_ORDER_MARKS = tuple(bom for bom, _encoding in _BOMS)
"""What a text that names its Unicode encoding starts with."""
_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF")


_NEVER = (
    *("cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140"),  # EBCDIC
    *("cp437", "cp720", "cp737", "cp775", "cp850", "cp852", "cp856", "cp857", "cp858"),
    *("cp860", "cp861", "cp862", "cp863", "cp864", "cp865", "cp869", "cp1006", "cp1125"),
    *("hp_roman8", "mac_roman", "mac_iceland", "mac_turkish", "mac_latin2", "mac_greek"),
    *("mac_cyrillic", "ptcp154", "kz1048", "koi8_t"),
    *("utf_7", "hz", "utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"),
)
"""Encodings a guess may not choose: mainframe, DOS and classic Mac OS code pages no news
page is saved in now, which charset-normalizer, left to itself, finds in French (HP
Roman-8) or Spanish (cp775), or in a short Russian text (Mac Cyrillic for Windows-1251)."""
_GUESS_FROM = 8
"""Bytes outside ASCII a guess needs: from fewer (`Café news`) it guesses wildly, and the
file is read as Windows-1252. From 8 on, 615 made-up French, German, Spanish and
Portuguese lines were all kept as Windows-1252."""
_OTHER_SCRIPTS = frozenset(
    {
        *("Russian", "Ukrainian", "Bulgarian", "Serbian", "Kazakh", "Greek", "Hebrew"),
        *("Arabic", "Farsi", "Thai", "Hindi", "Tamil", "Japanese", "Chinese", "Korean"),
    }
)
"""Languages a guess is taken for: written in a script of their own, their text read as
Windows-1252 is line noise (Ïðåçèäåíò), and charset-normalizer tells their encodings apart
reliably. For text in a Latin script it does not: French reads to it as Polish in cp1257,
so Latin-script text is read as Windows-1252, as it always was here."""

_WIDE_FROM = 64
"""Bytes a file needs before its zero bytes can say it is UTF-16 or UTF-32: in
`text\\x00with nul` one zero falls where UTF-16 would put it."""
_WIDE_ZEROS = 0.9
"""Share of UTF-32's two high bytes that are zero: all of them, outside the astral planes."""
_ASCII = bytes(range(128))
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_TYPOGRAPHIC = frozenset("‘’“”„–—…«»‹›©®™°•€£§¶·")
_MAC_MARGIN = 2
"""How much better Mac OS Roman must fit a file's text than Windows-1252 for the file to
be read in it: only a text from a classic Mac (CNN's scraped `Est` 8E `e Lauder`, its
quotes D2 and D3) fits it at all."""
_STRAY = re.compile("[\udc80-\udcff]+")
"""Bytes that were no UTF-8, as surrogateescape keeps them."""
_UNLIKELY = re.compile("[\u0100-\u1fff\u20d0-\u20ff\u2150-\ud7ff\ue000-\uffff]")
"""What UTF-8 read in Windows-1252 text makes of a capital or a small letter and the sign
after it (DF 93), never a character pasted in."""
_UTF8_BESIDE = 4
"""Characters of UTF-8 a stray byte needs beside it for the file to be UTF-8: text in
Windows-1251, KOI8-R or Latin-1 makes a valid UTF-8 pair now and then, never four for
each byte that is not one."""
_CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in (9, 10, 12, 13))


class SkipFile(Exception):
    """An article file that cannot be used; the message is the reason shown to the user."""


def decode_article(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16/32 with a BOM, or legacy 8-bit text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return _non_empty(normalise_newlines(text))
    head = data[:_SNIFF]
    if data.startswith(_BINARY_MAGIC):
        raise SkipFile("binary file, not text")
    if b"\x00" in head:
        wide = _wide(head)
        text = data.decode(wide, errors="replace") if wide else ""
        if not wide or _controls(text[: _SNIFF // 2]) * 10 > len(text[: _SNIFF // 2]) * 3:
            raise SkipFile("binary file, not text")
        return _non_empty(normalise_newlines(text))
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls * 10 > len(head) * 3:
        raise SkipFile("binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _mostly_utf8(data) or decode_legacy(data)
    return _non_empty(normalise_newlines(text))


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bytes that are not (a scraper's file with `Est` 8E `e Lauder` in
    it, from a Mac page, among its curly quotes), each such byte read as Windows-1252:
    the rest of the file read as Windows-1252 would turn every `’` into `â€™`. None when
    the bytes that are no UTF-8 are not few beside the characters that are."""
    text = data.decode("utf-8", errors="surrogateescape")
    stray = sum(map(len, _STRAY.findall(text)))
    if not stray:
        return None
    wide = len(text) - len(text.encode("ascii", errors="ignore")) - stray
    if wide < _UTF8_BESIDE * stray:
        return None
    return _STRAY.sub(_as_cp1252, text)


def _mixed(data: bytes) -> str:
    """Windows-1252, but for UTF-8 pasted into it, which is read as UTF-8: a Latin-1 feed
    with a no-break space in UTF-8 (bytes C2 A0 in `Psycho :`) keeps it a space, not
    `PsychoÂ :`. Only what Windows-1252 text does not make by itself counts as UTF-8: a
    Latin-1 character, a typographic sign, an emoji. `ß“` (DF 93, valid UTF-8 for an NKo
    letter) stays `ß“`."""
    text = _UNLIKELY.sub(_back_to_cp1252, data.decode("utf-8", errors="surrogateescape"))
    return _STRAY.sub(_as_cp1252, text)


def _back_to_cp1252(match: re.Match[str]) -> str:
    return _as_cp1252_bytes(match.group().encode("utf-8"))


def _as_cp1252(run: re.Match[str]) -> str:
    return _as_cp1252_bytes(bytes(ord(char) - 0xDC00 for char in run.group()))


def _as_cp1252_bytes(raw: bytes) -> str:
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return raw.decode("latin-1")


def _wide(head: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte order mark, told by where the zero bytes fall: text
    in a Latin, Greek or Cyrillic script has them in the high byte of every space and
    sign, and never in the low one."""
    size = len(head) - len(head) % 4
    if size < _WIDE_FROM:
        return None
    zero = [head[at:size:4].count(0) / (size // 4) for at in range(4)]
    if zero[2] > _WIDE_ZEROS and zero[3] > _WIDE_ZEROS > zero[0]:
        return "utf-32-le"
    if zero[0] > _WIDE_ZEROS and zero[1] > _WIDE_ZEROS > zero[3]:
        return "utf-32-be"
    low, high = (zero[0] + zero[2]) / 2, (zero[1] + zero[3]) / 2
    if high > 0.15 and low < 0.01:
        return "utf-16-le"
    if low > 0.15 and high < 0.01:
        return "utf-16-be"
    return None


def _controls(text: str) -> int:
    return sum(1 for char in text if char < " " and char not in "\t\n\x0c\r")


def decode_legacy(data: bytes) -> str:
    """Text in an 8-bit or East Asian legacy encoding, which nothing in the file names: the
    encoding charset-normalizer finds likeliest for text in a script other than Latin
    (Windows-1251 or KOI8-R Russian, Shift_JIS, GB2312, Big5, Greek, Hebrew…), else
    Windows-1252 (Latin-1 where that fails)."""
    from charset_normalizer import from_bytes  # for the rare file that is not UTF-8

    outside = len(data.translate(None, _ASCII))
    matches = from_bytes(data, cp_exclusion=list(_NEVER)) if outside >= _GUESS_FROM else []
    best = matches.best() if matches else None
    if best is not None and best.language in _OTHER_SCRIPTS:
        return data.decode(best.encoding, errors="replace")
    western = _mixed(data)
    mac = data.decode("mac_roman")
    return mac if _fits(mac) >= _fits(western) + _MAC_MARGIN else western


def _fits(text: str) -> int:
    """How well the characters outside ASCII sit among their neighbours: a typographic
    quote, dash or sign fits; so does a small letter that no capital follows (`Estée`,
    `à`, not `ìQuoted`), and a capital after no small letter and not starting a
    capitalised word (`École`, `ÉTÉ`, not `EstŽe` or `ÒSaying`); anything else does not."""
    score = 0
    for match in _NON_ASCII.finditer(text):
        at, char = match.start(), match.group()
        before, after, then = text[at - 1 : at], text[at + 1 : at + 2], text[at + 2 : at + 3]
        if char in _TYPOGRAPHIC:
            fits = True
        elif not char.isalpha():
            fits = False
        elif char.islower():
            fits = not after.isupper()
        else:
            fits = not before.islower() and not (after.isupper() and then.islower())
        score += 1 if fits else -1
    return score


def _non_empty(text: str) -> str:
    if not text.strip():
        raise SkipFile("empty file")
    return text
