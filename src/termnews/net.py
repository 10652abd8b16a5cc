"""Provides the one HTTP client of termnews, with its limits: time, size, schemes, redirects
and politeness to each host.

requests, because it is the most used and best kept Python HTTP client and does all that
is needed here (streaming, gzip and deflate, connection reuse); httpx would add async
support that a worker thread pool makes unnecessary.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests

from termnews import __version__

CONNECT_TIMEOUT = 10.0
"""Seconds to open a connection."""
TOTAL_TIMEOUT = 60.0
"""Seconds for a whole response, however slowly it trickles in."""
MAX_BYTES = 20 * 1024 * 1024
"""A response larger than this, counted after decompression, is refused."""
MAX_REDIRECTS = 5
PER_HOST = 2
"""Connections open at once to one host."""
USER_AGENT = f"termnews/{__version__} (+https://github.com/termnews/termnews; a feed reader)"
_SCHEMES = ("http", "https")
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A fetch that failed; the message says why, for the user (`HTTP 404`, `timed out`)."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        """Seconds the server asked us to wait (429/503 Retry-After), if it said."""


@dataclass
class Response:
    """A finished response; `body` is empty for a 304."""

    url: str
    """Where the body came from, after redirects."""
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    moved_to: str | None = None
    """The new address when every redirect on the way was permanent (301/308)."""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def max_age(self) -> float | None:
        """Cache-Control max-age in seconds, when the server gave one."""
        for part in self.headers.get("cache-control", "").split(","):
            name, _, value = part.strip().partition("=")
            if name.lower() == "max-age" and value.strip().isdigit():
                return float(value)
        return None


class Client:
    """One session for many fetches from many threads; at most PER_HOST at once per host."""

    def __init__(
        self,
        connect_timeout: float = CONNECT_TIMEOUT,
        total_timeout: float = TOTAL_TIMEOUT,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self.connect_timeout = connect_timeout
        self.total_timeout = total_timeout
        self.max_bytes = max_bytes
        self._session = requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT
        self._session.headers["Accept-Encoding"] = "gzip, deflate"
        self._hosts: dict[str, threading.Semaphore] = {}
        self._hosts_lock = threading.Lock()

    def close(self) -> None:
        self._session.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        modified: str | None = None,
        accept: str = "*/*",
    ) -> Response:
        """GET with conditional headers; raises FetchError with the reason when it fails."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        deadline = time.monotonic() + self.total_timeout
        start, permanent = url, True
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(url)
            with self._host(url):
                response = self._send(url, headers, deadline)
                status = response.status_code
                if status in (301, 302, 303, 307, 308) and "location" in response.headers:
                    response.close()
                    permanent = permanent and status in (301, 308)
                    url = urljoin(url, response.headers["location"])
                    continue
                moved = url if permanent and url != start else None
                return self._finish(response, url, deadline, moved)
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _send(self, url: str, headers: dict[str, str], deadline: float) -> requests.Response:
        read = max(1.0, min(self.total_timeout, deadline - time.monotonic()))
        try:
            return self._session.get(
                url,
                headers=headers,
                stream=True,
                allow_redirects=False,
                timeout=(self.connect_timeout, read),
            )
        except requests.exceptions.ConnectTimeout:
            raise FetchError("timed out connecting") from None
        except requests.exceptions.Timeout:
            raise FetchError("timed out") from None
        except requests.exceptions.ConnectionError as error:
            raise FetchError(_connection_reason(error)) from None
        except requests.exceptions.RequestException as error:
            raise FetchError(f"request failed: {type(error).__name__}") from None
        except ValueError as error:  # requests reads a redirect's Location before we do
            raise FetchError(f"redirected to what is not an address ({error})") from None

    def _finish(
        self, response: requests.Response, url: str, deadline: float, moved: str | None
    ) -> Response:
        with response:
            status = response.status_code
            headers = {name.lower(): value for name, value in response.headers.items()}
            if status >= 400:
                raise FetchError(
                    f"HTTP {status}" + (f" {response.reason}" if response.reason else ""),
                    status,
                    retry_after(headers.get("retry-after")),
                )
            if status == 304:
                return Response(url, status, headers=headers)
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(f"too large ({int(declared):,} bytes; the limit is {self._cap})")
            body = bytearray()
            try:
                for chunk in response.iter_content(_CHUNK):
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise FetchError(f"too large (over {self._cap} once decompressed)")
                    if time.monotonic() > deadline:
                        limit = f"{self.total_timeout:g} s"
                        raise FetchError(f"timed out (no whole response in {limit})")
            except requests.exceptions.RequestException as error:
                raise FetchError(f"the response broke off ({type(error).__name__})") from None
            return Response(url, status, bytes(body), headers, moved)

    @property
    def _cap(self) -> str:
        if self.max_bytes >= 1 << 20:
            return f"{self.max_bytes // (1 << 20)} MB"
        return f"{self.max_bytes:,} bytes"

    @contextmanager
    def _host(self, url: str) -> Iterator[None]:
        host = urlsplit(url).netloc.lower()
        with self._hosts_lock:
            gate = self._hosts.setdefault(host, threading.Semaphore(PER_HOST))
        with gate:
            yield


def check_url(url: str) -> None:
    """Only http and https: a feed must not make termnews read `file:///etc/passwd`."""
    try:
        parts = urlsplit(url)
    except ValueError:  # `http://[oops`
        raise FetchError(f"not an address: {url[:200]}") from None
    if parts.scheme.lower() not in _SCHEMES or not parts.netloc:
        raise FetchError(f"not an http or https address: {url[:200]}")


def retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _connection_reason(error: Exception) -> str:
    text = str(error)
    if "Name or service not known" in text or "getaddrinfo" in text or "NameResolution" in text:
        return "the host name could not be found"
    if "Connection refused" in text or "Errno 111" in text:
        return "the connection was refused"
    if "RemoteDisconnected" in text or "closed connection" in text:
        return "the server closed the connection"
    return "could not connect"
