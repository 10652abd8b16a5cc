"""Provides the page furniture that a story saved from a news site carries in its body: the
ad slots, share buttons and "continue reading" lines a copy or a scraper keeps as lines of
their own, the related-stories boxes they close (New York Times: `RELATED COVERAGE`, two
headlines, `ADVERTISEMENT`, `Continue reading the main story`), and the trailer a blog
puts under a post (WordPress: `Share this:`, its buttons, `Like Loading...`)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from termnews.library.document import HEADING, ITEM, PARAGRAPH, Block

_FURNITURE = re.compile(
    r"""(?:
        (?:advertisements?|advert|ads?|advertising|anzeige|werbung|publicit[ée]|publicidad[e]?
           |pubblicit[àa]|reklama|реклама)
        (?:\s*[-–—·|:]\s*(?:scroll|continue)\ to\ continue(?:\ reading|\ with\ content)?)?
      | skip\ (?:advertisement|ad)
      | sponsored(?:\ content|\ links?|\ stories)?|paid\ (?:content|post)|promoted(?:\ content)?
      | (?:the\ )?(?:story|article|content|text)\ continues
        (?:\ below|\ after\ (?:the\ |this\ )?(?:advertisement|ad))?
        (?:\ (?:this\ )?(?:advertisement|ad))?
      | continue\ reading(?:\ the\ main\ story|\ below|\ after\ (?:the\ )?(?:advertisement|ad))?
      | scroll\ (?:down\ )?to\ continue(?:\ reading|\ with\ content)?
      | supported\ by
      | share(?:\ this|\ the)?(?:\ article|\ story|\ page|\ post)?
        (?:\ (?:on|via)\ (?:facebook|twitter|x|linkedin|whatsapp|email|reddit))?
      | share\ full\ article|copy(?:\ article)?\ link|link\ copied|(?:gift|give)\ this\ article
      | save(?:\ article|\ story|\ for\ later)?|print(?:\ this\ (?:article|page|story))?
      | e-?mail(?:\ this\ (?:article|story))?|tweet|read\ in\ app|open\ in\ app
      | listen(?:\ to\ this\ (?:article|story))?(?:\s*[·•]?\s*\d{1,2}:\d{2}(?:\ min)?)?
      | [·•]\s*\d{1,2}:\d{2}\ min
      | enter\ your\ e-?mail(?:\ address)?|sign\ up|subscribe(?:\ now)?|newsletter\ sign[- ]?up
      | type\ your\ e-?mail(?:…|\.\.\.)?
      | subscribe\ to\ get\ the\ latest\ posts(?:\ sent)?\ to\ your\ e-?mail
      | (?:like\ )?loading(?:…|\.\.\.)
      | (?:[✕×]\s*)?remove\ ads|link\ copied\ to\ (?:the\ )?clipboard
      | follow(?:ed|\ with\ notifications)?|unfollow|sign\ in\ to\ your\ .{1,30}\ account
      | your\ changes\ have\ been\ saved|email\ (?:is|has\ already\ been)\ sent
      | please\ verify\ your\ email\ address|send\ confirmation\ email|manage\ your\ list
      | image|photo|picture|video|audio|graphic|embed|gallery
    )[.:!]?""",
    re.IGNORECASE | re.VERBOSE,
)
"""What a paragraph that is furniture says, whole (case aside). `Image` and `Video` alone
stand for what the copy left out; a caption of the picture has more words."""
_SHORT = 60
"""Characters in the longest of those, and in a box's heading."""
_CONSENT = re.compile(
    r"(?:by (?:signing up|subscribing|clicking[^.]{0,40}), you agree|you agree to receive) ",
    re.IGNORECASE,
)
"""The small print under a newsletter's sign-up form."""
_LONGEST = 300
"""Characters in the longest furniture: such small print."""
_SMALL_PRINT = re.compile(r"PRIVACY POLICY|TERMS OF (?:SERVICE|USE)|OPT OUT|UNSUBSCRIBE")
"""What a row of a sign-up form's links says, in capitals (`SEE SAMPLE MANAGE EMAIL
PREFERENCES PRIVACY POLICY OPT OUT OR CONTACT US ANYTIME`)."""
_BOX_HEADING = re.compile(
    r"""(?:related(?:\ coverage|\ content|\ articles?|\ stories|\ reading|\ links)?
      | editors[’']?\ picks|more\ on\ this\ story|more\ from\ .{1,40}|most\ (?:popular|read)
      | recommended(?:\ for\ you|\ stories)?|you\ (?:may|might)\ also\ like|trending(?:\ now)?
      | read\ (?:more|next|also)|see\ also|top\ stories|newsletter\ sign[- ]?up
      | mais\ informa[çc][õo]es|leia\ (?:mais|tamb[ée]m)|veja\ tamb[ée]m|saiba\ mais
      | m[áa]s\ informaci[óo]n|lee\ tambi[ée]n|te\ puede\ interesar|[àa]?\ ?lire\ aussi
      | mehr\ zum\ thema|lesen\ sie\ auch|leggi\ anche|читайте\ также
    )[.:]?""",
    re.IGNORECASE | re.VERBOSE,
)
"""A heading over a box of other stories' headlines."""
_GLUED = re.compile(r"(?<=\S)(?:Continue reading the main story|Advertisement|ADVERTISEMENT)$")
"""What a copy glues to the text before it, with no space: `Newsletter Sign UpContinue
reading the main story`."""
_BOX_LINES = 8
"""Lines a box of headlines may have between its heading and the furniture that ends it."""
_HEADLINE = 200
"""Characters a line in such a box has at most: a headline, not a paragraph of the story."""
_SENTENCE = re.compile(r"[^.]\.[\"'”’»)\]]*$")
"""A period that ends a sentence (not an ellipsis' last dot): headlines end without one."""
_PLACEHOLDER = re.compile(
    r"(?:image|photo|picture|video|audio|graphic|embed|gallery)[.:!]?", re.IGNORECASE
)
"""What a copy leaves where a picture or a video was: alone it says nothing, but as a link
it leads to the picture."""
_SHARE_BAR = re.compile(
    r"""(?:(?:share|on|via|to|copy|link|e-?mail|print|tweet|pin|facebook|x|twitter|linkedin
      |reddit|flipboard|whatsapp|telegram|threads|bluesky|mastodon|pinterest|tumblr|pocket
      |messenger|sms)(?:\W+|$)){2,}""",
    re.IGNORECASE | re.VERBOSE,
)
"""The words of a row of share buttons (`Facebook X LinkedIn Reddit Flipboard Copy link
Email`, `Share on Facebook Share on Twitter`)."""

