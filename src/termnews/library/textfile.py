"""Provides the parser for saved-page text and plain text articles."""

from __future__ import annotations

import re
from dataclasses import dataclass

from termnews.library.clean import clean_line, decode_entities
from termnews.library.document import (
    CAPTION,
    HEADING,
    ITEM,
    PARAGRAPH,
    Block,
    Links,
    Span,
    plain_block,
)
from termnews.library.dump import Marking, dump_headline, references, unmarked_title
from termnews.library.furniture import furniture_at, is_furniture, unglued
from termnews.library.sections import normalise_section
from termnews.library.sentence import first_sentence, shorten, without_dateline
from termnews.library.textheader import (
    Header,
    Listed,
    numbered_links,
    read_header,
    without_links_list,
)
from termnews.library.trailers import TrailerRules

_SPACED_SLASH = re.compile(r"[ \t\u00a0]+/|/[ \t\u00a0]+")
_ANY_SLASH = re.compile(r"[ \t\u00a0]*/[ \t\u00a0]*")
_SPACED_MARK = re.compile(r"[ \t\u00a0]+([>›»])[ \t\u00a0]+")
"""The other marks sites put between a breadcrumb's parts (`Home > News > World`,
`News › Europe`, WordPress's `Home » News » …`), always with spaces around them."""
_FRONT_PAGE = frozenset({
    "home", "homepage", "home page", "front page", "top", "startseite", "accueil", "inicio",
    "início", "página inicial", "portada", "inizio", "главная", "главная страница", "головна",
    "strona główna", "ana sayfa", "anasayfa", "startsida", "forside", "etusivu", "úvod",
    "főoldal", "acasă", "αρχική", "beranda", "trang chủ", "الرئيسية", "首页", "首頁", "主页",
    "网站首页", "ホーム", "トップ", "トップページ", "홈",
})  # fmt: skip
"""A breadcrumb's first part that names the site's front page, not a section."""
_HERE = re.compile(
    r"^[ \t\u00a0]*(?:you are here|sie sind hier|vous êtes ici|当前位置|您的位置|您现在的位置|"
    r"現在位置|現在地)[ \t\u00a0]*[:：][ \t\u00a0]*",
    re.IGNORECASE,
)
"""What some sites write before the trail (`当前位置：首页 > 新闻`, `You are here: Home > …`)."""
_ARTICLE_CRUMB = frozenset({"正文", "正文内容"})
"""A last part that names the page itself (Chinese sites end `首页 > 新闻 > 正文`)."""
_QUOTES = '«“”„"'
_CREDIT = re.compile(
    r"\((?=[^()]*\b(?:photos?|photograph|image|picture|pic|file|reuters|ap|afp|getty|epa|"
    r"xinhua|anadolu|handout|courtesy|credit|via|by)\b)[^()]{1,80}\)\s*$",
    re.IGNORECASE,
)
_CREDITED = re.compile(
    r"(?:(?<=\S)\s*(Credit(?:\.{3}|…))|(?<=[.!?”\"’)\]])\s*(Credit:))\s*(\S[^.!?]{0,120})$"
)
"""The credit the New York Times ends a picture's caption with, glued on in a copy of its
page (`…“a little bit Mayberry.”Credit...Tony Cenicola/The New York Times`)."""
_PLACEHOLDER = re.compile(r"^(?:Image|Photo|Video)(?=\S)")
"""The word that stands for the picture, glued to a copy of its caption just above."""
_MAX_CAPTION = 600
_MAX_CRUMB_PART = 40
_MAX_HEADLINE = 300
_WRAP_WIDTH = 100
"""Hard-wrapped text is wrapped at this width or less (72, 76, 80 in practice)."""
_NOT_A_HEADLINE = 250
"""A first line longer than this is the story itself (a file with no headline): the title
is its first sentence and the line stays in the body."""
_SPOKEN = 160
_CENTRED = "centred"
"""What `_paragraphs` marks a heading set in the middle of its line with (as lynx writes an
<h2>, and many plain-text documents their headings), for `_story` to make a heading of."""
_CENTRED_FROM = 8
"""Columns further in than the text's usual indent that make a lone short line centred."""
_CENTRED_AT_MOST = 80
"""Characters after a leading dash beyond which the line is a quote, not a list item."""
_BULLET = re.compile(r"^[ \t]*(?:([-*•‣▪◦·–])|(\d{1,3}[.)]))[ \t]+(?=\S)")
_SENTENCE_END = re.compile(r"[.!?:;…\"'”’»)\]。！？।॥؟۔]$")
_EDITORS_NOTE = re.compile(r"\s*editor[’']?s[’']? note\s*:", re.IGNORECASE)
"""A note that opens a story saved with no headline (`Editor's note: Smart Business
explores…`, above CNN's stories of a series): the title comes from the story under it."""
_HASHES = re.compile(r"^#{1,6}\s+")
_WORD_CHAR = re.compile(r"[^\W_]")
_VERSION_OR_DATE = re.compile(r"\d[.:]\d|\d{4}-\d|\d-p\d|\bv\d")


