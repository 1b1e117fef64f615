"""Short fields contributors write (summaries, descriptions, captions, credits, corrections) as
inline Markdown: emphasis, code and links to other sites, and nothing else.

No block syntax of any extension can start here (a summary of `!!! danger "..."` is that text,
not a warning box), raw HTML is text, and the result passes the sanitiser with an inline
allow-list: such a field is shown on many pages, so a link must be an absolute http(s) address.
"""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import urlsplit

import markdown
import nh3

from generator.markup.sanitize import xml_safe

_MARKUP = re.compile(r"[*_`\[\]<>&\\!]")
_TAGS = {"a", "em", "strong", "code", "b", "i", "del", "sub", "sup"}
_SCHEMES = {"http", "https", "mailto"}


@functools.lru_cache(maxsize=1 << 14)  # names, captions and summaries recur on many pages
def inline_html(text: str) -> str:
    """The field as safe inline HTML, on one line."""
    text = " ".join(text.split())
    if not _MARKUP.search(text):  # plain words, as most fields are
        return html.escape(text, quote=False)
    rendered = _markdown().reset().convert(text)
    rendered = rendered.removeprefix("<p>").removesuffix("</p>")
    cleaned = nh3.clean(
        rendered,
        tags=_TAGS,
        attributes={"a": {"href"}},
        url_schemes=_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_absolute_links,
    )
    return xml_safe(_HREFLESS.sub(r"\1", cleaned) if "<a>" in cleaned else cleaned)


_HREFLESS = re.compile(r"<a>(.*?)</a>")  # a link whose address was refused: its text stays


def _absolute_links(element: str, attribute: str, value: str) -> str | None:
    if element == "a" and attribute == "href":
        return value if urlsplit(value.strip()).scheme.lower() in _SCHEMES else None
    return value


@functools.lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    """Markdown with its inline patterns only: one paragraph, no raw HTML, no images."""
    md = markdown.Markdown()
    md.preprocessors.deregister("html_block", strict=False)  # raw HTML would pass as a block
    for name in _BLOCKS:
        md.parser.blockprocessors.deregister(name, strict=False)
    for name in ("html", "image_link", "image_reference", "short_image_ref", "automail"):
        md.inlinePatterns.deregister(name, strict=False)
    return md


# Python-Markdown's block processors, less `paragraph`: a field is one paragraph of inline text.
_BLOCKS = (
    "empty",
    "indent",
    "code",
    "hashheader",
    "setextheader",
    "hr",
    "olist",
    "ulist",
    "quote",
    "reference",
)