_NETWORK = (
    r"(?:@\w{1,30}|facebook|twitter|x|instagram|threads|tiktok|youtube|linkedin|bluesky"
    r"|mastodon|telegram|whatsapp|google\+|pinterest|flipboard)"
)
_PLUG = re.compile(
    rf"""(?:(?:,\ |\ and\ |\.\ )?(?:follow|like|find|join)\ us\ (?:on|at)\ {_NETWORK}
        (?:(?:,\ |\ and\ |\ or\ ){_NETWORK})*)+[.!]?""",
    re.IGNORECASE | re.VERBOSE,
)
"""A plug for the site's accounts, above or under the story (`Follow us at @WorldSportCNN
and like us on Facebook`)."""
_PLAYER = re.compile(
    r"""(?:if\ your\ browser\ has\ (?:the\ )?(?:adobe\ )?flash(?:\ player)?\ installed[^.!?]{0,60}
           [.!?]?(?:\s+otherwise,?\ click\ below[^.!?]{0,40}[.!?]?)?
      | your\ browser\ does(?:\ not|n[’']t)\ support\ (?:the\ )?(?:video|audio|html5)[^.!?]{0,60}
           [.!?]?
      | (?:please\ )?enable\ javascript\ to\ (?:view|watch|play|see)[^.!?]{0,80}[.!?]?
      | to\ (?:view|watch|play)\ this\ video,?\ (?:please\ )?enable\ javascript[^.!?]{0,80}[.!?]?
      | this\ video\ (?:is\ (?:no\ longer|not)\ available|requires\ (?:flash|javascript))
           [^.!?]{0,60}[.!?]?
      | if\ playback\ doesn[’']t\ begin\ shortly,?\ try\ restarting\ your\ device\.?
      | pull\ up\ for\ precise\ seeking|(?:\d{1,2}:\d{2}\ )?up\ next
    )""",
    re.IGNORECASE | re.VERBOSE,
)
"""What a page says where its video or its comments would play: a copy keeps the
fallback text of the player (`If your browser has Adobe Flash Player installed, click above
to play. Otherwise, click below.`, `Your browser does not support the video tag.`, Disqus's
`Please enable JavaScript to view the comments`, YouTube's `If playback doesn't begin
shortly, try restarting your device.` and `Up next`)."""
_HINTS = re.compile(
    r"""(?:tip:\ go\ to\ your\ accessibility\ settings\ to\ change\ your\ keyboard\ shortcuts
      | tip:\ type\ \S{1,40}\ to\ (?:search|filter|jump|go)\ .{1,40}|type\ \?\ for\ help\ and\ tips
      | 無断転載(?:・複製)?禁止|メモ入力|-?最大\d+文字まで|完了しました
    )[.。]?""",
    re.IGNORECASE | re.VERBOSE,
)
"""A site's own hints and forms in a saved page: GitHub's (`Type ? for help and tips`,
`Tip: Go to your accessibility settings…`), and the Yomiuri's under every story (`無断転載禁止`,
reproduction forbidden, and its notes' box: `メモ入力`, `最大400文字まで`, `完了しました`)."""


