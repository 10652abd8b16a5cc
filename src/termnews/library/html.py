"""Provides saved web pages as articles: the story out of the page, without the site's
navigation, ads and boilerplate, as a Markdown document with front matter.

trafilatura, the most accurate Python extractor on the public article-extraction benchmarks
(and on ours, README "Web pages"), finds the text, title, author, date, site name, canonical
URL and categories. The result is a Markdown document, so the rest of termnews reads it as it
reads any Markdown article; the scan keeps it in the index, so a page is extracted once.
"""

from __future__ import annotations

import re
import threading
import warnings
from typing import NamedTuple

from termnews.library.clean import count_words
from termnews.library.dates import parse_date
from termnews.library.decode import SkipFile
from termnews.library.figures import caption_pictures, captioned_figures
from termnews.library.frontmatter import front_matter
from termnews.library.headline import page_headline
from termnews.library.hentry import entry
from termnews.library.loose import loose_text, paragraphed
from termnews.library.markup import byline_authors, tag_links
from termnews.library.provenance import host
from termnews.library.standfirst import standfirst
from termnews.library.trackers import untracked, untracked_links

MAX_PAGE_BYTES = 10 * 1024 * 1024
"""Saved pages carry scripts and styles; the story is a small part of them."""
MAX_PAGE_FILE_BYTES = 100 * 1024 * 1024
"""A page saved whole (SingleFile) also carries its images and fonts, as data: addresses:
its file may be this long, as long as MAX_PAGE_BYTES are left without them."""
MAX_ELEMENTS = 100_000
"""A page with more elements than this is no article: the extraction's time grows with them
(100,000 took 7 s), and the longest real page measured has 9,893."""
FALLBACK_UPTO = 3_000
"""Blocks (paragraphs, headings, items, cells) up to which trafilatura may fall back on
jusText, which compares each short paragraph with its neighbours one by one: 20,000 short
paragraphs took 43 s with it and 1 s without. The real pages measured have at most 2,185,
and without the fallback two of the 181 benchmark pages lose most of their text."""
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "td", "tr", "dd", "dt", "br")
_CATEGORY_SPLIT = re.compile(r"\s*[,;|]\s*")
"""Sites put several categories or tags in one field: `Tech, Apps, Reviews`."""


_ONE_PAGE_AT_A_TIME = threading.Lock()
"""lxml, which trafilatura parses with, is not safe across threads: pages extracted side by
side (`save --from` fetches eight at a time) crashed the process, SIGABRT with `free():
invalid pointer`, once in our test suite (trafilatura issues #840 and #925, open). The
pages are still fetched side by side; the scan parses in processes of their own."""


_DIALOGS = "//*[@role='dialog' or @aria-modal='true' or local-name()='dialog']"
_ID = re.compile(r":\s*\d{3,}\s*$|^\s*\d+\s*$")
"""A category that is a record's number (GitHub's `repository:137613026`), no section."""


def extract_page(data: bytes, url: str | None = None) -> str:
    """The page's article as Markdown with front matter; raises SkipFile when the page has
    none (a front page, an index, a shell that needs JavaScript). A web archive (MHTML,
    Safari's) gives its page. The address it was saved from (provenance) stands in for
    `url`, and its links are made absolute against it."""
    data, saved = _unwrapped(data)
    with _ONE_PAGE_AT_A_TIME, warnings.catch_warnings():
        # What the extractor's libraries warn of is the page's, not the user's: a date in
        # `EST` (htmldate, dateutil) put a Python warning with its source line among the
        # command line's warnings, from the process that parsed it.
        warnings.simplefilter("ignore")
        return _article(data, url or saved.url, saved.saved)


def _article(data: bytes, url: str | None, saved: str | None) -> str:
    tree = _tree(data)
    elements = sum(1 for _ in tree.iter()) if tree is not None else 0
    if elements > MAX_ELEMENTS:
        raise SkipFile(f"{elements:,} elements in the page: too many for an article")
    fast = tree is not None and sum(1 for _ in tree.iter(*_BLOCKS)) > FALLBACK_UPTO
    mends = Mends(
        _has_dialogs(tree),
        bool(tree is not None and loose_text(tree)),
        bool(tree is not None and captioned_figures(tree)),
    )
    doc = _extract(data, url, tables=True, fast=fast, mends=mends)
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if _mostly_layout_table(text):
        # the whole story sits in a layout table, which comes out as a few huge table
        # rows: without tables it keeps its paragraphs
        bare = _extract(data, url, tables=False, fast=fast, mends=mends)
        bare_text = (getattr(bare, "text", None) or "").strip() if bare is not None else ""
        if count_words(bare_text) >= count_words(text) // 2:
            doc, text = bare, bare_text
    if count_words(text) < 10:  # in words as read: Chinese and Japanese have few spaces
        raise SkipFile("no article in the page (a front page, or one that needs JavaScript)")
    marked = entry(tree)
    url = doc.url or url or marked.url
    hosts = (host(url),) if url and host(url) else ()
    url, text = untracked(url, hosts), untracked_links(text, hosts)
    fields: dict[str, object] = {}
    title = page_headline(tree, doc.title, (doc.sitename, doc.hostname, url and host(url)), text)
    for key, value in (
        ("title", title),
        ("source", doc.sitename or doc.hostname or (host(url) if url else None)),
        ("url", url),
        ("date", _moment(_dated(doc.date, data, url), marked.published) or saved),
        ("author", byline_authors(tree, doc.author)),
        ("section", _categories(doc.categories)[:1]),
        ("tags", _categories(tag_links(tree)) or _categories(doc.tags)),
        ("description", doc.description),
        ("standfirst", standfirst(tree, doc.description, text, title)),
    ):
        if value:
            fields[key] = value
    return f"{front_matter(fields)}\n{text}\n"


