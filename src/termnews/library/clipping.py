"""Provides cutting a Markdown article down to its story, as a page turned into Markdown
(by a web clipper, a reader service, a blog's move from WordPress) needs: the site's
masthead above the headline, the furniture within the story (library.furniture), and the
blog's trailer below it. The links that only what goes held leave the list, and the rest
are numbered again."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from termnews.library.document import (
    CAPTION,
    CODE,
    HEADING,
    IMAGE,
    PARAGRAPH,
    QUOTE,
    RULE,
    TABLE,
    Block,
)
from termnews.library.furniture import furniture_at, is_button, story_end
from termnews.library.headline import site_names, without_any_site, without_site

_KEY_CHARS = re.compile(r"[\W_]+")
_MASTHEAD_BLOCKS = 40
"""Blocks a masthead has at most: skip links, a logo, a tagline, a menu, the byline."""
_MASTHEAD_LINE = 120
"""Characters in a masthead's longest block: a tagline, not a paragraph of the story."""
_NOT_MASTHEAD = frozenset({CODE, QUOTE, TABLE})
_EXCERPT = "excerpt"
"""The heading of the quote MarkDownload's template puts under the headline (`> ## Excerpt`,
then the page's description, then a rule)."""
_SENTENCE_ENDS = (".", "!", "?", ":", "。", "！", "？", "：", "।", "؟", "۔", ".\u201d", '."', ".)")
_HEADLINE_WORDS = 3
"""Words a headline needs before a tab's title with another name after it may say it."""
_BYLINE = frozenset({PARAGRAPH, CAPTION, IMAGE})
_LABEL_WORDS = 3
"""Words in a label alone above the headline (`Review`, `Mostly True`); a longer line
alone there may be the story's first."""
_LIST_SEPARATORS = ",|·•/"
_LISTED_WORDS = 6
"""Words in a tag's or a topic's name at most."""
_LIST_LABEL = re.compile(r"[^\W\d][^:.!?]{0,30}:")
"""A list's label (`Read More:`, `Tags:`, `Filed under:`)."""


def same_words(one: str, other: str) -> bool:
    """`10 years of Electron` and `# 10 Years of Electron!` say the same."""
    return _words_key(one) == _words_key(other)


def says_title(heading: str, title: str, url: str | None) -> bool:
    """The heading says the title, the name of the site at `url` glued to it or not."""
    return same_words(heading, title) or same_words(without_site(heading, site_names(url)), title)


def story_blocks(
    blocks: tuple[Block, ...], links: tuple[str, ...], title: str, url: str | None
) -> tuple[tuple[Block, ...], tuple[str, ...]]:
    """The story's blocks and links; `url` is the page's address, whose host may be named
    after the title."""
    start = _masthead_end(blocks, title, url)
    end = story_end(blocks)
    texts = [
        block.text if block.kind == PARAGRAPH and not block.spans and start <= at < end else None
        for at, block in enumerate(blocks)
    ]
    gone = furniture_at(texts) | set(range(start)) | set(range(end, len(blocks)))
    gone |= _excerpt(blocks, start) | _buttons(blocks, start, end) | _said(blocks, start, title)
    gone |= _link_lists(blocks, start, end) | _said_twice(blocks, start, end)
    if not gone:
        return blocks, links
    kept = tuple(block for at, block in enumerate(blocks) if at not in gone)
    return _renumbered(kept, _numbers(blocks[at] for at in gone) - _numbers(kept), links)


def _said(blocks: Sequence[Block], at: int, title: str) -> set[int]:
    """A first paragraph that is the title, word for word: a post with no title of its
    own (Mastodon's, micro.blog's) is named by its first paragraph, and shown under that
    headline it said the same twice. One with a link stays, the link would go with it;
    but a hashtag's or a mention's (`#localfirst`, `@bob`) leads only to more posts."""
    first = blocks[at] if at < len(blocks) else None
    key = _words_key(title)
    if first is None or first.kind != PARAGRAPH or not key:
        return set()
    if any(
        span.link and first.text[span.start : span.start + 1] not in "#@" for span in first.spans
    ):
        return set()
    return {at} if _words_key(first.text) == key else set()


def _buttons(blocks: Sequence[Block], start: int, end: int) -> set[int]:
    """Linked paragraphs that are a button alone (`[✕ Remove Ads](…)`, `[Sign up](…)`):
    furniture like the plain ones, though never part of a box of headlines, whose links
    may be what a reader wants, and never a link to a picture (`[Image](…)`)."""
    return {
        at
        for at in range(start, end)
        if blocks[at].kind == PARAGRAPH and blocks[at].spans and is_button(blocks[at].text)
    }


def _said_twice(blocks: Sequence[Block], start: int, end: int) -> set[int]:
    """A picture's alt text and the caption under it that says the same (a page's figure
    turned into Markdown; 39 in 976 real pages): the caption stays as the picture's, and
    the paragraph that said it again goes; a picture whose alt says again the line above
    it (`Amsterdam`, then its picture) adds nothing."""
    gone: set[int] = set()
    for at in range(start, end - 1):
        one, other = blocks[at], blocks[at + 1]
        pair = (one.kind, other.kind)
        if (pair != (CAPTION, PARAGRAPH) and pair != (PARAGRAPH, CAPTION)) or at in gone:
            continue
        linked = any(span.link for span in other.spans)  # its link would go with it
        if not linked and _words_key(one.text) == _words_key(other.text):
            gone.add(at + 1)
    return {at for at in gone if _words_key(blocks[at].text)}


