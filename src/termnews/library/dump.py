"""Provides the links list a text browser's dump ends with (lynx, elinks), and the `[n]`
it writes before each link's text.

`lynx -dump URL > story.txt`, the way mutt and newsboat users have long kept a page as
text, writes the page wrapped at 76 columns and indented three spaces, each link's number
before its text (`[3]GroupLens Data Sets`), then `References` and one `   3. URL` line a
link (with hidden links, under `Visible links` and `Hidden links:`). elinks writes the
same, its list under `Visible links`, numbered or (`-no-numbering`) each line `. URL`.
Shown as they are, the numbers clash with the reader's own and the list repeats them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from termnews.library.document import Span
from termnews.library.textheader import Listed

_ENTRY = re.compile(r"^[ \t]{0,8}(\d{1,5})?\. <?([A-Za-z][A-Za-z0-9+.-]{1,20}:[^\s<>]+)>?$")
"""`  12. https://…`: a listed link; elinks' unnumbered `. URL`; `<URL>` in some dumps."""
_SUBHEADING = re.compile(r"^[ \t]*(?:Visible|Hidden) links:?[ \t]*$")
_HEADING = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+)?:?$")
"""`References` (a translated lynx says `Referencias`, `Verweise`…): one or two words."""
_MARKER = re.compile(r"\[(\d{1,5})\]")
_WIDGET = re.compile(r"\((?:BUTTON|RADIO|CHECKBOX)\) ?|\[(?:IMG|INLINE|LINK|EMBED|USEMAP)\] ?")
"""What lynx writes for a form's button or an unnamed picture: nothing to read."""
_LEADING_LINK = re.compile(r"^(?:#?\[\d{1,5}\]|\(BUTTON\))")
"""A line that opens with a link or a button; `#[1]alternate [2]RSS Feed` is lynx's
first line, the `<link>`s of the page's head."""
_HEAD_LINES = 40
_WORD_AFTER = re.compile(r"[^\s\[]+")
_WORD_BEFORE = re.compile(r"\S+$")
_TRAILING = ".,;:!?)\"'”’»"


Marking = Callable[[str, list[str]], tuple[str, list[Span]]]


def references(lines: list[str]) -> tuple[Listed, Marking] | None:
    """The body without the dump's links list, the list's addresses in their order, and
    how to read the numbers in the text; None when the text ends with no such list, or
    with one no browser wrote (a numbered list of addresses under `References` in a text
    of its own is kept: a dump numbers the links in its text, or heads its list
    `Visible links`)."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    at, found, subheaded = end, [], False
    while at:
        line = lines[at - 1]
        entry = _ENTRY.match(line)
        if entry:
            found.append(entry)
        elif _SUBHEADING.match(line):
            subheaded = True
        elif line.strip():
            break
        at -= 1
    if not found or not at or not _HEADING.match(lines[at - 1].strip()):
        return None
    found.reverse()
    urls = [entry.group(2) for entry in found]
    body = lines[: at - 1]
    numbers = [entry.group(1) for entry in found]
    if not any(numbers):
        return (Listed(body, urls), _unmarked) if subheaded else None
    if numbers != [str(number) for number in range(1, len(numbers) + 1)]:
        return None
    if not subheaded and not _marks_a_link(body, len(urls)):
        return None
    return Listed(body, urls), marked_before


def _marks_a_link(lines: list[str], count: int) -> bool:
    return any(
        1 <= int(marker.group(1)) <= count
        for line in lines
        if "[" in line
        for marker in _MARKER.finditer(line)
    )


def _unmarked(text: str, urls: list[str]) -> tuple[str, list[Span]]:
    return _without_widgets(text), []


def dump_headline(lines: list[str], at: int, end: int) -> int:
    """The line a dump's headline is on, from its first filled line `at`: past the page
    head's `#[1]alternate` links and the links and buttons over the story (a logo, `Skip
    to content`, the menu), which are in the links list; `at` when nothing else is near,
    or nothing else before the list at `end`."""
    for line in range(at, min(end, at + _HEAD_LINES)):
        text = lines[line].strip()
        if text and not _LEADING_LINK.match(text):
            return line
    return at


def unmarked_title(line: str) -> str:
    return _without_widgets(_MARKER.sub("", line))


def marked_before(text: str, urls: list[str]) -> tuple[str, list[Span]]:
    """The text without the dump's link numbers, and a link span for each over the word
    after `[n]` (a number alone at the end, over the word before; numbers beyond the list
    are text). A link whose text is its address, wrapped onto the next line, is joined
    again."""
    text = _without_widgets(text)
    if "[" not in text:
        return text, []
    out: list[str] = []
    spans: list[Span] = []
    length = last = 0
    for match in _MARKER.finditer(text):
        number = int(match.group(1))
        if not 1 <= number <= len(urls) or match.start() < last:
            continue
        before = text[last : match.start()]
        out.append(before)
        length += len(before)
        last = match.end()
        if before.endswith(" ") and text.startswith(" ", last):
            last += 1  # `word [3] word`: one space is left, not two
        spelled = _spelled(text, last, urls[number - 1])
        if spelled:
            out.append(urls[number - 1])
            spans.append(Span(length, length + len(urls[number - 1]), "link", number))
            length += len(urls[number - 1])
            last = spelled
            continue
        word = _WORD_AFTER.match(text, last)
        if word:
            label = word.group().rstrip(_TRAILING) or word.group()
            spans.append(Span(length, length + len(label), "link", number))
        else:
            word = _WORD_BEFORE.search(before)
            if word:
                spans.append(Span(length - len(word.group()), length, "link", number))
    out.append(text[last:])
    return "".join(out), spans


def _spelled(text: str, at: int, url: str) -> int:
    """Where `url` ends when the text spells it from `at`, single spaces aside (lynx
    wraps a long address as it wraps words); 0 when it does not."""
    if not url or not text.startswith(url[: min(len(url), 8)], at):
        return 0
    done = 0
    while done < len(url) and at < len(text):
        if text[at] == url[done]:
            done += 1
        elif text[at] != " " or text[at - 1] == " ":
            return 0
        at += 1
    return at if done == len(url) else 0


def _without_widgets(text: str) -> str:
    if "(" not in text and "[" not in text:
        return text
    return _WIDGET.sub("", text).strip()
