"""Feeds as six real publishers served them (rbren/rss-parser's test inputs): FeedBurner's
stand-in links, dates in Portuguese, a podcast's summary, Reddit's layout table, Blogger's
code in tables and its share buttons, and two feeds with one title.

Each is served by a real HTTP server on 127.0.0.1 and fetched into item files, or parsed
as it would be; fixtures/feeds/README.md says where each came from.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from termnews.feeds.convert import html_to_markdown
from termnews.feeds.discover import discover_feeds
from termnews.feeds.parse import parse_feed
from termnews.feeds.service import FeedAmbiguous, FeedService
from termnews.formatting import format_article
from termnews.library import TrailerRules
from termnews.library.dates import parse_date
from termnews.library.parse import read_article

from .feedserver import FeedServer, Route

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


def feed(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def shown(path: Path) -> str:
    """The item as `termnews show` prints it."""
    article = read_article(path, path.name, TrailerRules.build())
    assert article is not None
    return format_article(article)


def fetched(service: FeedService, server: FeedServer, name: str) -> dict[str, str]:
    """Item files of one real feed by title, as `termnews show` prints them."""
    server.routes[f"/{name}"] = Route(feed(name))
    service.add(server.url(f"/{name}"))
    paths = sorted(service.feeds_dir.glob("*/*.md"))
    return {shown(path).split("\n", 1)[0]: shown(path) for path in paths}


def test_feedburner_s_stand_in_link_gives_way_to_the_story_s() -> None:
    """Jornal de Notícias (FeedBurner, no GUIDs): the link is feeds.jn.pt/~r/…, the story
    is at feedburner:origLink. The identity stays on the served link, as before."""
    items = parse_feed(feed("jn_feedburner_2018.xml"), "https://feeds.jn.pt/JN-ULTIMAS").items
    assert items and all(item.link.startswith("https://www.jn.pt/") for item in items)
    assert all(item.identity.startswith("http://feeds.jn.pt/~r/") for item in items)
    blogger = parse_feed(feed("google_testing_blog_2017.xml"), "https://x.example/").items
    assert all(item.link.startswith("http://testing.googleblog.com/2017/") for item in blogger)


def test_an_item_fetched_before_origlink_was_read_is_not_written_again(service, server) -> None:
    """Items a termnews that did not read origLink wrote: neither new nor changed now."""
    body = feed("jn_feedburner_2018.xml")
    server.routes["/jn"] = Route(
        re.sub(rb"<feedburner:origLink>[^<]*</feedburner:origLink>", b"", body)
    )
    service.add(server.url("/jn"))
    before = {path: path.read_bytes() for path in service.feeds_dir.glob("*/*.md")}
    assert len(before) == 4 and b"feeds.jn.pt/~r/" in next(iter(before.values()))
    server.routes["/jn"] = Route(body)
    result = service.fetcher().fetch(service.find(server.url("/jn")))
    assert result.error is None and result.items == 4
    assert not result.new and not result.updated
    assert {path: path.read_bytes() for path in service.feeds_dir.glob("*/*.md")} == before


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("Seg, 24 Set 2018 19:22:00 -0300", "2018-09-24T19:22:00-03:00"),  # UOL
        ("Di, 15 Okt 2019 10:00:00 +0200", "2019-10-15T10:00:00+02:00"),
        ("jeu., 05 déc. 2019 08:00:00 +0100", "2019-12-05T08:00:00+01:00"),
        ("mar, 02 ene 2018 10:00:00 GMT", "2018-01-02T10:00:00+00:00"),
        ("Mi, 13 Mär 2019 12:00:00 +0100", "2019-03-13T12:00:00+01:00"),
        ("24 de setembro de 2018", "2018-09-24T00:00:00"),
        ("1er mars 2020", "2020-03-01T00:00:00"),
        ("Sat 13 Sep 2014 10:51:54 PM EDT", "2014-09-13T22:51:54-04:00"),
    ],
)
def test_dates_in_the_feed_s_own_language(text: str, moment: str) -> None:
    assert parse_date(text) == dt.datetime.fromisoformat(moment)


@pytest.mark.parametrize("text", ["Out to lunch 2020", "Nonsense 12 Foo 2020", "12 Set"])
def test_words_that_are_no_date_stay_none(text: str) -> None:
    assert parse_date(text) is None


def test_uol_s_portuguese_dates_date_its_items() -> None:
    """UOL writes `Seg, 24 Set 2018 19:22:00 -0300`, which feedparser does not read."""
    items = parse_feed(feed("uol_2018.xml"), "https://rss.uol.com.br/feed/noticias.xml").items
    assert len(items) == 4
    assert items[0].published == dt.datetime(2018, 9, 24, 22, 42, 40, tzinfo=dt.UTC)
    assert all(item.published is not None for item in items)
    assert items[0].title.endswith("em simulações de 2º turno")  # Latin-1, undeclared


def test_a_podcast_s_summary_is_its_story_not_a_caption(service, server) -> None:
    """Giant Bomb gives each episode an mp3 as media:content and the description again as
    itunes:summary, which feedparser files as text content: no picture, no caption."""
    items = parse_feed(feed("giantbomb_podcast_2019.xml"), "https://x.example/").items
    assert all(item.caption == "" for item in items)
    text = fetched(service, server, "giantbomb_podcast_2019.xml")
    episode = text["Giant Bombcast 603: Call of Tuesday"]
    assert "Photo:" not in episode
    assert episode.count("Surely we talk about stuff besides games") == 1


def test_reddit_s_layout_table_reads_as_paragraphs(service, server) -> None:
    """Reddit sets its thumbnail (the headline again, as alt text, linking to the post)
    and its `submitted by` line side by side in a table of one row."""
    text = fetched(service, server, "reddit_2016.xml")
    post = text["How the British as seen by Americans and Europeans"]
    assert " | " not in post
    assert post.count("How the British as seen by Americans and Europeans") == 1
    assert "submitted by /u/AngryRedditorsBelow[2] to /r/funny[3]\n[link][4]" in post
    assert " · by /u/AngryRedditorsBelow · " in post


def test_blogger_s_code_in_tables_stays_code_and_its_buttons_go(service, server) -> None:
    """Google's Testing Blog sets code side by side in tables (in one post inside bold
    list items), and FeedBurner adds FeedFlare's share buttons under every post."""
    text = fetched(service, server, "google_testing_blog_2017.xml")
    post = text["Code Health: To Comment or Not to Comment?"]
    assert "    // Subtract discount from price.\n    finalPrice = (numItems * itemPrice)" in post
    assert "\n\n    filterOffensiveWords(words);" in post
    assert "**" not in post and "| --- |" not in post
    assert "feedburner.com/~ff/" not in "".join(text.values())
    yagni = text["Code Health: Eliminate YAGNI Smells"]
    assert "    class Human { ...\n      void Sleep() { age += kSevenHours; }" in yagni