@dataclass(frozen=True)
class ParsedText:
    """What a text article says; the section is empty when it has no breadcrumb."""

    section: tuple[str, ...]
    title: str
    captions: tuple[str, ...]
    paragraphs: tuple[str, ...]
    trailer: tuple[str, ...]
    source: str | None
    blocks: tuple[Block, ...] = ()
    """The paragraphs with list items marked and links numbered."""
    links: tuple[str, ...] = ()
    date: str | None = None
    """As a header states it (library.textheader), unread."""
    url: str | None = None
    author: str | None = None


def parse_breadcrumb(line: str) -> tuple[str, ...] | None:
    """The section path if the line looks like a breadcrumb, else None.

    Headlines contain slashes too (`9/11`, `and/or`, `24/7`), so a breadcrumb needs spaced
    separators, or at least two unspaced ones between capitalised words, and short parts.
    A first part naming the front page (`Home / News`) is left out.
    """
    if len(line) > 2000:
        return None
    here = _HERE.match(line)
    if here:
        line = line[here.end() :]
    if "/" not in line:
        return _marked_breadcrumb(line)
    parts = [part.strip() for part in _ANY_SLASH.split(line)]
    if not _SPACED_SLASH.search(line) and (
        len(parts) < 3 or not all(part[:1].isalpha() and part[:1].isupper() for part in parts)
    ):
        return None
    named = [part for part in parts if part]
    if len(named) < 2 or not all(_section_like(part) for part in named):
        return None
    return _without_front_page(named)


def _marked_breadcrumb(line: str) -> tuple[str, ...] | None:
    """A breadcrumb with `>`, `›` or `»` between its parts, each capitalised (`Cash >
    crypto` is a headline). Its last part may be the story's own headline (`Home » News »
    Record half for THG`), which is no section."""
    marks = _SPACED_MARK.findall(line)
    if not marks or len(set(marks)) > 1 or any(quote in line for quote in _QUOTES):
        return None  # French quotes are spaced (`« Non » a dit…`): a quoted line is prose
    parts = [
        part.strip() for part in re.split(rf"[ \t\u00a0]+{re.escape(marks[0])}[ \t\u00a0]+", line)
    ]
    if len(parts) > 2 and not _section_like(parts[-1]):
        parts.pop()
    if not all(part and not part[:1].islower() and _section_like(part) for part in parts):
        return None
    return _without_front_page(parts)


def _without_front_page(parts: list[str]) -> tuple[str, ...] | None:
    if len(parts) > 1 and parts[-1] in _ARTICLE_CRUMB:
        parts = parts[:-1]
    if len(parts) > 1 and parts[0].casefold() in _FRONT_PAGE:
        parts = parts[1:]
    return normalise_section(parts) or None


def _section_like(part: str) -> bool:
    """A section name is a few words that start with a letter: not a version (`1.8.6-p287`),
    a date, a number, or a sentence (`… released.`)."""
    return (
        len(part) <= _MAX_CRUMB_PART
        and len(part.split()) <= 5
        and _starts_with_a_letter(part)
        and not _VERSION_OR_DATE.search(part)
        and not part.endswith((".", "!", "?", ":", ","))
    )


def _starts_with_a_letter(part: str) -> bool:
    first = _WORD_CHAR.search(part)
    return first is not None and first.group().isalpha()


def is_caption(line: str) -> bool:
    """A photo caption: a line that ends with a credit such as `(AFP photo)` or the New
    York Times's `Credit...Name`."""
    return len(line) <= _MAX_CAPTION and bool(_CREDIT.search(line) or _credit(line))


def _credit(text: str) -> re.Match[str] | None:
    """The New York Times's credit at the end of a caption (the test first: a search of
    every paragraph would cost a scan seconds)."""
    if "Credit" not in text or len(text) > _MAX_CAPTION:
        return None
    return _CREDITED.search(text)


def _spaced(caption: str, credit: re.Match[str] | None = None) -> str:
    """The caption with its New York Times credit set off by a space, as the page shows it
    (a copy glues them: `…Mayberry.”Credit...Tony Cenicola`)."""
    credit = credit or _credit(caption)
    if credit is None:
        return caption
    return f"{caption[: credit.start()]} {credit.group(1) or credit.group(2)}{credit.group(3)}"


