"""Tests for text browsers' dumps (lynx, elinks) kept as text articles: their link numbers
and links list, pinned to a real `lynx -dump` (tests/fixtures/real/lynx)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from termnews.library import TrailerRules, read_article
from termnews.library.dump import marked_before
from termnews.library.parse import glimpse_article
from termnews.library.textfile import parse_text

RULES = TrailerRules.build()
MOVIELENS = Path(__file__).parent / "fixtures" / "real" / "lynx" / "movielens-10m-readme.txt"


def linked(block, number: int) -> str:
    [span] = [span for span in block.spans if span.link == number]
    return block.text[span.start : span.end]


def test_a_real_lynx_dump_reads_its_links_from_the_references_list() -> None:
    article = read_article(MOVIELENS, MOVIELENS.name, RULES)
    assert article.meta.title == "Summary"
    assert len(article.links) == 15
    assert article.links[0] == "http://www.movielens.org/"
    assert article.links[10] == "http://en.wikipedia.org/wiki/Tag_(metadata)"
    first = article.blocks[0]
    assert first.text.endswith("online movie recommender service MovieLens.")
    assert linked(first, 1) == "MovieLens"
    texts = [block.text for block in article.blocks]
    assert not any("[1" in text or "http://" in text for text in texts)
    assert "References" not in texts and texts[-1] == "Valid XHTML 1.0 Strict Valid CSS!"
    assert linked(article.blocks[-1], 15) == "Valid"
    looked = glimpse_article(MOVIELENS, MOVIELENS.name)
    assert looked.title == "Summary"


def test_a_real_lynx_dump_s_centred_headings_are_headings() -> None:
    article = read_article(MOVIELENS, MOVIELENS.name, RULES)
    headings = [block.text for block in article.blocks if block.kind == "heading"]
    assert headings == [
        "Usage License",
        "Acknowledgements",
        "Further Information About GroupLens",
        "Content and Use of Files",
    ]
    kinds = {block.text: block.kind for block in article.blocks}
    assert kinds["Thanks to Rich Davies for generating the data set."] == "paragraph"
    assert kinds["Information Filtering"] == "item"


def test_only_a_short_line_set_in_from_the_text_is_a_centred_heading() -> None:
    text = "Title\n\n" + "\n\n".join(
        [
            "A paragraph of the story, wrapped at a width as a text file is,\nand on.",
            "                         The Second Part",
            "    Indented, a quoted line that ends a sentence.",
            "                         A centred line that ends a sentence.",
            "              - an item",
            "Another paragraph of the story, wrapped at a width as a text file\nis.",
        ]
    )
    blocks = parse_text(text, RULES).blocks
    assert [block.kind for block in blocks] == [
        "paragraph", "heading", "paragraph", "paragraph", "item", "paragraph",
    ]  # fmt: skip


def test_a_wrapped_address_is_one_link_again() -> None:
    """lynx wraps a link whose text is its address as it wraps words (a real mail, from a
    list archive: `…#post140` / `41574`)."""
    text = (
        "Possible ALSA bug\n\n"
        "   Please take a look at the following thread:\n\n"
        "   [1]https://ubuntuforums.org/showthread.php?t=2462882&p=14041574#post140\n"
        "   41574\n\n"
        "   I'd provide further info, if it's needed.\n\n"
        "References\n\n"
        "   1. https://ubuntuforums.org/showthread.php?t=2462882&p=14041574#post14041574\n"
    )
    parsed = parse_text(text, RULES)
    url = "https://ubuntuforums.org/showthread.php?t=2462882&p=14041574#post14041574"
    assert parsed.links == (url,)
    assert parsed.paragraphs[1] == url
    assert [(s.start, s.end, s.link) for s in parsed.blocks[1].spans] == [(0, len(url), 1)]


def test_elinks_unnumbered_list_leaves_the_body_and_gives_the_links() -> None:
    text = (
        "Advisory: FTP injections\n\n"
        "   Posted by Timothy Morgan at 7:54 AM\n\n"
        "References\n\n"
        "   Visible links\n"
        "   . https://shiftordie.de/blog/2017/02/18/smtp-over-xxe/\n"
        "   . http://www.enyo.de/fw/security/java-firewall/\n"
    )
    parsed = parse_text(text, RULES)
    assert parsed.paragraphs == ("Posted by Timothy Morgan at 7:54 AM",)
    assert parsed.links == (
        "https://shiftordie.de/blog/2017/02/18/smtp-over-xxe/",
        "http://www.enyo.de/fw/security/java-firewall/",
    )


def test_a_page_head_logo_and_menu_are_not_the_headline() -> None:
    text = (
        "   #[1]alternate [2]RSS Feed\n\n"
        "   [3]SourceForge.net Logo\n"
        "   [4]Skip to main content\n"
        "   (BUTTON)\n\n"
        "                                 spidermonkey\n\n"
        "   Python/JavaScript bridge module, making use of Mozilla's\n"
        "   [5]spidermonkey JavaScript implementation. Allows implementation of\n"
        "   JavaScript classes, objects and functions in Python.\n\n"
        "References\n\n" + "".join(f"   {n}. http://example.org/{n}\n" for n in range(1, 6))
    )
    parsed = parse_text(text, RULES)
    assert parsed.title == "spidermonkey"
    assert parsed.paragraphs == (
        "Python/JavaScript bridge module, making use of Mozilla's spidermonkey JavaScript "
        "implementation. Allows implementation of JavaScript classes, objects and functions "
        "in Python.",
    )
    assert linked(parsed.blocks[0], 5) == "spidermonkey"


def test_a_references_list_someone_wrote_stays_in_the_story() -> None:
    """Numbered addresses under `References` with no `[n]` in the text are the author's."""
    text = (
        "Setting up the server\n\n"
        "I followed two guides, and they disagreed about the firewall. [2023] was the year.\n\n"
        "References\n\n"
        "   1. https://github.com/rrjoson/udacity-linux-server-configuration\n"
        "   2. https://www.digitalocean.com/community/tutorials/how-to-deploy\n"
    )
    parsed = parse_text(text, RULES)
    assert parsed.paragraphs[1:3] == (
        "References",
        "https://github.com/rrjoson/udacity-linux-server-configuration",
    )
    assert "[2023]" in parsed.paragraphs[0]


def test_a_title_with_a_bracketed_number_keeps_it() -> None:
    parsed = parse_text("Top films [2023]\n\nThe list.\n", RULES)
    assert parsed.title == "Top films [2023]"


@given(
    st.text(alphabet="ab []0123456789(BUTON)h:/.", max_size=80),
    st.lists(st.sampled_from(["https://a.b/c", "http://x", "mailto:y@z"]), max_size=4),
)
def test_dump_numbers_leave_spans_inside_the_text(text: str, urls: list[str]) -> None:
    clean, spans = marked_before(text, urls)
    assert all(0 <= s.start <= s.end <= len(clean) and 1 <= s.link <= len(urls) for s in spans)
