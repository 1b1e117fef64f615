"""HTML from story bodies reduced to an allow-list: no script, no handlers, no foreign URLs,
and nothing the theme's own script could mistake for one of its elements."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import nh3
from markdown import Extension, Markdown
from markdown.extensions.toc import slugify as _markdown_slugify
from markdown.treeprocessors import Treeprocessor

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "blockquote": {"cite"},
}
# Relative URLs (links between pages) pass; absolute ones only with these schemes.
_SCHEMES = {"http", "https", "mailto"}

# Ids a story may give an element: Markdown's own (headings, footnotes `fn:1`) and plain
# words. Material finds its elements by id (`#__config`, `#__search`, ...): an element of
# a story's that took such an id would be read as the theme's configuration.
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.-]{0,99}$")
_RESERVED_ID_PREFIX = "__"
# Classes Material's script acts on: `mermaid` makes it load a library from a CDN, `md-*`
# are the theme's own components.
_RESERVED_CLASS = re.compile(r"^(?:md-|mermaid$|__|archive-search)")
_SAFE_CLASS = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
# Browsers drop tab and newline from URLs and read a backslash as a slash in http(s) ones.
_URL_IGNORED = re.compile(r"[\t\n\r]")


def safe_id(value: str) -> bool:
    return bool(_SAFE_ID.match(value)) and not value.startswith(_RESERVED_ID_PREFIX)


def safe_classes(value: str) -> str:
    return " ".join(c for c in value.split() if _SAFE_CLASS.match(c) and not _RESERVED_CLASS.match(c))


def local_image(src: str) -> bool:
    """A relative path to a file of the site: anything else is a request leaving the reader's machine."""
    src = _URL_IGNORED.sub("", src).strip()
    if not src or "\\" in src or src.startswith("/") or "//" in src:
        return False
    return ":" not in src.split("/", 1)[0].split("?", 1)[0]


# The coverage charts the generator draws (pages/charts.py) on pages that hold no contributor
# HTML: tag, person, author, archive and home pages. Story pages never allow these.
_CHART_TAGS = {"svg", "g", "rect", "text", "title", "desc"}
_CHART_ATTRIBUTES = {
    "svg": {
        "viewbox",
        "viewBox",
        "width",
        "height",
        "role",
        "aria-labelledby",
    },  # role: group (bars are links)
    "rect": {"x", "y", "width", "height"},
    "text": {"x", "y"},
    "a": {"href", "aria-label"},
}


def sanitize_html(html: str, charts: bool = False) -> str:
    tags, attributes = _TAGS, _ATTRIBUTES
    if charts:
        tags = _TAGS | _CHART_TAGS
        attributes = {
            **_ATTRIBUTES,
            **{k: _ATTRIBUTES.get(k, set()) | v for k, v in _CHART_ATTRIBUTES.items()},
        }
    cleaned = nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        url_schemes=_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )
    if "<img" in cleaned:  # an image whose source was removed would show as a broken picture
        cleaned = _SOURCELESS_IMAGE.sub("", cleaned)
    return xml_safe(cleaned)


# nh3's output is normalised: every attribute is name="value", so this reads it reliably.
_SOURCELESS_IMAGE = re.compile(r'<img(?![^>]*\ssrc=")[^>]*>')
# Characters XML 1.0 forbids (they break a feed for every subscriber): C0 controls but tab, newline
# and carriage return, and the non-characters U+FFFE and U+FFFF. An HTML parser turns `&#1;` into
# U+0001, so they are removed after sanitising, whatever wrote them.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    return XML_FORBIDDEN.sub("", text) if XML_FORBIDDEN.search(text) else text


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if safe_id(value) else None
    if attribute == "class":
        return safe_classes(value) or None
    if element == "img" and attribute == "src":
        return value if local_image(value) else None
    return value


# The table of contents is rendered by the theme outside the article, from the ids and labels
# Markdown gave the headings, before the article is sanitised: ids are made safe in Markdown.
class _SafeIds(Treeprocessor):
    """Drops an id written with `{: #id }` or `{: id=... }` unless it is safe; `toc` then
    makes one from the heading's text. Runs after attr_list (priority 8), before toc (5)."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            ident = element.get("id")
            if ident is not None and not safe_id(ident):
                del element.attrib["id"]
            if "data-toc-label" in element.attrib:  # a label is the heading's own text, nothing else
                del element.attrib["data-toc-label"]
        return None


class SafeIdsExtension(Extension):
    """Registered by the archive's plugin for every page it builds."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's name for the hook
        md.treeprocessors.register(_SafeIds(md), "archive_safe_ids", 7)

    def __repr__(self) -> str:  # stable: the build record hashes the extension list
        return "SafeIdsExtension()"


class SafeSlugify:
    """toc's slugify, never giving an id in the theme's own `__` namespace (a heading `__init__`)."""

    def __call__(self, value: str, separator: str) -> str:
        return _markdown_slugify(value, separator).lstrip("_") or "section"

    def __repr__(self) -> str:
        return "SafeSlugify()"
