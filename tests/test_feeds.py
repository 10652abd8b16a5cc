"""Feeds: real feeds served by a real HTTP server on 127.0.0.1, fetched into item files.

The feed documents in fixtures/feeds are real (see its README); broken variants are made
from them byte by byte (an undeclared Latin-1 re-encoding, a truncation).
"""

from __future__ import annotations

import gzip
import html
import json
import resource
import time
from pathlib import Path

import pytest
import yaml

import termnews.feeds.service as service_module
from termnews.feeds.convert import html_to_markdown
from termnews.feeds.fetch import Fetcher
from termnews.feeds.items import read_identity
from termnews.feeds.ledger import LEDGER_FILE, FeedLedger
from termnews.feeds.opml import read_opml
from termnews.feeds.parse import NotAFeed, parse_feed
from termnews.feeds.service import FeedService
from termnews.feeds.subscriptions import (
    Subscription,
    SubscriptionError,
    add_subscription,
    load_subscriptions,
    parse_duration,
)
from termnews.formatting import meta_line
from termnews.library import TrailerRules
from termnews.library.parse import read_article
from termnews.net import Client, FetchError
from termnews.paths import slug

from .feedserver import FeedServer, Route

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
PAGES = Path(__file__).parent / "fixtures" / "pages"
RSS = "application/rss+xml"


def feed(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def items_of(service: FeedService) -> list[Path]:
    return sorted(service.feeds_dir.glob("*/*.md"))


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text().split("---\n")[1])


# Parsing real feeds

# name, items in the document, distinct items (a repeated GUID is one item), kind
REAL = [
    ("bbc_news_2024.xml", 54, 53, "rss20"),
    ("bbc_world_2019.xml", 33, 33, "rss20"),
    ("cnn_2024.xml", 69, 69, "rss20"),
    ("nyt_world_2024.xml", 60, 60, "rss20"),
    ("podcast_archive_org.xml", 1, 1, "rss20"),
    ("atom_jekyll_airdcpp.xml", 2, 2, "atom10"),
    ("atom_wordpress.xml", 2, 1, "atom10"),
    ("rdf_uchicago.xml", 2, 2, "rss10"),
    ("microblog.json", 1, 1, "json"),
    ("guardian_uk_2025.xml", 2, 2, "rss20"),
    ("mastodon_2022.xml", 2, 2, "rss20"),
]


def page_with_head(*tags: bytes) -> bytes:
    """A web page whose <head> holds these tags, for feed discovery."""
    return b"<!doctype html><html><head>" + b"".join(tags) + b"</head><body>Hello</body></html>"


@pytest.mark.parametrize(("name", "in_feed", "distinct", "kind"), REAL)
def test_real_feeds_give_every_item(name: str, in_feed: int, distinct: int, kind: str) -> None:
    parsed = parse_feed(feed(name), "https://example.org/feed")
    assert parsed.kind == kind
    assert len(parsed.items) == distinct
    assert all(item.title and item.identity for item in parsed.items)
    assert len({item.identity for item in parsed.items}) == distinct
    raw = feed(name)
    assert raw.count(b"<item") + raw.count(b"<entry") + raw.count(b'"id":') >= in_feed


def test_an_untitled_item_is_named_by_its_first_paragraph() -> None:
    """Mastodon gives its posts no title: the first paragraph stands as one, shown as the
    post shows it, the part of a link Mastodon hides left out."""
    items = parse_feed(feed("mastodon_2022.xml"), "https://mastodon.social/@pdxjohnny.rss").items
    assert [item.title for item in items] == ["RSS VEX feeds?", "The Alice thread continues!"]


@pytest.mark.parametrize(
    ("html", "title"),
    [
        ("<p>Hi</p><p>all of you out there</p>", "Hi all of you out there"),
        (
            '<p>Read <a href="https://a.example/x"><span class="invisible">https://</span>'
            '<span class="ellipsis">a.example/2026/05/a-long-</span><span class="invisible">'
            "address</span></a> now</p>",
            "Read a.example/2026/05/a-long-… now",
        ),
        ("<p>" + "word " * 40 + "</p>", ("word " * 16).strip() + "…"),
        ("<p>" + "x" * 120 + "</p>", "x" * 80 + "…"),
        # Japanese (an NHK story's sentences, fixtures/real/nhk): no spaces, two columns a
        # character; the title was the first 80 characters of every paragraph run together
        (
            "<p>内訳を見ますと、現職が78人、元市長が３人、新人が112人です。女性は27人となって"
            "います。</p><p>県庁所在地では</p>",
            "内訳を見ますと、現職が78人、元市長が３人、新人が112人です。…",
        ),
        (
            "<p>４年に１度の統一地方選挙は、14日、政令指定都市以外の市と東京の特別区で、97の"
            "市区長選挙と、314の市と区の議員選挙が告示されました。</p>",
            "４年に１度の統一地方選挙は、14日、政令指定都市以外の市と東京の特別区で、97の市区…",
        ),
    ],
)
def test_a_made_up_title_is_short(html: str, title: str) -> None:
    rss = (
        "<rss version='2.0'><channel><title>T</title><item><link>https://x.example/1</link>"
        f"<description>{html.replace('&', '&amp;').replace('<', '&lt;')}</description>"
        "</item></channel></rss>"
    )
    [item] = parse_feed(rss.encode(), "https://x.example/feed").items
    assert item.title == title


def test_atom_relative_links_are_made_absolute() -> None:
    parsed = parse_feed(feed("atom_jekyll_airdcpp.xml"), "https://airdcpp-web.github.io/feed.xml")
    assert 'href="https://airdcpp-web.github.io/docs/installation/linux-binaries.html"' in (
        parsed.items[1].html
    )


def test_media_description_is_a_caption_not_the_story() -> None:
    items = parse_feed(feed("nyt_world_2024.xml"), "https://nyt.example/").items
    item = next(i for i in items if "River to the Sea" in i.title)
    assert item.html.startswith("A judge said the phrase")
    assert item.caption.startswith("A pro-Gaza rally in Berlin") and "EPA" in item.caption