def _dated(date: str | None, data: bytes, url: str | None) -> str | None:
    """The extractor's date, but not a 1 January its strict search does not find: that is
    a year alone, from a copyright line or a footer (`© 2022`). 28 of 877 real pages had
    one (a story of 2019 dated 1 January 2022), and the strict search found one of them."""
    if not date or not date.endswith("-01-01"):
        return date
    from htmldate import find_date  # with trafilatura: only when a page is met

    try:
        confirmed = find_date(data, extensive_search=False, url=url)
    except (ValueError, TypeError, RecursionError):
        return None
    return date if confirmed == date else None


def _moment(date: str | None, published: str | None) -> str | None:
    """The date trafilatura found, to the minute where the page's h-entry says the same
    day with its time."""
    if published and (not date or published.startswith(date)) and parse_date(published):
        return published
    return date


def _unwrapped(data: bytes):
    """The page itself (out of an MHTML or Safari archive, without its embedded images) and
    where it was saved from; SkipFile when what is left is still too long."""
    from termnews.library import mhtml, webarchive  # only when a page is met
    from termnews.library.provenance import Provenance, provenance, web_address, without_embedded

    archive = mhtml.unpack(data) or webarchive.unpack(data)
    if archive is not None:
        data, saved = archive.html, Provenance(web_address(archive.url or ""), archive.saved)
    else:
        saved = provenance(data)
    data = without_embedded(data)
    if len(data) > MAX_PAGE_BYTES:
        limit = MAX_PAGE_BYTES >> 20
        raise SkipFile(
            f"too large ({len(data):,} bytes without embedded images; the limit is {limit} MB)"
        )
    return data, saved


def _has_dialogs(tree) -> bool:
    """Whether the page holds a dialog (`role="dialog"`, `<dialog>`) with less than half
    of its words: a saved GitHub page's command palette, hidden until asked for, came out
    before the README as 40 lines of `Type > to filter`."""
    if tree is None:
        return False
    found = tree.xpath(_DIALOGS)
    if not found:
        return False
    words = len((tree.text_content() or "").split())
    return sum(len((d.text_content() or "").split()) for d in found) < words / 2


class Mends(NamedTuple):
    """What the page needs mended before the extractor reads it."""

    dialogs: bool
    """Its dialogs go (_has_dialogs)."""
    loose: bool
    """Its loose text becomes paragraphs (termnews.library.loose)."""
    figures: bool
    """Its figures' captions go to their pictures (termnews.library.figures)."""


def _mended(data: bytes, mends: Mends):
    """The page parsed anew (trafilatura changes the tree it gets), mended."""
    tree = _tree(data)
    if tree is None:
        return data
    for dialog in tree.xpath(_DIALOGS) if mends.dialogs else ():
        if dialog.getparent() is not None:
            dialog.drop_tree()
    if mends.loose:
        paragraphed(loose_text(tree))
    if mends.figures:
        caption_pictures(captioned_figures(tree))
    return tree


def _extract(data: bytes, url: str | None, tables: bool, fast: bool, mends: Mends):
    import trafilatura  # a second to import: only when a page is met

    try:
        return trafilatura.bare_extraction(
            _mended(data, mends) if any(mends) else data,
            url=url,
            fast=fast,
            with_metadata=True,
            include_formatting=True,
            include_links=True,
            include_images=True,
            include_tables=tables,
            include_comments=False,
            output_format="python",
        )
    except (ValueError, TypeError, RecursionError, MemoryError) as error:
        raise SkipFile(f"the page could not be read ({type(error).__name__})") from None


def _tree(data: bytes):
    """The page parsed, for its size and its headline (trafilatura parses its own copy,
    which it changes): None when it cannot be."""
    from trafilatura.utils import load_html

    try:
        return load_html(data)
    except (ValueError, TypeError, RecursionError, MemoryError):
        return None


def _mostly_layout_table(text: str) -> bool:
    """Table rows holding most of the words, and no header row a real table would have."""
    lines = text.splitlines()
    rows = [line for line in lines if line.startswith("|")]
    if not rows or any(set(line.strip()) <= set("|-: ") for line in rows):
        return False
    in_rows = sum(len(line.split()) for line in rows)
    return in_rows > 0.6 * max(1, len(text.split()))


def _categories(value: object) -> list[str]:
    if isinstance(value, str):
        items = _CATEGORY_SPLIT.split(value)
    elif isinstance(value, list):
        items = [part for item in value for part in _CATEGORY_SPLIT.split(str(item))]
    else:
        return []
    return [item.strip() for item in items if item.strip() and not _ID.search(item)][:10]
