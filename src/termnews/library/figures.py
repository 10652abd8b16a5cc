"""Provides a figure's caption given to its picture before the extractor reads the page.

trafilatura writes a picture as `![alt](src)` and its `<figcaption>` as a paragraph of the
story: of 169 real pages with captions, 107 captions read as the story's paragraphs (a
space.com story said `An artist's concept of Blue Origin's Blue Moon lander` between two
of its own). The reader sets a picture's words apart as its caption, so the caption goes
into the picture's alt text: what the page shows under the picture, not what it says to
those who cannot see it.
"""

from __future__ import annotations

_CAPTIONED = "//figure[.//figcaption][.//img[@src]][not(ancestor::a)]"
"""Figures with a caption and a picture; not a teaser card, a link around its figure."""
_LONGEST = 600
"""Characters of a caption at most: more is an article laid out in a figure."""


def captioned_figures(tree) -> list:
    """The figures with one picture and a caption to give it."""
    try:
        figures = tree.xpath(_CAPTIONED)
    except (ValueError, TypeError):
        return []
    return [figure for figure in figures if _parts(figure) is not None]


def caption_pictures(figures: list) -> None:
    """Each figure's caption becomes its picture's alt text, and leaves the figure."""
    for figure in figures:
        parts = _parts(figure)
        if parts is None:
            continue
        picture, caption = parts
        picture.set("alt", _text(caption))
        caption.drop_tree()


def _parts(figure):
    pictures = [img for img in figure.iter("img") if _shown(img.get("src", ""))]
    captions = list(figure.iter("figcaption"))
    if len(pictures) != 1 or len(captions) != 1:
        return None
    text = _text(captions[0])
    if not text or len(text) > _LONGEST:
        return None
    return pictures[0], captions[0]


def _text(caption) -> str:
    """The caption's words, its parts spaced (`<span>…last week.</span><span>Credit…</span>`
    ran together)."""
    return " ".join(" ".join(caption.itertext()).split())


def _shown(src: str) -> bool:
    """A picture the extractor keeps: an address, not a placeholder written inline."""
    src = src.strip()
    return bool(src) and not src.startswith("data:")
