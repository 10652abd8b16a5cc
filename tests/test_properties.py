"""Property tests: any bytes and any text either parse or are skipped, never raise otherwise."""

from __future__ import annotations

import plistlib
import string
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from termnews.formatting import wrap
from termnews.library import SkipFile, TrailerRules
from termnews.library.cjk import _run, has_cjk, unspaced_words
from termnews.library.clean import clean_line
from termnews.library.dates import parse_date
from termnews.library.decode import _fits, decode_article
from termnews.library.furniture import furniture_at
from termnews.library.headline import without_site
from termnews.library.mhtml import unpack
from termnews.library.parse import glimpse_article, parse_article, read_article
from termnews.library.provenance import provenance, without_embedded
from termnews.library.sections import normalise_section
from termnews.library.sentence import TITLE_SENTENCE, first_sentence, without_dateline
from termnews.library.textfile import parse_breadcrumb
from termnews.library.webarchive import unpack as unpack_safari

RULES = TrailerRules.build()
_LINES = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            [
                *("", "News\u00a0 / \u00a0World", "---", "title: x", "(AFP photo)", "9/11"),
                *("Related", "Advertisement", "Continue reading the main story"),
                *("ImageA.", "A.Credit...B"),
                *("Title: A - b", "URL Source: http://b.com/", "Published Time: 2024-1-2"),
                *("Markdown Content:", "===", "Images:", "- ![Image 1: a](u)"),
            ]
        ),
    ),
    max_size=30,
)


def _parse(data: bytes, suffix: str):
    try:
        text = decode_article(data)
        return parse_article(text, Path("lib/x" + suffix), "x" + suffix, RULES, mtime=0, size=0)
    except SkipFile:
        return None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([".txt", ".md"]))
def test_any_bytes_parse_or_skip(data: bytes, suffix: str) -> None:
    article = _parse(data, suffix)
    if article is not None:
        assert article.meta.title
        assert len(article.meta.id) == 12


@settings(max_examples=300, deadline=None)
@given(_LINES, st.sampled_from([".txt", ".md"]), st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_text_parses_or_skips(lines: list[str], suffix: str, newline: str) -> None:
    article = _parse(newline.join(lines).encode("utf-8", "replace"), suffix)
    if article is None:
        return
    shown = [article.meta.title, *article.meta.section, *article.captions, *article.paragraphs]
    for text in shown:
        assert "\x1b" not in text and "\r" not in text
        assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in text)


@given(st.text())
def test_clean_line_is_idempotent_and_safe(text: str) -> None:
    once = clean_line(text)
    assert clean_line(once) == once
    assert not any(0x80 <= ord(ch) <= 0x9F or ord(ch) == 0x1B for ch in once)


@given(st.sampled_from("\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"), st.text(max_size=5))
def test_a_control_that_spaces_text_leaves_a_space(control: str, noise: str) -> None:
    """Never shown, never gluing the words beside it."""
    assert clean_line(f"one{control}two {noise}").startswith("one two")


@given(st.text(alphabet="ab |-:·.()*", max_size=30), st.lists(st.text(max_size=8), max_size=3))
def test_dropping_a_sites_name_leaves_part_of_the_headline(title: str, names: list[str]) -> None:
    """Whatever the site calls itself (`(`, `*`, `.`), what stays is the title or a part of
    it, with words whenever the title had words beside the name."""
    kept = without_site(title, names)
    assert kept in title
    assert kept == title or any(ch.isalnum() for ch in kept)


