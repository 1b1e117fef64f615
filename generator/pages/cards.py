"""Each story as the card every listing shows, made once per story and shared by every page."""

from __future__ import annotations

from generator import urls
from generator.markup.inline import inline_html
from generator.model import Archive, Story
from generator.pages.contexts import Card, Html, Link, Picture
from generator.pages.pictures import THUMBNAIL, picture_html

# Where a card's links meet the way back to the site's root: cards are shared by pages at every
# depth, so they are made, and rendered, with this mark in place of the root (see render.py).
ROOT_MARK = "\0root\0"


class Cards:
    """The archive's stories as cards, each made the first time it is asked for."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self._made: dict[str, Card] = {}

    def of(self, stories: tuple[Story, ...] | list[Story]) -> tuple[Card, ...]:
        return tuple(self.card(story) for story in stories)

    def card(self, story: Story) -> Card:
        url = urls.story(story)
        made = self._made.get(url)
        if made is None:
            made = self._made[url] = self._make(story, url)
        return made

    def _make(self, story: Story, url: str) -> Card:
        tags = self.tags(story)
        image = self.archive.media.get(story.image.file) if story.image else None
        return Card(
            url=url,
            title=story.title,
            dek=Html(inline_html(story.summary)),
            date=story.date,
            updated=story.updated,
            minutes=story.reading_minutes,
            kicker=tags[0] if tags else None,
            bylines=bylines(story),
            thumbnail=Picture(picture_html(image, "", THUMBNAIL, ROOT_MARK)) if image else None,
        )

    def tags(self, story: Story) -> tuple[Link, ...]:
        tags = self.archive.tags
        return tuple(Link(tags[ident].name, urls.entity("tag", ident)) for ident in story.tags)

    def people(self, story: Story) -> tuple[Link, ...]:
        people = self.archive.people
        return tuple(Link(people[ident].name, urls.entity("person", ident)) for ident in story.people)


def bylines(story: Story) -> tuple[Link, ...]:
    """Each byline as printed, linked to the author's page when the author is registered."""
    ids = story.author_ids or ("",) * len(story.authors)
    return tuple(
        Link(name, urls.entity("author", ident) if ident else "")
        for name, ident in zip(story.authors, ids, strict=True)
    )
