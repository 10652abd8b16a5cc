"""Provides the parser for Markdown articles with YAML front matter."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import tomllib
from dataclasses import dataclass

import yaml

from termnews.library.byline import author_names
from termnews.library.clean import (
    clean_line,
    count_words,
    decode_entities,
    distinct,
    strip_unsafe,
)
from termnews.library.clipping import says_title, story_blocks
from termnews.library.decode import SkipFile
from termnews.library.document import (
    PARAGRAPH,
    Block,
    Links,
    block_texts,
    plain_block,
    without_tags,
)
from termnews.library.envelope import reader_envelope
from termnews.library.headline import site_names, without_site
from termnews.library.markdown_blocks import inline_plain, markdown_blocks
from termnews.library.provenance import host
from termnews.library.readlater import app_header
from termnews.library.sections import normalise_section, parse_section
from termnews.library.sentence import shorten
from termnews.library.textheader import KEY_LENGTH, header_fields

MAX_FRONT_MATTER = 64 * 1024
"""Front matter is a few fields; anything larger is not front matter we want to load."""

MARKDOWN_AT_MOST = 100_000
"""Longer bodies are shown as plain paragraphs: parsing Markdown costs about a second a
megabyte, and an article opens on a keypress."""

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it (ten times faster), else the pure one."""
_FENCE_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_TOML_END = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)
_PANDOC = re.compile(r"^% \S")
_META_LINES = 64
"""Lines of MultiMarkdown metadata at most: past them, the rest is body."""
_REDIRECTS = ("redirect_to", "redirect", "redirect_url", "external_url")
_REDIRECT_BODY = 20
_AUTHOR_MOST = 120
"""Characters of an author line shown at most (a list of forty contributors is cut)."""
"""A post with a redirect and fewer words than this (template tags aside) is only a
redirect: the site never shows its body."""
_INLINE_TAG = re.compile(
    r"</?(?:em|i|b|strong|code|sup|sub|span|small|mark|br|abbr|q|s|u|del|ins)\b[^<>]{0,200}>",
    re.IGNORECASE,
)
"""The inline tags titles are written with; a `<` of prose (`2 < 3`) is no tag."""
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
"""A setext heading's underline: `===` under a first-level heading, `---` a second."""
_ADDRESS = re.compile(r"https?://[^\s/]+\S*$", re.IGNORECASE)
_MAX_TAGS = 50
_TAG_AT_MOST = 100
"""Characters of a tag kept: it is named in the meta line and stored in the index."""
_DATE_KEYS = (
    *("date", "published", "pubDate", "publishDate", "publishedAt", "published_at"),
    *("date_published", "datePublished", "created", "date_saved", "saved"),
)
"""Where front matter dates a story, the moment it was published first: Jekyll and Hugo
(`date`, `publishDate`), Astro's and Next.js's blogs (`pubDate`, `publishedAt`), Omnivore
(`date_published`, `date_saved`), clippers (`published`, `created`)."""


@dataclass(frozen=True)
class ParsedMarkdown:
    section: tuple[str, ...]
    title: str
    paragraphs: tuple[str, ...]
    """The blocks' plain text, as the page shows it (no Markdown source)."""
    blocks: tuple[Block, ...]
    links: tuple[str, ...]
    markdown: str
    words: int
    source: str | None
    date: str | None
    url: str | None
    tags: tuple[str, ...]
    permalink: str | None = None
    """The site's own address for the post (`path`, `permalink`), which may hold its date."""
    updated: str | None = None
    """A feed item's `updated`: when the feed changed it after it was first fetched."""
    note: str | None = None
    """Why a feed item shows its summary and not the full article (`full_text_error`)."""
    author: str | None = None
    standfirst: str | None = None
    """The sentence or two under the headline (front matter `standfirst`)."""