def test_heise_s_teaser_picture_is_a_picture_not_a_link_to_itself() -> None:
    item = parse_feed(feed("heise_2016.xml"), "https://www.heise.de/").items[0]
    markdown = html_to_markdown(item.html, item.title, (item.link,))
    assert markdown.startswith("[WildFly 10](http://www.heise.de/scale/geometry/")


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        # Medium: `<em>like </em><strong><em>this</em></strong><em>?</em>`
        ("<p><em>like </em><strong><em>this</em></strong><em>?</em></p>", "*like* ***this***?"),
        ("<p><em>“</em>The Creative Forager<em> </em>is</p>", "“The Creative Forager is"),
        ("<p><b>Note: </b>this</p>", "**Note:** this"),
        ("<p><b><ul><li>one</li></ul></b></p>", "- one"),
        ('<p><img src="https://a.example/1.jpg"><img src="https://a.example/2.jpg"></p>',
         "[image](https://a.example/1.jpg) [image](https://a.example/2.jpg)"),
    ],
)  # fmt: skip
def test_stars_are_written_only_where_markdown_reads_them(html: str, markdown: str) -> None:
    assert html_to_markdown(html) == markdown


def test_a_data_table_stays_a_table() -> None:
    html = "<table><tr><td>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table>"
    assert "| a | b |" in html_to_markdown(html)


