"""Tests for Markdown articles with YAML front matter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from termnews.library import SkipFile, TrailerRules, read_article
from termnews.library.markdown_doc import parse_markdown

RULES = TrailerRules.build()


def test_front_matter_fields() -> None:
    doc = parse_markdown(
        "---\ntitle: Rates held\nsection: Business / Markets\ndate: 2021-08-30\n"
        "source: Example Wire\nurl: https://example.org/a\ntags: [economy, banks]\n---\n\n"
        "The bank **held** rates.\n\nSecond paragraph.\n"
    )
    assert doc.title == "Rates held"
    assert doc.section == ("Business", "Markets")
    assert doc.date == "2021-08-30"
    assert doc.source == "Example Wire"
    assert doc.url == "https://example.org/a"
    assert doc.tags == ("economy", "banks")
    assert doc.paragraphs == ("The bank held rates.", "Second paragraph.")
    assert [span.kind for span in doc.blocks[0].spans] == ["strong"]
    assert doc.words == 6


@pytest.mark.parametrize(
    ("author", "shown"),
    [
        ("author: Jane Roe", "Jane Roe"),  # feeds, clippers, Jekyll
        ("authors: [Jane Roe, Max Mustermann]", "Jane Roe, Max Mustermann"),  # Hugo
        ("author:\n  name: Jane Roe\n  url: https://x.org", "Jane Roe"),  # jekyll-seo-tag
        ("author: [{name: Jane Roe}, {name: Jane Roe}]", "Jane Roe"),
        ("author: 42", None),  # a number is no name
        ("author: [[nested]]", None),
        ("author: ''", None),
    ],
)
def test_the_author_as_front_matter_writes_it(tmp_path: Path, author: str, shown) -> None:
    """Shown in the meta line (`by Jane Roe`) and by `show --json`, read with the body."""
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: Rates held\n{author}\n---\n\nBody.\n")
    assert read_article(path, path.name, RULES).meta.author == shown


def test_the_byline_is_left_out_where_the_source_says_it(tmp_path: Path) -> None:
    from termnews.formatting import format_article

    path = tmp_path / "a.md"
    path.write_text("---\ntitle: T\nsource: Giant Bomb\nauthor: giant bomb\n---\n\nBody.\n")
    assert " · by " not in format_article(read_article(path, path.name, RULES))
    path.write_text("---\ntitle: T\nsource: Wire\nauthor: Jane Roe\n---\n\nBody.\n")
    assert "\nWire · by Jane Roe · " in format_article(read_article(path, path.name, RULES))


def test_section_as_list_and_heading_title() -> None:
    doc = parse_markdown("---\nsection: [News, '  Military ']\n---\n# From the heading\n\nBody.\n")
    assert doc.section == ("News", "Military")
    assert doc.title == "From the heading"
    assert doc.markdown == "Body."


def test_a_first_heading_of_any_level_that_repeats_the_title_is_not_shown_twice() -> None:
    """Saved pages and Hugo posts open with `## The headline` under a `title` that says it."""
    doc = parse_markdown(
        "---\ntitle: Babies May Avoid Allergy\n---\n## Babies may avoid allergy!\n\nBody.\n"
    )
    assert (doc.title, doc.markdown) == ("Babies May Avoid Allergy", "Body.")
    other = parse_markdown("---\ntitle: Rates held\n---\n## Background\n\nBody.\n")
    assert other.markdown == "## Background\n\nBody."
    untitled = parse_markdown("## Background\n\nBody.\n")  # a level-2 heading is no headline
    assert untitled.title != "Background" and untitled.markdown.startswith("## Background")


def test_a_heading_as_headline_reads_as_the_page_shows_it() -> None:
    """Escapes, emphasis, code and links are Markdown, not the headline's words."""
    doc = parse_markdown("# Shares \\[up\\] *now* in `pip` [news](https://x.org)\n\nBody.\n")
    assert doc.title == "Shares [up] now in pip news"
    titled = parse_markdown("---\ntitle: Shares up now\n---\n## Shares *up* now\n\nBody.\n")
    assert titled.markdown == "Body."


