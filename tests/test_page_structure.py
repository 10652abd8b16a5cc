"""Saved pages whose markup misleads the extractor: a story in loose text (straight in a
`<div>`, parted by `<br><br>`, or the tail of a box the parser closed a paragraph on) keeps
all of it (termnews.library.loose), and a list of tags parted into a paragraph a link is
no story (termnews.library.clipping)."""

from __future__ import annotations

import gzip
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from termnews.formatting import format_article
from termnews.library import TrailerRules
from termnews.library.byline import author_names
from termnews.library.document import CAPTION
from termnews.library.figures import caption_pictures, captioned_figures
from termnews.library.html import extract_page
from termnews.library.loose import LOOSE_AT_MOST, loose_text, paragraphed
from termnews.library.markdown_blocks import markdown_blocks
from termnews.library.markup import tag_links
from termnews.library.model import search_text
from termnews.library.parse import read_article
from termnews.library.standfirst import standfirst
from termnews.net import Client
from termnews.pages.save import save_url

from .conftest import full_text_service
from .feedserver import Route
from .ui_helpers import reader_text, ready

PAGES = Path(__file__).parent / "fixtures" / "pages"


def _article(tmp_path: Path, name: str):
    path = tmp_path / f"{name}.html"
    path.write_bytes(gzip.decompress((PAGES / f"{name}.html.gz").read_bytes()))
    return read_article(path, path.name, TrailerRules.build())


def test_a_story_opening_in_the_tail_of_a_related_box_keeps_its_opening(tmp_path: Path) -> None:
    """Yahoo's `<p>` opens with a box of related stories, which ends the paragraph: its
    first sentence was the box's tail, and the story began at its second paragraph."""
    article = _article(tmp_path, "goose-yahoo")
    assert article.paragraphs[0].startswith("SAN FRANCISCO (AP) — Steve Jobs, the mind behind")
    assert article.paragraphs[1].startswith("The move appears to be the result")


def test_a_story_straight_in_a_div_is_whole_and_spaced_at_its_links(tmp_path: Path) -> None:
    """Engadget's text sits in the post's `<div>` beside a picture's: it lost its first
    sentence and came out as a paragraph a link, each glued to the link before it."""
    article = _article(tmp_path, "goose-engadget")
    opening = next(p for p in article.paragraphs if "FlexView" in p)
    assert opening.startswith("Streaming and downloading TV content to mobiles is nice")
    assert "version 1.9 of its FiOS TV guide software will finally add a 16x9" in opening
    assert opening.endswith("the real meat is in the enhanced DVR features.")


def test_a_list_of_tags_parted_into_a_paragraph_a_link_is_no_story(tmp_path: Path) -> None:
    """HuffPost's `Read More:` over sixteen tags, `Federal Reserve,` one paragraph of its
    own, came before the story."""
    article = _article(tmp_path, "goose-huffingtonpost")
    assert article.paragraphs[0].startswith("A top regional Federal Reserve official sharply")
    assert not any(p in {"Read More:", "Fomc,", "Business News"} for p in article.paragraphs)
    assert "http://www.huffingtonpost.com/tag/fomc" not in article.links


def test_every_author_a_byline_marks_up_is_named(tmp_path: Path) -> None:
    """The New York Times marks each author of a story (`itemprop="author"`) side by side:
    the extractor named the first of four."""
    article = _article(tmp_path, "goose-author-schema")
    assert author_names(article.meta.author) == (
        "KEVIN SACK, SHERI FINK, PAM BELLUCK, ADAM NOSSITER"
    )


def test_a_post_s_tags_are_its_links_marked_as_tags(tmp_path: Path) -> None:
    """A blog's post marks its tags `rel="tag"`; the extractor read none of them."""
    article = _article(tmp_path, "goose-kusp")
    assert article.meta.tags == ("Dennis Morton", "film", "kusp film review", "Stand Up Guys")


def test_a_site_s_tag_cloud_is_no_post_s_tags() -> None:
    cloud = "".join(f'<a rel="tag" href="/tag/{n}">topic {n}</a>' for n in range(40))
    assert tag_links(_tree(cloud)) == []
    assert tag_links(_tree('<a rel="tag" href="/t/e">Economy,</a>')) == ["Economy"]


def _tree(body: str):
    return lxml_html.fromstring(f"<html><body>{body}</body></html>")


