"""Provides reading a Markdown body into blocks: what the page shows, not its source.

Link text stays and its URL is numbered; images give their alt text; HTML blocks that
real sites put in Markdown (`<figure>`, `<img>`, `<figcaption>`) give their captions and
alt text; template tags of Jekyll and Hugo (`{% … %}`, `{{ … }}`) on lines of their own go,
inline ones are marked so the reader can dim them.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token

from termnews.library.cjk import written_unspaced
from termnews.library.clean import clean_line
from termnews.library.document import (
    CAPTION,
    CODE,
    HEADING,
    IMAGE,
    ITEM,
    PARAGRAPH,
    QUOTE,
    RULE,
    TABLE,
    Block,
    Links,
    Span,
    plain_block,
    template_spans,
)
from termnews.library.obsidian import read_obsidian
from termnews.library.suffixes import PICTURE_FILE

_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
read_obsidian(_PARSER)
_PARSER.validateLink = lambda url: True
"""markdown-it leaves `[Copy link](javascript:;)` and `![](data:image/svg+xml,…)` as their
source text; read as links, their text shows and only web and mail addresses get a
number (_is_url), so none of them can be followed."""
_TAG_LINE = re.compile(r"^[ \t]*(?:(?:\{%.*?%\}|\{\{.*?\}\})[ \t]*)+$", re.MULTILINE)
_SHORTCODE_TEXT = re.compile(r"\b(?:caption|title|alt)=\"([^\"]{1,500})\"")
_MARKS = {"strong_open": "strong", "em_open": "em", "s_open": "strike", "mark_open": "mark"}
_CLOSES = {"strong_close", "em_close", "s_close", "mark_close"}
_HEADING_AT_MOST = 250
"""Characters a heading has at most: a blog whose editor styled every paragraph as a
heading (`###### As part of a major replication…`) wrote paragraphs."""


def markdown_blocks(markdown: str) -> tuple[tuple[Block, ...], tuple[str, ...]]:
    """The body's blocks and its numbered link URLs."""
    links = Links()
    blocks: list[Block] = []
    _Walker(blocks, links).walk(_PARSER.parse(_drop_tag_lines(markdown)))
    return tuple(blocks), tuple(links.urls)


def inline_plain(markdown: str) -> str:
    """A line of Markdown as the page shows it: `Shares \\[up\\] *now*` is `Shares [up]
    now`, a link its text, code its letters."""
    tokens = _PARSER.parseInline(markdown)
    children = (tokens[0].children if tokens else None) or []
    return _inline_text(children, Links())[0]


def _drop_tag_lines(markdown: str) -> str:
    """Lines that hold only template tags go; a figure shortcode leaves its caption."""
    if "{%" not in markdown and "{{" not in markdown:
        return markdown

    def replace(match: re.Match[str]) -> str:
        texts = _SHORTCODE_TEXT.findall(match.group())
        return "\n".join(f"<figcaption>{text}</figcaption>" for text in texts[:1])

    return _TAG_LINE.sub(replace, markdown)