def test_no_front_matter_uses_folders(tmp_path: Path) -> None:
    path = tmp_path / "tech" / "note.md"
    path.parent.mkdir()
    path.write_text("# A note\n\nText.\n")
    meta = read_article(path, "tech/note.md", RULES).meta
    assert (meta.title, meta.section, meta.format) == ("A note", ("Tech",), "markdown")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\ntitle: [unclosed\n---\nBody", "broken front matter at front matter line"),
        ("---\n- a\n- b\n---\nBody", "not a mapping"),
        ("---\n!!python/object/apply:os.system ['true']\n---\nx", "broken front matter"),
    ],
)
def test_bad_front_matter_is_skipped(text: str, reason: str) -> None:
    with pytest.raises(SkipFile, match=reason):
        parse_markdown(text)


def test_an_opening_rule_without_a_closing_one_is_markdown_not_front_matter() -> None:
    doc = parse_markdown("---\ntitle: not a field\n\nText after a rule.\n")
    assert doc.title == ""  # no title field and no heading: the file name will be used
    assert "title: not a field" in doc.markdown and "Text after a rule." in doc.markdown


def test_alias_bomb_does_not_explode() -> None:
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb += (
            f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
        )
    bomb += "title: *i\ntags: *i\nsection: *i\n---\nBody.\n"
    doc = parse_markdown(bomb)
    assert doc.title == ""
    assert doc.tags == ()


def test_warming_up_loads_the_markdown_parser_before_the_first_article() -> None:
    """The reader calls it after its first frame: the first Markdown article shown or
    found then does not wait for markdown-it and PyYAML to load."""
    probe = (
        "import sys; from termnews.library.parse import warm_up; "
        "before = 'markdown_it' in sys.modules; warm_up(); "
        "print(before, 'markdown_it' in sys.modules, 'yaml' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False", "True", "True"], done.stderr


def test_multimarkdown_metadata_is_front_matter() -> None:
    """As iA Writer, nvALT and Marked write it (fletcher/MultiMarkdown-6's metadata)."""
    doc = parse_markdown(
        "Title:  Harbour reopens after storm\nAuthor: Jane Roe\nDate:   2024-03-05\n"
        "Tags:   weather, ports\nBase Header Level: 2\nURL: https://news.example/harbour\n"
        "\nThe harbour reopened on *Tuesday*.\n"
    )
    assert doc.title == "Harbour reopens after storm" and doc.date == "2024-03-05"
    assert doc.url == "https://news.example/harbour" and doc.tags == ("weather", "ports")
    assert doc.paragraphs == ("The harbour reopened on Tuesday.",)


def test_a_multimarkdown_value_goes_on_under_its_key() -> None:
    doc = parse_markdown("Title: A long title\n    that goes on\nDate: 2024-01-02\n\nBody.\n")
    assert doc.title == "A long title that goes on" and doc.paragraphs == ("Body.",)


def test_pandoc_title_block() -> None:
    doc = parse_markdown("% Harbour reopens\n% Jane Roe\n% 5 March 2024\n\nThe harbour.\n")
    assert (doc.title, doc.date, doc.paragraphs) == (
        "Harbour reopens",
        "5 March 2024",
        ("The harbour.",),
    )


@pytest.mark.parametrize(
    "text",
    [
        "Note: this is no metadata\nIt is a line.\n\nBody.\n",  # no Title
        "Title: Only a line\nand then the story, no blank line between\n",
        "Update: Title: the minister resigned.\n\nBody.\n",
    ],
)
def test_key_value_lines_that_are_no_metadata(text: str) -> None:
    assert parse_markdown(text).paragraphs[0].startswith(text.split("\n")[0][:10])


def test_multimarkdown_metadata_as_written_for_latex() -> None:
    """A real note's header (Ethan Petuchowski's C++ notes), LaTeX keys and all."""
    doc = parse_markdown(
        "latex input:        mmd-article-header\nTitle:              C++ Notes\n"
        "Author:             Ethan C. Petuchowski\nBase Header Level:  1\n"
        "Keywords:           syntax, language, C++, OOP, old school garbage\n"
        'xhtml header:       <script type="text/javascript" src="http://cdn.mathjax.org/'
        'mathjax/latest/MathJax.js?config=TeX-AMS-MML_HTMLorMML"></script>\n'
        "latex footer:       mmd-memoir-footer\n\n### References\n\n* *C++ the Core Language*\n"
    )
    assert doc.title == "C++ Notes" and doc.tags[:2] == ("syntax", "language")
    assert doc.paragraphs == ("References", "C++ the Core Language")