@given(
    st.lists(
        st.sampled_from(
            [
                "WASHINGTON",
                "Ferguson,",
                "(CNN)",
                "(AP)",
                "--",
                "—",
                "-",
                "Gov.",
                "U.S.",
                "The",
                "said",
                ".",
                "a",
                " ",
                "Nov",
                "3",
                "(",
                ")",
                "“",
                "/",
                "LONDON",
                "x.",
            ]
        ),
        max_size=40,
    )
)
def test_a_made_title_is_the_start_of_the_line_past_a_dateline(words: list[str]) -> None:
    """Whatever the line, its made title is a start of what follows its dateline (or
    that, cut short with `…`), never longer than a title may be; the dateline is a start
    of the line, and a headline keeps at least what a made title does."""
    line = " ".join(words)
    rest = without_dateline(line)
    assert line.endswith(rest) and bool(rest) == bool(line)
    assert line.endswith(without_dateline(line, headline=True))
    assert len(without_dateline(line, headline=True)) >= len(rest)
    title = first_sentence(line)
    assert len(title) <= TITLE_SENTENCE
    assert rest.startswith(title.removesuffix("…"))


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab ’“—é\u00a0", min_size=256, max_size=400),
    st.text(alphabet="脆弱性リリース한국어々〇ｦ𠀋😀Ωж", max_size=3),
    st.integers(min_value=0, max_value=400),
)
def test_the_quick_check_for_cjk_never_misses_one(prose: str, cjk: str, at: int) -> None:
    text = prose[:at] + cjk + prose[at:]
    assert has_cjk(text) == (_run().search(text) is not None)
    if not any(ch in "脆弱性リリース々〇ｦ𠀋" for ch in cjk):
        assert unspaced_words(text) == 0


@given(st.lists(st.text(alphabet=string.ascii_letters + " \u00a0\t", max_size=12), max_size=6))
def test_section_spacing_does_not_matter(parts: list[str]) -> None:
    spaced = normalise_section(parts)
    assert normalise_section(["  " + part + "\u00a0" for part in parts]) == spaced
    line = " / ".join(spaced)
    parsed = parse_breadcrumb(line)
    assert parsed is None or parsed in (spaced, spaced[1:])  # `Home / …` leaves Home out


_QUERY_PIECES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ['"', "not", "NOT", "*", "unread", "section:", 'source:"a b"', "after:2021-01-01",
         "words>3", "AND", "OR", "NEAR(", ")", "^", ":", "-", "col:x", "\u202e", "[b]"]
    ),
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_QUERY_PIECES, max_size=8).map(" ".join))
def test_any_query_parses_to_valid_fts_or_says_why(text: str) -> None:
    import sqlite3

    from termnews.library.query import QueryError, parse_query

    try:
        query = parse_query(text)
    except QueryError as error:
        assert str(error)
        return
    from termnews.library.index import TOKENIZE

    db = sqlite3.connect(":memory:")
    db.execute(f'CREATE VIRTUAL TABLE t USING fts5(a, tokenize="{TOKENIZE}")')
    db.execute("INSERT INTO t VALUES ('some text to match against')")
    for terms in (query.positive, query.negative):
        if terms:
            db.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query.fts(terms),)).fetchone()