@dataclass(frozen=True)
class TextHead:
    """The top of a text article: all that a first look at a file needs."""

    section: tuple[str, ...]
    title: str
    lines: list[str]
    """The whole text's lines, entities decoded."""
    body_at: int
    """The line after the headline (the headline's own line when it is the story's start)."""
    header: Header | None = None
    """The `Title:`, `Date:`, `Link:` lines a saved text may open with (newsboat's)."""


def text_head(text: str) -> TextHead:
    """The breadcrumb's section and the headline, without reading the body."""
    if "&" in text:
        text = decode_entities(text)
    lines = text.split("\n")
    position = _next_filled(lines, 0)
    header = read_header(lines, position) if position < len(lines) else None
    if header is not None:
        return TextHead((), shorten(header.title), lines, position + header.lines, header)
    position = _past_furniture(lines, position)  # a plug or an ad above the story
    if position < len(lines) and _EDITORS_NOTE.match(lines[position]):
        story = _past_furniture(lines, _next_filled(lines, position + 1))  # the note stays
        if story < len(lines):
            title = first_sentence(clean_line(lines[story]))
            return TextHead((), shorten(title), lines, position)
    section: tuple[str, ...] = ()
    crumbs = parse_breadcrumb(lines[position]) if position < len(lines) else None
    if crumbs:
        headline_at = _next_filled(lines, position + 1)
        if headline_at < len(lines) and len(lines[headline_at].strip()) <= _MAX_HEADLINE:
            section, position = crumbs, headline_at
            if len(section) > 1 and section[-1] == clean_line(lines[headline_at]):
                section = section[:-1]  # the trail ends with the page's headline
    title = clean_line(lines[position]) if position < len(lines) else ""
    dumped = references(lines) if "[" in title else None
    if dumped is not None:
        position = dump_headline(lines, position, len(dumped[0].lines))
        title = unmarked_title(clean_line(lines[position]))
    title = _HASHES.sub("", title) or title  # `# Title`: Markdown written into a .txt
    position += 1
    if len(title) > _NOT_A_HEADLINE:
        position -= 1
        title = first_sentence(title)
    else:
        title = without_dateline(title, headline=True)
    return TextHead(section, shorten(title), lines, position)


def parse_text(text: str, rules: TrailerRules) -> ParsedText:
    """Split a text article into breadcrumb, headline, captions, paragraphs and trailer."""
    head = text_head(text)
    lines, position = head.lines, head.body_at
    captions: list[str] = []
    while True:
        position = _next_filled(lines, position)
        if position >= len(lines) or not is_caption(lines[position]):
            break
        captions.append(_spaced(clean_line(lines[position])))
        position += 1

    listed, mark = _links_list(lines[position:], head.header is not None)
    urls = listed.urls
    pieces = _story(_paragraphs(listed.lines, wrapped=mark is not _marked_after))
    marked = [mark(text, urls) if urls else (text, []) for text, *_ in pieces]
    paragraphs = [text for text, _spans in marked]
    cut, source = rules.split(paragraphs)
    links = Links(list(urls))
    blocks = tuple(
        plain_block(kind, text, links, spans, marker=marker)
        for (text, spans), (_, marker, kind) in zip(marked[:cut], pieces[:cut], strict=True)
    )
    header = head.header or Header()
    return ParsedText(
        section=head.section,
        title=head.title,
        captions=tuple(captions),
        paragraphs=tuple(paragraphs[:cut]),
        trailer=tuple(paragraphs[cut:]),
        source=header.source or source,
        blocks=blocks,
        links=tuple(links.urls),
        date=header.date,
        url=header.url,
        author=header.author,
    )


def _links_list(body: list[str], saved: bool) -> tuple[Listed, Marking]:
    """The numbered links listed at the end, newsboat's under its header or a text
    browser's dump's (library.dump), and how the text marks them."""
    listed = without_links_list(body) if saved else Listed(body)
    if listed.urls:
        return listed, _marked_after
    return references(body) or (listed, _marked_after)


def _marked_after(text: str, urls: list[str]) -> tuple[str, list[Span]]:
    return numbered_links(text, len(urls))


def _next_filled(lines: list[str], start: int) -> int:
    while start < len(lines) and not lines[start].strip():
        start += 1
    return start


def _past_furniture(lines: list[str], start: int) -> int:
    """The first line from `start` that is not page furniture (blank lines aside)."""
    while start < len(lines) and is_furniture(clean_line(lines[start])):
        start = _next_filled(lines, start + 1)
    return start


