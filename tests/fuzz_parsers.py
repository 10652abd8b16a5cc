"""Provides a long fuzz run of the parsers, outside CI: `python tests/fuzz_parsers.py [N]`.

Hypothesis with many examples and coverage-guided shrinking of any failure; the same
properties as tests/test_properties.py, pushed much further, plus text built from the
pieces that have broken readers before (markup, escapes, fences, breadcrumbs, encodings).
Prints the examples tried per target and any failure found.
"""

from __future__ import annotations

import codecs
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termnews.library import SkipFile, TrailerRules
from termnews.library.clean import strip_unsafe
from termnews.library.decode import decode_article
from termnews.library.model import Article
from termnews.library.parse import parse_article
from termnews.library.query import QueryError, parse_query
from termnews.library.snippet import make_snippet

RULES = TrailerRules.build()
PIECES = [
    "---", "...", "title: x", "section: [a, b]", "&a [*a]", "!!python/object:os.system",
    "News\u00a0/\u00a0World", " / / ", "9/11", "(AFP photo)", "[b]", "[/]", "[@click=app.quit]",
    "\x1b[2J", "\x1b]0;t\x07", "\x9b31m", "\u202e", "\u200b", "\ufeff", "\r\n", "\r", "\n\n",
    "# Heading", "```", "<script>", "\x00", "é", "名前", "\U0001f4f7", "*", '"', "not", ":",
]  # fmt: skip
UNSAFE = set(range(0x00, 0x09)) | set(range(0x0B, 0x20)) | set(range(0x7F, 0xA0))
UNSAFE |= {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}

texts = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(PIECES)), max_size=60).map("".join)
encoded = st.tuples(texts, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))


def _safe(text: str) -> bool:
    return not any(ord(char) in UNSAFE for char in text.replace("\n", "").replace("\t", ""))


def _check_article(data: bytes, suffix: str) -> None:
    try:
        text = decode_article(data)
        article = parse_article(text, Path("lib/x" + suffix), "x" + suffix, RULES, mtime=0, size=0)
    except SkipFile:
        return
    meta = article.meta
    assert _safe(meta.title) and all(_safe(part) for part in meta.section), meta
    assert all(_safe(p) for p in (*article.paragraphs, *article.captions)), article
    assert len(meta.title) <= 300 and len(meta.section) <= 10


def run(examples: int) -> int:
    failures = 0
    fuzz = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )

    @fuzz
    @given(st.binary(max_size=4000), st.sampled_from([".txt", ".md"]))
    def raw_bytes(data: bytes, suffix: str) -> None:
        _check_article(data, suffix)

    @fuzz
    @given(encoded, st.sampled_from([".txt", ".md"]))
    def encoded_text(pair: tuple[str, str], suffix: str) -> None:
        text, encoding = pair
        data = text.encode(encoding, errors="replace")
        if encoding == "utf-16":
            data = codecs.BOM_UTF16_LE + text.encode("utf-16-le", errors="replace")
        _check_article(data, suffix)

    @fuzz
    @given(texts)
    def cleaning(text: str) -> None:
        assert _safe(strip_unsafe(text))

    @fuzz
    @given(st.lists(st.one_of(st.text(max_size=15), st.sampled_from(PIECES)), max_size=10))
    def queries(parts: list[str]) -> None:
        try:
            query = parse_query(" ".join(parts))
        except QueryError as error:
            assert str(error)
            return
        import sqlite3

        db = sqlite3.connect(":memory:")
        db.execute("CREATE VIRTUAL TABLE t USING fts5(a)")
        for terms in (query.positive, query.negative):
            if terms:
                db.execute("SELECT * FROM t WHERE t MATCH ?", (query.fts(terms),)).fetchall()

    @fuzz
    @given(st.lists(texts, max_size=5), st.lists(st.text(min_size=1, max_size=8), max_size=4))
    def snippets(paragraphs: list[str], words: list[str]) -> None:
        from termnews.library.model import ArticleMeta

        meta = ArticleMeta("x", "/x", "x", (), "t", 1, 0.0, 1)
        folded = tuple(w.lower() for w in words)
        snippet = make_snippet(Article(meta, paragraphs=tuple(paragraphs)), folded, frozenset())
        for start, end in snippet.highlights:
            assert 0 <= start < end <= len(snippet.text)

    for target in (raw_bytes, encoded_text, cleaning, queries, snippets):
        began = time.perf_counter()
        try:
            target()
        except Exception as error:  # report every target, not only the first failure
            failures += 1
            print(f"{target.__name__}: FAILED: {type(error).__name__}: {error}")
        else:
            print(f"{target.__name__}: {examples:,} examples, no failure "
                  f"({time.perf_counter() - began:.0f} s)")  # fmt: skip
    return failures


if __name__ == "__main__":
    sys.exit(1 if run(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000) else 0)
