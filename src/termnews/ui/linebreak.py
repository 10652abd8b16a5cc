"""Provides Rich text drawn with the line breaking of Chinese and Japanese.

Rich breaks lines at spaces and folds a longer run of characters wherever the line is
full, so a Japanese paragraph came out with `、` or `。` at the start of a line and a number
or an English name cut in two. Here lines break where termnews.library.linebreak says.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.containers import Lines
from rich.text import Text

from termnews.library.linebreak import line_breaks, unspaced


def wrap(console: Console, text: Text, width: int) -> Lines:
    """The text's lines at `width`, as Text.wrap makes them (overflow folded)."""
    if text.no_wrap or not unspaced(text.plain):
        return text.wrap(console, width, overflow="fold")
    lines = Lines()
    for line in text.split(allow_blank=True):
        if "\t" in line:
            line.expand_tabs(text.tab_size or console.tab_size)
        parts = line.divide(line_breaks(line.plain, width))
        for part in parts:
            part.rstrip_end(width)
            part.truncate(width, overflow="fold")
        if text.justify not in (None, "default"):
            parts.justify(console, width, justify=text.justify, overflow="fold")
        lines.extend(parts)
    return lines


class Unspaced:
    """A Text drawn with the line breaking above."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = wrap(console, self.text, options.max_width)
        yield from Text("\n").join(lines).render(console, end=self.text.end)


def breakable(renderable: RenderableType) -> RenderableType:
    """A Text with Chinese or Japanese in it drawn with their line breaking; anything
    else as it is."""
    if isinstance(renderable, Text) and not renderable.no_wrap and unspaced(renderable.plain):
        return Unspaced(renderable)
    return renderable
