"""Provides the headline of a saved web page: the extractor's title, checked against the
page's own `<title>`.

trafilatura takes the title from the page's metadata or its headings, and on real pages it
sometimes takes the wrong one: the site's logo, a section's label (WebMD's `Allergies Health
Center`), a promotion's heading, the shorter title written for social media, the site's
tagline, or the headline with the site's name glued on (`How to Build a Terrarium | eHow`).
The `<title>` a browser shows in its tab names the story on nearly every page, so where the
two disagree, it decides.
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import urlsplit

from termnews.library.clean import count_words

_SITE_SUFFIX = re.compile(r"\s+[-|–—:·]\s+[^-|–—:·]{1,40}$")
"""` - Entermedia`, ` | National Review`: the site's name after a page's own title."""
_SEPARATOR = r"\s*(?:[-|–—:·•»]|::)\s+"
"""What sets a site's name apart from the headline it is glued to."""
_PARTS = re.compile(r"\s+(?:[-|–—:·•»]|::)\s+|\s*[：｜_]\s*|(?<=\W)[:|](?=\w)")
"""Between the parts of a tab's title: a spaced separator, or one Chinese and Japanese
sites write unspaced (`…が受賞：朝日新聞デジタル`, `…找对象_智能_好奇心日报`, `…」:phpspot`)."""
_WORDS = re.compile(r"[\W_]+")
_LAST_PART = re.compile(rf"^(?P<rest>.+?)\s{_SEPARATOR}(?P<name>[^-|–—:·•»]{{1,40}})$")
"""A headline and, behind the last separator, what may be the site's name."""
_DATED_END = re.compile(rf"^(?P<rest>.+?)\s{_SEPARATOR}\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{2,4}}$")
"""A headline, maybe the site's name, and a date behind a last separator."""
_DOMAIN_END = re.compile(r"\.[a-z]{2,6}$", re.IGNORECASE)
_HEADING = re.compile(r"#{1,6}\s+(.+)")
_FURNITURE = re.compile(r"comment|respond|newsletter|signup|sign-up|subscri", re.IGNORECASE)
"""What a comment form's or a newsletter sign-up's box is called (WordPress's `respond`)."""
_BOX_DEPTH = 3
"""Elements around a heading that may be its box: farther out, a page's `<body>` may be
called `has-comments` around the story too."""
_NOT_NAMES = frozenset({"www", "com", "org", "net", "edu", "gov", "co", "uk"})
"""Parts of a host name that name no site."""
_AT_LEAST = 3
"""Words a heading or tab title needs before it can replace the extracted title: shorter
ones are labels (`Lorem`, `Introduction`)."""


def page_headline(tree, title: str | None, sites: tuple[str | None, ...], text: str) -> str | None:
    """The story's headline: `title` (from the extractor) unless the page says otherwise.

    `tree` is the page's parsed HTML (None when it cannot be parsed), `sites` the site's
    names (its name, its host) and `text` the extracted article as Markdown."""
    if not title or tree is None:
        return title
    tab = _tab_title(tree)
    names = _names(sites)
    if _is_logo(tree, title):
        page = _site_in_tab(title, tab) or without_any_site(without_site(tab, names))
        return page if page and page != title else title
    title = without_site(title, names)
    headings = _headings(text, tree)
    headed = _heading_part(title, headings)
    if headed:
        return headed  # the page's heading, and the site's name glued to it in the title
    named = _site_in_tab(title, tab)
    if named:
        return named
    if not tab or _key(title) in _key(tab):
        return title
    tab = without_site(tab, names)
    heading = _named_heading(headings, tab)
    if heading:
        return heading  # a section's label or a promotion took the title; the story's own
    if (
        any(_key(name) in _key(title) and _key(name) not in _key(tab) for name in names)
        and len(_key(tab).split()) >= _AT_LEAST
        and not _significant(title) & _significant(tab)
    ):
        return tab  # the site's tagline took the title
    if tab and _in_furniture(tree, title):
        return tab  # a comment form's heading or a newsletter's took it
    return title


def _headings(text: str, tree) -> list[str]:
    """The article's first heading and the page's `<h1>`…`<h3>`, in order."""
    found = (" ".join(h.text_content().split()) for h in tree.iter("h1", "h2", "h3"))
    return [heading for heading in (_first_heading(text), *found) if heading]


def _heading_part(title: str, headings: list[str]) -> str | None:
    """A heading the title is made of, with a shorter part (the site's name) after a
    separator or before it: `…が受賞：朝日新聞デジタル` over the page's `…が受賞`."""
    parts = [part for part in _PARTS.split(title) if part.strip()]
    if len(parts) < 2:
        return None
    for heading in headings:
        key = _key(heading)
        for whole, rest in ((parts[:-1], parts[-1]), (parts[1:], parts[0])):
            joined = _key(" ".join(whole))
            if key == joined and count_words(heading) > count_words(rest):
                return heading
    return None


def _site_in_tab(title: str, tab: str) -> str | None:
    """The tab's longest part, when the title is a shorter last part: the name the tab
    gives the site (`…找对象_智能_好奇心日报`, its logo). Not a first part: Medium's tab
    is the headline, then the publication's longer name."""
    parts = [part.strip() for part in _PARTS.split(tab) if _key(part).strip()]
    if len(parts) < 2 or _key(title) != _key(parts[-1]):
        return None
    longest = max((part for part in parts if _key(part) != _key(title)), key=count_words)
    return longest if count_words(longest) > count_words(title) else None


