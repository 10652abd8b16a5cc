"""Cell widths of the scripts of India (termnews.ui.cells), against glibc's wcwidth."""

from __future__ import annotations

import ctypes
import ctypes.util
import locale
import unicodedata

import pytest
from rich.cells import cell_len

import termnews.ui  # noqa: F401  (measures text as terminals draw it)


@pytest.fixture
def wcwidth():
    """glibc's wcwidth, which tmux, xterm and GNOME's terminal draw by."""
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name) if name else None
    if libc is None or not hasattr(libc, "wcwidth"):
        pytest.skip("no C library with wcwidth here")
    before = locale.setlocale(locale.LC_CTYPE)
    try:
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
    except locale.Error:
        pytest.skip("no UTF-8 locale")
    yield lambda char: libc.wcwidth(ord(char))
    locale.setlocale(locale.LC_CTYPE, before)


def test_indic_letters_and_signs_take_the_cells_terminals_give_them(wcwidth) -> None:
    """Devanagari to Sinhala: Rich gave a spacing vowel sign (`ा`, `ি`, `ா`) no cell."""
    checked = 0
    for code in range(0x0900, 0x0E00):
        char = chr(code)
        if unicodedata.category(char)[0] not in "LM" or wcwidth(char) < 0:
            continue
        assert cell_len(char) == wcwidth(char), f"U+{code:04X} {unicodedata.name(char, '')}"
        checked += 1
    assert checked > 700


def test_a_hindi_headline_measures_as_drawn(wcwidth) -> None:
    headline = "इसी महीने भारत आएंगे चीनी राष्ट्रपति चिनफिंग, PM मोदी से मुलाकात"
    assert cell_len(headline) == sum(wcwidth(char) for char in headline)