@pytest.mark.parametrize(
    ("name", "widest"),
    [("cnn_2024.xml", "-super-169."), ("guardian_uk_2025.xml", "?width=460&")],
)
def test_a_pictures_renditions_are_one_attachment(name: str, widest: str) -> None:
    """CNN lists eleven sizes of each picture in a media:group, the Guardian two: the
    widest stands for the picture."""
    items = parse_feed(feed(name), "https://example.org/feed").items
    assert all(len(item.enclosures) == 1 for item in items)
    assert all(widest in item.enclosures[0].url for item in items)


def test_a_gallerys_pictures_stay_apart() -> None:
    pictures = "".join(
        f'<media:content medium="image" width="{width}" url="https://x.example/{name}"/>'
        for width, name in [
            (800, "2026-05-01-protest-in-paris-1.jpg"),
            (800, "2026-05-01-protest-in-paris-2.jpg"),
            (1024, "wp/2026/05/crowd-at-the-bastille-1024x683.jpg"),
            (300, "wp/2026/05/crowd-at-the-bastille-300x200.jpg"),
        ]
    )
    rss = (
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T'
        f"</title><item><title>Paris</title><link>https://x.example/a</link>{pictures}"
        "</item></channel></rss>"
    )
    [item] = parse_feed(rss.encode(), "https://x.example/feed").items
    assert [e.url.rsplit("/", 1)[-1] for e in item.enclosures] == [
        "2026-05-01-protest-in-paris-1.jpg",
        "2026-05-01-protest-in-paris-2.jpg",
        "crowd-at-the-bastille-1024x683.jpg",
    ]


def test_podcast_enclosure_is_listed(service: FeedService, server: FeedServer) -> None:
    server.routes["/pod"] = Route(feed("podcast_archive_org.xml"))
    service.add(server.url("/pod"))
    text = items_of(service)[0].read_text()
    assert "**Attachments**" in text and "(audio/mpeg, 253.1 MB)" in text
    assert "- [LIVRO COMPLETO - 40%-20%-15%.mp3](https://" in text  # its name, unquoted


def test_an_attachment_is_named_by_its_file_without_the_query(service, server) -> None:
    server.routes["/g"] = Route(feed("guardian_uk_2025.xml"))
    service.add(server.url("/g"))
    text = items_of(service)[0].read_text()
    assert "- [6720.jpg](https://i.guim.co.uk/img/media/" in text


def test_json_feed_1_1(service: FeedService, server: FeedServer) -> None:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Mom's Feed",
        "home_page_url": "https://pence.family/~mom/",
        "items": [
            {
                "id": "1",
                "url": "posts/1",
                "content_html": "<p>Hi <script>alert(1)</script><b>there</b></p>",
                "date_published": "2026-09-01T10:00:00-05:00",
                "authors": [{"name": "Mom"}],
                "tags": ["family"],
            },
            {"id": "2", "content_text": "No title here, just words to read."},
        ],
    }
    server.routes["/f.json"] = Route(
        json.dumps(document).encode(), content_type="application/feed+json"
    )
    added = service.add(server.url("/f.json"))
    assert added.title == "Mom's Feed" and added.items == 2
    first, second = (front(p) for p in items_of(service))
    assert first["url"] == "https://pence.family/~mom/posts/1" and first["author"] == "Mom"
    assert first["date"] == "2026-09-01T10:00:00-05:00"
    assert second["title"] == "No title here, just words to read."
    assert "alert" not in items_of(service)[0].read_text()


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(
            lambda b: b.replace(b'encoding="UTF-8"', b"").decode().encode("latin-1", "replace"),
            id="undeclared-latin-1",
        ),
        pytest.param(lambda b: b"\n" + b, id="leading-newline"),
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(
            lambda b: b.replace(b"Labour", b"Labour &nbsp; &eacute;"), id="undefined-entities"
        ),
    ],
)
def test_broken_real_feeds_still_give_items(broken) -> None:
    parsed = parse_feed(broken(feed("bbc_news_2024.xml")), "https://bbc.example/")
    assert len(parsed.items) >= 20


@pytest.mark.parametrize(
    "path",
    sorted((FEEDS / "undeclared").glob("*.xml")),
    ids=lambda path: path.stem,
)
def test_a_feed_that_names_no_encoding_reads_in_its_own(path: Path) -> None:
    """As if the server had named it: feedparser alone (no chardet) reads such a feed as
    Windows-1252."""
    named = parse_feed(path.read_bytes(), "https://x.example/", f"text/xml; charset={path.stem}")
    parsed = parse_feed(path.read_bytes(), "https://x.example/")
    assert [(i.title, i.html) for i in parsed.items] == [(i.title, i.html) for i in named.items]
    assert parsed.items and not parsed.items[0].title.isascii()


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("<![CDATA[<b>Shares</b> &amp; bonds]]>", "Shares & bonds"),
        ("<![CDATA[Smith&#8217;s <em>view</em>]]>", "Smith\u2019s view"),
        ("AT&amp;amp;T to cut jobs", "AT&T to cut jobs"),
        ("Headline that\n    goes on a second line", "Headline that goes on a second line"),
    ],
)
def test_a_title_is_plain_text(title: str, shown: str) -> None:
    """RSS titles with markup (feedparser calls them HTML) lose their tags and have their
    entities read; a title over two lines is one line."""
    rss = (
        f'<rss version="2.0"><channel><title>T</title><item><title>{title}</title>'
        "<link>https://x.example/1</link></item></channel></rss>"
    )
    assert parse_feed(rss.encode(), "https://x.example/").items[0].title == shown


def test_atom_titles_by_their_type() -> None:
    entries = (
        '<entry><title type="html">Q&amp;amp;A: &lt;em&gt;why&lt;/em&gt;</title><id>1</id></entry>'
        "<entry><title>The &lt;blink&gt; tag</title><id>2</id></entry>"
    )
    atom = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>{entries}</feed>'
    items = parse_feed(atom.encode(), "https://x.example/").items
    assert [item.title for item in items] == ["Q&A: why", "The <blink> tag"]