def without_any_site(title: str) -> str:
    """`Indie Hacking Year 1 Review - Tim Wong` → `Indie Hacking Year 1 Review`: whatever
    short name stands behind a separator at the end, the site's or not."""
    return _SITE_SUFFIX.sub("", title)


def without_site(title: str, names: list[str]) -> str:
    """`How to Build a Terrarium | eHow` → `How to Build a Terrarium`: the site's name
    glued before or after a headline, where it stands apart behind a separator, also with
    its domain's end (`| MODEPILOT.de` for Modepilot) or a date after it (`| DW |
    10.06.2013`)."""
    dated = _DATED_END.match(title)
    if dated and names:
        shorter = without_site(dated.group("rest"), names)
        if shorter != dated.group("rest"):
            return shorter
    for name in (re.escape(name) for name in names if _key(name).strip()):
        for pattern in (
            rf"^{name}{_SEPARATOR}(?P<rest>.+)$",
            rf"^(?P<rest>.+?)\s{_SEPARATOR}{name}\W*$",
        ):
            found = re.match(pattern, title, re.IGNORECASE)
            if found and _key(found.group("rest")).strip():
                return found.group("rest").strip()
    last = _LAST_PART.match(title)
    squeezed = {_squeezed(form) for name in names for form in (name, _DOMAIN_END.sub("", name))}
    squeezed -= {""}
    named = _squeezed(_DOMAIN_END.sub("", last.group("name"))) if last else ""
    if last and named in squeezed and _key(last.group("rest")).strip():
        return last.group("rest").strip()  # `US News` for usnews.com, spaced as the site does
    return title


def _squeezed(text: str) -> str:
    return _WORDS.sub("", text.casefold())


def site_names(url: str | None) -> list[str]:
    """What a title may call the site at `url`: `www.techcrunch.com` is `techcrunch.com`
    or `TechCrunch`."""
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:  # `http://[oops`
        return []
    labels = [label for label in host.split(".") if len(label) > 2 and label not in _NOT_NAMES]
    return [host.removeprefix("www."), *labels] if host else []


def _names(sites: tuple[str | None, ...]) -> list[str]:
    """`www.ehow.com` is named `ehow.com` in titles, or `eHow`: a host's own label."""
    names = [" ".join(site.split()).removeprefix("www.") for site in sites if site]
    hosts = [name for name in names if "." in name and " " not in name]
    labels = [label for host in hosts for label in site_names(f"http://{host}")]
    return [name for name in (*names, *labels) if _key(name).strip()]


def _tab_title(tree) -> str:
    """The first `<title>` with words, not an SVG icon's."""
    for element in tree.iter("title"):
        if any(parent.tag == "svg" for parent in element.iterancestors()):
            continue
        words = " ".join((element.text_content() or "").split())
        if words:
            return words
    return ""


def _is_logo(tree, title: str) -> bool:
    """The title is a page's `<h1>` that links to the site's home page: its logo (2 of the
    181 pages of the Scrapinghub benchmark)."""
    return any(
        " ".join(h1.text_content().split()) == title and _links_home(h1) for h1 in tree.iter("h1")
    )


def _in_furniture(tree, title: str) -> bool:
    """Each heading that says the title sits in a comment form or a newsletter's sign-up
    (`Join the Discussion Cancel reply`, `Get Slate in your inbox.`), none in the story."""
    said = [
        heading
        for heading in tree.iter("h1", "h2", "h3", "h4")
        if " ".join(heading.text_content().split()) == title
    ]
    return bool(said) and all(
        any(
            _FURNITURE.search(f"{box.get('id', '')} {box.get('class', '')}")
            for box in itertools.islice(heading.iterancestors(), _BOX_DEPTH)
        )
        for heading in said
    )


def _links_home(h1) -> bool:
    """The heading is, or is inside, a link to the site's home page."""
    for link in (*h1.iterancestors("a"), *h1.iter("a")):
        href = (link.get("href") or "").strip()
        try:
            parts = urlsplit(href)
        except ValueError:  # `http://[oops`: no address at all
            continue
        if href in ("/", "./", "/index.html") or (parts.netloc and parts.path in ("", "/")):
            return True
    return False


def _named_heading(headings: list[str], tab: str) -> str | None:
    """The first of the headings (the article's, then the page's) that the tab's title
    names: most of the tab's words, in order (a Chinese or Japanese heading's counted by
    its characters, as minutes to read count them)."""
    named = _key(tab)
    wanted = max(_AT_LEAST, len(named.split()) // 2)
    for heading in headings:
        key = _key(heading)
        if count_words(key) >= wanted and key in named:
            return heading
    return None


def _first_heading(text: str) -> str | None:
    """The extracted article's first line, when it is a heading."""
    from termnews.library.markdown_blocks import inline_plain  # markdown-it: with pages only

    first = next((line for line in text.split("\n") if line.strip()), "")
    found = _HEADING.match(first.strip())
    return " ".join(inline_plain(found.group(1)).split()) if found else None


def _key(text: str) -> str:
    """Words only, folded: `Allergy!` and `allergy` compare equal."""
    return " " + " ".join(_WORDS.sub(" ", text.casefold()).split()) + " "


def _significant(text: str) -> set[str]:
    """The longer words, which two titles of one story share and a tagline does not."""
    return {word for word in _key(text).split() if len(word) > 3}
