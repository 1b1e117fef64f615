"""A planned page (PageSpec) rendered to HTML by its template in templates/.

Templates are autoescaped: a value is text unless it is `Html` (made safe by markup/inline.py or
drawn by the generator). A story's body is rendered here, by markup/body.py, and its images of
content/media/ become responsive pictures. Cards, shown on many pages, are rendered once each.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator import text, urls
from generator.markup.body import BodyRenderer, Heading
from generator.model import MediaFile, StoryDate
from generator.pages.cards import ROOT_MARK
from generator.pages.contexts import Card, Context, Head, Html, PageSpec, StoryPage
from generator.pages.pictures import expand_images
from generator.settings import Settings

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class RenderedPage:
    path: str
    head: Head
    html: str  # the page's content: what the theme shows inside its article
    headings: tuple[Heading, ...]  # the table of contents (a story's body headings)


@functools.lru_cache(maxsize=1 << 14)
def long_date(date: StoryDate | dt.date) -> str:
    return text.long_date(date.day if isinstance(date, StoryDate) else date)


def iso_date(date: StoryDate | dt.date) -> str:
    return date.iso if isinstance(date, StoryDate) else date.isoformat()


def month_name(month: int) -> str:
    return calendar.month_name[month]


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # one build, fixed templates: no stat() per page
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(date=long_date, iso=iso_date, month=month_name)
    return env


class PageRenderer:
    """Renders pages of one site; made once per process."""

    def __init__(self, settings: Settings, media: Mapping[str, MediaFile]) -> None:
        self.env = environment()
        self.env.globals.update(cards=self._cards)
        self.media = media
        self.bodies = BodyRenderer(settings)
        # (story, brief, with kicker) -> the card split where the root goes
        self._card_parts: dict[tuple[str, bool, bool], tuple[str, ...]] = {}
        self._card = self.env.get_template("_card.html.j2")

    def render(self, spec: PageSpec, context: Context) -> RenderedPage:
        """The page of `spec`, drawn from `context` (the spec's, made by the caller, who may need it too)."""
        root = urls.root_of(spec.path)
        body = Html("")
        headings: tuple[Heading, ...] = ()
        if isinstance(context, StoryPage):
            rendered = self.bodies.render(context.body)
            body = Html(expand_images(rendered.html, spec.path, self.media))
            headings = rendered.headings
        html = self.env.get_template(spec.template).render(page=context, root=root, body=body, path=spec.path)
        return RenderedPage(spec.path, context.head, html, headings)

    def _cards(self, cards: tuple[Card, ...], root: str, brief: bool = False, listed_on: str = "") -> Html:
        """The cards as a list's items, each rendered once with the root marked, then joined to this root.
        On the page of a tag (`listed_on`), a card whose kicker is that tag goes without it: the page
        names it at its top."""
        parts = self._card_parts
        out = []
        for card in cards:
            kicker = not brief and card.kicker is not None and card.kicker.url != listed_on
            found = parts.get((card.url, brief, kicker))
            if found is None:
                found = parts[card.url, brief, kicker] = tuple(
                    self._card.render(card=card, brief=brief, kicker=kicker, root=ROOT_MARK).split(ROOT_MARK)
                )
            out.append(root.join(found))
        return Html("".join(out))