@dataclass(frozen=True)
class MarkdownHead:
    """The front matter and the headline: all that a first look at a file needs."""

    fields: dict
    title: str
    body: str
    """The Markdown after the front matter and the headline."""

    @property
    def section(self) -> tuple[str, ...]:
        return _section(self.fields.get("section"))

    @property
    def source(self) -> str | None:
        """The site's name; where `source` is the page's address, as Obsidian's web
        clipper writes it, the address's host."""
        source = _scalar(self.fields.get("source"))
        if source and _ADDRESS.match(source):
            return host(source) or source.removeprefix("www.")
        return source

    @property
    def date(self) -> str | None:
        """When the story was published, or else (`created`, as clippers write it) saved."""
        fields = self.fields
        return _date(next((fields[key] for key in _DATE_KEYS if fields.get(key)), None))

    @property
    def url(self) -> str | None:
        return _page_url(self.fields)

    @property
    def author(self) -> str | None:
        """`author` or `authors` as feeds, clippers, Jekyll and Hugo write them: a name, a
        list of names, or a mapping with a `name`; without a byline's furniture, which a
        page's extractor may have taken for names (library.byline)."""
        value = self.fields.get("author") or self.fields.get("authors")
        names = value if isinstance(value, list) else [value]
        found = [_scalar(n.get("name") if isinstance(n, dict) else n) for n in names[:10]]
        text = ", ".join(distinct(filter(None, map(author_names, found))))
        return shorten(text, _AUTHOR_MOST) if text else None

    @property
    def permalink(self) -> str | None:
        return _scalar(self.fields.get("path") or self.fields.get("permalink"))

    @property
    def tags(self) -> tuple[str, ...]:
        """`tags` (or `keywords`), and a blog's `categories` (Jekyll, Hugo, WordPress
        exports), which `tag:` finds alike."""
        fields = self.fields
        tags = _tags(fields.get("tags") or fields.get("keywords"))
        categories = _tags(fields.get("categories") or fields.get("category"))
        return distinct((*tags, *categories))[:_MAX_TAGS] if categories else tags


def markdown_head(text: str) -> MarkdownHead:
    """Read the front matter (YAML, or TOML between `+++` lines) with a safe loader, and
    the headline: the title field (and a first heading of any level that repeats it goes,
    the site's name glued to it or not), or else a first first-level heading, without the
    name of the site at the page's address (a clipper writes the page's tab title)."""
    fields, body = _fields(text)
    body = strip_unsafe(body).strip("\n")
    title = _title(fields.get("title"))
    lines = body.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    heading = _first_heading(lines, first) if first is not None else None
    if heading is not None:
        level, shown, after = heading
        url = _page_url(fields)
        if level == 1 if title is None else says_title(shown, title, url):
            title = title or without_site(shown, site_names(url))
            body = "\n".join(lines[after:]).strip("\n")
    body, original = app_header(body)
    if original and _page_url(fields) is None:  # the host names the site, as a clipper's
        fields = {**fields, "url": original, "source": fields.get("source") or original}
    return MarkdownHead(fields, shorten(title or ""), body)


def _page_url(fields: dict) -> str | None:
    """The page's address: `url`, or a `source` that is one (Obsidian's web clipper)."""
    url = _scalar(fields.get("url"))
    source = _scalar(fields.get("source"))
    return url or (source if source and _ADDRESS.match(source) else None)


def _first_heading(lines: list[str], first: int) -> tuple[int, str, int] | None:
    """The heading on line `first` (`# Title`, or `Title` over `===`, which Jina Reader
    writes a blank line apart): its level, its text as shown, and the line after it."""
    found = _HEADING.match(lines[first])
    if found:
        return len(found.group(1)), clean_line(inline_plain(found.group(2))), first + 1
    if lines[first][:1] in (" ", "\t", ">", "-", "*", "+", "|", "<"):
        return None
    under = _UNDERLINE.match(lines[first + 1]) if first + 1 < len(lines) else None
    if under is not None:
        level = 1 if under.group(1)[0] == "=" else 2
        return level, clean_line(inline_plain(lines[first])), first + 2
    apart = _UNDERLINE.match(lines[first + 2]) if first + 2 < len(lines) else None
    if apart is None or lines[first + 1].strip() or apart.group(1)[0] != "=":
        return None
    return 1, clean_line(inline_plain(lines[first])), first + 3


def parse_markdown(text: str) -> ParsedMarkdown:
    """The front matter, the headline and the body as blocks; a post that is only a
    redirect is skipped."""
    head = markdown_head(text)
    fields, body = head.fields, head.body
    blocks, links = markdown_blocks(body) if len(body) <= MARKDOWN_AT_MOST else _as_text(body)
    blocks, links = story_blocks(blocks, links, head.title, head.url)
    paragraphs = block_texts(blocks)
    words = count_words("\n".join(paragraphs))
    target = next((_scalar(fields.get(key)) for key in _REDIRECTS if fields.get(key)), None)
    if target and count_words(without_tags("\n".join(paragraphs))) < _REDIRECT_BODY:
        raise SkipFile(f"only a redirect to {target[:200]}")
    return ParsedMarkdown(
        section=head.section,
        title=head.title,
        paragraphs=paragraphs,
        blocks=blocks,
        links=links,
        markdown=body,
        words=words,
        source=head.source,
        date=head.date,
        url=head.url,
        tags=head.tags,
        permalink=head.permalink,
        updated=_date(fields.get("updated")) if fields.get("feed") else None,
        note=_scalar(fields.get("full_text_error")),
        author=head.author,
        standfirst=clean_line(_scalar(fields.get("standfirst")) or "") or None,
    )


