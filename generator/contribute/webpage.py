"""A news page's article, read from its HTML: title, bylines, dates with their offsets, the summary
the page gives itself, the canonical address and site name, and the body as plain Markdown.

The article is found by trafilatura (made for exactly this: the text of a page without its menus,
share buttons, related-article blocks and advertising), dates by htmldate where the page's own
metadata does not give them with a time. The body is written as Markdown here, from trafilatura's
XML: paragraphs, `##` headings, lists, block quotes and http(s) links, every other character of the
source escaped, so nothing in a page becomes markup it did not mean.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

from generator.contribute.fetch import ImportProblem
from generator.contribute.rawarticle import is_dateline, split_byline
from generator.model import StoryDate

MIN_BODY_CHARS = 200  # less than this is a teaser, a paywall's stub or no article at all
_ISO_TIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?"
)
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>{}|~])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=])")
_NUMBERED_START = re.compile(r"^(\s*\d+)([.)])")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class WebArticle:
    title: str
    authors: tuple[str, ...]
    published: StoryDate | None
    updated: StoryDate | None
    summary: str  # the page's own description: a draft for the contributor to rewrite
    markdown: str
    url: str  # the canonical address
    site_name: str

    @property
    def text(self) -> str:
        return self.markdown


def read_article(html: str, url: str) -> WebArticle:
    import trafilatura  # loaded only when a page is imported: it brings lxml and more

    metadata = trafilatura.extract_metadata(html, default_url=url)
    xml = trafilatura.extract(
        html,
        url=url,
        output_format="xml",
        include_links=True,
        include_formatting=True,
        include_images=False,
        include_tables=False,
        include_comments=False,
        favor_precision=True,
        with_metadata=False,
    )
    title = _clean(metadata.title or "") if metadata else ""
    body = _markdown(xml, url, title) if xml else ""
    if len(body) < MIN_BODY_CHARS:
        raise ImportProblem("no article text on the page (an empty page, a paywall, or not an article)")
    if not title:
        raise ImportProblem("the page gives no title")
    published, updated = _dates(html, url)
    authors = tuple(
        name for part in (metadata.author or "").split(";") for name in split_byline(part.strip()) if name
    )
    canonical = _canonical(metadata.url or "", url)
    site = _clean(metadata.sitename or "") or urlsplit(canonical).hostname or ""
    return WebArticle(
        title=title,
        authors=authors,
        published=published,
        updated=updated if updated and published and updated.day >= published.day else None,
        summary=_clean(metadata.description or ""),
        markdown=body,
        url=canonical,
        site_name=site.removeprefix("www."),
    )


def _canonical(declared: str, fetched: str) -> str:
    """The page's own address for itself, when it names one on the host it was fetched from (or
    the page was read from a file); otherwise the address it was fetched at. A page may not make
    the archive credit it to another site."""
    if urlsplit(declared).scheme not in ("http", "https"):
        return fetched
    if not fetched:
        return declared
    host = (urlsplit(declared).hostname or "").removeprefix("www.")
    return declared if host == (urlsplit(fetched).hostname or "").removeprefix("www.") else fetched


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


# ---- dates --------------------------------------------------------------------------------------

_PUBLISHED_KEYS = ("article:published_time", "datePublished", "date", "pubdate", "dc.date", "publishdate")
_MODIFIED_KEYS = ("article:modified_time", "dateModified", "last-modified", "dc.date.modified")
_META = re.compile(r"<meta\s[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([a-zA-Z:_.-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
_JSON_LD = re.compile(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)


def _dates(html: str, url: str) -> tuple[StoryDate | None, StoryDate | None]:
    """Publication and update, with time and offset where the page's metadata gives them;
    otherwise the day htmldate finds in the page."""
    found = _metadata_times(html)
    published = _story_date(found.get("published", ""))
    updated = _story_date(found.get("modified", ""))
    if published is None:
        from htmldate import find_date

        day = find_date(html, url=url, original_date=True, extensive_search=True)
        published = _story_date(day or "")
    return published, updated


def _metadata_times(html: str) -> dict[str, str]:
    times: dict[str, str] = {}
    for tag in _META.findall(html[:200_000]):
        attributes = {k.lower(): v.strip("\"'") for k, v in _ATTRIBUTE.findall(tag)}
        key = (
            attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or ""
        ).lower()
        value = attributes.get("content", "")
        if key in (k.lower() for k in _PUBLISHED_KEYS):
            times.setdefault("published", value)
        elif key in (k.lower() for k in _MODIFIED_KEYS):
            times.setdefault("modified", value)
    for block in _JSON_LD.findall(html[:500_000]):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        for item in (
            data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        ):
            if isinstance(item, dict):
                if isinstance(item.get("datePublished"), str):
                    times.setdefault("published", item["datePublished"])
                if isinstance(item.get("dateModified"), str):
                    times.setdefault("modified", item["dateModified"])
    return times


def _story_date(value: str) -> StoryDate | None:
    match = _ISO_TIME.match(value.strip())
    if not match:
        return None
    try:
        day = dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None
    clock, seconds, offset = match.group(2) or "", match.group(3), match.group(4) or ""
    if not clock:
        return StoryDate(day)
    if offset == "Z":
        offset = "+00:00"
    elif offset and ":" not in offset:
        offset = offset[:3] + ":" + offset[3:]
    return StoryDate(day, f"{clock}:{seconds}" if seconds else clock, offset)


# ---- the body as Markdown -----------------------------------------------------------------------


def _markdown(xml: str, url: str, title: str) -> str:
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return ""
    main = root.find("main")
    blocks: list[str] = []
    for element in main if main is not None else []:
        block = _block(element, url, title)
        if block:
            blocks.append(block)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _block(element: ElementTree.Element, url: str, title: str) -> str:
    tag = element.tag
    if tag == "head":
        text = _inline(element, url).strip()
        if not text or _clean(_plain(element)) == title or is_dateline(_plain(element)):
            return ""  # the headline is the story's title; a dateline is its date, never a section
        level = "###" if element.get("rend") in ("h3", "h4", "h5", "h6") else "##"
        return f"{level} {text}"
    if tag == "p":
        text = _inline(element, url).strip()
        if not text or is_dateline(_plain(element)):
            return ""
        return text
    if tag == "quote":
        inner = [_block(child, url, title) for child in element] or [_inline(element, url).strip()]
        lines = "\n\n".join(part for part in inner if part).split("\n")
        return "\n".join(("> " + line) if line else ">" for line in lines) if any(lines) else ""
    if tag == "list":
        ordered = element.get("rend") == "ol"
        items = [_inline(item, url).strip() for item in element.findall("item")]
        items = [item for item in items if item]
        return "\n".join(f"{n}. {item}" if ordered else f"- {item}" for n, item in enumerate(items, 1))
    return ""  # tables, figures, code and anything else the story will say in its own words


def _plain(element: ElementTree.Element) -> str:
    return "".join(element.itertext())


def _inline(element: ElementTree.Element, url: str) -> str:
    parts = [_escape(element.text or "")]
    for child in element:
        inner = _inline(child, url)
        if child.tag == "ref":
            target = urljoin(url, child.get("target") or "")
            if urlsplit(target).scheme in ("http", "https") and inner.strip():
                inner = f"[{inner.strip()}]({target.replace(' ', '%20').replace(')', '%29')})"
        elif child.tag == "hi" and inner.strip():
            mark = "**" if child.get("rend") == "#b" else "*" if child.get("rend") == "#i" else ""
            inner = f"{mark}{inner.strip()}{mark}"
        elif child.tag == "lb":
            inner = " "
        parts.append(inner)
        parts.append(_escape(child.tail or ""))
    return _SPACES.sub(" ", "".join(parts))


def _escape(text: str) -> str:
    """Source text as Markdown that shows it as written: no character of it becomes markup."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", text.replace("&", "&amp;"))
    escaped = _NUMBERED_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
