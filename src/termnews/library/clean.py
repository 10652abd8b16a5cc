"""Provides the cleaning applied to all text read from article files, which is untrusted."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from termnews.library.cjk import unspaced_words

# C0 controls except tab and newline, DEL, C1 controls (ESC and CSI starts among them),
# soft hyphens (`Bundes&shy;regierung`: a terminal cannot break a line at one, and the
# full-text index split the word there, so `bundesregierung` found nothing), Unicode's
# line and paragraph separators, bidi embeddings/overrides/isolates that can reorder what
# is shown, invisible spaces and stray BOMs, and interlinear annotation marks. Zero-width
# (non-)joiners stay: Persian and emoji need them.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u200b\u2028\u2029\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, clear screen
    r"|\x9b[0-?]*[ -/]*[@-~]"  # the same with the one-byte C1 introducer
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # OSC: titles, clipboard, links
    r"|[\x1b][P^_X][^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, PM, APC, SOS strings
    r"|\x1b[ -/]*[0-~]"  # two-character escapes
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SYMBOLS = re.compile(r"\s[^\w\s]+(?=\s)")
"""A token of symbols alone, between spaces (the text is padded with one at each end):
anchoring on the space is a third faster than look-behind at every character."""
_SPACE_RUN = re.compile(r"[ \t\n\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\n]")


def strip_unsafe(text: str) -> str:
    """Drop characters that could act on the terminal or hide and reorder text; a whole
    escape sequence goes, so `ESC[31m` leaves no `[31m` behind."""
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _SEQUENCE.sub("", text)
    return _UNSAFE.sub(_unsafe_char, text)


def _unsafe_char(match: re.Match[str]) -> str:
    """A control that spaces text (a form feed, a vertical tab, the separators) leaves a
    space: dropped, it glued `page\fbreak` into one word."""
    return " " if match.group().isspace() else ""


def decode_entities(text: str) -> str:
    """Well-formed HTML entities (`&#233;`, `&amp;`) as their characters; unknown names
    and a bare `&` (`AT&T`) stay."""
    return _ENTITY.sub(_entity, text) if "&" in text else text


def _entity(match: re.Match[str]) -> str:
    return html.unescape(match.group())


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so every format splits lines alike; a form feed (a page
    break), a vertical tab and Unicode's line separator end a line too, and its paragraph
    separator (text copied out of JavaScript and JSON keeps both) a paragraph."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x0c" in text or "\x0b" in text:
        text = text.replace("\x0c", "\n").replace("\x0b", "\n")
    if not text.isascii() and ("\u2028" in text or "\u2029" in text):
        text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return text


def clean_line(text: str) -> str:
    """One display line: safe characters, runs of mixed spaces and line ends folded into
    one space, ends trimmed.

    A single no-break space is kept (it may be meant), but a run such as ". \u00a0 "
    left by a web page becomes one plain space.
    """
    if not (text.isascii() and text.isprintable()):
        text = strip_unsafe(text)
    if "  " in text or "\t" in text or "\n" in text or "\u00a0" in text or not text.isascii():
        text = _SPACE_RUN.sub(" ", text)
    text = text.strip()
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def distinct(words: Iterable[str]) -> tuple[str, ...]:
    """Each word once, whatever its case, as first written: `News` and `news` are one tag."""
    kept: dict[str, str] = {}
    for word in words:
        kept.setdefault(word.casefold(), word)
    return tuple(kept.values())


def count_words(text: str) -> int:
    """Words as a reader counts them, for minutes-to-read: runs of letters and digits
    (`don’t` and `Daesh-K` are one each); markup symbols on their own are not words;
    Chinese and Japanese by their characters (cjk.unspaced_words)."""
    return len(text.split()) - len(_SYMBOLS.findall(f" {text} ")) + unspaced_words(text)