SUBSTACK_END = (  # how a Substack post's content ends in its feed (nosaj.substack.com)
    "<p><em>Thanks as always for reading &#8211; I appreciate all of you &lt;3</em></p>"
    '<div class="subscription-widget-wrap" data-attrs="{&quot;url&quot;:&quot;https://nosaj'
    '.substack.com/subscribe?&quot;,&quot;text&quot;:&quot;Subscribe&quot;}"><div class="su'
    'bscription-widget show-subscribe"><div class="preamble"><p class="cta-caption">Subscribe'
    ' for free to receive new posts and support my work.</p></div><form class="subscription-'
    'widget-subscribe"><input type="email" class="email-input" name="email" placeholder="Typ'
    'e your email&#8230;" tabindex="-1"><input type="submit" class="button primary" value="S'
    'ubscribe"><div class="fake-input-wrapper"><div class="fake-input"></div><div class="fak'
    'e-button"></div></div></form></div></div>'
    '<p class="button-wrapper" data-component-name="ButtonCreateButton"><a class="button pri'
    'mary" href="https://nosaj.substack.com/p/consistency?utm_source=substack&amp;action=sh'
    'are"><span>Share</span></a></p>'
)


def test_a_newsletters_own_buttons_and_sign_up_form_are_left_out() -> None:
    markdown = html_to_markdown(SUBSTACK_END)
    assert markdown == "*Thanks as always for reading \u2013 I appreciate all of you <3*"


def test_wordpress_s_line_under_every_item_is_left_out() -> None:
    html = (
        "<p>The lab will train <b>200 engineers</b> a year.</p><p>The post <a href="
        '"https://news.example/a">Lab opens</a> appeared first on <a href="https://news.'
        'example/">Example News</a>.</p>'
    )
    assert html_to_markdown(html) == "The lab will train **200 engineers** a year."
    kept = "<p>The post office appeared first on the map.</p><p>Then the bank.</p>"
    assert "post office" in html_to_markdown(kept)


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        (  # to the picture's full size: the picture alone
            '<a href="https://substackcdn.com/image/fetch/w_2400/https%3A%2F%2Fs3.example%2F'
            'a_2160x1542.png"><img src="https://substackcdn.com/w_1100/a.png" alt="A chart"></a>',
            "[A chart](https://substackcdn.com/w_1100/a.png)",
        ),
        (  # elsewhere: a link labelled with what the picture shows
            '<a href="https://news.example/story"><img src="https://news.example/t.jpg" '
            'alt="Related: the March figures"></a>',
            "[Related: the March figures](https://news.example/story)",
        ),
    ],
)
def test_a_picture_in_a_link_is_one_link(html: str, markdown: str) -> None:
    assert html_to_markdown(html) == markdown


def test_a_guid_repeated_for_different_links_is_two_items() -> None:
    rss = (
        '<rss version="2.0"><channel><title>T</title>'
        "<item><title>One</title><guid>same</guid><link>https://x.example/1</link></item>"
        "<item><title>Two</title><guid>same</guid><link>https://x.example/2</link></item>"
        "<item><title>One again</title><guid>same</guid><link>https://x.example/1</link></item>"
        "</channel></rss>"
    )
    items = parse_feed(rss.encode(), "https://x.example/feed").items
    assert [item.title for item in items] == ["One", "Two"]
    assert [item.identity for item in items] == [  # feedparser makes the GUID absolute
        "https://x.example/same https://x.example/1",
        "https://x.example/same https://x.example/2",
    ]


def test_an_html_page_or_garbage_is_not_a_feed() -> None:
    with pytest.raises(NotAFeed):
        parse_feed(b"<!doctype html><html><body>Hello</body></html>", "https://x.example/")
    with pytest.raises(NotAFeed):
        parse_feed(b'{"not": "a feed"}', "https://x.example/")


def test_an_entity_bomb_does_not_blow_up() -> None:
    bomb = '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY e0 "lol">\n'
    for level in range(1, 10):
        bomb += f'<!ENTITY e{level} "' + f"&e{level - 1};" * 10 + '">\n'
    bomb += ']><rss version="2.0"><channel><title>B</title><item><title>&e9;</title></item></channel></rss>'
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    try:
        parsed = parse_feed(bomb.encode(), "https://bomb.example/")
        assert all(len(item.title) < 10_000 for item in parsed.items)
    except NotAFeed:
        pass
    assert time.monotonic() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # KB


# Fetching through a real server


def test_first_fetch_writes_items_and_the_second_gets_304(service, server) -> None:
    server.routes["/bbc"] = Route(feed("bbc_news_2024.xml"), etag='"v1"')
    added = service.add(server.url("/bbc"))
    assert added.title == "BBC News" and added.items == 53
    files = items_of(service)
    assert len(files) == 53 and all(f.parent.name == "bbc-news" for f in files)
    meta = front(files[0])
    assert meta["section"] == ["Feeds", "BBC News"] and meta["feed"] == server.url("/bbc")
    assert meta["guid"] and meta["fetched"]
    [result] = service.fetch(force=True)
    assert result.not_modified and not result.new
    assert server.requests[-1][1]["if-none-match"] == '"v1"'
    assert len(items_of(service)) == 53


def test_last_modified_and_gzip(service, server) -> None:
    when = "Thu, 08 Aug 2024 19:00:00 GMT"
    server.routes["/nyt"] = Route(feed("nyt_world_2024.xml"), last_modified=when, gzip=True)
    service.add(server.url("/nyt"))
    assert len(items_of(service)) == 60
    [result] = service.fetch(force=True)
    assert result.not_modified
    assert server.requests[-1][1]["if-modified-since"] == when
    assert "gzip" in server.requests[0][1]["accept-encoding"]


def test_a_feed_not_due_is_skipped_unless_forced(service, server) -> None:
    server.routes["/a"] = Route(feed("atom_jekyll_airdcpp.xml"))
    service.add(server.url("/a"))
    asked = len(server.requests)
    [result] = service.fetch()
    assert result.skipped and len(server.requests) == asked
    [result] = service.fetch(force=True)
    assert not result.skipped and len(server.requests) == asked + 1