def is_furniture(text: str) -> bool:
    """Whether a whole paragraph is page furniture, not the story's."""
    if len(text) <= _SHORT and _FURNITURE.fullmatch(text.strip()):
        return True
    if len(text) <= _HEADLINE and any(
        pattern.fullmatch(text.strip()) for pattern in (_SHARE_BAR, _PLUG, _PLAYER, _HINTS)
    ):
        return True
    if len(text) > _LONGEST:
        return False
    if text[:1] in "bByY" and _CONSENT.match(text):
        return True
    return text.isupper() and _SMALL_PRINT.search(text) is not None


def is_button(text: str) -> bool:
    """Whether a linked paragraph is one of the page's buttons (furniture), not a link to
    the picture or video a placeholder word stands for."""
    return is_furniture(text) and not _PLACEHOLDER.fullmatch(text.strip())


def unglued(text: str) -> str:
    """The text without the furniture a copy glued to its end (`Sign UpContinue reading the
    main story` is `Sign Up`)."""
    return _GLUED.sub("", text) if text.endswith(("story", "ment", "MENT")) else text


def furniture_at(texts: Sequence[str | None]) -> set[int]:
    """Which of a body's paragraphs are furniture: each that is furniture alone, and a box
    of other stories' headlines with its heading (see _box_end). A None (a heading, a list,
    a paragraph with links) is never furniture, and no box goes on past it."""
    found: set[int] = set()
    for at, text in enumerate(texts):
        if text is None or len(text) > _LONGEST or at in found:
            continue  # most paragraphs: a story's are longer
        end = _box_end(texts, at) if len(text) <= _SHORT else None
        if end is not None:
            found.update(range(at, end))
        elif is_furniture(text):
            found.add(at)
    return found


