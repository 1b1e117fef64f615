"""The site's settings the pages stage needs, read from mkdocs.yml by publish/ and passed in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SiteSettings:
    """What the generated pages, feeds and metadata need from the site's configuration."""

    site_name: str = "Story Archive"
    site_url: str = ""  # with a trailing slash, or empty
    feed_size: int = 50  # entries in the archive-wide feed
    entity_feed_size: int = 20  # entries in each tag's and person's feed
    markdown_extensions: tuple[str, ...] = ("attr_list", "md_in_html", "tables", "footnotes", "admonition")
    markdown_configs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def url(self, path: str, root: str) -> str:
        """A page's address: absolute under site_url, else relative through `root` (the way back up)."""
        return (self.site_url or root) + path
