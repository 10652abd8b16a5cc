"""Provides Rich Text builders for article data, which is untrusted and never markup."""

from __future__ import annotations

from rich.text import Text

from termnews.formatting import meta_line
from termnews.library import Article, ArticleMeta
from termnews.library.clean import strip_unsafe

CAMERA = "📷 "


def plain(text: str, style: str = "") -> Text:
    """Literal text: `[b]` stays `[b]` and control characters are dropped."""
    return Text(strip_unsafe(text).replace("\n", " "), style=style)


def article_header(meta: ArticleMeta) -> tuple[Text, Text]:
    return plain(meta.title, "bold"), plain(meta_line(meta))


def captions(article: Article) -> Text:
    text = Text()
    for index, caption in enumerate(article.captions):
        if index:
            text.append("\n")
        text.append(CAMERA)
        text.append(plain(caption))
    return text


def paragraphs(article: Article) -> Text:
    """Paragraphs separated by a blank line, one Text so that it wraps as prose."""
    return Text("\n\n").join(plain(paragraph) for paragraph in article.paragraphs)
