"""Fetching a page or a feed for `import`: http and https only, a time limit, a size limit, a few
redirects at most, a user agent that says who asks, and the text decoded in the encoding the page
declares. Every failure is an ImportProblem with one line that names it; nothing is written.
"""

from __future__ import annotations

import codecs
import re
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

TIMEOUT_SECONDS = 15.0  # for the connection and for each read
TOTAL_SECONDS = 60.0  # for the whole page: a server dripping bytes cannot hold the import longer
MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
USER_AGENT = "story-archive-import/1 (a curated news archive; one page, on request of a contributor)"
_REDIRECTS = (301, 302, 303, 307, 308)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")


class ImportProblem(Exception):
    """Why a source cannot be imported, in one line."""


@dataclass(frozen=True)
class Fetched:
    url: str  # where the content was found, after redirects
    media_type: str  # text/html, application/rss+xml, ... ("" when the server said none)
    charset: str  # as the server declared it, or ""
    body: bytes


def is_web_address(source: str) -> bool:
    return urlsplit(source).scheme.lower() in ("http", "https")


def fetch(url: str, timeout: float | None = None, max_bytes: int | None = None) -> Fetched:
    """The resource at `url`, redirects followed up to MAX_REDIRECTS, each to http or https only."""
    timeout = timeout or TIMEOUT_SECONDS
    max_bytes = max_bytes or MAX_BYTES
    opener = urllib.request.build_opener(_Unfollowed)
    for _ in range(MAX_REDIRECTS + 1):
        _require_web(url)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        try:
            with opener.open(request, timeout=timeout) as response:
                headers: Message = response.headers
                body = _read_bounded(response, headers, max_bytes, time.monotonic() + TOTAL_SECONDS)
                return Fetched(
                    response.geturl(),
                    headers.get_content_type() if headers.get("Content-Type") else "",
                    headers.get_content_charset() or "",
                    body,
                )
        except urllib.error.HTTPError as exc:
            if exc.code in _REDIRECTS and exc.headers.get("Location"):
                url = urljoin(url, exc.headers["Location"])
                continue
            raise ImportProblem(f"the server answered {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            raise ImportProblem(_connection_problem(exc.reason, timeout)) from None
        except (TimeoutError, socket.timeout):
            raise ImportProblem(f"no answer within {timeout:g} seconds") from None
        except (ConnectionError, OSError) as exc:
            raise ImportProblem(f"the connection failed ({exc.strerror or exc})") from None
    raise ImportProblem(f"more than {MAX_REDIRECTS} redirects; import the address a browser ends at")


class _Unfollowed(urllib.request.HTTPRedirectHandler):
    """Redirects come back to fetch(), which checks each address before following it."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _require_web(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ImportProblem(f"'{url[:200]}' is not an http or https address")


def _read_bounded(response: object, headers: Message, max_bytes: int, deadline: float) -> bytes:
    declared = headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ImportProblem(f"the page is larger than {max_bytes / 1e6:g} MB ({int(declared):,} bytes)")
    body = bytearray()
    while len(body) <= max_bytes:
        if time.monotonic() > deadline:
            raise ImportProblem(f"the page took more than {TOTAL_SECONDS:g} seconds to arrive")
        chunk = response.read1(65_536)  # type: ignore[attr-defined]  # what has arrived, at most this
        if not chunk:
            return bytes(body)
        body += chunk
    raise ImportProblem(f"the page is larger than {max_bytes / 1e6:g} MB")


def _connection_problem(reason: object, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer within {timeout:g} seconds"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(reason, socket.gaierror):
        return "the host name could not be resolved"
    return f"the connection failed ({getattr(reason, 'strerror', None) or reason})"


def declared_encoding(body: bytes, charset: str) -> str:
    """The encoding a page or feed declares: the server's, else the document's own, else UTF-8."""
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8"
    name = charset
    if not name:
        head = body[:4096]
        found = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
        name = found.group(1).decode("ascii") if found else "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ImportProblem(f"the page declares an encoding no decoder knows ('{name[:40]}')") from None


def decode_text(body: bytes, charset: str) -> str:
    """The document's text in the encoding it declares; bytes that are not of it are an error."""
    encoding = declared_encoding(body, charset)
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportProblem(f"the page is not valid {encoding} (byte {exc.start:,})") from None
    return text.removeprefix("\ufeff")
