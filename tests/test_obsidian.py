"""Obsidian's Markdown read as Obsidian shows it, pinned to pages of Obsidian's own help
(tests/fixtures/real/obsidian, from github.com/obsidianmd/obsidian-help) and to the Ruby
news posts whose brackets look like Obsidian's links but are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from termnews.library.document import CAPTION, CODE, QUOTE
from termnews.library.markdown_blocks import markdown_blocks

REAL = Path(__file__).parent / "fixtures" / "real"


def blocks(markdown: str):
    return markdown_blocks(markdown)[0]


def words_shown(markdown: str) -> list[str]:
    """Each block's text without its code spans, which show syntax on purpose."""
    shown = []
    for block in blocks(markdown):
        if block.kind == CODE:
            continue
        text = block.text
        for span in sorted(block.spans, key=lambda span: -span.start):
            if span.kind == "code":
                text = text[: span.start] + text[span.end :]
        shown.append(text)
    return shown


def test_callouts_of_obsidians_help_show_their_titles_not_their_syntax() -> None:
    page = (REAL / "obsidian" / "help-callouts.md").read_text()
    quotes = [block for block in blocks(page) if block.kind == QUOTE]
    first = quotes[0]
    assert first.text == (
        "Here's a callout title\nHere's a callout block. It supports Markdown, Wikilinks and "
        "embeds!"
    )
    assert [(s.start, s.end, s.kind) for s in first.spans][:1] == [(0, 22, "strong")]
    assert "Are callouts foldable?\nYes! In a foldable callout" in "\n".join(q.text for q in quotes)
    assert not any("[!" in text or "[[" in text for text in words_shown(page))


def test_internal_links_show_their_text() -> None:
    page = (REAL / "obsidian" / "help-internal-links.md").read_text()
    shown = words_shown(page)
    assert (
        "Settings → Files and links → Automatically update internal links." in shown
    )  # `**[[Settings]]** → **[[Settings#Files and links|Files and links]]** → …`
    assert "[Quick switcher > ^search-autocomplete-large]" not in shown
    assert "[Quick switcher > search-autocomplete-large]" in shown  # a block, embedded
    assert "Under Files and Links, disable Use [[Wikilinks]]." in shown  # `\[\[`: as written


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("After [[Storm Ciarán|the storm]] passed.", "After the storm passed."),
        ("See [[Harbours#History]].", "See Harbours > History."),
        ("[[Help#Questions#Report bugs]]", "Help > Questions > Report bugs"),  # as its help says
        ("Up to [[#Contents|the top]].", "Up to the top."),
        ("Cited [[1]](https://en.wikipedia.org/wiki/X#cite_note-1) here.", "Cited [1] here."),
        ("Not a note: [[1]] or [[Bug #16908]].", "Not a note: [[1]] or [[Bug #16908]]."),
        ('Ruby: [["a", "b"]] and [[Característica#20860]].', None),
        ("Ruby's methods: :===, :=~, :==, :!=, :eql?", None),
        ("a == b and c == d", None),
    ],
)
def test_what_is_and_is_not_a_link_between_notes(markdown: str, text: str | None) -> None:
    [block] = blocks(markdown)
    assert block.text == (text or markdown)
    assert not any(span.kind == "mark" for span in block.spans)


def test_a_bracketed_reference_link_stays_a_link() -> None:
    """Ruby's news: `[[Feature #20564]]` with `[Feature #20564]: https://…` defined."""
    markdown = "Prism is the default. [[Feature #20564]]\n\n[Feature #20564]: https://bugs.ruby-lang.org/issues/20564\n"
    body, links = markdown_blocks(markdown)
    assert body[0].text == "Prism is the default. [Feature #20564]"
    assert links == ("https://bugs.ruby-lang.org/issues/20564",)


def test_highlights_are_marked() -> None:
    [block] = blocks("The harbour reopened and ==boats went *out*== again.")
    assert block.text == "The harbour reopened and boats went out again."
    [mark] = [span for span in block.spans if span.kind == "mark"]
    assert block.text[mark.start : mark.end] == "boats went out"
    assert any(span.kind == "em" for span in block.spans)


def test_embeds_show_a_pictures_description_and_a_notes_name() -> None:
    assert [(b.kind, b.text) for b in blocks("![[harbour.jpg|A boat at dawn]]")] == [
        (CAPTION, "A boat at dawn")
    ]
    assert blocks("![[harbour.jpg|300]]") == () and blocks("![[harbour.jpg]]") == ()
    assert [b.text for b in blocks("![[Storm Ciarán]]")] == ["[Storm Ciarán]"]


def test_a_callout_with_no_title_is_named_by_its_type() -> None:
    [title] = blocks("> [!warning]-\n")
    assert title.text == "Warning"
    quote = blocks("> [!note]\n> Hidden text.\n")
    assert quote[0].text == "Note\nHidden text."
