"""The site's settings: one frozen object, every default written here once.

It is made from mkdocs.yml by publish/settings.py (MkDocs' own loader, `!ENV` included) and
handed to every command: `check`, `build`, the MkDocs plugin, `export`. Nothing else reads
mkdocs.yml, and nothing below the commands knows where a value came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The Markdown extensions a story body is rendered with when mkdocs.yml names none.
DEFAULT_MARKDOWN = ("attr_list", "md_in_html", "tables", "footnotes", "admonition", "toc")


@dataclass(frozen=True)
class MediaLimits:
    """Bounds on one image of content/media/, and on the time decoding it may take."""

    max_bytes: int = 20_000_000
    max_pixels: int = 50_000_000
    max_seconds: float = 10.0

    @property
    def key(self) -> str:
        return f"{self.max_bytes}/{self.max_pixels}/{self.max_seconds}"


@dataclass(frozen=True)
class Settings:
    site_name: str = "Story Archive"
    site_url: str = ""  # with a trailing slash, or empty: then every link is relative
    site_description: str = ""
    language: str = "en"
    content_dir: Path = Path("content")
    site_dir: Path = Path("site")
    config_file: Path | None = None  # the mkdocs.yml these came from, if any
    theme_dir: Path | None = None  # the theme's custom_dir (template overrides, CSS, scripts)
    drafts: bool = False  # publish stories marked `draft: true`
    feed_size: int = 50  # stories in the archive-wide feed, with their full text
    # Stories in each tag's, person's and author's feed: the ten newest, as most publishing software
    # serves; a reader polls far more often than ten stories on one subject appear.
    entity_feed_size: int = 10
    max_image_megabytes: float = 20  # one image file in content/media/, at most
    max_image_megapixels: float = 50  # width × height of one image, at most
    markdown_extensions: tuple[str, ...] = DEFAULT_MARKDOWN  # by name, as mkdocs.yml lists them
    markdown_configs: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: {"toc": {"permalink": True}}
    )

    @property
    def media_limits(self) -> MediaLimits:
        return MediaLimits(
            max_bytes=int(self.max_image_megabytes * 1_000_000),
            max_pixels=int(self.max_image_megapixels * 1_000_000),
        )

    @property
    def project_dir(self) -> Path:
        """The folder of mkdocs.yml (or, without one, the folder above content/)."""
        return self.config_file.parent if self.config_file else self.content_dir.resolve().parent


DEFAULTS = Settings()
# The archive plugin's options in mkdocs.yml (`plugins: [archive: {...}]`), by name.
PLUGIN_OPTIONS = (
    "drafts",
    "feed_size",
    "entity_feed_size",
    "max_image_megabytes",
    "max_image_megapixels",
)


def site_url(value: object) -> str:
    """An address ends with a slash, so that page paths can be joined to it; none stays empty."""
    text = str(value or "")
    return text if not text or text.endswith("/") else text + "/"