def _as_text(body: str) -> tuple[tuple[Block, ...], tuple[str, ...]]:
    links = Links()
    blocks = tuple(
        plain_block(PARAGRAPH, clean_line(part), links)
        for part in re.split(r"\n[ \t]*\n", body)
        if part.strip()
    )
    return blocks, tuple(links.urls)


def _fields(text: str) -> tuple[dict, str]:
    """The front matter and the body; Jina Reader's envelope (library.envelope), alone or
    after front matter, gives the fields the front matter does not."""
    envelope = reader_envelope(text)
    if envelope is not None:
        return envelope
    fields, body = _split_front_matter(text)
    envelope = reader_envelope(body.lstrip("\n")) if fields else None
    if envelope is not None:
        return {**envelope[0], **fields}, envelope[1]
    return fields, body


def _split_front_matter(text: str) -> tuple[dict, str]:
    if text.startswith("+++"):
        return _toml_front_matter(text)
    if not text.startswith("---") or text[3:4] not in ("\n", " ", "\t"):
        return _metadata(text)
    first_newline = text.find("\n")
    if first_newline < 0 or text[3:first_newline].strip():
        return {}, text
    end = _FENCE_END.search(text, first_newline + 1, first_newline + 1 + MAX_FRONT_MATTER)
    if end is None:
        return {}, text  # no closing fence: the `---` is a Markdown rule, not front matter
    raw = text[first_newline + 1 : end.start()]
    try:
        data = yaml.load(raw, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" at front matter line {mark.line + 1}" if mark else ""
        raise SkipFile(f"broken front matter{where}: {error.problem or error}") from None
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise SkipFile(f"broken front matter: {type(error).__name__}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SkipFile("front matter is not a mapping of fields")
    return data, text[end.end() :]


def _metadata(text: str) -> tuple[dict, str]:
    """MultiMarkdown's metadata, as iA Writer, nvALT, Marked and Ulysses write it: `Key:
    value` lines from the first, up to a blank line, a `Title:` among them (a line indented
    under one goes on with its value). Or Pandoc's title block: `% Title`, `% Author`,
    `% Date`. Their keys are the front matter's; else there is none."""
    if text.startswith("% "):
        lines = text.split("\n", 3)
        block = [line[2:] for line in itertools.takewhile(_PANDOC.match, lines[:3])]
        fields = dict(zip(("title", "author", "date"), block, strict=False))
        return fields, "\n".join(lines[len(block) :])
    if ":" not in text[: KEY_LENGTH + 2]:
        return {}, text
    lines = text.split("\n", _META_LINES)
    block = header_fields(lines[:-1], 0)
    if block is None or "title" not in block[0]:
        return {}, text
    return block[0], "\n".join(lines[block[1] :])


def _toml_front_matter(text: str) -> tuple[dict, str]:
    """Hugo's and Zola's front matter: TOML between `+++` lines."""
    first_newline = text.find("\n")
    if first_newline < 0 or text[3:first_newline].strip():
        return {}, text
    end = _TOML_END.search(text, first_newline + 1, first_newline + 1 + MAX_FRONT_MATTER)
    if end is None:
        return {}, text
    try:
        data = tomllib.loads(text[first_newline + 1 : end.start()])
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as error:
        raise SkipFile(f"broken TOML front matter: {error}") from None
    return data, text[end.end() :]


def _title(value: object) -> str | None:
    """The title field as the site shows it: the entities a WordPress export leaves in it
    (`Q&amp;A Quickie`, `OpenClaw&#8217;s`) as their characters, and inline HTML tags
    (`<em>Why</em> markets fell`) gone."""
    text = _scalar(value)
    if text is None or ("&" not in text and "<" not in text):
        return text
    return clean_line(decode_entities(_INLINE_TAG.sub("", text))) or None


def _scalar(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
        return None
    text = clean_line(str(value))
    return text or None


def _section(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return parse_section(value)
    if isinstance(value, list):
        return normalise_section(item for item in value if _scalar(item))
    return ()


def _date(value: object) -> str | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return _scalar(value)


def _tags(value: object) -> tuple[str, ...]:
    """Each tag once (in any case), none longer than _TAG_AT_MOST."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        return ()
    return distinct(tag[:_TAG_AT_MOST] for tag in map(_scalar, items[:_MAX_TAGS]) if tag)