def test_runs_between_double_breaks_and_blocks_become_paragraphs() -> None:
    tree = _tree(
        "<div><h2>Heading</h2>The first paragraph runs on past eight words here, "
        "<a href='/x'>a link</a> and on.<br><br>The second paragraph has as many words "
        "as that one.<br>Still the second.<div>a box</div>The third one after the box, "
        "long enough to count.</div>"
    )
    paragraphed(loose_text(tree))
    container = tree.find(".//div")
    kinds = [child.tag for child in container]
    assert kinds == ["h2", "p", "p", "div", "p"]
    paragraphs = [" ".join(p.text_content().split()) for p in container.findall("p")]
    assert paragraphs == [
        "The first paragraph runs on past eight words here, a link and on.",
        "The second paragraph has as many words as that one.Still the second.",
        "The third one after the box, long enough to count.",
    ]
    assert container.findall("p")[1].find("br") is not None


def test_a_label_beside_a_box_and_inline_elements_alone_stay_as_they_are() -> None:
    body = "<div>Posted by <a href='/a'>Ann</a><div>box</div><span>share</span><p>x</p></div>"
    tree = _tree(body)
    assert loose_text(tree) == []
    tree = _tree(
        "<div><span><div>a whole page in a span</div></span> and eight loose words "
        "beside it here now<p>x</p></div>"
    )
    paragraphed(loose_text(tree))
    assert tree.find(".//div/span") is not None, "a span holding blocks is no paragraph's"


def test_loose_text_mends_no_dialog_that_holds_the_story() -> None:
    """A page whose story is in a dialog (most of its words) keeps it when loose text
    elsewhere has the page mended: only dialogs with less than half the words go."""
    story = "".join(
        f"<p>Paragraph {n} of the story in the dialog tells a long tale of the harbour.</p>"
        for n in range(30)
    )
    page = (
        "<html><head><title>Harbour</title></head><body>"
        f"<div role='dialog'><h1>Harbour</h1>{story}</div>"
        "<div><h2>Aside</h2>some loose words beside the aside, a good many of them</div>"
        "</body></html>"
    )
    assert "Paragraph 17 of the story" in extract_page(page.encode())


def test_a_figure_s_caption_is_its_picture_s(tmp_path: Path) -> None:
    """The Guardian's figures: the extractor gave each picture its short alt text (`Police
    use a water cannon on protests`) and dropped the caption the page shows under it."""
    captions = [b.text for b in _article(tmp_path, "postlight-www.theguardian.com").blocks
                if b.kind == CAPTION]  # fmt: skip
    assert captions == [
        "Police use a water cannon on Standing Rock protesters last week. Photograph: "
        "Stephanie Keith/Reuters",
        "Police stand guard during a prayer ceremony on Backwater Bridge on Sunday. "
        "Photograph: Stephanie Keith/Reuters",
        "Women hold a prayer ceremony during a protest against plans to pass the Dakota "
        "Access pipeline near the Standing Rock reservation. Photograph: Stephanie Keith/Reuters",
    ]


def test_a_teaser_card_s_caption_stays_where_it_was() -> None:
    card = "<a href='/s'><figure><img src='/p.jpg' alt='x'><figcaption>Another story</figcaption>"
    assert captioned_figures(_tree(card + "</figure></a>")) == []
    figure = "<figure><img src='/p.jpg'><figcaption><span>Seen.</span><span>Credit</span>"
    [found] = captioned_figures(_tree(figure + "</figcaption></figure>"))
    caption_pictures([found])
    assert found.find(".//img").get("alt") == "Seen. Credit" and found.find(".//figcaption") is None


def test_a_page_of_very_many_loose_containers_is_read_as_it_is() -> None:
    """Its paragraphs would cost the extractor more than they give (15,000: 14 s, not 5)."""
    box = "<div><h3>a box</h3>loose words of a story, ten of them in all here</div>"
    assert len(loose_text(_tree(box * LOOSE_AT_MOST))) == LOOSE_AT_MOST
    assert loose_text(_tree(box * (LOOSE_AT_MOST + 1))) == []


_PIECES = st.sampled_from(
    [
        "some loose words of a story, ten of them in all here ",
        " ",
        "<br>",
        "<br> <br>",
        "<a href='/l'>a link</a>",
        "<em>stress</em> and a tail",
        "<div>a box</div>",
        "<p>a paragraph</p>",
        "<!-- a comment -->",
        "<span><div>a block in a span</div></span>",
    ]
)


@given(st.lists(_PIECES, max_size=14))
def test_making_paragraphs_keeps_every_word_in_its_order(pieces: list[str]) -> None:
    tree = _tree("<div>" + "".join(pieces) + "<p>end</p></div>")
    before = "".join(tree.text_content().split())
    paragraphed(loose_text(tree))
    assert "".join(tree.text_content().split()) == before  # blanks aside: a block parts words
    for paragraph in tree.iter("p"):
        assert next(paragraph.iterdescendants("div", "p"), None) is None


