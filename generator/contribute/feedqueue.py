"""A news feed (RSS or Atom) as a curation queue: its items, and which of them the archive already
holds (matched by the address each story gives as its `source.url`).

Parsed by feedparser, which reads every RSS and Atom variant in the wild and never fetches anything
a feed names; the feed itself is fetched (or read from a file) by the caller.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from generator.contribute.fetch import ImportProblem


@dataclass(frozen=True)
class FeedItem:
    title: str
    url: str
    published: dt.date | None


def read_feed(body: bytes, base_url: str = "") -> tuple[str, list[FeedItem]]:
    """The feed's title and its items with an http(s) link, in the feed's order."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": base_url} if base_url else None)
    if not parsed.get("version"):
        raise ImportProblem("not an RSS or Atom feed")
    items = []
    for entry in parsed.entries:
        link = entry.get("link", "")
        if urlsplit(link).scheme not in ("http", "https"):
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.date(*when[:3]) if when else None
        items.append(FeedItem(" ".join(str(entry.get("title", "")).split()) or link, link, published))
    return " ".join(str(parsed.feed.get("title", "")).split()), items


def same_address(url: str) -> str:
    """An address as two mentions of one page compare: scheme and host in lower case, no fragment,
    no trailing slash."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))
