"""Provides feed HTML (already sanitised by feedparser) as the Markdown an item file holds.

markdownify, chosen over html2text and trafilatura's Markdown after converting the items of
real feeds with each (README, "Feeds"): it keeps lists, quotes, tables and headings, does
not hard-wrap lines, can be told what to do with each tag, and is MIT-licensed (html2text
is GPL). Images become links carrying their alt text, so the reader shows what the picture
was; links that are not http, https or mailto keep their text and lose the address.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import unquote, urlsplit

from markdownify import MarkdownConverter

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
_PICTURE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)$", re.IGNORECASE)


class _ItemConverter(MarkdownConverter):
    def convert_soup(self, soup):
        for element in soup.find_all(class_=lambda names: names in _CHROME):
            element.decompose()
        paragraphs = soup.find_all("p")
        if paragraphs and _REPOSTED.match(" ".join(paragraphs[-1].get_text().split())):
            paragraphs[-1].decompose()
        return super().convert_soup(soup)

    def escape(self, text, parent_tags):
        """A `<` in the text that Markdown would take for a tag's start stays a `<`: `the
        <canvas> element` and `Line with <b>no bold</b>` keep their words."""
        return _TAG_START.sub(r"\\<", super().escape(text, parent_tags))

    def convert_img(self, el, text, parent_tags):
        if _pixel(el.attrs.get("width")) or _pixel(el.attrs.get("height")):
            return ""  # a tracking pixel or a spacer: Medium, Feedburner, WordPress.com
        src = (el.attrs.get("src") or "").strip()
        alt = " ".join((el.attrs.get("alt") or el.attrs.get("title") or "").split())
        if alt and alt.casefold() == _caption(el).casefold():
            alt = ""  # the caption under it says it (Medium): not twice
        if not _SAFE_LINK.match(src):
            return f"[{_label(alt)}]" if alt else ""
        return f"[{_label(alt or 'image')}]({src})"

    def convert_figcaption(self, el, text, parent_tags):
        """Kept as HTML, which the reader shows as a caption, set apart from the story."""
        words = " ".join(el.get_text().split())
        return f"\n\n<figcaption>{escape(words)}</figcaption>\n\n" if words else ""

    def convert_a(self, el, text, parent_tags):
        href = (el.attrs.get("href") or "").strip()
        if not _SAFE_LINK.match(href):
            return text
        image = el.find("img")
        if image is not None and not el.get_text(strip=True):
            # A picture wrapped in a link: to its own full size, the picture says it all;
            # elsewhere, the link is labelled with what the picture shows.
            if _PICTURE_FILE.search(unquote(urlsplit(href).path)) or not text.strip():
                return text
            alt = " ".join((image.attrs.get("alt") or image.attrs.get("title") or "").split())
            return f"[{_label(alt or 'image')}]({href})"
        return super().convert_a(el, text, parent_tags)

    def convert_script(self, el, text, parent_tags):
        return ""

    convert_style = convert_script
    convert_iframe = convert_script
    convert_object = convert_script
    convert_embed = convert_script
    convert_form = convert_script


_CONVERTER = _ItemConverter(heading_style="ATX", bullets="-", escape_underscores=False)


def html_to_markdown(html: str) -> str:
    """Markdown for an item's HTML, with at most one blank line between blocks."""
    if not html.strip():
        return ""
    if "<" not in html:
        return html.strip()
    markdown = _CONVERTER.convert(html)
    return _BLANK_RUNS.sub("\n\n", markdown).strip()


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