def test_permanent_redirect_updates_the_subscription(service, server) -> None:
    server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    server.routes["/new"] = Route(feed("rdf_uchicago.xml"))
    service.add(server.url("/old"))
    service.fetch(force=True)
    assert [s.url for s in service.subscriptions()] == [server.url("/new")]
    assert len(items_of(service)) == 2  # nothing fetched twice under the new address


@pytest.mark.parametrize("status", [404, 410, 500])
def test_a_failing_feed_keeps_its_items_and_counts_errors(service, server, status) -> None:
    server.routes["/f"] = Route(feed("atom_jekyll_airdcpp.xml"))
    server.routes["/other"] = Route(feed("rdf_uchicago.xml"))
    service.add(server.url("/f"))
    service.add(server.url("/other"))
    server.routes["/f"] = Route(b"broken", status=status)
    results = service.fetch(force=True)
    failed = next(r for r in results if r.subscription.url.endswith("/f"))
    assert failed.error.startswith(f"HTTP {status}") and failed.errors == 1
    assert not next(r for r in results if r.subscription.url.endswith("/other")).error
    results = service.fetch(force=True)
    failed = next(r for r in results if r.subscription.url.endswith("/f"))
    assert failed.errors == 2 and "(2nd time)" in failed.summary()
    assert len(items_of(service)) == 4


def test_429_retry_after_sets_the_next_check(service, server) -> None:
    server.routes["/f"] = Route(feed("rdf_uchicago.xml"))
    service.add(server.url("/f"))
    server.routes["/f"] = Route(b"slow down", status=429, headers={"Retry-After": "7200"})
    before = time.time()
    service.fetch(force=True)
    record = service.ledger.feed(server.url("/f"))
    assert record.next_check >= before + 7000 and record.last_error.startswith("HTTP 429")


def test_a_slow_server_times_out(tmp_path, server) -> None:
    server.routes["/slow"] = Route(feed("rdf_uchicago.xml"), trickle=0.5)
    client = Client(connect_timeout=2, total_timeout=1)
    service = FeedService(tmp_path / "feeds.yaml", tmp_path / "feeds", tmp_path / "d", client)
    add_subscription(service.subscriptions_file, Subscription(server.url("/slow")))
    [result] = service.fetch(force=True)
    assert "timed out" in result.error
    service.close()


def test_a_body_over_the_cap_is_refused_also_when_compressed(tmp_path, server) -> None:
    big = b"<rss><channel>" + b"<item><title>x</title></item>" * 20_000 + b"</channel></rss>"
    server.routes["/big"] = Route(big, gzip=True)
    client = Client(max_bytes=100_000)
    assert len(gzip.compress(big)) < 100_000  # small on the wire, big once decompressed
    with pytest.raises(FetchError, match="too large"):
        client.get(server.url("/big"))
    client.close()


def test_only_http_and_https(service) -> None:
    with pytest.raises(FetchError, match="not an http"):
        service.add("file:///etc/passwd")


def test_addresses_no_url_parser_takes_are_errors_or_nothing(service, server) -> None:
    """`http://[oops` makes urlsplit and urljoin raise: as a feed's address, a redirect's
    Location, an item's link or a page's feed link it is said or passed over, never a
    traceback, and it costs no other item or link."""
    with pytest.raises(FetchError, match="not an address"):
        service.add("http://[oops/feed")
    server.routes["/moved"] = Route(status=302, headers={"Location": "http://[oops/x"})
    with pytest.raises(FetchError, match="redirected to what is not an address"):
        service.add(server.url("/moved"))
    server.routes["/feed"] = Route(
        b"<rss version='2.0'><channel><title>T</title>"
        b"<item><title>Bad link</title><link>http://[oops/x</link><description>One.</description>"
        b"</item><item><title>Good link</title><link>https://example.org/a</link></item>"
        b"</channel></rss>"
    )
    page = page_with_head(
        b"<base href='http://[oops'>",
        b'<link rel="alternate" type="application/rss+xml" href="http://[oops/rss">',
        b'<link rel="alternate" type="application/rss+xml" title="Good" href="/feed">',
    )
    server.routes["/"] = Route(page, content_type="text/html")
    added = service.add(server.url("/"))
    assert added.subscription.url == server.url("/feed")
    links = sorted(str(front(path).get("url")) for path in items_of(service))
    assert links == ["None", "https://example.org/a"]


def test_autodiscovery_subscribes_to_the_page_s_feed(service, server) -> None:
    page = page_with_head(
        b"<title>Blog</title>",
        b'<link rel="alternate" type="application/atom+xml" title="Atom" href="/feed.xml">',
        b'<link rel="alternate" type="application/rss+xml" title="RSS" href="/rss.xml">',
    )
    server.routes["/"] = Route(page, content_type="text/html")
    server.routes["/feed.xml"] = Route(
        feed("atom_jekyll_airdcpp.xml"), content_type="application/atom+xml"
    )
    added = service.add(server.url("/"))
    assert added.subscription.url == server.url("/feed.xml")
    assert added.others == [(server.url("/rss.xml"), "RSS")]


def test_a_story_announcing_only_its_comments_feed_gives_its_site_s(service, server) -> None:
    """The Political Insider's post (a WordPress page, as 13 of 368 real pages that announce
    feeds) announces only `… Comments Feed`; its site's home page announces the news."""
    post = gzip.decompress((PAGES / "postlight-www.thepoliticalinsider.com.html.gz").read_bytes())
    server.routes["/hillary-faithless-electors-more-than-trump/"] = Route(post, 200, "text/html")
    server.routes["/"] = Route(
        page_with_head(
            b'<link rel="alternate" type="application/rss+xml" title="Comments" href="/c/feed/">',
            b'<link rel="alternate" type="application/rss+xml" title="News" href="/feed/">',
        ),
        content_type="text/html",
    )
    server.routes["/feed/"] = Route(feed("atom_wordpress.xml"), 200, "application/atom+xml")
    added = service.add(server.url("/hillary-faithless-electors-more-than-trump/"))
    assert added.subscription.url == server.url("/feed/") and added.items
    assert [title for _, title in added.others] == [
        "The Political Insider » Hillary Clinton Gets More Faithless Electors Than Trump "
        "Comments Feed"
    ]


