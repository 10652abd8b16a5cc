"""Provides opening an article's address in the web browser, when it is a web address."""

from __future__ import annotations

import re

WEB_ADDRESS = re.compile(r"(?:https?://[^\s/?#]|mailto:\S)\S*$", re.IGNORECASE)
"""What goes to the browser. An article's `url` and links are untrusted: `file:`, `smb:`, a
desktop's own URL handlers or a `--flag` are not for `o` to start."""


def open_in_browser(url: str) -> str | None:
    """Open the address; when it was not opened, what to tell the user (the caller puts
    the address on the clipboard)."""
    if not WEB_ADDRESS.match(url):
        return f"Not a web address, so not opened. It is on the clipboard: {url}"
    import webbrowser  # loads when first asked

    try:
        opened = webbrowser.get().open(url)
    except webbrowser.Error:
        opened = False
    return None if opened else f"No web browser was found. The URL is on the clipboard: {url}"
