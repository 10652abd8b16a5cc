"""Provides feed HTML (already sanitised by feedparser) as the Markdown an item file holds.

markdownify, chosen over html2text and trafilatura's Markdown after converting the items of
real feeds with each (README, "Feeds"): it keeps lists, quotes, tables and headings, does
not hard-wrap lines, can be told what to do with each tag, and is MIT-licensed (html2text
is GPL). Images become links carrying their alt text, so the reader shows what the picture
was; links that are not http, https or mailto keep their text and lose the address.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from urllib.parse import unquote, urlsplit

from markdownify import MarkdownConverter

from termnews.library.provenance import host
from termnews.library.suffixes import PICTURE_FILE
from termnews.library.trackers import untracked

_SAFE_LINK = re.compile(r"^(?:https?:|mailto:)", re.IGNORECASE)
_BLANK_RUNS = re.compile(r"\n{3,}")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


_CHROME = frozenset(
    {
        *("subscription-widget-wrap", "subscription-widget-wrap-editor", "button-wrapper"),
        *("captioned-button-wrap", "kg-signup-card", "kg-button-card", "kg-cta-card"),
    }
)
"""Classes of the newsletter platforms' own buttons and sign-up forms, which they put in
every post's feed content (Substack's `Subscribe` and `Share`, Ghost's cards): no story."""
_REPOSTED = re.compile(r"^The post .{1,400} appeared first on .{1,200}$")
"""The line WordPress (Yoast SEO) ends every item of its feeds with."""
_FLARE = re.compile(r"^https?://feeds\.feedburner\.com/~ff/", re.IGNORECASE)
"""FeedBurner's FeedFlare (share and count buttons, pictures of text) under old posts."""
_EMPHASIS = ["b", "strong", "i", "em"]
_BACK = frozenset({"↩", "↩\ufe0e", "↩\ufe0f", "⤴", "↑", "^"})
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_CELL_WORDS = 50
"""Words in a table's cell past which it holds a story, not a datum."""
_BLOCKS = ["table", "pre", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"]
_SPACED = re.compile(r"(?<=\S) {2,}(?=\S)|(?<=\n) (?=\[)")
"""The spaces put around a picture, where they doubled or began a line."""


class _ItemConverter(MarkdownConverter):
    title = ""
    """The item's title and links, which its own picture need not say again."""
    links: frozenset[str] = frozenset()
    feed: frozenset[str] = frozenset()
    """The feed's own address, which an empty link was made into."""
    hosts: tuple[str, ...] = ()
    """The feed's and the item's hosts, which a link's `?ref=` names to track a click."""

    def convert_soup(self, soup):
        for element in soup.find_all(class_=lambda names: names in _CHROME):
            element.decompose()
        for element in soup.find_all("a", href=_FLARE):
            element.decompose()
        paragraphs = soup.find_all("p")
        if paragraphs and _REPOSTED.match(" ".join(paragraphs[-1].get_text().split())):
            paragraphs[-1].decompose()
        for element in soup.find_all(_EMPHASIS):
            if element.find(_BLOCKS):
                element.unwrap()  # `**` around a table or a list is only two stars
        for table in reversed(soup.find_all("table")):
            if _laid_out(table):
                _unwrap_table(table, soup)
        return super().convert_soup(soup)

    def convert_em(self, el, text, parent_tags):
        if not _stars_hold(el, text):
            return text
        return super().convert_em(el, text, parent_tags)

    def convert_strong(self, el, text, parent_tags):
        if not _stars_hold(el, text):
            return text
        return super().convert_strong(el, text, parent_tags)

    convert_i = convert_em
    convert_b = convert_strong

    def escape(self, text, parent_tags):
        """A `<` in the text that Markdown would take for a tag's start stays a `<`: `the
        <canvas> element` and `Line with <b>no bold</b>` keep their words."""
        return _TAG_START.sub(r"\\<", super().escape(text, parent_tags))

    def convert_img(self, el, text, parent_tags):
        if _pixel(el.attrs.get("width")) or _pixel(el.attrs.get("height")):
            return ""  # a tracking pixel or a spacer: Medium, Feedburner, WordPress.com
        link = el.find_parent("a") if "a" in parent_tags else None
        if link is not None and link.get_text(strip=True):
            return ""  # an avatar in a link with words: the words are the link
        src = (el.attrs.get("src") or "").strip()
        alt = " ".join((el.attrs.get("alt") or el.attrs.get("title") or "").split())
        if alt and alt.casefold() in (_caption(el).casefold(), self.title.casefold()):
            alt = ""  # the caption under it (Medium) or the headline (Reddit) says it
        if PICTURE_FILE.search(alt) or _said_next(el, alt):
            alt = ""  # `Cloud Code.png`, or an icon whose words the text goes on to say
        if not _SAFE_LINK.match(src):
            return f"[{_label(alt)}]" if alt else ""
        return f" [{_label(alt or 'image')}]({src}) "

    def convert_figcaption(self, el, text, parent_tags):
        """Kept as HTML, which the reader shows as a caption, set apart from the story."""
        words = " ".join(el.get_text().split())
        return f"\n\n<figcaption>{escape(words)}</figcaption>\n\n" if words else ""

    def convert_a(self, el, text, parent_tags):
        href = (el.attrs.get("href") or "").strip()
        if self._nowhere(href) and text.strip() in _BACK:
            return ""  # a footnote's way back to where it was called: nowhere here
        if not _SAFE_LINK.match(href) or self._nowhere(href):
            return text
        image = el.find("img")
        if image is not None and not el.get_text(strip=True):
            # A picture wrapped in a link: to its own full size, or to the story the item
            # is (Heise's, Reddit's), the picture says it all; elsewhere, the link is
            # labelled with what the picture shows.
            if (
                PICTURE_FILE.search(unquote(urlsplit(href).path))
                or not text.strip()
                or href in self.links
            ):
                return text
            alt = " ".join((image.attrs.get("alt") or image.attrs.get("title") or "").split())
            return f"[{_label(alt or 'image')}]({untracked(href, self.hosts)})"
        el.attrs["href"] = untracked(href, self.hosts)
        return super().convert_a(el, text, parent_tags)

    def convert_sup(self, el, text, parent_tags):
        """A footnote's number (`<sup><a href="#fn:1">1</a></sup>`) as a superscript: not
        `P.1` run into the sentence."""
        words = text.strip()
        if words.isdigit() and len(words) <= 3:
            return words.translate(_SUPERSCRIPT)
        return text

    def _nowhere(self, href: str) -> bool:
        """A link that leads nowhere a reader could go: to a place in the item itself (a
        footnote's `#fn:1`, made absolute against the item's or the feed's address), or an
        empty one, which the feed's own address stood in for."""
        page, _, fragment = href.partition("#")
        return href in self.feed or bool(fragment and (page in self.links or page in self.feed))

    def convert_br(self, el, text, parent_tags):
        """In code a line's end, with no spaces for Markdown's hard break before it."""
        if "pre" in parent_tags:
            return "\n"
        return super().convert_br(el, text, parent_tags)

    def convert_script(self, el, text, parent_tags):
        return ""

    convert_style = convert_script
    convert_iframe = convert_script
    convert_object = convert_script
    convert_embed = convert_script
    convert_form = convert_script


def html_to_markdown(
    html: str, title: str = "", links: Iterable[str | None] = (), feed: str | None = None
) -> str:
    """Markdown for an item's HTML, with at most one blank line between blocks; title and
    links are the item's, feed the feed's address."""
    if not html.strip():
        return ""
    if "<" not in html:
        return html.strip()
    converter = _ItemConverter(heading_style="ATX", bullets="-", escape_underscores=False)
    converter.title, converter.links = title, frozenset(link for link in links if link)
    converter.feed = frozenset({feed} if feed else ())
    converter.hosts = tuple(name for url in (feed, *links) if url and (name := host(url)))
    markdown = _SPACED.sub(" ", converter.convert(html))
    return _BLANK_RUNS.sub("\n\n", markdown).strip()


def _laid_out(table) -> bool:
    """A table that lays a post out rather than holding data: no header, and one row, or
    one cell a row, or a cell holding blocks (code, a list, another table, paragraphs, a
    story's worth of words). Reddit puts its thumbnail and `submitted by` side by side in
    one; Blogger posts set code in them; Shopify a product's picture, price and story."""
    if table.find(["th", "thead", "caption"]):
        return False
    rows = _rows(table)
    if len(rows) <= 1 or all(len(cells) <= 1 for cells in rows):
        return True
    return any(_holds_blocks(cell) for cells in rows for cell in cells)


def _holds_blocks(cell) -> bool:
    if cell.find(_BLOCKS) or len(cell.find_all("p", limit=2)) > 1:
        return True
    return len(cell.get_text(" ", strip=True).split()) > _CELL_WORDS


def _rows(table) -> list[list]:
    """The cells of the table's own rows, not of the tables inside it."""
    return [
        row.find_all(["td", "th"], recursive=False)
        for row in table.find_all("tr")
        if row.find_parent("table") is table
    ]


def _unwrap_table(table, soup) -> None:
    """Each cell becomes a block of its own, in reading order."""
    for cells in _rows(table):
        for cell in cells:
            block = soup.new_tag("div")
            block.extend(list(cell.contents))
            table.insert_before(block)
    table.decompose()


def _stars_hold(el, text: str) -> bool:
    """Whether Markdown reads the stars around this emphasis as emphasis: not when it
    opens on punctuation right after a letter, or closes on it right before one
    (`like*?*`, `*“*The`), nor around nothing but a space, which they would swallow.
    Where they would not hold, the words stay and the stars go: they only showed."""
    inner = text.strip()
    if not inner:
        return False
    before = " " if text[:1].isspace() else _edge_text(el.previous_sibling, last=True)
    after = " " if text[-1:].isspace() else _edge_text(el.next_sibling, last=False)
    if not inner[0].isalnum() and before.isalnum():
        return False
    return inner[-1].isalnum() or not after.isalnum()


def _edge_text(node, last: bool) -> str:
    """The character of a neighbouring node next to the element, if any."""
    if node is None:
        return ""
    words = node.get_text() if hasattr(node, "get_text") else str(node)
    return words[-1:] if last else words[:1]


def _said_next(img, alt: str) -> bool:
    """Whether the text right after the picture opens with its alt text: an icon before
    its name (`<img alt="Ask for Input"> <code>Ask for Input</code>: …`)."""
    if not alt:
        return False
    following = img.find_next(string=lambda text: text.strip())
    return following is not None and following.strip().casefold().startswith(alt.casefold())


def _caption(img) -> str:
    """The caption of the figure the image is in, if any."""
    figure = img.find_parent("figure")
    caption = figure.find("figcaption") if figure is not None else None
    return " ".join(caption.get_text().split()) if caption is not None else ""


def _pixel(size: object) -> bool:
    """A width or height of at most 2 pixels: nothing a reader can see."""
    digits = str(size or "").strip().lower().removesuffix("px").strip()
    return digits.isdigit() and int(digits) <= 2


def _label(text: str) -> str:
    return text.replace("[", "(").replace("]", ")")