def test_a_slow_or_failing_home_page_leaves_the_comments_feed(service, server, monkeypatch) -> None:
    """The home page is asked only for a better feed: when it is slower than HOME_SECONDS,
    or fails, the page's own feed is subscribed to, as before."""
    monkeypatch.setattr(service_module, "HOME_SECONDS", 1.0)
    post = gzip.decompress((PAGES / "postlight-www.thepoliticalinsider.com.html.gz").read_bytes())
    comments = post.replace(b"http://www.thepoliticalinsider.com/", server.url("/").encode())
    server.routes["/story/"] = Route(comments, 200, "text/html")
    server.routes["/hillary-faithless-electors-more-than-trump/feed/"] = Route(
        feed("atom_wordpress.xml"), 200, "application/atom+xml"
    )
    for home in (Route(b"oops", 500, "text/plain"), Route(b"<html>", 200, "text/html", delay=5)):
        server.routes["/"] = home
        started = time.monotonic()
        added = service.add(server.url("/story/"))
        assert added.subscription.url.endswith("/hillary-faithless-electors-more-than-trump/feed/")
        assert time.monotonic() - started < 4
        service.remove(added.subscription.url)


def test_an_updated_item_rewrites_its_file_and_a_vanished_one_stays(service, server) -> None:
    original = feed("atom_jekyll_airdcpp.xml")
    server.routes["/f"] = Route(original)
    service.add(server.url("/f"))
    files = items_of(service)
    changed = original.replace(b"Add new form field types", b"Add new form field types and more")
    server.routes["/f"] = Route(
        changed.split(b"<entry>")[0] + b"<entry>" + changed.split(b"<entry>")[1] + b"</feed>"
    )
    [result] = service.fetch(force=True)
    assert len(result.updated) == 1 and not result.new
    assert items_of(service) == files  # the same files; the vanished item is kept
    rewritten = Path(result.updated[0])
    assert "and more" in rewritten.read_text() and front(rewritten)["updated"]
    article = read_article(rewritten, rewritten.name, TrailerRules.build())
    assert article.updated and " · updated " in meta_line(article.meta, updated=article.updated)
    # Filed under the feed's name, the item does not say that name twice.
    assert meta_line(article.meta).startswith("Feeds › AirDC++ Web Client · ")
    assert meta_line(article.meta).count("AirDC++ Web Client") == 1


def test_a_link_only_item_opens_on_its_link_and_counts_one_word(service, server) -> None:
    """Hacker News's feed: a title, the story's address, and a link to the comments."""
    server.routes["/hn"] = Route(
        b"<rss version='2.0'><channel><title>Hacker News</title><item>"
        b"<title>The US digital service</title>"
        b"<link>http://blog.samaltman.com/the-us-digital-service</link>"
        b"<comments>https://news.ycombinator.com/item?id=10060858</comments>"
        b"<description><![CDATA[<a href='https://news.ycombinator.com/item?id=10060858'>"
        b"Comments</a>]]></description></item></channel></rss>"
    )
    service.add(server.url("/hn"))
    [path] = items_of(service)
    article = read_article(path, path.name, TrailerRules.build())
    assert article.meta.url == "http://blog.samaltman.com/the-us-digital-service"
    assert " · 1 word · 1 min read · " in meta_line(article.meta)


DESCRIPTION = (
    "Who voted which way, and what comes next.\n\nChapters:\n0:00 Intro\n1:20 The vote & after"
)
PLAIN = "First line\nSecond line with <b>no bold</b>"
YOUTUBE = f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015"
 xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
 <title>A channel</title>
 <entry><id>yt:video:abc123DEF45</id><yt:videoId>abc123DEF45</yt:videoId>
  <title>The vote, explained</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v=abc123DEF45"/>
  <media:group><media:title>The vote, explained</media:title>
   <media:description>{html.escape(DESCRIPTION)}</media:description></media:group>
 </entry>
 <entry><id>2</id><title>Plain</title><summary>{html.escape(PLAIN)}</summary></entry>
</feed>"""
"""YouTube's channel feeds, as they are served (less the statistics)."""


@pytest.mark.parametrize("url", ["/yt", "/json"])
def test_plain_text_keeps_its_lines_and_its_angle_brackets(service, server, url) -> None:
    """YouTube's media:description (called HTML by feedparser), Atom's `type="text"` and
    JSON Feed's content_text are plain text: their line breaks are the layout, and a `<b>`
    in them is two angle brackets, not bold."""
    server.routes["/yt"] = Route(YOUTUBE.encode(), content_type="application/atom+xml")
    items = [
        {"id": "1", "title": "The vote, explained", "content_text": DESCRIPTION},
        {"id": "2", "title": "Plain", "content_text": PLAIN},
    ]
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": items}
    server.routes["/json"] = Route(json.dumps(document).encode(), content_type="application/json")
    service.add(server.url(url))
    shown = {}
    for path in items_of(service):
        article = read_article(path, path.name, TrailerRules.build())
        shown[article.meta.title] = [block.text for block in article.blocks]
    assert shown["The vote, explained"][:2] == DESCRIPTION.split("\n\n")
    assert shown["Plain"][0] == PLAIN


PIXELS = [
    # Medium, Feedburner and WordPress.com end each item with one, as they serve it
    '<img src="https://medium.com/_/stat?event=post.clientViewedRss&amp;postId=1a2b" '
    'width="1" height="1" alt="">',
    '<img src="http://feeds.feedburner.com/~r/Example/~4/AbCd" height="1" width="1" alt=""/>',
    '<img alt="" border="0" src="https://pixel.wp.com/b.gif?host=e.org&amp;blog=1&amp;post=2'
    '&amp;feed=1" width="1" height="1" />',
]


