"""Tests for the saved-page and plain text parser, pinned to the real seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termnews.library import TrailerRules, read_article
from termnews.library.parse import glimpse_article
from termnews.library.textfile import is_caption, parse_breadcrumb, parse_text
from termnews.library.textheader import numbered_links

from .conftest import SEED

RULES = TrailerRules.build()


def test_seed_parses_exactly() -> None:
    article = read_article(SEED, "news/seed.txt", RULES)
    meta = article.meta
    assert meta.section == ("News", "Military", "Afghanistan")
    assert (
        meta.title
        == "US Joint Chiefs of Staff Chairman: America would work with Taliban on Daesh-K"
    )
    assert len(article.captions) == 2
    assert article.captions[0].startswith("US Rep. Ilhan Omar (D-MN) (L) talks with Speaker")
    assert article.captions[0].endswith("(AFP photo)")
    assert article.captions[1].startswith("US Gen. Mark Milley, chairman of the Joint Chiefs")
    assert article.captions[1].endswith("(AP file photo)")
    assert article.paragraphs[0].startswith(
        "US Joint Chiefs of Staff Chairman Gen. Mark Milley has said"
    )
    assert article.paragraphs[-1].endswith("And then the terrorist struck.")
    assert len(article.paragraphs) == 14
    body = "\n".join(article.paragraphs)
    assert "alternate addresses" not in body
    assert "Roku" not in body
    assert article.trailer == (
        "Press TV’s website can also be accessed at the following alternate addresses:",
        "Press TV News Roku",
    )
    assert meta.source == "Press TV"
    assert meta.date is None
    assert meta.format == "text"


def test_seed_whitespace_is_cleaned() -> None:
    article = read_article(SEED, "news/seed.txt", RULES)
    for text in (*article.captions, *article.paragraphs):
        assert text == text.strip()
        assert "\u00a0 " not in text and " \u00a0" not in text
    assert "alongside Milley. He revealed" in article.paragraphs[7]
    assert article.paragraphs[-1].endswith(
        "deadly terrorist attack. And then the terrorist struck."
    )


def test_seed_words_and_id_are_stable() -> None:
    first = read_article(SEED, "a.txt", RULES).meta
    second = read_article(SEED, "elsewhere/b.txt", RULES).meta
    assert first.id == second.id
    assert len(first.id) == 12
    assert first.words == 495


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "News\u00a0 / \u00a0Military\u00a0 / \u00a0Afghanistan",
            ("News", "Military", "Afghanistan"),
        ),
        ("News / Military", ("News", "Military")),
        ("News  /  Military", ("News", "Military")),
        ("News/Military/Afghanistan", ("News", "Military", "Afghanistan")),
        ("News / / Military", ("News", "Military")),
        ("Remembering 9/11: twenty years on", None),
        ("Shops open 24/7 as demand grows", None),
        ("Leaders and/or deputies will attend", None),
        ("Love/Hate", None),
        ("A / this part is far too long to be a section in any breadcrumb at all", None),
        ("No slash here", None),
        ("Home / News / World", ("News", "World")),
        ("Home > News > World > Europe", ("News", "World", "Europe")),
        ("News \u203a World \u203a Europe", ("News", "World", "Europe")),
        ("Home \u00bb News \u00bb Record second half sees THG return to growth", ("News",)),
        ("Sport > Football", ("Sport", "Football")),
        ("Cash > crypto for now", None),
        ("Why 2 > 1 in the Senate", None),
        ("News > World \u203a Europe", None),
        ("\u00ab Non \u00bb Paris", None),
        ("Home", None),
        # as real Chinese, Japanese and other sites write them: their front page, a lead-in
        # (`Current position:`), a last part naming the page itself (`正文`, the story)
        ("首页 > 新闻 > 环球扫描 > 正文", ("新闻", "环球扫描")),
        ("当前位置：首页 > 新闻资讯 > 公司动态", ("新闻资讯", "公司动态")),
        ("ホーム > ニュース > 国際", ("ニュース", "国際")),
        ("You are here: Home > News > World", ("News", "World")),
        ("Startseite > Politik > Ausland", ("Politik", "Ausland")),
        ("Strona główna > Wiadomości > Świat", ("Wiadomości", "Świat")),
        ("You are here: Home", None),
    ],
)
def test_breadcrumb_detection(line: str, expected: tuple[str, ...] | None) -> None:
    assert parse_breadcrumb(line) == expected


def test_a_trail_that_ends_with_the_headline_gives_the_section_above_it() -> None:
    text = "Home \u00bb Sport \u00bb Brexit deal agreed\n\nBrexit deal agreed\n\nIt was agreed.\n"
    parsed = parse_text(text, RULES)
    assert parsed.section == ("Sport",)
    assert parsed.title == "Brexit deal agreed"
    assert parsed.paragraphs == ("It was agreed.",)


def test_slash_headline_is_a_headline() -> None:
    parsed = parse_text("Remembering 9/11: twenty years on\n\nIt was a Tuesday.\n", RULES)
    assert parsed.section == ()
    assert parsed.title == "Remembering 9/11: twenty years on"
    assert parsed.paragraphs == ("It was a Tuesday.",)


def test_spaced_slash_headline_followed_by_prose_is_not_a_breadcrumb() -> None:
    text = "Love / Hate\n\n" + "A long first paragraph of the story. " * 12 + "\n"
    parsed = parse_text(text, RULES)
    assert parsed.title == "Love / Hate"
    assert parsed.section == ()


@pytest.mark.parametrize(
    "line",
    [
        "Troops at the airport. (AFP photo)",
        "A file image. (AP file photo)",
        "Protesters in the square (Reuters)",
        "The minister speaks (Photo by Jane Doe/Getty Images)",
    ],
)
def test_captions(line: str) -> None:
    assert is_caption(line)


@pytest.mark.parametrize("line", ["The vote was close (51-49).", "He said (again) no.", ""])
def test_not_captions(line: str) -> None:
    assert not is_caption(line)


def test_crlf_and_cr_line_endings(tmp_path: Path) -> None:
    raw = SEED.read_bytes()
    for ending in (b"\r\n", b"\r"):
        copy = tmp_path / "seed.txt"
        copy.write_bytes(raw.replace(b"\n", ending))
        article = read_article(copy, "seed.txt", RULES)
        assert article.meta.section == ("News", "Military", "Afghanistan")
        assert len(article.captions) == 2 and len(article.paragraphs) == 14


def test_hard_wrapped_lines_join_and_long_lines_stay_apart() -> None:
    long = "A sentence long enough to be a paragraph on its own line. " * 2
    text = "Headline\n\nshort wrapped\nline of prose\n\n" + (long.strip() + "\n") * 2
    parsed = parse_text(text, RULES)
    assert parsed.paragraphs == ("short wrapped line of prose", long.strip(), long.strip())


def test_trailer_only_near_the_end() -> None:
    paragraphs = ["Read more: an early link inside the story."] + [f"Para {i}." for i in range(10)]
    parsed = parse_text("Headline\n\n" + "\n\n".join(paragraphs), RULES)
    assert parsed.paragraphs[0].startswith("Read more")
    assert parsed.trailer == ()


def test_user_trailer_pattern() -> None:
    rules = TrailerRules.build([r"^Download our app"])
    parsed = parse_text("Headline\n\nStory.\n\nDownload our app today\n\nLinks", rules)
    assert parsed.paragraphs == ("Story.",)
    assert parsed.trailer == ("Download our app today", "Links")


# newsboat's `save` (item_renderer::to_plain_text), as its own test suite pins it
# (newsboat/newsboat test/itemrenderer.cpp): the header, a line of one space, the story
# wrapped at 80 columns with each link's number after it, and the numbered links.
NEWSBOAT = (
    "Feed: Funniest jokes ever\n"
    "Title: A frivolous test item\n"
    "Author: Johnny Doe Jr.\n"
    "Date: Sun, 30 Sep 2018 19:34:25 +0000\n"
    "Link: https://example.com/see-more\n"
    "Flags: adhjklsw\n"
    " \n"
    "Image[1]\n"
    " \n"
    "Hello, world!\n"
    " \n"
    "See also this site[2].\n"
    " \n"
    "Links: \n"
    "[1]: https://example.com/see-more.png (image)\n"
    "[2]: https://example.com/ (link)\n"
)


def test_an_article_saved_by_newsboat(tmp_path: Path) -> None:
    path = tmp_path / "A_frivolous_test_item.txt"
    path.write_text(NEWSBOAT)
    article = read_article(path, path.name, RULES)
    meta = article.meta
    assert meta.title == "A frivolous test item" and meta.source == "Funniest jokes ever"
    assert meta.date == "2018-09-30T19:34:25+00:00" and meta.url == "https://example.com/see-more"
    assert article.meta.author == "Johnny Doe Jr."
    assert article.paragraphs == ("Hello, world!", "See also this site.")
    assert article.links == ("https://example.com/see-more.png", "https://example.com/")
    [span] = article.blocks[1].spans
    assert article.blocks[1].text[span.start : span.end] == "site" and span.link == 2
    looked = glimpse_article(path, path.name)
    assert (looked.title, looked.source, looked.date) == (meta.title, meta.source, meta.date)


def test_a_long_title_newsboat_wrapped_at_80_columns() -> None:
    """newsboat's TextFormatter wraps header lines too, a title's rest onto the next line
    as it is (its test of `text-width` shows the wrapping, a space left at each break)."""
    title = "Zelenskyy says ‘crucial’ for Ukraine to have Trump’s support in lengthy statement"
    text = NEWSBOAT.replace(
        "Title: A frivolous test item\n",
        "Title: Zelenskyy says ‘crucial’ for Ukraine to have Trump’s support in lengthy \n"
        "statement\n",
    )
    parsed = parse_text(text, RULES)
    assert parsed.title == title and parsed.url == "https://example.com/see-more"
    assert parsed.paragraphs == ("Hello, world!", "See also this site.")


def test_newsboat_pictures_keep_their_link_number() -> None:
    text = NEWSBOAT.replace(
        "Hello, world!",
        "Hello, [image 1: A crowd in Kyiv (link #1)] world, wrapped\nat the edge.",
    )
    parsed = parse_text(text, RULES)
    assert parsed.paragraphs[0] == "Hello, [image 1: A crowd in Kyiv] world, wrapped at the edge."
    [span] = parsed.blocks[0].spans
    assert parsed.blocks[0].text[span.start : span.end] == "[image 1: A crowd in Kyiv]"


@pytest.mark.parametrize(
    "text",
    [
        "Title: Why I quit\n\nI quit my job on a Tuesday.\n",  # one field: the headline
        "Date: Monday\nTitle: Notes\nIt rained.\n",  # no blank line after it
        "Subject: Re: lunch\nTitle: x\n\nBody.\n",  # a field no header has
    ],
)
def test_key_value_lines_that_are_no_header(text: str) -> None:
    parsed = parse_text(text, RULES)
    assert parsed.url is None and parsed.date is None
    assert parsed.title == text.split("\n")[0]


@given(st.text(alphabet="ab []:#(link)0123456789image", max_size=80), st.integers(0, 5))
def test_newsboat_numbers_leave_spans_inside_the_text(text: str, count: int) -> None:
    clean, spans = numbered_links(text, count)
    assert all(0 <= s.start <= s.end <= len(clean) and 1 <= s.link <= count for s in spans)