def test_a_page_s_standfirst_is_shown_apart_and_searched(tmp_path: Path) -> None:
    """WirtschaftsWoche's lead (`c-leadtext`) sits in the page's header, beside the
    headline, and the extractor left it out; it is the page's description, shown."""
    article = _article(tmp_path, "goose-wiwo")
    assert article.standfirst == (
        "Der Linde-Konzern muss sich von Teilen seiner US-Aktivitäten trennen. Den Verkauf "
        "machen Kartellbehörden zur Bedingung, damit sie die geplante Fusion der Münchener "
        "mit dem US-Rivalen Praxair genehmigen."
    )
    assert not any("Bedingung" in paragraph for paragraph in article.paragraphs)
    assert "Bedingung" in search_text(article)[2]
    shown = format_article(article)
    assert shown.index("Der Linde-Konzern") < shown.index("Photo: Beim Geschäft")


def test_a_hostile_page_repeating_the_description_s_opening_stays_quick() -> None:
    """Each place the description's first words stand costs its elements' text: only the
    first few are looked at (5,000 on one page took 3.3 s, growing with their square)."""
    said = "one two three four five six seven"
    page = "<div>" + "<p>one two three and more</p>" * 50_000 + f"</div><p>{said}</p>"
    assert standfirst(_tree(page), said, "", None) is None
    assert standfirst(_tree(f"<div><p>{said}</p></div>"), said, "", None) == said


def test_a_description_only_in_the_page_s_head_is_no_standfirst(tmp_path: Path) -> None:
    """Yahoo's description is in its `<meta>` alone: for search engines, not shown."""
    article = _article(tmp_path, "goose-yahoo")
    assert article.standfirst is None


async def test_the_reader_shows_the_standfirst_under_the_meta_line(make_app, tmp_path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "linde.html").write_bytes(
        gzip.decompress((PAGES / "goose-wiwo.html.gz").read_bytes())
    )
    app = make_app(library)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await ready(pilot)
        shown = reader_text(screen)
        assert shown.index("23 Mar 2017") < shown.index("Der Linde-Konzern muss sich")
        assert shown.index("Der Linde-Konzern muss sich") < shown.index("Beim Geschäft")


def test_a_saved_page_and_a_feed_s_full_text_keep_the_standfirst(tmp_path, server) -> None:
    """`termnews save` and a feed's full text write the page's article into a file of
    their own: the standfirst goes with it (both copied the fields they knew)."""
    linde = gzip.decompress((PAGES / "goose-wiwo.html.gz").read_bytes())
    server.routes["/linde"] = Route(linde, content_type="text/html; charset=utf-8")
    saved = save_url(Client(), tmp_path / "saved", server.url("/linde"), ("Saved",))
    lead = "Der Linde-Konzern muss sich von Teilen seiner US-Aktivitäten trennen."
    assert read_article(saved.path, "s.md", TrailerRules.build()).standfirst.startswith(lead)
    service = full_text_service(
        tmp_path, server, [("Linde", server.url("/linde"), "Linde muss verkaufen.")]
    )
    [result] = service.fetch()
    service.close()
    [item] = result.new
    whole = read_article(Path(item), "i.md", TrailerRules.build())
    assert whole.standfirst.startswith(lead) and whole.meta.words > 100


def test_a_picture_s_caption_said_again_under_it_is_said_once(tmp_path: Path) -> None:
    """Slate's picture has its caption as its alt text and again under it, between
    dashes: the reader showed it twice, once as the picture's and once as the story's."""
    article = _article(tmp_path, "goose-slate")
    said = [text for text in article.paragraphs if "Tapie en 2008" in text]
    assert said == ["Tapie en 2008. REUTERS/Benoit Tessier"]
    assert [b.kind for b in article.blocks if b.text == said[0]] == [CAPTION]


def test_a_picture_s_alt_text_is_read_as_text() -> None:
    """Grazia's alt texts keep Markdown's escapes, and a page's may hold HTML as text."""
    blocks, _ = markdown_blocks(
        "![Lady Gaga out and about in New York City \\[Getty\\]](https://x.test/gaga.jpg)\n\n"
        "![anomaly?<br><small>Photo by <a href='https://x.test'>Angel</a></small>](a.jpg)"
    )
    assert [b.text for b in blocks] == [
        "Lady Gaga out and about in New York City [Getty]",
        "anomaly? Photo by Angel",
    ]


def test_the_site_s_footer_from_its_copyright_line_is_no_story(tmp_path: Path) -> None:
    """CNBC's blog post ran on into its footer: `© 2011 CNBC.com`, an empty table row and
    `CNBC HIGHLIGHTS`, six teasers of other stories."""
    article = _article(tmp_path, "goose-cnbc")
    assert article.paragraphs[-1].startswith('"Questions?')
    assert not any("CNBC HIGHLIGHTS" in text or "©" in text for text in article.paragraphs)
    assert article.paragraphs[0].startswith("Some traders found Wednesday's Fed statement")
