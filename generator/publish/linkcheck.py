"""Every link of a built site followed as a reader's browser would from disk: each internal
`href`, `src` and `srcset` must name a file of the site (a folder does not open from file://), and
each `#anchor` an element of the page it points into.

Tags are read with one pattern that knows quoted attribute values, after scripts, styles and
comments are taken out, so text that merely looks like a link (in code, in JSON-LD) is never
counted. Addresses under the site's own URL count as internal.
"""

from __future__ import annotations

import os
import posixpath
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

_HIDDEN = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[a-zA-Z][^\s/>]*((?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>")
_ATTRIBUTE = re.compile(r"([^\s=/>]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
_LINKING = frozenset({"href", "src", "srcset"})
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# A server shows its 404 page at whatever address was asked for, so its links start at the site's
# root (MkDocs writes them so); it never opens from disk, and is not checked.
_SERVER_ONLY = frozenset({"404.html"})


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the page's path in the site
    url: str  # as written
    reason: str

    def format(self) -> str:
        return f"{self.page}: {self.url}: {self.reason}"


@dataclass
class LinkReport:
    pages: int = 0
    links: int = 0  # internal links followed (anchors included)
    seconds: float = 0.0
    broken: list[BrokenLink] = field(default_factory=list)


def attributes(html: str) -> Iterator[tuple[str, str]]:
    """(name, value) of every attribute of every tag, values unescaped only of &amp;."""
    for tag in _TAG.finditer(_HIDDEN.sub("", html)):
        for name, double, single, bare in _ATTRIBUTE.findall(tag.group(1)):
            yield name.lower(), (double or single or bare).replace("&amp;", "&")


def _targets(name: str, value: str) -> list[str]:
    if name != "srcset":
        return [value.strip()]
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


class _Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = {
            os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
            for folder, _, names in os.walk(root)
            for name in names
        }
        self._ids: dict[str, set[str]] = {}

    def ids(self, page: str) -> set[str]:
        if page not in self._ids:
            text = (self.root / page).read_text(encoding="utf-8", errors="replace")
            self._ids[page] = {value for name, value in attributes(text) if name in ("id", "name")}
        return self._ids[page]


def check_links(site_dir: Path, site_url: str = "") -> LinkReport:
    """Follow every internal link of every HTML page of the built site."""
    started = time.perf_counter()
    site = _Site(Path(site_dir))
    report = LinkReport()
    for page in sorted(path for path in site.files if path.endswith(".html") and path not in _SERVER_ONLY):
        report.pages += 1
        html = (site.root / page).read_text(encoding="utf-8", errors="replace")
        here = posixpath.dirname(page)
        for name, value in attributes(html):
            if name not in _LINKING:
                continue
            for url in _targets(name, value):
                problem = _follow(site, page, here, url, site_url, report)
                if problem:
                    report.broken.append(BrokenLink(page, url, problem))
    report.seconds = time.perf_counter() - started
    return report


def _follow(site: _Site, page: str, here: str, url: str, site_url: str, report: LinkReport) -> str:
    """Why the link does not resolve, or "" (external links are not followed)."""
    if site_url and url.startswith(site_url):
        url = url[len(site_url) :] or "index.html"
        here = ""
    if not url or url.startswith("//") or _SCHEME.match(url):
        return ""
    report.links += 1
    parts = urlsplit(url)
    if parts.path.startswith("/"):
        return "starts at the site's root, which does not open from disk"
    target = posixpath.normpath(posixpath.join(here, unquote(parts.path))) if parts.path else page
    if target.startswith("../") or target == "..":
        return "leaves the site"
    if target not in site.files:
        if target + "/index.html" in site.files:
            return "names a folder, which does not open from disk"
        return "no such file"
    if parts.fragment and target.endswith(".html") and unquote(parts.fragment) not in site.ids(target):
        return f"no element with id '{unquote(parts.fragment)}' in {target}"
    return ""
