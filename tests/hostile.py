"""Provides a generator of awkward article libraries: what other people's files can hold.

Every file is either *good* (it must be listed, with its title shown literally) or *bad* (it
must be skipped with exactly one warning naming it). `build` writes the library and returns
what is expected of it.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from pathlib import Path

MARKUP = "Shares [/b] fall [@click=app.quit]now[/] [link=file:///etc/passwd]x[/link] :smile:"
"""Rich and Textual markup that must be shown as written, never acted on."""
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x1b]52;c;aGVsbG8=\x07\x07\x9b31m\x1b[31mred"
"""Clear screen, set title, write the clipboard (OSC 52), bell, C1 CSI, colour."""
BIDI = "\u202eevil\u202c \u200bzero\u2060width\ufeff"


@dataclass
class Expected:
    good: dict[str, str] = field(default_factory=dict)
    """Relative path -> a piece of the title that must be listed."""
    bad: dict[str, str] = field(default_factory=dict)
    """Relative path -> a piece of the reason it was skipped."""
    categories: dict[str, int] = field(default_factory=dict)
    """Inputs written per category, for the closing table."""


def build(root: Path, big: bool = True) -> Expected:
    """Write the awkward library under root; `big` adds the 40 MB and 2 MB files."""
    expected = Expected()
    root.mkdir(parents=True, exist_ok=True)

    def put(category: str, relpath: str, data: bytes | str, title: str | None, reason=None):
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expected.categories[category] = expected.categories.get(category, 0) + 1
        if title is not None:
            expected.good[relpath] = title
        else:
            expected.bad[relpath] = reason or ""

    # Markup and control sequences, in every place text is shown.
    put("markup", "markup/title.txt", f"{MARKUP}\n\n{MARKUP} in the body.\n", "Shares [/b] fall")
    put("markup", "markup/crumb.txt", f"News / [b]Bold[/b] / x\n{MARKUP}\n\nBody.\n", "[@click")
    put("markup", "markup/front.md",
        f"---\ntitle: '{MARKUP}'\nsection: '[red]Red[/red] / [@click=quit]'\nsource: '[b]'\n"
        f"url: 'javascript:alert(1)'\n---\n\n{MARKUP}\n", "[link=file")  # fmt: skip
    put("markup", "markup/lynx-dump.txt",
        f"[1]{MARKUP}\n\n   [1]{MARKUP} {ESCAPES}\n\nReferences\n\n   1. javascript:alert(1)\n",
        "Shares [/b] fall")  # fmt: skip
    put("escapes", "escapes/title.txt", f"Alert {ESCAPES} ends\n\nBody {ESCAPES}.\n", "Alert")
    put("escapes", "escapes/caption.txt",
        f"World / Asia\nHeadline here\nA photo {ESCAPES} (AFP photo)\n\nBody.\n",
        "Headline here")  # fmt: skip
    put("bidi", "bidi/title.txt", f"Bidi {BIDI} title\n\nText {BIDI}.\n", "Bidi evil")

    # Encoding accidents.
    text = "Café crème à Zürich\n\nLes prix ont augmenté de 5 € cette année.\n"
    put("encoding", "enc/utf8-bom.txt", codecs.BOM_UTF8 + text.encode(), "Café crème")
    put("encoding", "enc/utf16le.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "Café")
    put("encoding", "enc/utf16be.txt", codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "Café")
    put("encoding", "enc/latin1.txt", text.replace("€", "EUR").encode("latin-1"), "Café crème")
    put("encoding", "enc/cp1252.txt", "“Quoted” headline\n\nIt’s €5.\n".encode("cp1252"),
        "“Quoted” headline")  # fmt: skip
    put("encoding", "enc/mixed-endings.txt", b"Mixed endings\r\n\r\nOne.\rTwo.\n\nThree.\r\n",
        "Mixed endings")  # fmt: skip
    put("encoding", "enc/invalid-utf8.txt", b"Broken \xff\xfe bytes\n\nBody \xc3.\n", "Broken")

    # Files that are not articles.
    put("not text", "junk/empty.txt", b"", None, "empty")
    put("not text", "junk/blank.txt", "  \n\t\n \u00a0\n", None, "empty")
    put("not text", "junk/binary.txt", bytes(range(256)) * 8, None, "binary")
    put("not text", "junk/image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, None, "binary")
    put("not text", "junk/pdf.md", b"%PDF-1.7\n%\xe2\xe3\n", None, "binary")
    put("not text", "junk/nul-late.txt", b"Looks fine\n\n" + b"A" * 9000 + b"\x00", "Looks fine")

    # Sizes.
    put("size", "size/many-paragraphs.txt",
        "Twenty thousand paragraphs\n\n" + "\n\n".join(f"Para {n}." for n in range(20_000)),
        "Twenty thousand paragraphs")  # fmt: skip
    if big:
        put("size", "size/long-line.txt", "Long line\n\n" + "word " * 400_000, "Long line")
        path = root / "size" / "huge.txt"
        with open(path, "wb") as handle:
            handle.write(b"Huge\n\n")
            handle.truncate(40 * 1024 * 1024)
        expected.bad["size/huge.txt"] = "too large"
        expected.categories["size"] += 1
        envelope = "Title: Lists | b\n\nURL Source: http://b.example/\n\nMarkdown Content:\nA.\n"
        put("size", "size/jina-lists.md", envelope + "\nImages:\n- ![Image 1](u)\n" * 60_000,
            "Lists")  # fmt: skip
        links = "".join(f"[Follow](https://x.example/{n})\n\n" for n in range(50_000))
        put("size", "size/many-links.md", f"# Links\n\n{links}", "Links")
        obsidian = "# Brackets\n\n" + "[[a" * 100_000 + " ==b" * 100_000 + " ![[x|" * 50_000
        put("size", "size/obsidian-brackets.md", obsidian, "Brackets")
        dump = "Markers\n\n" + "[1] " * 200_000 + "\n\nReferences\n\n   1. http://x.example/\n"
        put("size", "size/lynx-markers.txt", dump, "Markers")

    # Breadcrumbs.
    deep = " / ".join(f"L{n}" for n in range(40))
    put("breadcrumb", "crumbs/deep.txt", f"{deep}\nForty levels deep\n\nBody.\n", "Forty levels")
    put("breadcrumb", "crumbs/empty-parts.txt", "News /  / \u00a0/ Military\nEmpty parts\n\nB.\n",
        "Empty parts")  # fmt: skip
    put("breadcrumb", "crumbs/only-slashes.txt", " / / /\nOnly slashes\n\nBody.\n", "/ / /")

    # Front matter.
    put("front matter", "front/python-tag.md",
        "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n\nBody.\n",
        None, "front matter")  # fmt: skip
    bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}" + f",*{chr(97 + n)}" * 8 + "]\n"
        for n in range(8)
    )
    put("front matter", "front/alias-bomb.md", f"---\n{bomb}title: Bomb\n---\n\nBody.\n", "Bomb")
    put("front matter", "front/list.md", "---\n- a\n- b\n---\n\nList body.\n", None, "front")
    put("front matter", "front/scalar.md", "---\njust text\n---\n\nBody.\n", None, "front")
    put("front matter", "front/unclosed.md", "---\ntitle: Never closed\n\nBody.\n", "unclosed")
    put("front matter", "front/odd-types.md",
        "---\ntitle: 12345\nsection: {a: b}\ndate: not-a-date\ntags: 7\n---\n\nBody.\n", "12345")  # fmt: skip

    # Names.
    put("names", "names/with spaces and – dash.txt", "Spaces in name\n\nB.\n", "Spaces in name")
    put("names", "names/ünïcödé-名前.txt", "Unicode name\n\nB.\n", "Unicode name")
    put("names", "names/new\nline.txt", "Newline name\n\nB.\n", "Newline name")
    put("names", "names/esc\x1b[31m.txt", "Escape name\n\nB.\n", "Escape name")
    put("names", "names/-rf.txt", "Dash name\n\nB.\n", "Dash name")
    raw = os.fsencode(root / "names") + b"/bad-\xff-bytes.txt"
    with open(raw, "wb") as handle:
        handle.write(b"Undecodable name\n\nB.\n")
    expected.good[os.fsdecode(b"names/bad-\xff-bytes.txt")] = "Undecodable name"
    expected.categories["names"] += 1

    # Links.
    (root / "links").mkdir()
    os.symlink("..", root / "links" / "loop")
    os.symlink("nowhere.txt", root / "links" / "dangling.txt")
    os.symlink("/dev/zero", root / "links" / "zero.txt")
    os.mkfifo(root / "links" / "fifo.txt")
    expected.bad["links/dangling.txt"] = "cannot open"
    expected.bad["links/zero.txt"] = "not a regular file"
    expected.bad["links/fifo.txt"] = "not a regular file"
    expected.categories["links"] = 4
    return expected
