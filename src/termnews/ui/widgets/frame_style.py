"""Provides a line-drawn view's base style, worked out once a frame rather than once a line."""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip


class FrameStyle:
    """For a ScrollView that draws with render_line: Textual's `rich_style` walks the
    styles of every ancestor (27 µs here), and each frame draws some thirty lines of the
    list and thirty of the reader, every one of them on a move."""

    _frame_style: Style | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_style = self.rich_style  # type: ignore[attr-defined]
        try:
            return super().render_lines(crop)  # type: ignore[misc]
        finally:
            self._frame_style = None

    @property
    def line_style(self) -> Style:
        """The base style of this frame's lines (of the moment, outside a frame)."""
        if self._frame_style is not None:
            return self._frame_style
        return self.rich_style  # type: ignore[attr-defined]