def test_tracking_pixels_are_no_pictures_or_links(service, server) -> None:
    photo = '<img src="https://e.org/photo.jpg" width="600" height="400" alt="The harbour">'
    items = "".join(
        f"<item><title>Story {n}</title><link>https://e.org/{n}</link>"
        f"<description>{html.escape('<p>Words of the story.</p>' + photo + pixel)}</description>"
        "</item>"
        for n, pixel in enumerate(PIXELS)
    )
    server.routes["/f"] = Route(
        f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>".encode()
    )
    service.add(server.url("/f"))
    for path in items_of(service):
        article = read_article(path, path.name, TrailerRules.build())
        assert article.links == ("https://e.org/photo.jpg",), path.read_text()


def test_a_figure_s_caption_is_a_caption_said_once(service, server) -> None:
    """Medium's figures give the image the caption's words as its alt text too."""
    story = (
        "<p>The harbour is where the town began.</p><figure><img alt='The harbour at dawn' "
        "src='https://cdn-images-1.medium.com/max/1024/1*abc.jpeg'/>"
        "<figcaption>The harbour at dawn</figcaption></figure><p>Boats come in at six.</p>"
    )
    server.routes["/f"] = Route(
        b"<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel>"
        b"<title>M</title><item><title>Harbour</title><link>https://e.org/h</link>"
        + f"<content:encoded>{html.escape(story)}</content:encoded>".encode()
        + b"</item></channel></rss>"
    )
    service.add(server.url("/f"))
    [path] = items_of(service)
    article = read_article(path, path.name, TrailerRules.build())
    shown = [(block.kind, block.text) for block in article.blocks]
    assert ("caption", "The harbour at dawn") in shown
    assert sum(text.count("The harbour at dawn") for _, text in shown) == 1
    assert article.links == ("https://cdn-images-1.medium.com/max/1024/1*abc.jpeg",)


def test_a_file_the_user_edited_is_never_overwritten(service, server) -> None:
    original = feed("atom_jekyll_airdcpp.xml")
    server.routes["/f"] = Route(original)
    service.add(server.url("/f"))
    edited = next(p for p in items_of(service) if "2-14-0" in p.name)
    edited.write_text(edited.read_text() + "\nMy own note.\n")
    server.routes["/f"] = Route(original.replace(b"Fix handling of hub", b"Fixed handling of hub"))
    [result] = service.fetch(force=True)
    assert not result.updated and "My own note." in edited.read_text()


def test_retention_deletes_only_read_unbookmarked_items_and_they_do_not_return(service, server):
    server.routes["/bbc"] = Route(feed("bbc_news_2024.xml"))
    add_subscription(service.subscriptions_file, Subscription(server.url("/bbc"), keep=10))
    read = set()
    service.fetch(removable=lambda path: path in read)
    files = items_of(service)
    assert len(files) == 53  # nothing read yet: nothing deleted
    read.update(str(p) for p in files)
    [result] = service.fetch(force=True, removable=lambda path: path in read)
    assert len(result.deleted) == 43 and len(items_of(service)) == 10
    server.routes["/bbc"] = Route(feed("bbc_news_2024.xml") + b"\n")  # a new copy, not a 304
    [result] = service.fetch(force=True, removable=lambda path: False)
    assert not result.new and len(items_of(service)) == 10


def test_a_lost_ledger_downloads_nothing_twice_as_new(service, server) -> None:
    server.routes["/f"] = Route(feed("cnn_2024.xml"))
    service.add(server.url("/f"))
    service.close()
    (service.data_dir / LEDGER_FILE).unlink()
    again = FeedService(service.subscriptions_file, service.feeds_dir, service.data_dir)
    [result] = again.fetch(force=True)
    assert not result.new and len(items_of(again)) == 69
    again.close()


def test_hostile_titles_and_content(service, server) -> None:
    rss = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>../../etc</title>'
        "<item><title>../../x\x1b[2J\u202eevil</title><link>https://h.example/1</link>"
        '<description>&lt;p onclick="steal()"&gt;Shares [/b] fall [@click=app.quit]now&lt;/p&gt;'
        '&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href="javascript:alert(2)"&gt;click&lt;/a&gt;'
        "</description></item></channel></rss>"
    )
    server.routes["/h"] = Route(rss.encode("utf-8", "replace"))
    service.add(server.url("/h"))
    [path] = items_of(service)
    assert path.resolve().is_relative_to(service.feeds_dir.resolve())
    assert not path.name.startswith(".") and "/" not in path.name
    text = path.read_text()
    assert "script" not in text and "alert" not in text and "onclick" not in text
    assert "javascript" not in text
    article = read_article(path, path.name, TrailerRules.build())
    assert "Shares [/b] fall [@click=app.quit]now" in article.paragraphs[0]
    assert "\x1b" not in article.meta.title and "\u202e" not in article.meta.title


def test_two_new_feeds_with_one_title_get_two_folders(service, server) -> None:
    for path in ("/a", "/b"):
        server.routes[path] = Route(feed("rdf_uchicago.xml"))
        add_subscription(service.subscriptions_file, Subscription(server.url(path)))
    results = service.fetch(force=True)
    assert [len(r.new) for r in results] == [2, 2]
    assert sorted(p.name for p in service.feeds_dir.iterdir()) == [
        "the-university-of-chicago-press-journal-of-political-economy-table-of-contents",
        "the-university-of-chicago-press-journal-of-political-economy-table-of-contents-2",
    ]


def test_front_matter_survives_any_title() -> None:
    from termnews.feeds.items import item_text
    from termnews.feeds.parse import FeedItem

    title = 'Quote " back\\slash \x85 next\u2028line \x9b csi \ufeff bom'
    text = item_text(
        FeedItem("id", title), section=("Feeds", "X"), source="X", feed_url="u",
        fetched=__import__("datetime").datetime(2026, 1, 1),
    )  # fmt: skip
    fields = yaml.safe_load(text.split("---\n")[1])
    assert fields["title"] == title and fields["guid"] == "id"


def test_slugs_are_safe() -> None:
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug(".hidden") == "hidden"
    assert slug("CON") == "item"
    assert len(slug("word " * 100)) <= 80
    assert slug("東京都の天気") == "東京都の天気"


# Subscriptions and OPML