def test_two_feeds_with_one_title_get_a_name_and_a_section_each(service, server) -> None:
    """reddit's front page and a copy of it under another address: one title, two feeds.
    The second is named by its address (by its host, were the first at another), so each
    has its own section, and a name both answer to is refused rather than taken for the
    first."""
    body = feed("reddit_2016.xml")
    server.routes["/a.rss"] = Route(body)
    server.routes["/b.rss"] = Route(body)
    first = service.add(server.url("/a.rss"))
    second = service.add(server.url("/b.rss"))
    assert first.title == "reddit: the front page of the internet"
    assert second.title == "reddit: the front page of the internet (127.0.0.1/b.rss)"  # same host
    sections = {path.read_text().split("section: ", 1)[1].split("\n", 1)[0]
                for path in service.feeds_dir.glob("*/*.md")}  # fmt: skip
    assert len(sections) == 2
    assert service.find("reddit: the front page of the internet").url == server.url("/a.rss")
    service.change(server.url("/b.rss"), name="")  # back to the feed's own title
    with pytest.raises(FeedAmbiguous) as raised:
        service.find("reddit: the front page of the internet")
    assert raised.value.urls == [server.url("/a.rss"), server.url("/b.rss")]


def test_a_youtube_video_lists_its_thumbnail_not_its_flash_player(service, server) -> None:
    """YouTube's channel feeds still give each video's Flash player as media:content."""
    text = fetched(service, server, "youtube_l2inc_2017.xml")
    video = text["Buy Now, Bitches*"]
    assert "shockwave" not in video and "youtube.com/v/" not in video
    assert "• hqdefault.jpg[1] (image)" in video
    assert "Photo:" not in video and video.count("Winner: Square.") == 1


def test_an_id_that_is_no_web_address_is_no_link_and_keeps_its_identity() -> None:
    """feedparser makes an Atom entry's id its link when it has none (rss-parser's
    `missing-fields.atom`); a torrent feed's link is a magnet. Neither is opened, and the
    identity stays what it was."""
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        b"<id>tag:github.com,2008:Repository/11167738/v3.9.0</id></entry></feed>"
    )
    [entry] = parse_feed(atom, "https://x.example/atom").items
    assert entry.link is None and entry.title == "Untitled"
    assert entry.identity == "tag:github.com,2008:Repository/11167738/v3.9.0"
    rss = (
        b"<rss version='2.0'><channel><title>T</title><item><title>Debian 12</title>"
        b"<link>magnet:?xt=urn:btih:abc</link></item></channel></rss>"
    )
    [torrent] = parse_feed(rss, "https://x.example/rss").items
    assert torrent.link is None and torrent.identity == "magnet:?xt=urn:btih:abc"


@pytest.mark.parametrize(
    ("author", "shown"),
    [
        ("noreply@blogger.com (Chris Lewis)", "Chris Lewis"),
        ('nobody@flickr.com ("Some One")', "Some One"),
        ("John Doe", "John Doe"),
        ("john@example.com", "john@example.com"),
    ],
)
def test_an_rss_author_is_named_without_the_address(author: str, shown: str) -> None:
    rss = (
        "<rss version='2.0'><channel><title>T</title><item><title>A</title>"
        f"<link>https://x.example/a</link><author>{author}</author></item></channel></rss>"
    )
    assert parse_feed(rss.encode(), "https://x.example/rss").items[0].author == shown


def test_atom_authors_as_rfc_4287_gives_them() -> None:
    """newsboat's test feed: every author of an entry, else its source's (a planet's copy
    of another blog's post), else the feed's; an empty name is none."""
    feed = parse_feed((FEEDS / "newsboat_atom_authors.xml").read_bytes(), "https://x.example/")
    authors = {item.title: item.author for item in feed.items}
    inherited = "First Feed Author, Second Feed Author"
    assert authors == {
        "Entry Without Author": inherited,
        "Entry With Single Author": "Entry Author",
        "Entry With Multiple Authors": "Entry Author 1, Entry Author 2",
        "Entry With Empty Author Names": inherited,
        "Entry With Single Source Author": "Entry Source Author",
        "Entry With Multiple Source Authors": "Entry Source Author 2, Entry Source Author 3",
        "Entry With Empty Source Author Names": inherited,
        "Entry With Single Author And Source Author": "Entry Author",
        "Entry With Multiple Author And Source Authors": "Entry Author 1, Entry Author 2",
    }


