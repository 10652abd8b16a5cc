"""Provides the page inside an MHTML archive, what Chrome and Edge save as "Webpage, Single File".

An MHTML file is a MIME message (RFC 2557): headers that name the page's address
(`Snapshot-Content-Location`) and the moment it was saved (`Date`), then the page itself and
each of its images and style sheets as parts. The page is the first text/html part; the
parts after it are not decoded.
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass

from termnews.library.dates import parse_date
from termnews.library.decode import SkipFile

HEADERS_WITHIN = 16384
"""Bytes in which an archive's headers end: a page saved as HTML has none at all."""
_END_OF_HEADERS = re.compile(rb"\r?\n\r?\n")


@dataclass(frozen=True, slots=True)
class Archive:
    html: bytes
    """The page as it was saved, in its own encoding."""
    url: str | None
    """The address it was saved from, as the archive states it."""
    saved: str | None
    """When it was saved, ISO."""


def unpack(data: bytes) -> Archive | None:
    """The page in an MHTML archive; None when the data is no such archive, to be read as
    HTML. An archive with no page in it (or broken before its page) raises SkipFile: read
    as HTML, its headers, style sheets and encoded images would be taken for text."""
    if data[:1] == b"<" or b"multipart/related" not in data[:HEADERS_WITHIN].lower():
        return None
    top, body_at = _headers(data, 0)
    if top is None or top.get_content_type() != "multipart/related":
        return None
    boundary = top.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        raise SkipFile("a web archive (MHTML) without the boundary between its parts")
    delimiter = b"--" + boundary.encode("ascii", "replace")
    start = data.find(delimiter, body_at)
    while start >= 0:
        after = start + len(delimiter)
        if data[after : after + 2] == b"--":
            break  # the closing delimiter
        part, content_at = _headers(data, after)
        if part is None:
            break
        end = data.find(delimiter, content_at)
        if part.get_content_type() == "text/html":
            content = data[content_at : end if end >= 0 else len(data)]
            encoding = str(part.get("content-transfer-encoding", "")).strip().lower()
            url = top.get("snapshot-content-location") or part.get("content-location")
            moment = parse_date(top.get("date"))
            return Archive(
                _decoded(content.rstrip(b"\r\n"), encoding),
                str(url).strip() if url else None,
                moment.isoformat() if moment else None,
            )
        start = end
    raise SkipFile("a web archive (MHTML) with no page in it")


def _headers(data: bytes, at: int):
    """The MIME headers from `at` and where the content after them starts; None when no
    blank line ends them soon enough."""
    from email.parser import BytesHeaderParser  # 6 ms to import: only for an archive
    from email.policy import compat32

    end = _END_OF_HEADERS.search(data, at, at + HEADERS_WITHIN)
    if end is None:
        return None, at
    headers = BytesHeaderParser(policy=compat32).parsebytes(data[at : end.start()].lstrip())
    return headers, end.end()


def _decoded(content: bytes, encoding: str) -> bytes:
    try:
        if encoding == "quoted-printable":
            return binascii.a2b_qp(content)
        if encoding == "base64":
            return binascii.a2b_base64(content)
    except (binascii.Error, ValueError):
        return content
    return content
