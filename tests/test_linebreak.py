"""Line breaking of Chinese and Japanese (termnews.library.linebreak, drawn by
termnews.ui.linebreak and wrapped by termnews.formatting), on a real NHK story."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from termnews.library import TrailerRules
from termnews.library.linebreak import NO_END, NO_START
from termnews.library.parse import read_article
from termnews.ui.linebreak import breakable, wrap
from termnews.ui.widgets.article_list import ArticleList
from termnews.ui.widgets.reader import Reader

from .ui_helpers import ready

REAL = Path(__file__).parent / "fixtures" / "real"
STORY = REAL / "nhk" / "2019-04-14-senkyo.txt"
CONSOLE = Console(width=200)


def _lines(text: str, width: int) -> list[str]:
    options = CONSOLE.options.update_width(width)
    rendered = CONSOLE.render_lines(breakable(Text(text)), options, pad=False)
    return ["".join(segment.text for segment in line) for line in rendered]


def _paragraphs() -> list[str]:
    return list(read_article(STORY, STORY.name, TrailerRules.build()).paragraphs)


@pytest.mark.parametrize("width", range(12, 61))
def test_no_line_of_a_japanese_story_starts_with_a_comma_or_stop(width: int) -> None:
    """Rich folded the story wherever a line was full: `、新人が112人です。` began a line
    at 40 columns, and `1` `12` were cut apart at others."""
    for paragraph in _paragraphs():
        lines = _lines(paragraph, width)
        assert "".join(lines) == paragraph
        for line in lines:
            assert cell_len(line) <= width
            assert line[0] not in NO_START and line[-1] not in NO_END, (width, line)
        for number in ("112", "193", "314", "1670"):
            if number in paragraph:
                assert any(number in line for line in lines), (width, number)


def test_the_comma_takes_the_character_before_it_down() -> None:
    """Kinsoku by pushing out (oidashi): the line ends a character early."""
    paragraph = next(p for p in _paragraphs() if p.startswith("内訳を見ますと"))
    assert _lines(paragraph, 40)[:2] == [
        "内訳を見ますと、現職が78人、元市長が３",
        "人、新人が112人です。女性は27人となって",
    ]


def test_latin_words_inside_japanese_are_kept_whole() -> None:
    lines = _lines("「Textual」はPythonの高速アプリケーション開発フレームワークです。", 12)
    assert lines[:2] == ["「Textual」", "はPythonの高"]


def test_text_with_no_chinese_or_japanese_wraps_as_rich_wraps_it() -> None:
    text = Text("Shares fall as markets wobble, and the pound slides against the euro.")
    assert breakable(text) is text
    ours = [line.plain for line in wrap(CONSOLE, text, 20)]
    assert ours == [line.plain for line in text.wrap(CONSOLE, 20, overflow="fold")]


def test_korean_breaks_at_its_spaces() -> None:
    """Korean spaces its words, and breaks lines there as English does."""
    lines = [
        line.rstrip() for line in _lines("루비 1.9.1이 릴리스되었습니다 많은 관심 부탁드립니다", 16)
    ]
    assert lines == ["루비 1.9.1이", "릴리스되었습니다", "많은 관심", "부탁드립니다"]


_ALPHABET = st.sampled_from(
    list("日本語の文章です新人市長選挙") + list("、。「」（）ーっャ") + list("abc12 ")
)


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=120), st.integers(min_value=2, max_value=30))
def test_lines_fit_keep_every_character_and_keep_the_rules(text: str, width: int) -> None:
    """Every line fits; only the spaces where a line broke are lost; a mark starts (or
    ends) a line only where the run it belongs to was wider than a line and was folded."""
    lines = [line.plain for line in wrap(CONSOLE, Text(text), width)]
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for before, line in itertools.pairwise(lines):
        if line and (line[0] in NO_START or (before and before[-1] in NO_END)):
            assert cell_len(before) >= width - 1, (before, line)


async def test_the_reader_and_the_list_break_japanese_by_its_rules(
    make_app, tmp_path: Path
) -> None:
    """A headline of the story's, two lines a row in a narrow list: Rich began the second
    line with `、`; so did the reader, twice in the story."""
    root = tmp_path / "lib"
    shutil.copytree(REAL / "nhk", root / "nhk")
    headline = next(p for p in _paragraphs() if p.startswith("一方、津と高松"))
    (root / "nhk" / "takamatsu.txt").write_text(f"{headline}\n\n{STORY.read_text()}")
    app = make_app(root)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        articles = screen.query_one(ArticleList)
        index = next(n for n, meta in enumerate(articles.articles) if meta.title == headline)
        await pilot.press(*["j"] * index)
        y = 2 * index - articles.scroll_offset.y
        first = articles.render_line(y).text[3:].strip()
        second = articles.render_line(y + 1).text.strip().removesuffix("…").strip()
        assert headline.startswith(first + second)
        assert second[0] not in NO_START
        reader = screen.query_one(Reader)
        lines = [line.strip() for line in reader.shown_text.splitlines() if line.strip()]
        assert sum(line.count("、") for line in lines) > 10
        assert not [line for line in lines if line[0] in NO_START]


@pytest.mark.parametrize("width", [40, 61, 88])
def test_the_command_line_wraps_a_japanese_story_by_its_columns(width: int) -> None:
    """`termnews show` and the Markdown export: textwrap counted characters (a line of
    Japanese ran to twice the width) and broke only at spaces."""
    from termnews.formatting import wrap as wrap_lines

    for paragraph in _paragraphs():
        lines = wrap_lines(paragraph, width, "  ", "  ")
        assert all(cell_len(line) <= width for line in lines)
        assert not any(line[2:3] in NO_START for line in lines)
        assert not any(line[-1:] in NO_END for line in lines)
        assert "".join(line[2:] for line in lines) == "".join(paragraph.split())
