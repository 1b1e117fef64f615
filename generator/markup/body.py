"""A story's body, from Markdown to safe HTML and the headings for its table of contents.

Rendered with the extensions mkdocs.yml names (settings.markdown_extensions) and the archive's
own (extension.py), by one Markdown instance per process: making one cost as much as a short story.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import markdown

from generator.markup.extension import ArchiveExtension
from generator.settings import Settings


@dataclass(frozen=True)
class Heading:
    """One entry of a body's table of contents: its text (as HTML), its id, its level, its children."""

    title: str
    id: str
    level: int
    children: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class RenderedBody:
    html: str
    headings: tuple[Heading, ...]


class BodyRenderer:
    def __init__(self, settings: Settings) -> None:
        self.md = markdown.Markdown(
            extensions=[*settings.markdown_extensions, ArchiveExtension()],
            extension_configs={name: dict(value) for name, value in settings.markdown_configs.items()},
        )

    def render(self, text: str) -> RenderedBody:
        html = self.md.reset().convert(text)
        return RenderedBody(html, tuple(_heading(token) for token in getattr(self.md, "toc_tokens", [])))


def _heading(token: dict[str, Any]) -> Heading:
    return Heading(token["name"], token["id"], token["level"], tuple(_heading(t) for t in token["children"]))
