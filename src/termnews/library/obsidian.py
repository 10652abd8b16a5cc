"""Provides Obsidian's Markdown, as its web clipper and its users write it: links between
notes, embeds, highlights and callouts, read as Obsidian shows them.

Obsidian's web clipper (the read-later tool many of Pocket's readers moved to) files pages
into a vault of Markdown notes, and its users annotate them: `[[Storm Ciarán|the storm]]`
links a note and shows `the storm`; `![[harbour.jpg]]` shows a picture, `![[Other note]]`
a note; `==boats went out==` is highlighted; a quote that opens with `[!note] Title` is a
callout, titled `Title` (or `Note`), folded when `-` follows it. termnews showed all of
them as their source.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

_LINK = re.compile(
    r"(!?)\[\[(?![ \t])([^\[\]\n|#^]*?)((?<![ \t])[#^][^\[\]\n|]*)?(?:\|([^\[\]\n]*))?\]\](?!\()"
)
"""`[[note]]`, `[[note#heading]]`, `[[note#^block]]`, `[[note|shown]]`; `!` embeds it.
Not `[[1]](https://…)`, a link whose text is `[1]` (a citation, in a page read as Markdown),
nor `[[Bug #16908]]` (Obsidian writes `[[Note#Heading]]`, no space before `#`)."""
_NOT_A_NOTE = re.compile(r'^[\d\s]*$|["*<>?:\\]|#\d+$')
"""What no note is called: a number (`[[1]]`, a citation), a name with a character Obsidian
refuses in one (`[["a", "b"]]`, Ruby), an issue (`[[Característica#20860]]`)."""
_PICTURE = re.compile(r"\.(?:png|jpe?g|gif|webp|svg|bmp|avif|tiff?)$", re.IGNORECASE)
_SIZE = re.compile(r"^\d+(?:x\d+)?$")
"""`![[harbour.jpg|300]]`, `|640x480`: a picture's size, not its description (a picture
with none shows nothing in words, as one with no alt text)."""
_CALLOUT = re.compile(r"^\[!([A-Za-z][\w-]{0,30})\][+-]?[ \t]*(.*)$")
_BEFORE_MARK = frozenset(" \t\n([{\"'*_“‘")
_AFTER_MARK = frozenset(" \t\n.,;:!?)]}\"'*_”’") | {""}
_MAX_HIGHLIGHT = 2000
"""Characters a highlight holds at most: an `==` with no partner near is text."""


def read_obsidian(parser: MarkdownIt) -> None:
    """Teach the parser Obsidian's links, embeds, highlights and callouts."""
    parser.inline.ruler.before("link", "obsidian_link", _link)
    parser.inline.ruler.before("emphasis", "obsidian_highlight", _highlight)
    parser.core.ruler.after("block", "obsidian_callout", _callouts)


def _link(state: StateInline, silent: bool) -> bool:
    start = state.pos
    opening = start + (state.src[start] == "!")
    if state.src[start] not in "[!" or not state.src.startswith("[[", opening):
        return False
    found = _LINK.match(state.src, start, state.posMax)
    named = found.group(2) + (found.group(3) or "") if found else ""
    if found is None or _NOT_A_NOTE.search(named) or _referenced(state, found):
        return False
    if not silent:
        embed, target, part, shown = found.groups()
        target, part, shown = target.strip(), part or "", (shown or "").strip()
        if embed and _PICTURE.search(target):
            token = state.push("image", "img", 0)
            token.attrs = {"src": target, "alt": ""}
            token.children = []
            token.content = "" if _SIZE.match(shown) else shown
        elif embed:  # a note, or a part of one: its words are in that note
            token = state.push("text", "", 0)
            token.content = f"[{shown or _named(target, part)}]"
        else:
            token = state.push("text", "", 0)
            token.content = shown or _named(target, part)
    state.pos = found.end()
    return True


def _referenced(state: StateInline, found: re.Match[str]) -> bool:
    """`[[Feature #20564]]` where `[Feature #20564]: https://…` is defined: a reference
    link in brackets, as Ruby's news writes them."""
    references = state.env.get("references") if isinstance(state.env, dict) else None
    inner = found.group()[found.group().index("[[") + 2 : -2]
    return bool(references) and normalizeReference(inner) in references


def _named(target: str, part: str) -> str:
    """How Obsidian shows a link with no text of its own: `Harbours > History`."""
    heading = " > ".join(name.strip() for name in part.lstrip("#^").split("#"))
    if not target:
        return heading
    return f"{target} > {heading}" if heading else target


def _highlight(state: StateInline, silent: bool) -> bool:
    """`==words==` opening after a space or a bracket and closing before one, with a letter
    or digit in it: not `:===` or `:==, :!=` in a list of Ruby's methods."""
    src, start = state.src, state.pos
    if not src.startswith("==", start) or (start and src[start - 1] not in _BEFORE_MARK):
        return False
    close = src.find("==", start + 2, min(state.posMax, start + 2 + _MAX_HIGHLIGHT))
    inner = src[start + 2 : close] if close > start + 2 else ""
    if not inner or inner[0] in " \t\n=" or inner[-1] in " \t\n=":
        return False
    if src[close + 2 : close + 3] not in _AFTER_MARK or not any(c.isalnum() for c in inner):
        return False
    if not silent:
        limit = state.posMax
        state.push("mark_open", "mark", 1)
        state.pos, state.posMax = start + 2, close
        state.md.inline.tokenize(state)
        state.push("mark_close", "mark", -1)
        state.posMax = limit
    state.pos = close + 2
    return True


def _callouts(state: StateCore) -> None:
    """A quote whose first line is `[!type] Title` shows the title, or the type, in bold on
    a line of its own."""
    tokens = state.tokens
    for at in range(len(tokens) - 2):
        if tokens[at].type != "blockquote_open" or tokens[at + 1].type != "paragraph_open":
            continue
        inline = tokens[at + 2]
        first, _, rest = inline.content.partition("\n")
        callout = _CALLOUT.match(first)
        if callout is None:
            continue
        title = callout.group(2).strip() or callout.group(1).replace("-", " ").capitalize()
        inline.content = f"**{title}**" + (f"\\\n{rest}" if rest else "")
