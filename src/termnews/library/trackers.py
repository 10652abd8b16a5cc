"""Provides addresses without the parameters that only tell a site who clicked: a feed's
links carry them (`?utm_source=rss`, Medium's `?source=rss----…`), and they make a story's
address long in the meta line and a copied link tell on the reader, as Miniflux strips them."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

# fmt: off
_NAMES = frozenset({
    "fbclid", "fb_action_ids", "fb_action_types", "fb_ref", "fb_source", "fb_comment_id",
    "gclid", "dclid", "gbraid", "wbraid", "gclsrc", "srsltid", "msclkid", "yclid", "ysclid",
    "twclid", "igshid", "mc_cid", "mc_eid", "mc_tc", "_hsenc", "_hsmi", "__hssc", "__hstc",
    "__hsfp", "hsctatracking", "mkt_tok", "sc_cid", "_bhlid", "oly_anon_id", "oly_enc_id",
    "rb_clickid", "vero_id", "vero_conv", "wickedid", "_branch_match_id", "_branch_referrer",
    "__readwiselocation", "_openstat", "pk_campaign", "pk_kwd", "pk_source", "pk_medium",
    "pk_content",
})
"""Click identifiers of Facebook, Google, Microsoft, Yandex, Twitter, Instagram, Mailchimp,
HubSpot, Marketo, Beehiiv, Piwik and others: they name a click, never a page."""
# fmt: on
_PREFIXES = ("utm_", "mtm_", "hmb_", "itm_")
"""Campaign tags (Google's UTM, Matomo's, Humble Bundle's)."""
_MARKDOWN_LINK = re.compile(r"(\]\()(https?://[^\s)]*\?[^\s)]*)(\))")


def untracked(url: str | None, hosts: tuple[str, ...] = ()) -> str | None:
    """The address without tracking parameters; the rest of it exactly as it was. `ref`
    goes only when it names one of `hosts` (without `www.`: the feed's own, as Ghost adds
    `?ref=its.host` to the links a post makes), Medium's `source` only when it says `rss…`."""
    if not url or "?" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.query:
        return url
    pairs = [pair for pair in parts.query.split("&") if pair]
    kept = [pair for pair in pairs if not _tracking(pair, hosts)]
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query="&".join(kept)))


def _tracking(pair: str, hosts: tuple[str, ...]) -> bool:
    name, _, value = pair.partition("=")
    name = unquote_plus(name).casefold()
    if name in _NAMES or name.startswith(_PREFIXES):
        return True
    value = unquote_plus(value).casefold()
    if name == "source":
        return value.startswith("rss")
    return name == "ref" and value.removeprefix("www.") in hosts


def untracked_links(markdown: str, hosts: tuple[str, ...] = ()) -> str:
    """Markdown whose links (`[words](address)`) lost their tracking parameters."""
    if "?" not in markdown:
        return markdown
    return _MARKDOWN_LINK.sub(
        lambda match: match[1] + (untracked(match[2], hosts) or "") + match[3], markdown
    )
