"""The archive's Markdown extension: what makes a contributor's Markdown safe to publish.

- Ids a heading or element takes (`{: #id }`, or made from a heading's text by `toc`) are kept
  only when safe: never in the theme's own `__` namespace, never carrying markup, and the table
  of contents and permalinks follow the change.
- Links to other stories (`../2023/x.md`) point at their pages (`../2023/x.html`), unless the
  builder does that itself (`links: keep`, for MkDocs and Zensical building an export).
- The whole output is cut to the allow-list (sanitize.py) after every other step: a body's, or
  (`scope: page`, for a builder converting whole pages the generator made) a page's.

Usable by name from any configuration: `markdown_extensions: [..., generator.markup.extension]`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from generator.markup.sanitize import safe_id, sanitize_html

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

_UNSAFE_CHARACTERS = re.compile(r"[^A-Za-z0-9_:.-]+")


class _SafeIds(Treeprocessor):
    """Before `toc`: drops an id written with `{: #id }` or `{: id=... }` unless it is safe, and any
    `data-toc-label` (a heading's label is its own text). `toc` then makes ids from the text."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            ident = element.get("id")
            if ident is not None and not safe_id(ident):
                del element.attrib["id"]
            if "data-toc-label" in element.attrib:
                del element.attrib["data-toc-label"]


class _SafeMadeIds(Treeprocessor):
    """After `toc`: an id it made from a heading's text (`## __config` gives `__config`) is renamed,
    with the permalinks and the table of contents that name it."""

    def run(self, root: Element) -> None:
        renamed: dict[str, str] = {}
        taken = {element.get("id") for element in root.iter() if element.get("id")}
        for element in root.iter():
            ident = element.get("id")
            if ident is not None and not safe_id(ident):
                better = _UNSAFE_CHARACTERS.sub("-", ident).strip("-_.:")[:90] or "section"
                if not safe_id(better):  # `## Archive main` gives the id the theme's article has
                    better = f"section-{better}"
                while better in taken:
                    better += "-1"
                taken.add(better)
                renamed[ident] = element.attrib["id"] = better
        if not renamed:
            return
        for element in root.iter("a"):
            href = element.get("href", "")
            if href.startswith("#") and href[1:] in renamed:
                element.set("href", "#" + renamed[href[1:]])
        _rename_tokens(getattr(self.md, "toc_tokens", []), renamed)


def _rename_tokens(tokens: list[dict[str, Any]], renamed: dict[str, str]) -> None:
    for token in tokens:
        token["id"] = renamed.get(token["id"], token["id"])
        _rename_tokens(token.get("children", []), renamed)


class _StoryLinks(Treeprocessor):
    """A relative link to a Markdown file is a link to its page: x.md#part becomes x.html#part."""

    def run(self, root: Element) -> None:
        for element in root.iter("a"):
            href = element.get("href")
            if not href or "://" in href or href.startswith(("#", "/", "mailto:")):
                continue
            parts = urlsplit(href)
            if parts.scheme or not parts.path.endswith(".md"):
                continue
            page = parts.path[: -len(".md")] + ".html"
            element.set(
                "href",
                page
                + (f"?{parts.query}" if parts.query else "")
                + (f"#{parts.fragment}" if parts.fragment else ""),
            )


class _Sanitise(Postprocessor):
    """Last of all, on the whole output: only the allow-list passes."""

    def __init__(self, md: Markdown, page: bool) -> None:
        super().__init__(md)
        self.page = page

    def run(self, text: str) -> str:
        return sanitize_html(text, page=self.page)


class ArchiveExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "links": ["html", "'html': story links point at pages; 'keep': the builder does it"],
            "scope": [
                "body",
                "'body': a story's body is converted; 'page': a whole page, made by the generator",
            ],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's name for the hook
        md.treeprocessors.register(_SafeIds(md), "archive_safe_ids", 7)  # after attr_list (8), before toc (5)
        md.treeprocessors.register(_SafeMadeIds(md), "archive_safe_made_ids", 4)  # after toc
        if self.getConfig("links") == "html":
            md.treeprocessors.register(_StoryLinks(md), "archive_story_links", 3)
        page = self.getConfig("scope") == "page"
        md.postprocessors.register(
            _Sanitise(md, page), "archive_sanitise", 1
        )  # after raw HTML (30) and & (20)

    def __repr__(self) -> str:  # stable: build records hash the list of extensions
        return f"ArchiveExtension(links={self.getConfig('links')!r}, scope={self.getConfig('scope')!r})"


def makeExtension(**kwargs: Any) -> ArchiveExtension:  # noqa: N802 - the name Markdown looks for
    return ArchiveExtension(**kwargs)