_SHARING = re.compile(
    r"""(?:share\ this(?:\ (?:post|article|story|page))?|like\ this|discover\ more\ from\ .{1,60}
      | compartilhe(?:\ isso)?|partager|partagez|teilen\ mit|comp[áa]rtelo|comparte\ esto
      | condividi|delen
    )\s*[:.]?""",
    re.IGNORECASE | re.VERBOSE,
)
"""A heading over a blog's sharing buttons and likes (WordPress's Jetpack writes `Share
this:` and `Like this:`, in the blog's language) or its subscription form (`Discover more
from …`): a copy of the page in Markdown keeps them under the story."""
_STORY_BEFORE = 50
"""Words of story before a blog's trailer at least: sharing buttons above a post open no
trailer."""


def story_end(blocks: Sequence[Block]) -> int:
    """Where a blog post's trailer starts in its Markdown: its sharing buttons, likes or
    subscription form (a heading from _SHARING over a button or furniture such as `Like
    Loading...`), after the story; or the site's copyright line (_footer). What follows them
    on a page (related posts, the post's tags, comments, the site's footer) is no story
    either. len(blocks) when none."""
    return min(_shared(blocks), _footer(blocks))


_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright\b).{0,120}?(?:\b(?:19|20)\d\d\b|all rights reserved)", re.IGNORECASE
)
"""A site's copyright line (`© 2011 CNBC.com`, `Copyright 2019 Hawaii News Now. All rights
reserved.`); a picture's credit names no year (`© Reuters`)."""


def _footer(blocks: Sequence[Block]) -> int:
    """Where the page's footer starts: its copyright line, after the story, with nothing
    after it longer than a headline (its links, its legal lines, a shop's widgets; CNBC's
    `CNBC HIGHLIGHTS` under `© 2011 CNBC.com`)."""
    found = len(blocks)
    for at in range(len(blocks) - 1, -1, -1):  # from the end, up to a block of the story
        block = blocks[at]
        if len(block.text) > _HEADLINE:
            break
        if (
            block.kind == PARAGRAPH
            and len(block.text) <= _SHORT * 2
            and _COPYRIGHT.match(block.text.strip())
        ):
            found = at
    words = 0
    for block in blocks[:found]:
        words += len(block.text.split())
        if words >= _STORY_BEFORE:
            return found
    return len(blocks)


def _shared(blocks: Sequence[Block]) -> int:
    words = 0
    for at, block in enumerate(blocks):
        if (
            words >= _STORY_BEFORE
            and block.kind == HEADING
            and _SHARING.fullmatch(block.text.strip())
            and at + 1 < len(blocks)
            and _trails(blocks[at + 1])
        ):
            return at
        if words < _STORY_BEFORE:
            words += len(block.text.split())
    return len(blocks)


def _trails(block: Block) -> bool:
    """Whether a block under a sharing heading is one of its buttons or its furniture."""
    if block.kind == ITEM:
        return len(block.text) <= _SHORT
    return block.kind == PARAGRAPH and is_furniture(block.text)


def _box_end(texts: Sequence[str | None], at: int) -> int | None:
    """Where a box of headlines that opens at `at` ends: after the furniture that closes
    it within a few short lines, or else before the first line that is no headline (a
    long one, or a sentence ended by a period: the story again). None when no box opens
    there, or when a heading, list or link comes first."""
    heading = texts[at]
    if heading is None or not _BOX_HEADING.fullmatch(heading.strip()):
        return None
    lines = list(itertools.takewhile(_short, texts[at + 1 : at + 2 + _BOX_LINES]))
    closed = next((n for n, text in enumerate(lines) if is_furniture(text)), None)
    if closed is not None:
        return at + 2 + closed if closed else None
    headlines = sum(1 for _ in itertools.takewhile(_headline, lines))
    return at + 1 + headlines if headlines else None


def _short(text: str | None) -> bool:
    return text is not None and len(text) <= _HEADLINE


def _headline(text: str) -> bool:
    return not _SENTENCE.search(text)