_SPLIT_TEXT = st.text(
    alphabet=st.sampled_from(
        list("ab1 .,-_'\u0301é")  # Latin, an accent apart and one on its letter
        + list("मोदीभारतनरेंद्र\u093c\u0964")  # Hindi: vowel signs, virama, nukta, danda
        + list("মমতাক্ষ")  # Bengali
        + ["\u200d", "\ufe0f", "\U0001f600"]  # a joiner, a variation selector, an emoji
    ),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(_SPLIT_TEXT)
def test_a_query_splits_words_where_the_index_does(text: str) -> None:
    """Each word a query finds in a text is a word of the index's text, and the words come
    in the same order: else a word typed as it stands in the text finds nothing, or a
    piece of a word finds other words (as `म द` did, from `मोदी`)."""
    import sqlite3

    from termnews.library.cjk import index_form
    from termnews.library.index import TOKENIZE
    from termnews.library.query import QueryError, parse_query

    db = sqlite3.connect(":memory:")
    db.execute(f'CREATE VIRTUAL TABLE t USING fts5(a, tokenize="{TOKENIZE}")')
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")

    def index_words(value: str) -> list[str]:
        db.execute("DELETE FROM t")
        db.execute("INSERT INTO t (a) VALUES (?)", (value,))
        return [row[0] for row in db.execute("SELECT term FROM v ORDER BY offset")]

    for piece in text.split():  # one at a time: a query drops a word typed twice
        try:
            query = parse_query(piece)
        except QueryError:
            continue
        typed = [token for term in (*query.positive, *query.negative) for token in term.tokens]
        expected = [[word] for word in index_words(index_form(piece))]
        assert [index_words(token) for token in typed] == expected, piece


def test_word_marks_are_every_combining_mark() -> None:
    import re
    import unicodedata

    from termnews.library.folding import word_marks

    mark = re.compile(f"[{word_marks()}]")
    for code in range(0x300, 0x20000):
        char = chr(code)
        assert bool(mark.fullmatch(char)) == unicodedata.category(char).startswith("M"), hex(code)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab —-.,!\n\t\u00a0é1_'’*#")), max_size=60))
def test_word_count_counts_tokens_with_a_letter_or_digit(text: str) -> None:
    import re

    from termnews.library.clean import count_words

    assert count_words(text) == sum(1 for token in text.split() if re.search(r"\w", token))


def test_printable_escapes_every_unshowable_character() -> None:
    """Its fast path returns text Python calls printable as it is: no character that must
    be escaped may be printable in that sense."""
    from termnews.paths import _UNSHOWABLE, printable

    for code in range(0x110000):
        char = chr(code)
        if _UNSHOWABLE.match(char):
            assert not char.isprintable(), hex(code)
            assert not _UNSHOWABLE.search(printable(f"a{char}b")), hex(code)


@given(st.text())
def test_printed_text_has_nothing_that_moves_the_terminal(text: str) -> None:
    from termnews.paths import _UNSHOWABLE, printable

    assert not _UNSHOWABLE.search(printable(text))


_COMPARED = ("id", "title", "section", "date", "sort_time", "url", "format", "tags")


@settings(max_examples=300, deadline=None)
@given(_LINES, st.sampled_from([".txt", ".md"]))
def test_a_first_look_agrees_with_the_full_parse(lines: list[str], suffix: str) -> None:
    """What a big first scan lists before parsing (glimpse_article) is what the parse
    finds: the same id (so marks made meanwhile stay), headline, section and date."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("x" + suffix)
        path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
        try:
            looked = glimpse_article(path, path.name)
        except SkipFile:
            looked = None
        try:
            parsed = read_article(path, path.name, RULES).meta
        except SkipFile:
            parsed = None
    if parsed is None:
        return  # skipped with its reason by the full parse (a look may list it meanwhile)
    assert looked is not None, "a file the parse reads was not looked at"
    assert {k: getattr(looked, k) for k in _COMPARED} == {k: getattr(parsed, k) for k in _COMPARED}


_NOTE_PIECES = st.sampled_from(
    [
        "<!-- saved from url=(0031)",
        "<!--\n Page saved with SingleFile \n",
        " url: ",
        " saved date: ",
        "https://example.com/a",
        "file:///C:/x.html",
        "http://[oops",
        "Tue Sep 22 2026 11:39:42 GMT+0900 (日本標準時)",
        "GMT+9999",
        "-->",
        "\n",
        "data:image/png;base64,",
        "QUJD" * 80,
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_NOTE_PIECES, st.text(max_size=10)), max_size=12).map("".join))
def test_a_savers_note_gives_a_web_address_and_a_date_or_nothing(top: str) -> None:
    data = top.encode("utf-8", "surrogatepass")
    found = provenance(data)
    assert found.url is None or found.url.startswith(("http://", "https://"))
    assert found.saved is None or parse_date(found.saved) is not None
    assert b"data:" in data or without_embedded(data) == data
    assert len(without_embedded(data)) <= len(data)


_MIME_PIECES = st.sampled_from(
    [
        "From: <Saved by Blink>\r\n",
        'Content-Type: multipart/related; boundary="b"\r\n',
        "Content-Type: text/html\r\n",
        "Content-Transfer-Encoding: quoted-printable\r\n",
        "Content-Transfer-Encoding: base64\r\n",
        "Snapshot-Content-Location: https://example.com/a\r\n",
        "Date: Fri, 2 Jan 2026 22:27:49 +0000\r\n",
        "\r\n",
        "--b\r\n",
        "--b--\r\n",
        "<p>=3D words=\r\n</p>",
        "PHA+aGk8L3A+",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_MIME_PIECES, st.text(max_size=10)), max_size=14).map("".join))
def test_any_web_archive_gives_its_page_or_none(text: str) -> None:
    try:
        archive = unpack(text.encode("utf-8", "surrogatepass"))
    except SkipFile:
        return  # an archive with no page: skipped with the reason
    assert archive is None or isinstance(archive.html, bytes)


_PLIST = plistlib.dumps(
    {"WebMainResource": {"WebResourceData": b"<p>x</p>", "WebResourceURL": "https://a.example/"}},
    fmt=plistlib.FMT_BINARY,
)


@given(st.binary(max_size=len(_PLIST)), st.integers(0, len(_PLIST)))
def test_any_safari_archive_gives_its_page_or_a_reason(noise: bytes, at: int) -> None:
    """A property list broken anywhere (cut, or bytes changed) never raises but SkipFile."""
    data = _PLIST[:at] + noise + _PLIST[at + len(noise) :]
    try:
        archive = unpack_safari(data)
    except SkipFile:
        return
    assert archive is None or isinstance(archive.html, bytes)


_PARAGRAPHS = st.lists(
    st.one_of(
        st.none(),
        st.text(max_size=400),
        st.sampled_from(["Related", "Read more:", "Advertisement", "Share", "Headline", "A."]),
    ),
    max_size=20,
)


@given(_PARAGRAPHS)
def test_furniture_is_short_and_never_a_block_the_caller_keeps(texts: list[str | None]) -> None:
    """A heading, list or link (None) stays, and so does any paragraph long enough to be
    the story's: only headlines of a box and furniture itself go."""
    found = furniture_at(texts)
    assert found <= set(range(len(texts)))
    assert all(texts[at] is not None and len(texts[at]) <= 300 for at in found)


def test_a_binary_safari_archive_behind_an_xml_declaration_is_skipped_with_a_reason() -> None:
    """Found by the test above: `<?xml` over a binary property list is no XML plistlib
    can read (ExpatError, not ValueError)."""
    with pytest.raises(SkipFile, match="cannot be read"):
        unpack_safari(b"<?xml" + _PLIST[5:])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(max_size=120), min_size=1, max_size=4),
    st.lists(st.lists(st.text(min_size=1, max_size=6), min_size=2, max_size=3), max_size=2),
)
def test_a_snippet_for_any_phrase_stays_within_its_text(
    paragraphs: list[str], phrases: list[list[str]]
) -> None:
    """Phrases of any characters (regex syntax, accents, CJK) never fail the snippet, and
    its highlights are places in the text it shows."""
    from termnews.library.model import Article, ArticleMeta
    from termnews.library.snippet import fold, make_snippet

    meta = ArticleMeta("x", "/x", "x", (), "t", 1, 0.0, 1)
    folded = tuple(tuple(fold(t) for t in phrase) for phrase in phrases)
    words = tuple(t for phrase in folded for t in phrase)
    snippet = make_snippet(Article(meta, paragraphs=tuple(paragraphs)), words, frozenset(), folded)
    for start, end in snippet.highlights:
        assert 0 <= start < end <= len(snippet.text)