def test_a_clipped_page_loses_its_ad_slots_and_buttons_with_their_links() -> None:
    """A web clipper keeps the page's `Advertisement` slots and share lines as paragraphs,
    some of them links or bold (buttons); a linked sentence stays, its link numbered 1."""
    doc = parse_markdown(
        "---\ntitle: Rates held\nsource: https://example.org/a\n---\n\n"
        "The bank held rates.\n\nAdvertisement\n\nSKIP ADVERTISEMENT\n\n"
        "Story continues below advertisement\n\nShare this article\n\n"
        "[Share](https://example.org/share)\n\n**Advertisement**\n\n"
        "It will [meet](https://example.org/may) again in May.\n\n"
        "[Image](https://example.org/chart.png)\n"
    )
    assert doc.paragraphs == ("The bank held rates.", "It will meet again in May.", "Image")
    assert doc.links == ("https://example.org/may", "https://example.org/chart.png")
    assert [block.spans[0].link for block in doc.blocks[1:]] == [1, 2]


def test_jina_readers_envelope_gives_the_fields_and_its_lists_go() -> None:
    """As tools built on Jina Reader write it too: no blank lines, and the `Images:` and
    `Links/Buttons:` summaries after the page."""
    doc = parse_markdown(
        "Title: Rates held - Example\nURL Source: https://www.example.com/a\n"
        "Published Time: Fri, 04 Sep 2026 09:35:49 GMT\nWarning: Target URL returned error "
        "403: Forbidden\nMarkdown Content:\n# Rates held | Example\n\n![Image 1](https://x/1.png)"
        "\n\nThe bank held rates. ![Image 2: A chart](https://x/2.png)\n\nImages:\n"
        "- ![Image 1](https://x/1.png)\n- ![Image 2: A chart](https://x/2.png)\n\n"
        "Links/Buttons:\n- [Home](https://www.example.com/)\n"
    )
    assert (doc.title, doc.url, doc.source) == (
        "Rates held",
        "https://www.example.com/a",
        "example.com",
    )
    assert doc.date == "Fri, 04 Sep 2026 09:35:49 GMT"
    assert doc.paragraphs == ("The bank held rates. [A chart]",)


def test_an_envelope_with_no_title_takes_the_first_heading() -> None:
    doc = parse_markdown(
        "Title: \n\nURL Source: https://a.org/x\n\nMarkdown Content:\nTop\n===\n\nBody."
    )
    assert (doc.title, doc.paragraphs) == ("Top", ("Body.",))


def test_title_lines_without_markdown_content_stay_multimarkdown() -> None:
    doc = parse_markdown(
        "Title: Notes\nURL Source: https://a.org/x\n\nMarkdown Content: is a phrase."
    )
    assert doc.title == "Notes"
    assert doc.paragraphs == ("Markdown Content: is a phrase.",)


def test_an_underlined_first_heading_is_the_headline() -> None:
    assert parse_markdown("Rates held\n==========\n\nBody.").title == "Rates held"
    second = parse_markdown("Rates held\n----------\n\nBody.")
    assert (second.title, second.paragraphs[-1]) == ("", "Body.")
    listed = parse_markdown("- one\n---\n\nBody.")
    assert listed.title == ""


def test_a_paragraph_styled_as_a_heading_reads_as_a_paragraph() -> None:
    """The Replication Network's posts, moved from WordPress, style every paragraph as
    `######`: a heading is short."""
    long = "As part of a major replication and robustness project of articles " * 4
    doc = parse_markdown(f"###### {long}\n\n###### **The Assignment**\n\nText.")
    assert [block.kind for block in doc.blocks] == ["paragraph", "heading", "paragraph"]


def test_a_blogs_trailer_goes_from_its_sharing_buttons_on() -> None:
    story = "The story goes on for a while, as stories do. " * 6
    doc = parse_markdown(
        f"{story}\n\n## Share this with your team\n\n- one point of the story\n\n"
        "### Like this:\n\n```\ncode\n```\n\n"
        "### Share this:\n\n- [Facebook](https://f.example/?share=facebook)\n- More\n\n"
        "### Like this:\n\nLike Loading...\n\n### _Related_\n\n"
        "A reader's comment under the post.\n"
    )
    assert [block.text for block in doc.blocks] == [
        story.strip(),
        "Share this with your team",
        "one point of the story",
        "Like this:",
        "code",
    ]
    assert doc.links == ()