def test_json_feed_items_without_authors_have_the_feed_s() -> None:
    """JSON Feed 1.1: an item's `authors`, else the feed's (1.0's `author` too)."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "T",
        "authors": [{"name": "Ann Lee"}, {"url": "https://x.example/bo"}],
        "items": [
            {"id": "1", "content_text": "a"},
            {"id": "2", "content_text": "b", "author": {"name": "Bo Chen"}},
            {"id": "3", "content_text": "c", "authors": [{"name": "Cy"}, {"name": "Di"}]},
        ],
    }
    items = parse_feed(json.dumps(feed).encode(), "https://x.example/feed.json").items
    assert [item.author for item in items] == ["Ann Lee", "Bo Chen", "Cy, Di"]


def test_a_category_escaped_twice_reads_once_more() -> None:
    """rss-parser's `itunes-missing-image.rss` (Taverncast) escapes `&` twice."""
    rss = (
        b"<rss version='2.0'><channel><title>T</title><item><title>A</title>"
        b"<link>https://x.example/a</link><category>Society &amp;amp; Culture</category>"
        b"<category>R&amp;D</category></item></channel></rss>"
    )
    assert parse_feed(rss, "https://x.example/").items[0].tags == ("Society & Culture", "R&D")


def test_an_avatar_in_a_link_with_words_leaves_the_words_as_the_link() -> None:
    """Google Ads Developer Blog signs posts with an avatar inside the author's link."""
    html = (
        '<p><a href="https://plus.google.com/1"><img src="https://lh3.example/a.jpg">'
        " Nadine Sundquist</a>, AdWords API Team</p>"
    )
    assert (
        html_to_markdown(html) == "[Nadine Sundquist](https://plus.google.com/1), AdWords API Team"
    )


def test_a_long_title_taken_twice_is_numbered_rather_than_cut(service, server) -> None:
    """Taverncast's title and a long address would pass the 80 characters a section's
    name has, and the tree would cut it: the second feed is `… (2)` instead."""
    title = "Taverncast - Happy Hour in Your Head - Since 2005, with a much Longer Name"
    body = feed("reddit_2016.xml").replace(
        b"<title>reddit: the front page of the internet</title>", f"<title>{title}</title>".encode()
    )
    server.routes["/a.rss"] = Route(body)
    server.routes["/shows/itunes-missing-image-and-more.rss"] = Route(body)
    service.add(server.url("/a.rss"))
    second = service.add(server.url("/shows/itunes-missing-image-and-more.rss"))
    assert second.title == f"{title} (2)"


# Real feeds kept by NetNewsWire's parser tests (Ranchero-Software/NetNewsWire
# Modules/RSParser/Tests/RSParserTests/Resources), one item each.


def test_a_json_feed_that_names_its_version_over_http(service, server) -> None:
    """Pixel Envy's WordPress plugin writes `http://jsonfeed.org/version/1`."""
    server.routes["/feed/json/"] = Route(feed("pxlnv_2019.json"), content_type="application/json")
    added = service.add(server.url("/feed/json/"))
    assert (added.title, added.items) == ("Pixel Envy", 1)


def test_a_json_feed_with_a_raw_tab_in_a_string_is_read() -> None:
    document = b'{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": '
    document += b'[{"id": "1", "url": "https://x.example/1", "content_text": "a\tb"}]}'
    [item] = parse_feed(document, "https://x.example/feed.json").items
    assert item.identity == "1"


def test_an_enclosure_listed_three_times_is_listed_once(service, server) -> None:
    """Typepad's Atom (ENT expert opinion) repeats each episode's enclosure link."""
    text = fetched(service, server, "expertopinionent_2017.xml")
    [episode] = text.values()
    assert episode.count("DavePothier-EeoPodcast.mp3[") == 1