class _Walker:
    def __init__(self, blocks: list[Block], links: Links) -> None:
        self.blocks = blocks
        self.links = links
        self.lists: list[list[int]] = []
        """Open lists, innermost last: [next number] for ordered ones, [] for bullets."""
        self.quote = 0
        self.item_marker: str | None = None
        """The marker of a list item whose first paragraph has not come yet."""
        self.table: list[list[str]] | None = None

    def walk(self, tokens: list[Token]) -> None:
        heading = 0
        for token in tokens:
            kind = token.type
            if kind == "heading_open":
                heading = int(token.tag[1:])
            elif kind == "heading_close":
                heading = 0
            elif kind == "bullet_list_open":
                self.lists.append([])
            elif kind == "ordered_list_open":
                self.lists.append([int(token.attrs.get("start", 1) or 1)])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.item_marker = self._next_marker()
            elif kind == "blockquote_open":
                self.quote += 1
            elif kind == "blockquote_close":
                self.quote -= 1
            elif kind == "table_open":
                self.table = []
            elif kind == "tr_open" and self.table is not None:
                self.table.append([])
            elif kind == "table_close" and self.table is not None:
                rows = tuple(tuple(row) for row in self.table if any(row))
                self.table = None
                if rows:
                    text = "\n".join(" | ".join(row) for row in rows)
                    self.blocks.append(Block(TABLE, text, rows=rows))
            elif kind in ("fence", "code_block"):
                code = token.content.rstrip("\n")
                if code.strip():
                    self.blocks.append(Block(CODE, code, level=self.quote))
            elif kind == "hr":
                self.blocks.append(Block(RULE, ""))
            elif kind == "html_block":
                self.blocks.extend(_html_blocks(token.content, self.links))
            elif kind == "inline":
                self._inline(token, heading)

    def _next_marker(self) -> str:
        if not self.lists:
            return "•"
        counter = self.lists[-1]
        if not counter:
            return "•" if len(self.lists) % 2 else "◦"
        counter[0] += 1
        return f"{counter[0] - 1}."

    def _inline(self, token: Token, heading: int) -> None:
        children = token.children or []
        alone = [c for c in children if c.type not in ("softbreak", "hardbreak")]
        if not heading and len(alone) == 1 and alone[0].type == "image" and self.table is None:
            # a picture on its own line: what it shows (its caption, for a saved page's
            # figure) is a caption, as in a saved page's text
            alt = told(_alt(alone[0]))
            if alt:
                self.blocks.append(Block(CAPTION, alt))
            return
        text, spans = _inline_text(children, self.links)
        if self.table is not None:
            if self.table:
                self.table[-1].append(text.replace("\n", " "))
            return
        if not text.strip():
            return
        if heading and len(text) <= _HEADING_AT_MOST:
            block = Block(HEADING, text, spans, level=heading)
        elif self.item_marker is not None or self.lists:
            marker, self.item_marker = self.item_marker or "", None
            block = Block(ITEM, text, spans, level=len(self.lists) - 1, marker=marker)
        elif self.quote:
            block = Block(QUOTE, text, spans, level=self.quote)
        else:
            block = Block(PARAGRAPH, text, spans)
        self.blocks.append(block)


def _inline_text(children: list[Token], links: Links) -> tuple[str, tuple[Span, ...]]:
    parts: list[str] = []
    spans: list[Span] = []
    size = 0
    opened: list[tuple[str, int, int]] = []

    def add(piece: str) -> None:
        nonlocal size
        parts.append(piece)
        size += len(piece)

    for number, child in enumerate(children):
        kind = child.type
        if kind == "text":
            add(child.content)
        elif kind == "softbreak":
            before = parts[-1] if parts else ""
            following = children[number + 1].content if number + 1 < len(children) else ""
            add("" if before.endswith("\n") or _joins_unspaced(before, following) else " ")
        elif kind == "hardbreak" or (kind == "html_inline" and _BREAK.match(child.content)):
            add("\n")
        elif kind == "code_inline":
            spans.append(Span(size, size + len(child.content), "code"))
            add(child.content)
        elif kind in _MARKS:
            opened.append((_MARKS[kind], size, 0))
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            opened.append(("link", size, links.number(href) if _is_url(href) else 0))
        elif kind in _CLOSES or kind == "link_close":
            if opened:
                mark, start, number = opened.pop()
                if size > start and (mark != "link" or number):
                    spans.append(Span(start, size, mark, number))
        elif kind == "image":
            alt = told(_alt(child))
            if alt:
                add(f"[{alt}]")
        elif kind == "html_inline":
            found = _ALT.search(child.content)
            alt = told(unescape(found.group(1))) if found else ""
            if alt:
                add(f"[{alt}]")
    text = "".join(parts).strip("\n").rstrip()  # a picture with no words ended a line
    spans += template_spans(text)
    kept = (
        s if s.end <= len(text) else Span(s.start, len(text), s.kind, s.link)
        for s in spans
        if s.start < len(text)
    )
    return text, tuple(sorted(kept, key=_span_start))