_PROSE = st.text(alphabet="ab c-\u00a0\t\né", max_size=300) | st.lists(
    st.text(alphabet=string.ascii_letters + "é,.", min_size=1, max_size=14), max_size=60
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(
    _PROSE,
    st.integers(min_value=20, max_value=100),
    st.sampled_from(["", "> ", "  Photo: ", "  - "]),
    st.sampled_from(["", "> ", "  ", "    "]),
)
def test_wrap_gives_textwraps_lines(text: str, width: int, first: str, rest: str) -> None:
    """The export's quick wrap is textwrap's, whatever the text: spaces doubled, hyphens,
    tabs, no-break spaces and words longer than the line included (at the widths it wraps
    to, 20 columns and more: below, textwrap itself can loop for ever on some texts)."""
    assert wrap(text, width, first, rest) == textwrap.wrap(
        text, width, initial_indent=first, subsequent_indent=rest
    )


_WESTERN_WORD = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzàáâãäåçèéêëìíîïñòóôõöùúûüýÿßœš", min_size=1, max_size=12
)
_WESTERN_SIGN = st.sampled_from(["", "“", "”", "‘", "’", "–", "—", "…", "€", "«", "»", ","])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_WESTERN_SIGN, _WESTERN_WORD, _WESTERN_SIGN), min_size=1, max_size=40))
def test_windows_1252_words_never_fit_mac_os_roman_better(words) -> None:
    """Small letters and typographic signs all fit in Windows-1252, so the same bytes read
    in Mac OS Roman (its capitals and signs there) can never fit better: a text of them is
    never taken for a classic Mac's."""
    text = "Le " + " ".join(f"{before}{word}{after}" for before, word, after in words)
    data = text.encode("cp1252")
    outside = len(data.translate(None, bytes(range(128))))
    assert _fits(text) == outside
    assert _fits(data.decode("mac_roman")) <= outside