def test_subscriptions_file_keeps_comments_and_reports_lines(tmp_path) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "# my feeds\nfeeds:\n  # news\n  - url: https://a.example/feed\n    every: 30m\n"
    )
    add_subscription(path, Subscription("https://b.example/rss", name="B", section=("News", "B")))
    text = path.read_text()
    assert "# my feeds" in text and "# news" in text
    subscriptions = load_subscriptions(path)
    assert [s.url for s in subscriptions] == ["https://a.example/feed", "https://b.example/rss"]
    assert subscriptions[0].every == 1800 and subscriptions[1].section == ("News", "B")
    path.write_text("feeds:\n  - url: https://a.example/\n    evry: 1h\n")
    with pytest.raises(SubscriptionError, match=r"feeds.yaml: line 2: unknown field 'evry'"):
        load_subscriptions(path)


@pytest.mark.parametrize("layout", ["block", "flow", "plain"])
def test_removing_or_changing_one_entry_leaves_the_next_whole(tmp_path, layout: str) -> None:
    """An entry's lines end at its last line: the next entry's `- url:` line and the comment
    above it are the next entry's (removing the first of two feeds took the second's url)."""
    from termnews.feeds.subscriptions import remove_subscription, replace_subscription

    first = {
        "block": "  - url: https://a.example/feed\n    tags:\n      - news\n",
        "flow": "  - {url: https://a.example/feed, tags: [news]}\n",
        "plain": "  - https://a.example/feed\n",
    }[layout]
    text = f"feeds:\n{first}  # the second\n  - url: https://b.example/rss\n    name: B\n"
    path = tmp_path / "feeds.yaml"
    path.write_text(text)
    replace_subscription(path, Subscription("https://a.example/feed", tags=("world",)))
    assert [(s.url, s.name, s.tags) for s in load_subscriptions(path)] == [
        ("https://a.example/feed", None, ("world",)),
        ("https://b.example/rss", "B", ()),
    ]
    assert "  # the second\n  - url: https://b.example/rss\n" in path.read_text()
    remove_subscription(path, "https://a.example/feed")
    assert (
        path.read_text() == "feeds:\n  # the second\n  - url: https://b.example/rss\n    name: B\n"
    )


def test_durations() -> None:
    assert [parse_duration(t) for t in ("30m", "2h", "1d", "90", 45)] == [1800, 7200, 86400, 90, 45]
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_opml_round_trip(service, tmp_path) -> None:
    opml = tmp_path / "in.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
        '<outline text="News"><outline text="World">'
        '<outline type="rss" text="BBC World" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"/>'
        "</outline></outline>"
        '<outline type="rss" text="Ruby" xmlUrl="https://www.ruby-lang.org/en/feeds/news.rss"/>'
        "</body></opml>"
    )
    imported = service.import_feeds(opml)
    assert [s.section for s in imported.added] == [("News", "World", "BBC World"), ()]
    again = service.import_feeds(opml)
    assert imported.skipped == 0 and (again.added, again.skipped) == ([], 2)
    out = tmp_path / "out.opml"
    out.write_text(service.export_opml())
    again = read_opml(out)
    assert [(s.url, s.folder) for s in again] == [
        ("https://feeds.bbci.co.uk/news/world/rss.xml", ("News", "World")),
        ("https://www.ruby-lang.org/en/feeds/news.rss", ()),
    ]


def test_opml_categories_are_tags_both_ways(service, tmp_path) -> None:
    """OPML 2.0's `category` (the spec's own examples; newsboat's export writes its tags
    there) gives the feed's tags, and an export writes them back."""
    opml = tmp_path / "in.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="A" xmlUrl="https://a.example/f" category="/Boston/Weather"/>'
        '<outline text="B" xmlUrl="https://b.example/f" category="/Harvard/Berkman,/Politics"/>'
        '<outline text="C" xmlUrl="https://c.example/f" category=" linux , Linux,,/ "/>'
        "</body></opml>"
    )
    added = service.import_feeds(opml).added
    tags = [s.tags for s in added]
    assert tags == [("Boston/Weather",), ("Harvard/Berkman", "Politics"), ("linux",)]
    out = tmp_path / "out.opml"
    out.write_text(service.export_opml())
    assert [s.tags for s in read_opml(out)] == tags


def test_opml_keeps_each_feeds_interval(service, server, tmp_path) -> None:
    server.routes["/f"] = Route(feed("cnn_2024.xml"))
    service.add(server.url("/f"), every=1800)
    out = tmp_path / "out.opml"
    out.write_text(service.export_opml())
    assert [s.every for s in read_opml(out)] == [1800]


def test_opml_as_other_readers_write_it(tmp_path) -> None:
    """Shapes kept in other readers' OPML tests: subscribe-link schemes, attribute names in
    any case, podcast episodes and links that are no feeds, a byte order mark."""
    opml = tmp_path / "in.opml"
    opml.write_bytes(
        b"\xef\xbb\xbf\n"
        + b"""<?xml version="1.0" encoding="UTF-8"?><opml version="1.0"><body>
        <outline text="Group"><outline type="rss" text="One" xmlUrl="feed://a.example.com/1"/>
        <outline TEXT="Two" XMLURL="feed:https://b.example.com/2"/></outline>
        <outline text="Three" xmlURL="feed://https://c.example.com/3"/>
        <outline type="rss" text="Four" xmlUrl="itpc://d.example.com/4.xml">
          <outline type="podcast-episode" text="Folge 1" url="https://d.example.com/1.mp3"/>
        </outline>
        <outline type="link" text="A page" url="https://e.example.com/about"/>
        <outline text="Five" type="rss" url="https://f.example.com/5"/>
        <outline text="Local" xmlUrl="file:///etc/passwd"/>
        </body></opml>"""
    )
    assert [(s.url, s.name, s.folder) for s in read_opml(opml)] == [
        ("http://a.example.com/1", "One", ("Group",)),
        ("https://b.example.com/2", "Two", ("Group",)),
        ("https://c.example.com/3", "Three", ()),
        ("http://d.example.com/4.xml", "Four", ()),
        ("https://f.example.com/5", "Five", ()),
    ]