_ALT = re.compile(r"<img\b[^>]*\balt=[\"']([^\"']+)[\"']", re.IGNORECASE)
# fmt: off
_SAY_NOTHING = frozenset({
    "image", "images", "img", "photo", "photos", "picture", "pictures", "pic", "icon",
    "avatar", "logo", "thumbnail", "thumb", "loading", "placeholder", "banner", "graphic",
    "untitled", "bild", "foto", "imagen", "immagine", "写真", "図版", "画像", "图片", "照片",
})
# fmt: on
"""A picture's alt text that ends in one of these, in three words or fewer, says what it
is, not what it shows: `Subreddit Icon`, `User avatar`, `Mashable Image`, `Video player
loading`, asahi.com's `写真・図版` (photo, figure)."""


def _alt(image: Token) -> str:
    """A picture's alt text as read: its escapes undone (`\\[Getty\\]` is `[Getty]`), its
    marks dropped."""
    if not image.children:
        return image.content or ""
    return "".join(
        child.content if child.type in _ALT_TEXT else " " if child.type in _ALT_SPACE else ""
        for child in image.children
    )


_ALT_TEXT = frozenset({"text", "code_inline"})
_ALT_SPACE = frozenset({"softbreak", "hardbreak", "html_inline"})


_TAG = re.compile(r"</?[A-Za-z][^<>]{0,500}>")
"""HTML written into an alt text as text (`anomaly?<br><small>Photo by <a href=…>`)."""


def told(alt: str) -> str:
    """What a picture's alt text tells of it, or "": not a file's name
    (`stephen-jones-helicopter.jpg`), nor an id (Amazon's `71attMcKIYS. SL1500`), nor only
    what it is; said once where the page said it twice (`Rafflesia arnoldii Rafflesia
    arnoldii`, its alt and its title)."""
    alt = clean_line(_TAG.sub(" ", alt))
    words = alt.split()
    half = len(words) // 2
    if half >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]:
        alt, words = " ".join(words[:half]), words[:half]
    named = [word.casefold() for word in re.findall(r"\w+", alt)]
    if (
        not named
        or (" " not in alt and PICTURE_FILE.search(alt))
        or all(any(c.isdigit() for c in w) for w in named)
    ):
        return ""
    if len(named) <= 3 and named[-1] in _SAY_NOTHING:
        return ""
    return alt


_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
"""A line break written in HTML (`questions:<br>` and a line of each), as Octopress and
WordPress posts have them: a break in the paragraph, as Markdown's own."""


def _joins_unspaced(before: str, after: str) -> bool:
    """A line break inside Chinese or Japanese text is no space: `…ました。` + `前回…`."""
    return bool(before and after) and _wide(before[-1]) and _wide(after[0])


def _wide(char: str) -> bool:
    """Chinese and Japanese and their punctuation; not Korean, nor Thai, which space their
    words or phrases, so that a line break between two of them is a space."""
    return written_unspaced(char) or "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef"


def _is_url(href: str) -> bool:
    return href.startswith(("http://", "https://", "mailto:", "ftp://"))


def _html_blocks(html: str, links: Links) -> list[Block]:
    """Captions, image alt text and readable text out of an HTML block; scripts, styles
    and empty wrappers give nothing."""
    reader = _HTMLText()
    try:
        reader.feed(html)
        reader.close()
    except (ValueError, AssertionError):
        return []
    blocks = []
    for kind, text in reader.pieces:
        text = clean_line(text)
        if text:
            blocks.append(plain_block(kind, text, links))
    return blocks


class _HTMLText(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "iframe"})
    _BREAKS = frozenset({"p", "div", "li", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, str]] = []
        self._text: list[str] = []
        self._skip = 0
        self._caption = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "figcaption":
            self._flush()
            self._caption += 1
        elif tag == "img":
            alt = told(dict(attrs).get("alt") or "")
            if alt:
                self._flush()
                self.pieces.append((IMAGE, alt))
        elif tag in self._BREAKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "figcaption":
            self._flush()
            self._caption = max(0, self._caption - 1)
        elif tag in self._BREAKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        self._text = []
        if text:
            self.pieces.append((CAPTION if self._caption else PARAGRAPH, text))


def _span_start(span: Span) -> tuple[int, int]:
    return span.start, -span.end