def test_sharing_buttons_above_a_post_are_no_trailer() -> None:
    doc = parse_markdown(
        "### Share this:\n\n- [Facebook](https://f.example/?share=facebook)\n\nThe story."
    )
    assert doc.paragraphs[-1] == "The story."


def test_a_masthead_goes_and_the_storys_links_are_numbered_from_one() -> None:
    doc = parse_markdown(
        "---\ntitle: Rates held\n---\n\n[Skip to content](#content)\n\n"
        "[The Wire](https://wire.example/)\n\nNews about money\n\n- [Markets](https://wire.example/m)"
        "\n\n# Rates held!\n\nThe bank [held](https://bank.example/) rates.\n"
    )
    assert doc.paragraphs == ("The bank held rates.",)
    assert doc.links == ("https://bank.example/",)
    assert doc.blocks[0].spans[0].link == 1


def test_a_lead_sentence_before_a_heading_that_repeats_the_title_stays() -> None:
    doc = parse_markdown(
        "---\ntitle: 'CVE-1: A bug'\n---\n\nWe published an advisory for CVE-1.\n\n"
        "## CVE-1: A bug\n\nDetails.\n"
    )
    assert doc.paragraphs == ("We published an advisory for CVE-1.", "CVE-1: A bug", "Details.")


def test_links_are_numbered_again_in_reading_order_when_a_masthead_goes() -> None:
    doc = parse_markdown(
        "---\ntitle: Rates held\n---\n\n- [Home](https://wire.example/)\n\n# Rates held\n\n"
        "The bank [held](https://bank.example/) rates.\n\n[Home](https://wire.example/)\n"
    )
    assert doc.links == ("https://bank.example/", "https://wire.example/")
    assert [block.spans[0].link for block in doc.blocks] == [1, 2]


_MARKDOWNLOAD = (
    "---\ncreated: 2024-04-11T11:33:32 (UTC -03:00)\ntags: []\nsource: {source}\nauthor: \n---"
    "\n\n# {title}\n\n> ## Excerpt\n> {excerpt}\n\n---\n{story}"
)
"""MarkDownload's front matter template (deathau/markdownload, src/shared/default-options.js)
around a clipped page."""


def test_markdownloads_excerpt_is_said_once() -> None:
    doc = parse_markdown(
        _MARKDOWNLOAD.format(
            source="https://dev.to/tunaxor/generating-html-in-f-4h5b",
            title="Generating HTML in F# - DEV Community",
            excerpt="Simple things in FSharp   Hello there, this is the 4th entry in Simple "
            "Things F#.  Today...",
            story="## Simple things in FSharp\n\nHello there, this is the 4th entry in Simple "
            "Things F#.\n\nToday we'll be talking about producing HTML.",
        )
    )
    assert [block.kind for block in doc.blocks] == ["heading", "paragraph", "paragraph"]
    assert doc.source == "dev.to"


def test_markdownloads_excerpt_that_the_story_does_not_repeat_stays_a_quote() -> None:
    doc = parse_markdown(
        _MARKDOWNLOAD.format(
            source="https://medium.com/nerd-for-tech/workflow-d87e50bb5511",
            title="Switching GitHub accounts | by William Infante | Nerd For Tech | Medium",
            excerpt="Quick rundown on what to check and change",
            story="Every so often I switch accounts.",
        )
    )
    assert doc.title == "Switching GitHub accounts | by William Infante | Nerd For Tech"
    assert [(block.kind, block.text) for block in doc.blocks] == [
        ("quote", "Quick rundown on what to check and change"),
        ("paragraph", "Every so often I switch accounts."),
    ]


def test_one_line_of_story_above_a_heading_that_repeats_the_title_stays() -> None:
    for lead in ("We are pleased to announce the release of Rates", "Read on for the details:"):
        doc = parse_markdown(f"---\ntitle: Rates held\n---\n\n{lead}\n\n## Rates held\n\nBody.")
        assert doc.paragraphs[0] == lead