def test_opml_with_a_bare_ampersand_or_html_entity_still_imports(tmp_path) -> None:
    opml = tmp_path / "hand.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline text="Tech&nbsp;News &copy; &bogus; &amp; more">'
        '<outline type="rss" text="Q" xmlUrl="https://q.example.com/rss?a=1&b=2&amp;c=3"/>'
        "</outline></body></opml>"
    )
    [subscription] = read_opml(opml)
    assert subscription.url == "https://q.example.com/rss?a=1&b=2&c=3"
    assert subscription.folder == ("Tech\u00a0News © &bogus; & more",)


def test_a_subscribe_link_is_fetched_over_http(service, server) -> None:
    server.routes["/f"] = Route(feed("cnn_2024.xml"))
    added = service.add(server.url("/f").replace("http://", "feed://"))
    assert added.subscription.url == server.url("/f")


def test_a_feedly_export_imports_with_its_names_readable(service, tmp_path) -> None:
    """Feedly's export (this one kept in a public repository's test) leaves trailing spaces
    in titles and has names in any script; feeds.yaml is for people to edit."""
    opml = tmp_path / "feedly.opml"
    opml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><opml version="1.0"><head>'
        "<title>peixian subscriptions in feedly Cloud</title></head><body>"
        '<outline text="Every Day" title="Every Day">'
        '<outline type="rss" text="阮一峰的网络日志" title="阮一峰的网络日志" '
        'xmlUrl="http://feeds.feedburner.com/ruanyifeng" htmlUrl="http://www.ruanyifeng.com/blog/"/>'
        '<outline type="rss" text="The Atlantic " title="The Atlantic " '
        'xmlUrl="https://www.theatlantic.com/feed/all/" htmlUrl="https://www.theatlantic.com"/>'
        "</outline></body></opml>",
        encoding="utf-8",
    )
    added = service.import_feeds(opml).added
    assert [s.name for s in added] == ["阮一峰的网络日志", "The Atlantic"]
    written = service.subscriptions_file.read_text(encoding="utf-8")
    assert (
        'name: "阮一峰的网络日志"' in written
        and 'section: "Every Day / 阮一峰的网络日志"' in written
    )


def test_ledger_remembers_validators(tmp_path) -> None:
    ledger = FeedLedger(tmp_path)
    record = ledger.feed("https://a.example/")
    record.etag, record.errors = '"x"', 2
    ledger.save_feed(record)
    ledger.close()
    assert FeedLedger(tmp_path).feed("https://a.example/").etag == '"x"'


def test_item_files_carry_their_identity(service, server) -> None:
    server.routes["/f"] = Route(feed("rdf_uchicago.xml"))
    service.add(server.url("/f"))
    identities = {read_identity(p) for p in items_of(service)}
    assert identities == {
        (server.url("/f"), "https://www.journals.uchicago.edu/doi/abs/10.1086/740172?af=R"),
        (server.url("/f"), "https://www.journals.uchicago.edu/doi/abs/10.1086/740219?af=R"),
    }


def test_fetcher_fetches_feeds_in_parallel(tmp_path, server) -> None:
    for n in range(6):
        server.routes[f"/f{n}"] = Route(feed("rdf_uchicago.xml"), delay=0.5)
    subscriptions = [Subscription(server.url(f"/f{n}")) for n in range(6)]
    ledger = FeedLedger(tmp_path / "d")
    fetcher = Fetcher(tmp_path / "feeds", ledger, Client())
    started = time.monotonic()
    results = fetcher.fetch_all(subscriptions, force=True)
    elapsed = time.monotonic() - started
    assert all(not r.error for r in results)
    assert elapsed < 6 * 0.5  # at most two at once to one host: three rounds, not six


def test_a_post_named_by_its_first_paragraph_says_it_once(service, server) -> None:
    """Shown under the headline it was named by, the paragraph would be said twice; a
    title cut short (`…`) leaves the paragraph whole."""
    server.routes["/m"] = Route(feed("mastodon_2022.xml"))
    service.add(server.url("/m"))
    read = {}
    for path in items_of(service):
        article = read_article(path, path.name, TrailerRules.build())
        read[article.meta.title] = article.paragraphs
    assert read["RSS VEX feeds?"][0] == "https://twit.social/@jr/109345573865828477"
    assert read["The Alice thread continues!"][0].startswith("We take one step further")
    long = "<p>" + "word " * 40 + "</p><p>More.</p>"
    server.routes["/long"] = Route(
        b"<rss version='2.0'><channel><title>T</title><item><link>https://x.example/1</link>"
        b"<description>" + html.escape(long).encode() + b"</description></item></channel></rss>"
    )
    service.add(server.url("/long"))
    [path] = [p for p in items_of(service) if "word-word" in p.name]
    assert read_article(path, path.name, TrailerRules.build()).paragraphs[0].count("word") == 40


def test_a_post_named_by_a_paragraph_with_a_hashtag_says_it_once(service, server) -> None:
    """Mastodon links a hashtag to more posts with it: the paragraph goes all the same. A
    link to a page keeps its paragraph, or the link would be lost."""
    toots = [
        '<p>Big news for <a href="https://mastodon.social/tags/localfirst" class="mention '
        'hashtag" rel="tag">#<span>localfirst</span></a></p><p>The paper is out.</p>',
        '<p>Read <a href="https://example.org/paper">the paper</a> today</p><p>More.</p>',
    ]
    items = "".join(
        f"<item><link>https://mastodon.social/@a/{n}</link><description>"
        + html.escape(toot)
        + "</description></item>"
        for n, toot in enumerate(toots)
    )
    server.routes["/tags"] = Route(
        f"<rss version='2.0'><channel><title>A</title>{items}</channel></rss>".encode()
    )
    service.add(server.url("/tags"))
    read = {}
    for path in items_of(service):
        article = read_article(path, path.name, TrailerRules.build())
        read[article.meta.title] = article.paragraphs
    assert read["Big news for #localfirst"] == ("The paper is out.",)
    assert read["Read the paper today"][0] == "Read the paper today"
