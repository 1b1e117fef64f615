"""HTML from story bodies reduced to an allow-list: no script, no handlers, no foreign URLs,
and nothing the theme's own script could mistake for one of its elements."""

from __future__ import annotations

import re

import nh3

# What a story's body may contain.
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "aria-label", "aria-hidden"},
    "a": {"href", "aria-current"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"},
    "source": {"srcset", "sizes", "type"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "reversed"},
    "blockquote": {"cite"},
}
# What a whole page may contain besides: what the generator writes itself (responsive pictures,
# coverage charts, its page structure). Only a builder that sanitises whole pages needs it: an
# exported site built by another tool (markup/extension.py, `scope: page`).
_PAGE_TAGS = _TAGS | {
    "picture", "source", "nav", "section", "article", "header", "footer",
    "svg", "g", "rect", "text", "title", "desc",
}  # fmt: skip
_PAGE_ATTRIBUTES = {
    **_ATTRIBUTES,
    "a": _ATTRIBUTES["a"] | {"tabindex", "rel"},
    "source": {"srcset", "sizes", "type"},
    "svg": {"viewbox", "viewBox", "width", "height", "role", "aria-labelledby", "focusable"},
    "rect": {"x", "y", "width", "height"},
    "text": {"x", "y", "text-anchor"},
}
# Relative URLs (links between pages) pass; absolute ones only with these schemes.
_SCHEMES = {"http", "https", "mailto"}

# Ids a story may give an element: Markdown's own (headings, footnotes `fn:1`) and plain
# words. Material finds its elements by id (`#__config`, `#__search`, ...): an element of
# a story's that took such an id would be read as the theme's configuration.
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.-]{0,99}$")
_RESERVED_ID_PREFIX = "__"
# Ids the generator gives its own elements (the targets of the theme's scripts and of the skip link):
# a story's body may not take one.
_GENERATED_ID_PREFIX = "archive-"
# Classes Material's script acts on: `mermaid` makes it load a library from a CDN, `md-*`
# are the theme's own components.
_RESERVED_CLASS = re.compile(r"^(?:md-|mermaid$|__|archive-search)")
_SAFE_CLASS = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
# Browsers drop tab and newline from URLs and read a backslash as a slash in http(s) ones.
_URL_IGNORED = re.compile(r"[\t\n\r]")


def safe_id(value: str, page: bool = False) -> bool:
    """An id a body (or, with `page`, a whole page the generator made) may give an element."""
    reserved = (_RESERVED_ID_PREFIX,) if page else (_RESERVED_ID_PREFIX, _GENERATED_ID_PREFIX)
    return bool(_SAFE_ID.match(value)) and not value.startswith(reserved)


def safe_classes(value: str) -> str:
    return " ".join(c for c in value.split() if _SAFE_CLASS.match(c) and not _RESERVED_CLASS.match(c))


def local_image(src: str) -> bool:
    """A relative path to a file of the site: anything else is a request leaving the reader's machine."""
    src = _URL_IGNORED.sub("", src).strip()
    if not src or "\\" in src or src.startswith("/") or "//" in src:
        return False
    return ":" not in src.split("/", 1)[0].split("?", 1)[0]


def sanitize_html(html: str, page: bool = False) -> str:
    """HTML cut to the allow-list: a story's body's, or with `page` a whole page's (see above)."""
    cleaned = nh3.clean(
        html,
        tags=_PAGE_TAGS if page else _TAGS,
        attributes=_PAGE_ATTRIBUTES if page else _ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_filter_page_attribute if page else _filter_attribute,
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


def _filter_page_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if safe_id(value, page=True) else None
    return _filter_attribute(element, attribute, value)


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if safe_id(value) else None
    if attribute == "class":
        return safe_classes(value) or None
    if element == "img" and attribute == "src":
        return value if local_image(value) else None
    if attribute == "srcset":  # every candidate a file of the site, or none at all
        candidates = [part.strip() for part in value.split(",") if part.strip()]
        return value if candidates and all(local_image(c.split()[0]) for c in candidates) else None
    if attribute == "tabindex":  # taken out of the tab order, never put in front of it
        return value if value == "-1" else None
    if attribute == "rel":
        kept = [word for word in value.split() if word in _LINK_RELATIONS]
        return " ".join(kept) or None
    return value


_LINK_RELATIONS = {"external", "prev", "next", "noopener", "nofollow"}