def test_shopify_s_product_table_reads_as_its_story(service, server) -> None:
    """Draw Down (Shopify) sets picture and price side by side, the story in a cell
    spanning both, in two rows."""
    [product] = fetched(service, server, "draw_down_shopify_2026.xml").values()
    assert " | " not in product
    assert "\nVendor: Curated\nType: Periodical\n" in product
    assert "\n\nHis practice unfolds between readers and books" in product


def test_footnote_numbers_are_superscripts_and_their_links_go(service, server) -> None:
    """Dr. Drang's footnotes link to `#fn:preview`, which feedparser makes absolute
    against the feed's address; their way back (`↩︎`) leads nowhere in a reader."""
    [post] = fetched(service, server, "allthis_2017.xml").values()
    assert "keyboard shortcut, like ⌃⌥⌘P.¹. I mentioned" in post
    assert "#fn" not in post and "↩" not in post


def test_an_empty_link_is_no_link_to_the_feed(service, server) -> None:
    """Katie Floyd's `<a href="">FM</a>` became the feed's own address."""
    [post] = fetched(service, server, "katiefloyd_2016.xml").values()
    assert "katiefloyd_2016.xml" not in post
    assert "Relay[2]\xa0FM\xa0has created" in post  # its no-break spaces


def test_a_picture_named_by_its_file_name_is_an_image() -> None:
    html = '<p><img src="https://x.example/a.png" alt="Cloud Code.png"></p>'
    assert html_to_markdown(html) == "[image](https://x.example/a.png)"


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        (  # Rosemary Orchard's JSON Feed: each Workflow action's icon before its name
            '<ul><li><img title="Ask for Input" alt="Ask for Input" src="https://x.example/'
            'a.png" /> <code>Ask for Input</code>: This is the main task.</li></ul>',
            "- [image](https://x.example/a.png) `Ask for Input`: This is the main task.",
        ),
        (  # It Will Never Work in Theory: a speaker's photo over the link to their page
            '<p><img alt="Alexander Serebrenik" src="https://x.example/s.jpg"></p>'
            '<p><a href="https://www.win.tue.nl/~aserebre/">Alexander Serebrenik</a></p>',
            "[image](https://x.example/s.jpg)\n\n"
            "[Alexander Serebrenik](https://www.win.tue.nl/~aserebre/)",
        ),
        (
            '<p><img alt="A cat" src="https://x.example/c.png"> Dogs are fine.</p>',
            "[A cat](https://x.example/c.png) Dogs are fine.",
        ),
    ],
)
def test_a_picture_s_words_said_right_after_it_are_said_once(html: str, markdown: str) -> None:
    assert html_to_markdown(html) == markdown


# Encodings said wrongly or not at all, as Miniflux's tests keep them (miniflux/v2
# internal/reader/parser/testdata and internal/reader/encoding/testdata).


def test_a_latin_1_feed_served_with_no_type_reads_in_latin_1(service, server) -> None:
    """Le Cercle Psy's feed: no XML declaration, Latin-1 bytes (`tr\\xe8s`, `Psycho\\xa0:`).
    Served with no Content-Type, feedparser took the document for ISO-8859-1 once it had
    been made UTF-8, and every accent came out twice (`trÃ¨s`)."""
    server.routes["/psy"] = Route(feed("cerclepsy_latin1_2018.xml"), content_type="")
    service.add(server.url("/psy"))
    titles = {front_title(path) for path in service.feeds_dir.glob("*/*.md")}
    assert "Masters en Psycho\xa0: une simplificationet#8230; très complexe" in titles
    assert "La criminalité liée surtout à... l'ennui ?" in titles


