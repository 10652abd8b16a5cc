"""Provides the title made for a story saved with no headline: its first sentence, without
the dateline a wire story opens with (`WASHINGTON (AP) — `, `(CNN) -- `)."""

from __future__ import annotations

import re

MAX_TITLE = 300
"""Longer headlines are cut with an ellipsis; the rest is not lost from the file."""
TITLE_SENTENCE = 160
"""Characters a made title has at most."""
_SENTENCE_STOP = re.compile(r"[.!?](?=\s+[\"'“«(]?([^\W_]))|([。！？])|[।॥؟۔](?=\s|$)")
"""Where a first sentence may end: a full stop before a word (a capital, or a letter of a
script that has none, as Hindi's), a Chinese or Japanese one (`。`, which no space follows),
or the danda of Hindi and Bengali (`।`) and the stops of Arabic and Urdu."""
_ABBREVIATED = re.compile(
    r"(?:(?<![\w.])(?:Mr|Mrs|Ms|Dr|Prof|Gov|Sen|Rep|Gen|Lt|Col|Maj|Capt|Sgt|Cmdr|Adm|Rev"
    r"|Hon|Pres|Supt|Insp|Det|St|Mt|Ft|Jr|Sr|No|vs|Inc|Corp|Co|Ltd|Bros|Jan|Feb|Mar|Apr"
    r"|Aug|Sept?|Oct|Nov|Dec)|(?<![^\s.(])[A-Z])$"
)
"""A word a full stop shortens, not ends a sentence with, before a name or a number:
`Gov. Rick Scott`, `Sen. Elizabeth Warren`, `Jan. 5`, the initials of `U.S. President` and
`John F. Kennedy`."""
_AGENCY = r"\((?:[A-Z][\w&.-]{1,19})(?: [A-Z][\w&.-]{1,19})?\)"
"""`(CNN)`, `(AP)`, `(Reuters)`, `(CNNMoney)`, `(Agence France-Presse)`."""
_PLACE_WORD = r"[A-Z][\w.'’-]*"
_AFTER = r"\s+(?=[\"'“‘]?[A-Z0-9])"
"""The sentence after a dateline starts with a capital (or a number, or a quote)."""
_WIRED = re.compile(
    rf"""^(?:{_PLACE_WORD}(?:[ /]{_PLACE_WORD}){{0,3}}(?:,\ {_PLACE_WORD}(?:\ {_PLACE_WORD})?)?
        (?:,\ \w{{3,9}}\.?\ \d{{1,2}})?\ )?{_AGENCY}\s*(?:--|[—–-])?{_AFTER}""",
    re.VERBOSE,
)
"""A wire story's dateline: a place (`Washington`, `Ferguson, Missouri`, `LONDON, England`,
`SEOUL/LONDON`), a date, the agency in brackets and a dash (`(CNN) -- `)."""
_DATED = re.compile(
    rf"""^[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+){{0,3}}(?:,\ {_PLACE_WORD}(?:\ {_PLACE_WORD})?)?
        \s+(?:--|[—–]){_AFTER}""",
    re.VERBOSE,
)
"""A city in capitals and a dash (`WASHINGTON — `): a dateline before a story's first
sentence, but in a headline of its own a topic (`NATO — Allies meet`)."""


def without_dateline(line: str, headline: bool = False) -> str:
    """The line without the dateline it opens with, if any; a `headline` loses only an
    agency's (no headline says `(CNN)`)."""
    found = _WIRED.match(line) or (None if headline else _DATED.match(line))
    return line[found.end() :] if found else line


def first_sentence(line: str) -> str:
    """Up to the first stop that ends a sentence of 20 characters or more (10 of Chinese or
    Japanese), if it comes within TITLE_SENTENCE; else the line, cut after a word; without
    a dateline before it."""
    line = without_dateline(line)
    for stop in _SENTENCE_STOP.finditer(line[: TITLE_SENTENCE * 2]):
        end, following = stop.end(), stop.group(1)
        if end > TITLE_SENTENCE:
            break
        if end < (11 if stop.group(2) else 21):
            continue
        if line[end - 1] == "." and _ABBREVIATED.search(line, 0, end - 1):
            continue
        if following is None or following.isdigit() or following.isupper():
            return line[:end]
        if following.lower() == following.upper():  # a letter of a script with no capitals
            return line[:end]
    if len(line) <= TITLE_SENTENCE:
        return line
    space = line.rfind(" ", 0, TITLE_SENTENCE)  # after a word, not in one
    cut = space if space > TITLE_SENTENCE // 2 else TITLE_SENTENCE - 1
    return line[:cut].rstrip(" ,;:-–—") + "…"


def shorten(title: str, limit: int = MAX_TITLE) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
