"""Provides the whole article for a feed item whose feed gives only a summary: its link is
fetched and extracted, and the item file gets the article (the summary kept beside it)."""

from __future__ import annotations

from pathlib import Path

import yaml

from termnews.library.clean import count_words
from termnews.library.frontmatter import front_matter
from termnews.net import Client, FetchError
from termnews.pages.save import NotAPage, extract, fetch_page
from termnews.paths import write_atomically


def add_full_text(path: Path, client: Client) -> str | None:
    """Rewrite the item file with the full article; returns why it kept the summary (then
    written into the file as `full_text_error`, for the reader to show), or None."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        return "not a feed item file"
    head, _, body = text[4:].partition("\n---\n")
    fields = yaml.safe_load(head) or {}
    if not isinstance(fields, dict):
        return "not a feed item file"
    link = fields.get("url")
    reason = None
    page: dict = {}
    if not isinstance(link, str) or not link:
        reason = "the item has no link"
    else:
        try:
            data, final = fetch_page(client, link)
            page, article = extract(data, final)
        except (FetchError, NotAPage) as error:
            reason = f"the article could not be fetched ({error})"
        else:
            if count_words(article) < count_words(body):
                reason = "the page had less text than the feed's summary"
    if reason is None:
        fields.pop("full_text_error", None)
        fields["summary"] = body.strip()
        if page.get("standfirst"):
            fields["standfirst"] = page["standfirst"]
        write_atomically(path, front_matter(fields) + "\n" + article + "\n")
    else:
        fields["full_text_error"] = reason
        write_atomically(path, front_matter(fields) + "\n" + body.lstrip("\n"))
    return reason