@pytest.mark.parametrize(
    ("declaration", "content_type"),
    [
        ('<?xml version="1.0" encoding="windows-1252"?>', "application/rss+xml"),
        ('<?xml version="1.0" encoding="ISO-8859-1"?>', "text/xml"),
        ("", "application/rss+xml; charset=ISO-8859-1"),
    ],
)
def test_utf8_said_to_be_latin_1_or_windows_1252_reads_as_utf8(declaration, content_type):
    """Miniflux's `windows-1252-incorrect-prolog.xml`: UTF-8 under a declaration (or a
    server's charset) naming a Western single-byte encoding read `Euro â‚¬`. Its bytes,
    valid UTF-8, tell."""
    document = f"""{declaration}
<rss version="2.0"><channel><title>Euro €</title>
<item><title>Café crème à 2 € — déjà</title><link>https://x.example/a</link></item>
</channel></rss>""".encode()
    parsed = parse_feed(document, "https://x.example/", content_type)
    assert (parsed.title, parsed.items[0].title) == ("Euro €", "Café crème à 2 € — déjà")


def test_a_latin_1_feed_that_says_so_still_reads_in_latin_1() -> None:
    document = feed("cerclepsy_latin1_2018.xml")
    document = b'<?xml version="1.0" encoding="ISO-8859-1"?>\n' + document
    titles = [item.title for item in parse_feed(document, "https://x.example/", "text/xml").items]
    assert "La criminalité liée surtout à... l'ennui ?" in titles


def front_title(path: Path) -> str:
    import yaml

    return yaml.safe_load(path.read_text().split("---\n")[1])["title"]


def test_an_opml_file_s_feeds_named_alike_or_listed_twice(service) -> None:
    """A real subscription list kept in NetNewsWire's tests (`Subs.opml`, 207 feeds):
    Katie Floyd's feed twice (`http://feed.katiefloyd.com` and the same with `/`), and
    NSHipster under its own address and under FeedBurner's, both named `NSHipster`."""
    imported = service.import_feeds(FEEDS / "netnewswire_subs.opml")
    assert (len(imported.added), imported.skipped) == (206, 0)
    assert imported.repeated == ["http://feed.katiefloyd.com/"]
    names = {s.url: s.name for s in service.subscriptions()}
    assert names["http://nshipster.com/feed.xml"] == "NSHipster"
    assert names["http://feeds.feedburner.com/NSHipster"] == "NSHipster (feeds.feedburner.com)"
    daring = [name for name in names.values() if name and name.startswith("Daring Fireball")]
    assert sorted(daring) == ["Daring Fireball", "Daring Fireball (daringfireball.net/index.xml)"]
    assert len({name.casefold() for name in names.values() if name}) == len(
        [name for name in names.values() if name]
    )


def test_an_rss_item_s_own_link_beats_an_atom_link_beside_it() -> None:
    """yarr's `rss/item-link-with-atom-link.xml` (nkanaev/yarr src/parser/fixtures): an
    item with `<link>` and `<atom:link rel="alternate">`. feedparser takes the atom one;
    the item's own is its url. Its identity stays what it was, so nothing is refetched."""
    rss = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Example</title>
<item><title>Article</title><link>http://example.com/article/1</link>
<atom:link href="http://example.com/article/1/atom" rel="alternate" type="text/html"/>
</item></channel></rss>"""
    [item] = parse_feed(rss, "https://example.com/feed").items
    assert item.link == "http://example.com/article/1"
    assert item.identity == "http://example.com/article/1/atom"


def test_a_wordpress_post_s_rest_api_record_is_no_feed() -> None:
    """IIJ's tech blog (Postlight Parser's test page): WordPress announces each post's REST
    API record (`/wp-json/wp/v2/posts/2562`) as `application/json`. It is no feed; the
    site's feed comes first, then its comments' feed."""
    import gzip

    page = Path(__file__).parent / "fixtures" / "pages" / "postlight-techlog.iij.ad.jp.html.gz"
    found = discover_feeds(gzip.decompress(page.read_bytes()), "https://techlog.iij.ad.jp/")
    assert [url for url, _title in found] == [
        "https://techlog.iij.ad.jp/feed",
        "https://techlog.iij.ad.jp/comments/feed",
    ]
    json_feed = b'<link rel="alternate" type="application/json" href="/feed.json">'
    assert discover_feeds(json_feed, "https://x.example/") == [("https://x.example/feed.json", "")]