def _paragraphs(lines: list[str], wrapped: bool = False) -> list[tuple[str, str]]:
    """The body as (text, list marker) pieces; the marker is empty for a paragraph.

    Blank lines always separate paragraphs. What a single newline means is decided per file:
    in hard-wrapped text (lines of similar length, wrapped at 100 columns or less; or
    `wrapped`, a text browser's dump, however short) it is a space, and only a short line
    ends a paragraph; elsewhere each line is a paragraph, unless it runs on into a line
    that starts in lower case. List items (`- `, `* `, `• `, `1. `, `1)`) are their own
    pieces either way.
    """
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    width = _wrap_width(blocks) or (_widest(blocks) if wrapped else None)
    centred = 0
    """How far in a lone line starts when centred: worked out at the first indented one."""
    pieces: list[tuple[str, str]] = []
    for block in blocks:
        if len(block) == 1 and block[0][:1] in (" ", "\t"):
            centred = centred or _indent([b[0] for b in blocks if len(b) > 1]) + _CENTRED_FROM
            if _is_centred(block[0], centred):
                _add(pieces, block, _CENTRED)
                continue
        current: list[str] = []
        marker = ""
        for line in block:
            bullet = _BULLET.match(line)
            if bullet or (current and _breaks(current[-1], line, width)):
                _add(pieces, current, marker)
                current = []
                marker = ""
                if bullet and not _spoken(bullet, line):
                    marker = "•" if bullet.group(1) else bullet.group(2).replace(")", ".")
                    line = line[bullet.end() :]
            current.append(line)
        _add(pieces, current, marker)
    return pieces


def _story(pieces: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """The pieces as (text, list marker, kind of block), without the page's furniture
    (library.furniture). A credited caption is a caption, spaced from its credit, and a
    copy of it just above (`Image` glued to its start) goes."""
    pieces = [(unglued(text), marker) for text, marker in pieces]
    furniture = furniture_at(
        [text if marker in ("", _CENTRED) else None for text, marker in pieces]
    )
    kept: list[tuple[str, str, str]] = []
    for at, (text, marker) in enumerate(pieces):
        if at in furniture:
            continue
        if marker == _CENTRED:
            kept.append((text, "", HEADING))
            continue
        credit = _credit(text) if not marker else None
        if credit is None:
            kept.append((text, marker, ITEM if marker else PARAGRAPH))
            continue
        caption = text[: credit.start()]
        if kept and kept[-1][2] == PARAGRAPH and _PLACEHOLDER.sub("", kept[-1][0]) == caption:
            kept.pop()
        kept.append((_spaced(text, credit), "", CAPTION))
    return kept


def _indent(lines: list[str]) -> int:
    """The usual indent of the text's paragraphs (lynx sets its text three columns in)."""
    if not lines:
        return 0
    indents = sorted(len(line) - len(line.lstrip()) for line in lines)
    return indents[len(indents) // 2]


def _is_centred(line: str, centred: int) -> bool:
    """A short line set in from the text as a heading is, not a sentence or a list item."""
    text = line.strip()
    return (
        len(line) - len(line.lstrip()) >= centred
        and len(text) <= _CENTRED_AT_MOST
        and not _SENTENCE_END.search(text)
        and _WORD_CHAR.search(text) is not None
        and not _BULLET.match(line)
    )


def _spoken(bullet: re.Match[str], line: str) -> bool:
    """A dash that opens a long line is speech, as Portuguese and Spanish news write quotes
    (`- Sobre o Barça, não sei. …`): the line is a paragraph and keeps its dash."""
    return bullet.group(1) in ("-", "–") and len(line) - bullet.end() > _SPOKEN


def _add(pieces: list[tuple[str, str]], lines: list[str], marker: str) -> None:
    text = clean_line(" ".join(lines))
    if text:
        pieces.append((text, marker))


def _breaks(previous: str, line: str, width: int | None) -> bool:
    """Whether a newline between these two lines of one block ends a paragraph."""
    if width is not None:
        return len(previous.rstrip()) < 0.6 * width
    previous = previous.rstrip()
    runs_on = not _SENTENCE_END.search(previous) and line.lstrip()[:1].islower()
    return not runs_on


def _widest(blocks: list[list[str]]) -> int | None:
    width = max((len(line.rstrip()) for block in blocks for line in block), default=0)
    return width if 30 <= width <= _WRAP_WIDTH else None


def _wrap_width(blocks: list[list[str]]) -> int | None:
    """The width the file is hard-wrapped at, or None when its lines are paragraphs."""
    lengths = sorted(len(line.rstrip()) for block in blocks for line in block)
    if not lengths:
        return None
    width = lengths[int(0.95 * (len(lengths) - 1))]
    if width > _WRAP_WIDTH or width < 30:
        return None
    inner = [
        len(line.rstrip()) for block in blocks for line in block[:-1] if not _BULLET.match(line)
    ]
    if len(inner) < 3:
        return None
    full = sum(1 for length in inner if length >= 0.7 * width)
    return width if full >= 0.6 * len(inner) else None
