"""Rebuilds that render only the pages whose inputs changed.

A page's HTML is a function of its context (pages/contexts.py: everything the page shows) and
of everything site-wide: mkdocs.yml as loaded, the theme, the generator's code and the versions
of the libraries that render it. Each page written is recorded under a key made of both; the
next build hard-links a page from the previous site when its key is the same and the old file is
untouched, and renders everything else. Every other file the build makes (feeds, search shards,
data) is recorded the same way under the digest of its bytes, and linked when they
are the same. Timestamps are never trusted: the size and mtime kept per
file only detect a site edited by hand, they never make a page reusable.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator import collector
from generator.cache.folder import code_digest, package_versions, tree_digest
from generator.cache.record import key_digest, load_record, save_record

if TYPE_CHECKING:  # the cache never imports MkDocs itself: it is handed the loaded configuration
    from mkdocs.config.defaults import MkDocsConfig

MANIFEST_VERSION = 2  # 2: pages keyed by their context
# Libraries whose version changes what a page renders to.
_RENDERING_PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "pymdown-extensions",
    "jinja2",
    "pygments",
    "nh3",
    "pyyaml",
)
# Settings of mkdocs.yml, as loaded (after !ENV), that can change any page.
_SITE_SETTINGS = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "repo_url",
    "repo_name",
    "edit_uri",
    "copyright",
    "extra",
    "extra_css",
    "extra_javascript",
    "markdown_extensions",
    "mdx_configs",
    "nav",
    "use_directory_urls",
    "validation",
    "theme",
    "docs_dir",
)


def site_key(config: MkDocsConfig, *, portable: bool = False) -> str:
    """Everything outside a page's own Markdown that can change its HTML. Portable: without the
    folders MkDocs was given (docs_dir, the theme's folders), which differ from one machine to
    another while the pages do not."""
    settings = {name: config.get(name) for name in _SITE_SETTINGS if not (portable and name == "docs_dir")}
    theme = config.theme
    dirs = [] if portable else list(theme.dirs)
    settings["theme"] = {"name": theme.name, "options": dict(theme.items()), "dirs": dirs}
    config_bytes = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    custom_dir = getattr(theme, "custom_dir", None)
    return key_digest(
        str(MANIFEST_VERSION).encode(),
        json.dumps(settings, sort_keys=True, default=str).encode(),
        config_bytes,
        package_versions(_RENDERING_PACKAGES),
        code_digest().encode(),
        tree_digest(Path(custom_dir)).encode() if custom_dir else b"",
    )


@dataclass
class PageRecord:
    key: str
    size: int = 0
    mtime_ns: int = 0

    def to_json(self) -> list[object]:
        return [self.key, self.size, self.mtime_ns]

    @classmethod
    def from_json(cls, data: list[object]) -> PageRecord:
        key, size, mtime_ns = data
        return cls(str(key), int(size), int(mtime_ns))  # type: ignore[call-overload]


@dataclass
class BuildCache:
    """One build's view of the previous one: which pages to reuse, what to record."""

    manifest_path: Path
    previous_site: Path
    clean: bool = False  # render every page, as after `build --clean`
    site: str = ""  # this build's site key
    previous: dict[str, PageRecord] = field(default_factory=dict)
    # Every file the previous build into this folder made, reusable or not: what a build into
    # the same folder (`mkdocs serve --dirty`) no longer makes is removed from it.
    previous_paths: frozenset[str] = frozenset()
    records: dict[str, PageRecord] = field(default_factory=dict)  # page path -> record, this build
    reused: int = 0
    rendered: int = 0
    reason: str = ""  # why nothing was reused, for the log

    def load(self, site: str) -> None:
        self.site = site
        if self.clean:
            self.reason = "a clean build was asked for"
            return
        loaded = load_record(self.manifest_path, MANIFEST_VERSION)
        data = loaded.data
        if data is None:
            self.reason = {
                "missing": "no previous build recorded",
                "damaged": "the build record is damaged",
                "another version": "the build record is from another version",
            }[loaded.reason]
            return
        if data.get("site_dir") != str(self.previous_site):
            self.reason = "the previous build went to another folder"
            return
        pages = data.get("pages")
        if not isinstance(pages, dict):
            self.reason = "the build record is damaged"
            return
        self.previous_paths = frozenset(pages)
        if data.get("site") != site:
            self.reason = "mkdocs.yml, the theme, the generator or a library changed"
        elif not self.previous_site.is_dir():
            self.reason = "the previous site is gone"
        else:
            try:
                self.previous = {dest: PageRecord.from_json(rec) for dest, rec in pages.items()}
            except (KeyError, TypeError, ValueError):
                self.reason = "the build record is damaged"

    def key(self, context_key: str) -> str:
        return key_digest(self.site.encode(), context_key.encode())

    def reusable(self, path: str, key: str) -> str:
        """The previous build's file for this page, when it can stand as it is; else ""."""
        old = self.previous.get(path)
        if old is None or old.key != key:
            return ""
        # Plain strings: Path arithmetic on 13,000 pages cost a second.
        source = os.path.join(self.previous_site, path)
        try:
            stat = os.stat(source)
        except OSError:
            return ""
        if stat.st_size != old.size or stat.st_mtime_ns != old.mtime_ns:
            return ""  # edited by hand since: render it again
        return source

    @collector.paused()  # a record a file: no collection walks the site again for them
    def save(self, site_dir: Path) -> None:
        """Record the finished site, file sizes and mtimes included; atomically."""
        pages = {}
        folder = str(site_dir)
        for dest, rec in sorted(self.records.items()):
            if not rec.mtime_ns:  # written or linked by this build; a record kept has its file's stamp
                try:
                    stat = os.stat(os.path.join(folder, dest))
                except OSError:
                    continue
                rec.size, rec.mtime_ns = stat.st_size, stat.st_mtime_ns
            pages[dest] = rec.to_json()
        # An unwritable cache folder costs the next build its reuse, nothing else.
        save_record(
            self.manifest_path,
            MANIFEST_VERSION,
            {"site_dir": str(site_dir), "site": self.site, "pages": pages},
        )