def _link_lists(blocks: Sequence[Block], start: int, end: int) -> set[int]:
    """A list of tags or topics the extractor parted into a paragraph a link (HuffPost's
    `Read More:` over sixteen of them, `Federal Reserve,` the second): two or more links
    alone each with its list's comma after it, the last link, and the label over them."""
    gone: set[int] = set()
    at = start
    while at < end:
        run = at
        while run < end and _listed_link(blocks[run], separated=True):
            run += 1
        if run - at < 2:
            at += 1
            continue
        if run < end and _listed_link(blocks[run], separated=False):
            run += 1
        label = at - 1
        if label >= start and _LIST_LABEL.fullmatch(blocks[label].text.strip()):
            at = label
        gone.update(range(at, run))
        at = run
    return gone


def _listed_link(block: Block, separated: bool) -> bool:
    """A paragraph that is a link alone, with a list's separator after it or none."""
    if block.kind != PARAGRAPH or not block.spans:
        return False
    text = block.text.rstrip()
    bare = text.rstrip(_LIST_SEPARATORS).rstrip()
    return (
        (bare != text) == separated
        and len(bare.split()) <= _LISTED_WORDS
        and any(span.link and span.start == 0 and span.end >= len(bare) for span in block.spans)
    )


def _masthead_end(blocks: Sequence[Block], title: str, url: str | None) -> int:
    """A whole page turned into Markdown opens with its site's masthead, and the story's
    headline under it says the title again (the tab's title may add a name after it):
    where that headline and the byline's labels under it end, when every block before it
    is the site's (_chrome), and they are several or one label (`Review`). 0 when there
    is none."""
    if not title:
        return 0
    bare = _words_key(without_any_site(title))
    for at, block in enumerate(blocks[:_MASTHEAD_BLOCKS]):
        if block.kind == HEADING and (
            says_title(block.text, title, url)
            or (len(bare.split()) >= _HEADLINE_WORDS and _words_key(block.text) == bare)
        ):
            if at == 1 and len(blocks[0].text.split()) > _LABEL_WORDS:
                return 0
            return _after_byline(blocks, at + 1)
        if not _chrome(block):
            return 0
    return 0


def _after_byline(blocks: Sequence[Block], at: int) -> int:
    """Past the labels a page puts under its headline: the author, `5 min read`, the
    date, the counts of claps and comments (a few words each, no sentence)."""
    while (
        at < len(blocks)
        and blocks[at].kind in _BYLINE
        and len(blocks[at].text.split()) <= _LABEL_WORDS + 1
        and _chrome(blocks[at])
    ):
        at += 1
    return at


def _excerpt(blocks: Sequence[Block], at: int) -> set[int]:
    """MarkDownload's `Excerpt` heading and the rule under its quote; and the quote too
    when the story opens with the same words (the page's description is often its first
    paragraph, cut short by `...`)."""
    if not (
        at + 1 < len(blocks)
        and blocks[at].kind == HEADING
        and blocks[at].text.strip().casefold() == _EXCERPT
        and blocks[at + 1].kind == QUOTE
    ):
        return set()
    gone = {at}
    after = at + 2
    while after < len(blocks) and blocks[after].kind == RULE:
        gone.add(after)
        after += 1
    excerpt = _words_key(blocks[at + 1].text.rstrip(" .…"))
    story = _words_key(" ".join(block.text for block in blocks[after : after + 4]))
    if excerpt and story.startswith(excerpt):
        gone.add(at + 1)
    return gone


def _chrome(block: Block) -> bool:
    """Whether a block can be part of a masthead: short, no code, quote or table, and no
    sentence (`We published an advisory.` opens a story)."""
    text = block.text.rstrip()
    return (
        len(text) <= _MASTHEAD_LINE
        and block.kind not in _NOT_MASTHEAD
        and not (block.kind == PARAGRAPH and text.endswith(_SENTENCE_ENDS))
    )


def _renumbered(
    kept: tuple[Block, ...], gone: set[int], links: tuple[str, ...]
) -> tuple[tuple[Block, ...], tuple[str, ...]]:
    """The links without those numbered in `gone`, numbered again in the order the kept
    blocks first give them (a site's home link, first in its masthead and again in its
    footer, comes last now); a table's links, with no number in its text, after them."""
    order = dict.fromkeys(span.link for block in kept for span in block.spans if span.link)
    order.update(dict.fromkeys(n for n in range(1, len(links) + 1) if n not in gone))
    numbers = {old: new for new, old in enumerate(order, 1)}
    if all(old == new for old, new in numbers.items()) and len(numbers) == len(links):
        return kept, links
    moved = tuple(
        dataclasses.replace(
            block,
            spans=tuple(
                dataclasses.replace(span, link=numbers[span.link]) if span.link else span
                for span in block.spans
            ),
        )
        if any(span.link for span in block.spans)
        else block
        for block in kept
    )
    return moved, tuple(links[old - 1] for old in order)


def _numbers(blocks: Iterable[Block]) -> set[int]:
    return {span.link for block in blocks for span in block.spans if span.link}


def _words_key(text: str) -> str:
    return _KEY_CHARS.sub(" ", text.casefold()).strip()
