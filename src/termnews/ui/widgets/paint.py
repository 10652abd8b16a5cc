"""Provides paint_now: a widget's repaint in the frame being made, not the next one."""

from __future__ import annotations

from textual import messages
from textual.widget import Widget


def paint_now(widget: Widget) -> None:
    """Textual tells the screen of a widget's repaint on that widget's own next turn of the
    event loop, which can come after the screen has painted the keypress's frame: on a
    move the list would be drawn a frame (16 ms or more) before the reader and the
    header. Called from the screen's handler, the repaint joins the frame in the making."""
    if widget.is_attached:
        widget.screen.post_message(messages.Update(widget))