def test_a_title_underlined_a_blank_line_apart_is_the_headline() -> None:
    """Jina Reader writes a page's `<title>` so: `Title`, a blank line, `===`."""
    doc = parse_markdown("Rates held\n\n==========\n\nBody.")
    assert (doc.title, doc.paragraphs) == ("Rates held", ("Body.",))
    assert parse_markdown("Rates held\n\n----------\n\nBody.").title == ""


def test_a_row_of_share_buttons_goes_and_script_links_are_plain_text() -> None:
    doc = parse_markdown(
        "Story.\n\n[Facebook](https://f.example/s) [X](https://x.example/s) "
        "[Copy link](javascript:;) [Email](mailto:?body=x)\n\n"
        "Press [Print](javascript:window.print()) to print. ![](data:image/svg+xml,%3Csvg%3E)\n"
    )
    assert [text.strip() for text in doc.paragraphs] == ["Story.", "Press Print to print."]
    assert doc.links == ()


# Omnivore's export to Obsidian, as its default template writes a story
# (omnivore-app/obsidian-omnivore, src/DEFAULT_SETTINGS.ts); the story is a stand-in.
OMNIVORE = """---
id: e600e9da-b34d-4383-a514-66112f54f9e0
title: Migrating Mess With DNS to use PowerDNS
tags:
  - RSS
date_saved: 2024-08-20 07:01:12
date_published: 2024-08-19 08:15:28
---

# Migrating Mess With DNS to use PowerDNS
#Omnivore

[Read on Omnivore](https://omnivore.app/me/migrating-mess-with-dns-to-use-power-dns-1916d073a57)
[Read Original](https://jvns.ca/blog/2024/08/19/migrating-mess-with-dns-to-use-powerdns/)

About 3 years ago, I announced [Mess With DNS](https:&#x2F;&#x2F;messwithdns.net&#x2F;).
"""


def test_a_story_omnivore_exported_has_its_address_date_and_site() -> None:
    doc = parse_markdown(OMNIVORE)
    assert doc.url == "https://jvns.ca/blog/2024/08/19/migrating-mess-with-dns-to-use-powerdns/"
    assert doc.source == "jvns.ca"
    assert doc.date == "2024-08-19T08:15:28"  # published, not saved
    assert doc.paragraphs == ("About 3 years ago, I announced Mess With DNS.",)
    assert doc.links == ("https://messwithdns.net/",)


def test_cubox_read_original_under_its_own_url_field() -> None:
    text = (
        "---\nurl: https://mp.weixin.qq.com/s/tmXg0tguoZZplDZMaJWlJQ\n---\n# Agents\n\n"
        "[Read in Cubox](https://cubox.pro/web/card/7393599330126398303)  \n"
        "[Read Original](https://example.com/elsewhere)  \n\n---\n\n## Annotations\n"
    )
    doc = parse_markdown(text)
    assert doc.url == "https://mp.weixin.qq.com/s/tmXg0tguoZZplDZMaJWlJQ"  # its own field first
    assert "Read in Cubox" not in " ".join(doc.paragraphs)


def test_a_read_original_link_inside_the_story_stays() -> None:
    text = "# Notes\n\nI liked this.\n\n[Read Original](https://example.com/a)\n"
    doc = parse_markdown(text)
    assert doc.url is None and doc.paragraphs == ("I liked this.", "Read Original")


@pytest.mark.parametrize(
    "key", ["publishDate", "publishedAt", "published_at", "date_published", "datePublished"]
)
def test_the_ways_blogs_date_a_post(key: str) -> None:
    doc = parse_markdown(f"---\ntitle: T\n{key}: 2023-05-04\ncreated: 2024-01-01\n---\nBody.\n")
    assert doc.date == "2023-05-04"


def test_a_source_the_tree_cut_is_not_said_again(tmp_path: Path) -> None:
    """A feed's name over 80 characters is cut in the section (`…`); the meta line does
    not name it a second time in full as the source."""
    from termnews.formatting import format_article

    name = "Taverncast - Happy Hour in Your Head - Since 2005 (127.0.0.1/itunes-missing-image.rss)"
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: T\nsection: [Feeds, {name!r}]\nsource: {name!r}\n---\n\nBody.\n")
    line = format_article(read_article(path, path.name, RULES)).splitlines()[1]
    assert line.startswith("Feeds › Taverncast") and line.count("Taverncast") == 1
