"""Provides Rich Text builders for article data, which is untrusted and never markup."""

from __future__ import annotations

from rich.text import Text

from termnews.formatting import meta_line
from termnews.library import ArticleMeta
from termnews.library.clean import strip_unsafe

CAMERA = "📷 "


def plain(text: str, style: str = "") -> Text:
    """Literal text: `[b]` stays `[b]` and control characters are dropped."""
    return Text(strip_unsafe(text).replace("\n", " "), style=style)


def article_header(
    meta: ArticleMeta,
    updated: str | None = None,
    note: str | None = None,
) -> tuple[Text, Text]:
    line = meta_line(meta, updated=updated, note=note)
    return plain(meta.title, "bold"), plain(line)
