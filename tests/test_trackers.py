"""Links without their tracking parameters: the addresses are as real feeds gave them
(NetNewsWire's test feeds, the WordPress fixture), and the rest of each address stays."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termnews.feeds.convert import html_to_markdown
from termnews.feeds.items import item_text
from termnews.feeds.parse import parse_feed
from termnews.library.trackers import untracked

from .test_feeds import FEEDS


@pytest.mark.parametrize(
    ("served", "kept"),
    [
        (  # Medium's feeds (EMarley.rss)
            "https://medium.com/@emarley/betterment-e0ef45fcd284?source=rss-b4981c59ffa5------2",
            "https://medium.com/@emarley/betterment-e0ef45fcd284",
        ),
        (  # a Gift link pasted into a post (markdown2.rss): the gift is no tracker
            "https://www.theatlantic.com/politics/archive/2025/10/canada-us-foreign-policy-trump"
            "/684719/?gift=f35zZN0v&utm_source=copy-link&utm_medium=social&utm_campaign=share",
            "https://www.theatlantic.com/politics/archive/2025/10/canada-us-foreign-policy-trump"
            "/684719/?gift=f35zZN0v",
        ),
        (  # macworld.rss: the shop's own parameter stays, in its place
            "https://shop.macworld.com/sales/windscribe-vpn?utm_source=macworld.com&utm_medium="
            "referral&utm_campaign=windscribe-vpn&utm_term=scsf-265173&scsonar=1",
            "https://shop.macworld.com/sales/windscribe-vpn?scsonar=1",
        ),
        (  # KatieFloyd.rss
            "http://www.katiefloyd.com/blog/snooze?utm_source=Katie%20Floyd&utm_medium=Blog"
            "&utm_campaign=Katie%20Floyd%20Snooze#more",
            "http://www.katiefloyd.com/blog/snooze#more",
        ),
        ("https://x.example/a?fbclid=IwAR0x&p=2&gclid=Cj0", "https://x.example/a?p=2"),
        ("https://x.example/a?UTM_Source=rss", "https://x.example/a"),
        ("https://ghost.example/post/?ref=ghost.example", "https://ghost.example/post/"),
        # kept: a `ref` that names no feed (rose.json), a `source` that is no feed's,
        # a parameter a tracker's name begins with but is no tracker's
        ("https://x.example/shortcut?ref=16", "https://x.example/shortcut?ref=16"),
        ("https://x.example/s?q=a+b&source=web", "https://x.example/s?q=a+b&source=web"),
        ("https://x.example/a?utmost=1", "https://x.example/a?utmost=1"),
        ("https://x.example/a", "https://x.example/a"),
        ("http://[oops?utm_source=x", "http://[oops?utm_source=x"),
    ],
)
def test_tracking_parameters_go_and_the_rest_stays(served: str, kept: str) -> None:
    assert untracked(served, ("ghost.example",)) == kept


@given(st.text(alphabet="ab=&?#%/:.u_tmsourcef", max_size=40))
def test_untracking_is_done_once_and_only_shortens(tail: str) -> None:
    url = "https://x.example/p" + tail
    once = untracked(url)
    assert once is not None and len(once) <= len(url)
    assert untracked(once) == once


def test_a_feed_item_s_address_and_its_links_lose_their_trackers() -> None:
    """The WordPress fixture's entries link `?utm_source=rss&utm_medium=rss&…`; the item
    keeps its identity (the address as served), so nothing fetched before comes again."""
    items = parse_feed((FEEDS / "atom_wordpress.xml").read_bytes(), "https://x.example/").items
    assert items and all("utm_" in (item.served or "") for item in items)
    text = item_text(
        items[0], section=("Feeds", "A"), source="A", feed_url="https://appsemble.com/feed/",
        fetched=dt.datetime(2026, 11, 29, tzinfo=dt.UTC),
    )  # fmt: skip
    assert 'url: "https://appsemble.com/low-code/"' in text
    assert items[0].identity.endswith(
        "/low-code/?utm_source=rss&utm_medium=rss&utm_campaign=low-code"
    )
    body = html_to_markdown(
        '<p>See <a href="https://ghost.example/b?ref=ghost.example&amp;x=1">this</a>.</p>',
        links=["https://ghost.example/a"],
    )
    assert body == "See [this](https://ghost.example/b?x=1)."
