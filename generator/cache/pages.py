"""Rebuilds that re-render only the pages whose inputs changed.

A page's HTML is a function of its Markdown, of everything site-wide (mkdocs.yml, the
theme, the generator's code, the versions of the libraries that render it) and of
which of the pages it links to exist. Each built page is recorded under a key made of
the first two, with the link targets it had; the next build hard-links a page from the
previous site when its key and its links' presence are the same and the old file is
untouched, and renders everything else. Timestamps are never trusted: the size and
mtime kept per file only detect a site edited by hand, they never make a page reusable.

Whole-site features that read every page (MkDocs' search plugin, for one) would see
only the re-rendered pages, so any plugin besides this archive's turns reuse off.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from generator.cache.folder import code_digest, package_versions, tree_digest
from generator.cache.record import key_digest, load_record, save_record

if TYPE_CHECKING:  # the cache never imports MkDocs itself: it is handed the loaded configuration
    from mkdocs.config.defaults import MkDocsConfig

MANIFEST_VERSION = 1
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
_LINK = re.compile(r'(?:href|src)="([^"#?]*)')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def site_key(config: MkDocsConfig) -> str:
    """Everything outside a page's own Markdown that can change its HTML."""
    settings = {name: config.get(name) for name in _SITE_SETTINGS}
    theme = config.theme
    settings["theme"] = {"name": theme.name, "options": dict(theme.items()), "dirs": list(theme.dirs)}
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


def page_key(site: str, src_uri: str, markdown: bytes) -> str:
    return key_digest(site.encode(), src_uri.encode(), markdown)


def link_targets(html: str, dest_uri: str) -> list[str]:
    """Site paths of the relative links and images in a page's content."""
    here = posixpath.dirname(dest_uri)
    found = set()
    for url in _LINK.findall(html):
        if not url or url.startswith(("/", "//")) or _SCHEME.match(url):
            continue
        found.add(posixpath.normpath(posixpath.join(here, unquote(url))))
    return sorted(found)


@dataclass
class PageRecord:
    key: str
    links: dict[str, bool]  # link target -> whether it existed when the page was rendered
    size: int = 0
    mtime_ns: int = 0

    def to_json(self) -> list:
        return [self.key, self.links, self.size, self.mtime_ns]

    @classmethod
    def from_json(cls, data: list) -> PageRecord:
        key, links, size, mtime_ns = data
        return cls(key, dict(links), int(size), int(mtime_ns))


@dataclass
class BuildCache:
    """One build's view of the previous one: which pages to reuse, what to record."""

    manifest_path: Path
    previous_site: Path
    clean: bool = False  # render every page, as after `build --clean`
    site: str = ""  # this build's site key
    previous: dict[str, PageRecord] = field(default_factory=dict)
    records: dict[str, PageRecord] = field(default_factory=dict)  # dest_uri -> record, this build
    reused: int = 0
    rendered: int = 0
    reason: str = ""  # why nothing was reused, for the log
    _made: set[str] = field(default_factory=set)  # folders already created in the staging folder

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
        elif data.get("site_dir") != str(self.previous_site):
            self.reason = "the previous build went to another folder"
        elif data.get("site") != site:
            self.reason = "mkdocs.yml, the theme, the generator or a library changed"
        elif not self.previous_site.is_dir():
            self.reason = "the previous site is gone"
        else:
            try:
                self.previous = {dest: PageRecord.from_json(rec) for dest, rec in data["pages"].items()}
            except (KeyError, TypeError, ValueError):
                self.reason = "the build record is damaged"

    def try_reuse(
        self, src_uri: str, dest_uri: str, markdown: bytes, present: Collection[str], staging: Path
    ) -> bool:
        """Link the previous output into staging when nothing it depends on changed."""
        key = page_key(self.site, src_uri, markdown)
        old = self.previous.get(dest_uri)
        if old is None or old.key != key:
            return False
        if any((target in present) != existed for target, existed in old.links.items()):
            return False
        # Plain strings and one mkdir per folder: Path arithmetic on 13,000 pages cost a second.
        source = os.path.join(self.previous_site, dest_uri)
        try:
            stat = os.stat(source)
        except OSError:
            return False
        if stat.st_size != old.size or stat.st_mtime_ns != old.mtime_ns:
            return False  # edited by hand since: render it again
        # In place (`mkdocs serve --dirty`), the page stays where it is.
        if os.fspath(staging) != os.fspath(self.previous_site):
            target = os.path.join(staging, dest_uri)
            folder = os.path.dirname(target)
            if folder not in self._made:
                os.makedirs(folder, exist_ok=True)
                self._made.add(folder)
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
        self.records[dest_uri] = PageRecord(key, old.links)
        self.reused += 1
        return True

    def record(
        self, src_uri: str, dest_uri: str, markdown: bytes, links: list[str], present: Collection[str]
    ) -> None:
        self.records[dest_uri] = PageRecord(
            page_key(self.site, src_uri, markdown), {t: t in present for t in links}
        )
        self.rendered += 1

    def forget(self, dest_uri: str) -> None:
        """A page that logged a warning is rendered again next time, so the warning shows again."""
        self.records.pop(dest_uri, None)

    def save(self, site_dir: Path) -> None:
        """Record the finished site, file sizes and mtimes included; atomically."""
        pages = {}
        for dest, rec in sorted(self.records.items()):
            try:
                stat = (site_dir / dest).stat()
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
