"""Provides reading a fetched feed: RSS 0.9x/1.0/2.0, RDF and Atom with feedparser, and JSON
Feed 1.0/1.1 (which feedparser 6 does not read) with the json module, per jsonfeed.org.

Every item gets an identity that stays the same from one fetch to the next: its GUID or
id, else its link, else a hash of its title and content.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import hashlib
import itertools
import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import feedparser
from feedparser.sanitizer import _sanitize_html

from termnews.feeds.media import Enclosure, absolute, attachments, whole_number
from termnews.library.clean import clean_line, count_words, distinct
from termnews.library.dates import parse_date
from termnews.library.decode import BYTE_ORDER_MARKS, decode_legacy
from termnews.library.suffixes import PICTURE_FILE

MAX_ITEMS = 5_000
"""Items read from one document; a feed with more is cut, not refused."""


class NotAFeed(Exception):
    """The document is no feed that termnews can read (an HTML page, garbage, empty)."""


_TAG = re.compile(r"<[A-Za-z!/]")
"""What HTML has and plain text does not."""
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BLOCK_TAGS = frozenset(
    {"p", "br", "div", "li", "ul", "ol", "tr", "td", "th", "blockquote", "pre", "hr", "figure"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "figcaption"}
)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
"""An entity left in a category by a feed that escaped it twice (`Society &amp;amp;
Culture`), read once more, as a title's are."""
_NAMED_ENCODING = re.compile(rb"<\?xml[^>]{0,200}?\bencoding\s*=", re.IGNORECASE)
_DECLARED = re.compile(rb"<\?xml[^>]{0,200}?\bencoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})[\"']")
_CHARSET = re.compile(r";\s*charset\s*=\s*[\"']?([A-Za-z0-9._-]{1,40})[\"']?", re.IGNORECASE)
_WESTERN = frozenset(
    {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii"}
)
"""An XML declaration that names the document's encoding."""


@dataclass
class FeedItem:
    identity: str
    """Stable per feed: GUID/id, else link, else a hash of title and content."""
    title: str
    guid: str | None = None
    link: str | None = None
    published: dt.datetime | None = None
    updated: dt.datetime | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    html: str = ""
    """The content as sanitised HTML (else the summary)."""
    summary: str = ""
    """The summary as sanitised HTML, when the item also has content."""
    enclosures: tuple[Enclosure, ...] = ()
    """What the item file lists: each picture once, in its widest rendition."""
    listed: tuple[Enclosure, ...] = ()
    """Every enclosure and rendition the feed lists, as content_digest reads them: with
    all renditions, as before they were told apart, an item seen again is not changed."""
    caption: str = ""
    """The caption of the item's picture (media:description and media:credit)."""
    served: str | None = None
    """The link as the feed serves it, where `link` is FeedBurner's origLink: the item's
    identity keeps to it."""


@dataclass
class ParsedFeed:
    title: str
    link: str | None = None
    kind: str = ""
    """`rss20`, `atom10`, `rss10` (RDF), `json`…, as feedparser names them."""
    ttl: float | None = None
    """Seconds the feed asks readers to wait between checks (RSS `<ttl>`)."""
    items: list[FeedItem] = field(default_factory=list)


def parse_feed(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Read a feed document fetched from url; raises NotAFeed when it is none."""
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"[") or "json" in content_type.lower():
        return _json_feed(body, url)
    body, content_type = _utf8_named_western(body, content_type)
    # Without a type, feedparser reads the document as ISO-8859-1 ("no Content-type
    # specified"), though _unnamed_as_utf8 has made it UTF-8 or its declaration names it
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(
        _unnamed_as_utf8(body, content_type), response_headers=headers, sanitize_html=True
    )
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({type(reason).__name__}: {str(reason)[:120]})" if reason else ""
        raise NotAFeed(f"not a feed{detail}")
    feed = parsed.feed
    link = feed.get("link")
    rss = str(parsed.get("version", "")).startswith("rss")
    # RFC 4287: an Atom entry without authors has its source's, else its feed's
    authors = _names(feed.get("authors")) if str(parsed.get("version")).startswith("atom") else ""
    items = _unique([_xml_item(entry, url, rss, authors) for entry in parsed.entries[:MAX_ITEMS]])
    return ParsedFeed(
        title=_title_text(feed.get("title", ""), feed.get("title_detail")) or link or url,
        link=link,
        kind=parsed.get("version", "") or "unknown",
        ttl=_ttl(feed.get("ttl")),
        items=items,
    )


def _utf8_named_western(body: bytes, content_type: str) -> tuple[bytes, str]:
    """A feed in UTF-8 that says it is in ISO-8859-1 or Windows-1252 (in its declaration
    or its server's charset), unsaid: read as it says, every `€` was `â‚¬`. Text in
    those encodings is never valid UTF-8 beyond ASCII, so the bytes tell (as Miniflux
    does)."""
    charset = _CHARSET.search(content_type)
    declared = _DECLARED.match(body.lstrip())
    named = declared.group(1).decode("ascii") if declared else ""
    said = charset.group(1) if charset else named
    if said.lower() not in _WESTERN or body.isascii():
        return body, content_type
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return body, content_type
    if declared:
        body = body.replace(
            declared.group(0), declared.group(0).replace(declared.group(1), b"utf-8"), 1
        )
    return body, _CHARSET.sub("", content_type)


def _unnamed_as_utf8(body: bytes, content_type: str) -> bytes:
    """A feed that names no encoding (neither the server nor its XML declaration) and is not
    UTF-8, in UTF-8: feedparser, without chardet, reads such a feed as Windows-1252, which
    garbles a Russian, Greek or Japanese one. Its encoding is guessed as an article
    file's is (library.decode)."""
    if "charset=" in content_type.lower() or body.startswith(BYTE_ORDER_MARKS):
        return body
    if _NAMED_ENCODING.match(body.lstrip()) or body.isascii():
        return body
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return decode_legacy(body).encode("utf-8")
    return body


def _xml_item(entry: dict, base: str, rss: bool = False, authors: str = "") -> FeedItem:
    content = entry.get("content") or []
    summary = entry.get("summary", "")
    caption = ""
    if content and all(part.get("type") == "text/plain" for part in content):
        # feedparser files media:description (a photo's caption) under content, and
        # itunes:summary too, which most podcasts make the same as the description
        text = clean_line(" ".join(part.get("value", "") for part in content))
        if _pictured(entry) and text != clean_line(_html_text(summary)):
            credit = clean_line(entry.get("credit", "") or "")
            caption = f"{text} ({credit})" if credit else text
            content = []
        elif summary:
            content = []
    html = "\n".join(
        _html_of(part["value"], part.get("type")) for part in content if part.get("value")
    )
    if not html:
        html, summary = _html_of(summary, (entry.get("summary_detail") or {}).get("type")), ""
    # FeedBurner's own address for the story (feeds.example.com/~r/…) stands in for the
    # story's in `link`; `feedburner:origLink` keeps the real one. The identity stays on
    # the served link, so items fetched before are not written again, as it does for a
    # link that is no web address (a torrent's magnet link, an Atom id such as `tag:…`).
    served = absolute(entry.get("link"), base)
    own = _first_alternate(entry) if rss else None  # not an atom:link beside it
    link = _web(absolute(entry.get("feedburner_origlink"), base)) or _web(own or served)
    guid = clean_line(entry.get("id", "")) or None
    title = _title_text(entry.get("title", ""), entry.get("title_detail"))
    enclosures, listed = attachments(entry, base)
    return FeedItem(
        identity="",
        title=title,
        guid=guid,
        link=link,
        served=served,
        published=_moment(_own(entry, "published_parsed") or _own(entry, "created_parsed"))
        or _worded(_own(entry, "published")),
        updated=_moment(_own(entry, "updated_parsed")) or _worded(_own(entry, "updated")),
        author=_author(entry) or authors or None,
        tags=tuple(
            clean_line(_ENTITY.sub(_entity, tag["term"]))
            for tag in entry.get("tags", [])
            if tag.get("term")
        )[:20],
        html=html,
        summary=summary,
        enclosures=enclosures,
        listed=listed,
        caption=caption,
    )


def _pictured(entry: dict) -> bool:
    """Whether the item's media is a picture (a podcast's is its sound)."""
    if entry.get("media_thumbnail"):
        return True
    for media in entry.get("media_content") or []:
        kind = f"{media.get('medium', '')} {media.get('type', '')}".lower()
        if "image" in kind or PICTURE_FILE.search(urlsplit(media.get("url") or "").path):
            return True
    return False


def _entity(match: re.Match[str]) -> str:
    return unescape(match.group())


def _first_alternate(entry: dict) -> str | None:
    """An RSS item's own `<link>`, which comes first: feedparser makes an `<atom:link
    rel="alternate">` after it the item's link (as yarr's tests keep such an item)."""
    for link in entry.get("links") or ():
        if link.get("rel") == "alternate" and link.get("href"):
            return link["href"]
    return None


def _author(entry: dict) -> str | None:
    """The authors' names (feedparser's `author` is the last of them), else those of the
    Atom entry's source (a planet's copy of another blog's post). RSS writes
    `john@example.com (John Doe)` (Blogger's `noreply@blogger.com (Chris Lewis)`), of
    which feedparser reads the name apart; an address alone is kept."""
    source = entry.get("source") or {}
    names = _names(entry.get("authors")) or _names(source.get("authors"))
    return names or clean_line(str(entry.get("author") or "")) or None


def _names(authors: object) -> str:
    """`Ann Lee, Bo Chen` from a list of authors (feedparser's, or JSON Feed's)."""
    if not isinstance(authors, list):
        return ""
    names = (
        clean_line(str(author.get("name") or "")).strip('"').strip()
        for author in authors
        if isinstance(author, dict)
    )
    return ", ".join(distinct(name for name in names if name))


def _web(url: str | None) -> str | None:
    """A web address, or None: feedparser makes an Atom id the link when the entry has
    none, and an id may be a `tag:` URI, which no browser opens."""
    return url if url and url[:8].lower().startswith(("http://", "https://")) else None


def _worded(text: object) -> dt.datetime | None:
    """A date feedparser could not read: in Portuguese, German, French… words
    (`Seg, 24 Set 2018 19:22:00 -0300`)."""
    return _aware(parse_date(text)) if isinstance(text, str) and text else None


def _own(entry: dict, key: str) -> object:
    """The entry's own value: feedparser answers a missing `updated_parsed` with the
    published date (and a deprecation warning)."""
    return dict.get(entry, key)


def _json_feed(body: bytes, url: str) -> ParsedFeed:
    try:
        data = json.loads(body.decode("utf-8-sig"), strict=False)  # a raw tab in a string
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise NotAFeed(f"not a feed (broken JSON: {str(error)[:120]})") from None
    version = str(data.get("version", "")) if isinstance(data, dict) else ""
    if not version.startswith(("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")):
        # http: as WordPress's JSON Feed plugin and others write it
        raise NotAFeed("not a feed (JSON without a jsonfeed.org version)")
    base = str(data.get("home_page_url") or data.get("feed_url") or url)
    items = data.get("items") if isinstance(data.get("items"), list) else []
    authors = _json_authors(data)  # an item's own, else these (JSON Feed 1.1)
    parsed = [
        _json_item(item, base, authors) for item in items[:MAX_ITEMS] if isinstance(item, dict)
    ]
    title = clean_line(str(data.get("title") or "")) or base
    return ParsedFeed(
        title=title, link=data.get("home_page_url"), kind="json", items=_unique(parsed)
    )


def _json_authors(holder: dict) -> str:
    """`authors` (1.1), or 1.0's one `author`."""
    authors = holder.get("authors")
    if not authors and isinstance(holder.get("author"), dict):
        authors = [holder["author"]]
    return _names(authors)


def _json_item(item: dict, base: str, authors: str = "") -> FeedItem:
    def text(key: str) -> str:
        value = item.get(key)
        return value if isinstance(value, str) else ""

    html = text("content_html")
    if not html and text("content_text"):
        html = _plain_html(text("content_text"))
    summary = text("summary")
    if not html:
        html, summary = _plain_html(summary), ""
    files = item.get("attachments") if isinstance(item.get("attachments"), list) else []
    enclosures = [
        Enclosure(
            absolute(str(a["url"]), base) or "",
            str(a.get("mime_type", "")),
            whole_number(a.get("size_in_bytes")),
        )
        for a in files
        if isinstance(a, dict) and isinstance(a.get("url"), str)
    ]
    image = text("image") or text("banner_image")
    if image:
        enclosures.append(Enclosure(absolute(image, base) or "", "image"))
    tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    return FeedItem(
        identity="",
        title=clean_line(text("title")),
        guid=clean_line(str(item.get("id"))) if item.get("id") is not None else None,
        link=absolute(text("url") or text("external_url"), base),
        published=_aware(parse_date(text("date_published"))),
        updated=_aware(parse_date(text("date_modified"))),
        author=_json_authors(item) or authors or None,
        tags=tuple(clean_line(str(tag)) for tag in tags if isinstance(tag, str))[:20],
        html=_sanitize_html(html, "utf-8", "text/html") if html else "",
        summary=_sanitize_html(summary, "utf-8", "text/html") if summary else "",
        enclosures=tuple(enclosures),
    )


def _unique(items: list[FeedItem]) -> list[FeedItem]:
    """Give each item its identity; a GUID used twice in one document is told apart by
    the link, and an item repeated whole is kept once."""
    counts: dict[str, int] = {}
    for item in items:
        if item.guid:
            counts[item.guid] = counts.get(item.guid, 0) + 1
    unique: dict[str, FeedItem] = {}
    for item in items:
        if item.guid:
            identity = item.guid
            if counts[item.guid] > 1 and (item.served or item.link):
                identity = f"{item.guid} {item.served or item.link}"
        elif item.served or item.link:
            identity = item.served or item.link
        else:
            digest = hashlib.blake2b(f"{item.title}\n{item.html}".encode(), digest_size=10)
            identity = "sha:" + digest.hexdigest()
        item.identity = identity
        if not item.title:
            item.title = _title_from(item)
        unique.setdefault(identity, item)
    return list(unique.values())


def _title_text(value: str, detail: object) -> str:
    """A title as plain text. feedparser gives HTML for Atom's `type="html"` and for an RSS
    title it finds markup in: its tags go and its entities are read once more
    (`<![CDATA[Smith&#8217;s <em>view</em>]]>` is Smith’s view; `AT&amp;amp;T` is AT&T)."""
    kind = detail.get("type") if isinstance(detail, dict) else None
    if kind in ("text/html", "application/xhtml+xml") and ("<" in value or "&" in value):
        value = _html_text(value)
    return clean_line(value)


def _html_text(html: str) -> str:
    reader = _TextOf()
    reader.feed(html)
    reader.close()
    return "".join(reader.parts)


class _TextOf(HTMLParser):
    """The text of some HTML as a browser shows it, its entities read: comments and inline
    tags give nothing, a block's edge a line end. What Mastodon hides of a long link
    (`<span class="invisible">https://</span>`, and the tail after the part it marks
    `class="ellipsis"`) is left out, an ellipsis in its place, as its style sheet shows it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._spans: list[str] = []
        """The class that matters of each open span: `invisible`, `ellipsis` or none."""

    def handle_data(self, data: str) -> None:
        if "invisible" not in self._spans:
            self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span":
            classes = (dict(attrs).get("class") or "").split()
            kept = [name for name in ("invisible", "ellipsis") if name in classes]
            self._spans.append(kept[0] if kept else "")
        self._edge(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._spans and self._spans.pop() == "ellipsis":
            self.parts.append("…")
        self._edge(tag)

    def _edge(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")


_MADE_TITLE_MOST = 80
"""Characters at most of a title made from an item's text (Miniflux cuts at 100)."""


def _title_from(item: FeedItem) -> str:
    """Items without titles (Mastodon, micro.blog, some podcasts): their first paragraph,
    which is often a sentence that stands as a headline, with the next while it has fewer
    than three words (as read: Japanese has no spaces); cut after a word when long, or
    after a sentence of Chinese or Japanese, at _MADE_TITLE_MOST columns."""
    lines: list[str] = []
    for line in _html_text(item.html or item.summary).split("\n"):
        if line := clean_line(line):
            lines.append(line)
        if count_words(" ".join(lines)) >= 3:
            break
    text = " ".join(lines)
    columns = list(itertools.accumulate(_columns(char) for char in text))
    if columns and columns[-1] > _MADE_TITLE_MOST:
        fits = bisect.bisect_right(columns, _MADE_TITLE_MOST)
        cut = max(text.rfind(" ", 0, fits), text.rfind("。", 0, fits) + 1)
        text = text[: cut if cut > fits // 2 else fits].rstrip(" ,;:-–—、") + "…"
    return text or (item.link or "Untitled")


def _columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _html_of(value: str, kind: str | None) -> str:
    """An item's text as HTML. Atom's `type="text"` is plain text; so is a description with
    line breaks and no tags (YouTube's media:description, which feedparser calls HTML, and
    many podcasts'), whose lines are its layout."""
    if kind == "text/plain":
        return _plain_html(value)
    if "\n" in value.strip() and not _TAG.search(value):
        return _plain_html(unescape(value))
    return value


def _plain_html(text: str) -> str:
    """Plain text as HTML that keeps its paragraphs and its lines."""
    paragraphs = [part.strip("\n") for part in _BLANK_LINE.split(text.strip())]
    return "".join(
        "<p>" + "<br>".join(map(_escape, part.split("\n"))) + "</p>" for part in paragraphs if part
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _moment(parsed: time.struct_time | None) -> dt.datetime | None:
    if not parsed:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def _ttl(value: object) -> float | None:
    try:
        minutes = float(str(value))
    except (TypeError, ValueError):
        return None
    return minutes * 60 if 0 < minutes < 100_000 else None
