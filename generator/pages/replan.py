"""A site planned again after stories were edited in place: what `mkdocs serve` rebuilds after a save.

When every published story keeps its place (the same address, date, people, tags and bylines, in
the same order) and the registries and images are those of the last plan, the indexes list the
same stories in the same places and every story's related stories are the same. Only the pages
that show an edited story then change: its own page, the pages of the stories beside it and of
those that relate to it, the pages of its people, tags and authors, its month and its day, and
the site-wide pages. Any other change is planned from scratch (None).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from generator import urls
from generator.model import Archive, Story
from generator.pages.index import with_edited_stories
from generator.pages.plan import Selection, Site
from generator.settings import Settings


@dataclass(frozen=True)
class Replanned:
    site: Site
    selection: Selection  # the pages to plan again
    edited: int  # stories that are not the objects of the last plan


def placement(story: Story) -> Hashable:
    """Everything of a story that decides which pages list it, where, and what relates to it."""
    return (urls.story(story), story.order_key, story.tags, story.people, story.author_ids)


def replan(previous: Site, archive: Archive, settings: Settings) -> Replanned | None:
    before = previous.archive
    same_context = (
        settings == previous.settings
        and archive.people is before.people
        and archive.tags is before.tags
        and archive.authors is before.authors
        and archive.media == before.media
        and len(archive.stories) == len(before.stories)
    )
    if not same_context:
        return None
    stories = archive.stories
    edited: dict[str, int] = {}  # slug -> number
    for number, (old, new) in enumerate(zip(before.stories, stories, strict=True)):
        if old is not new:
            if placement(old) != placement(new):
                return None
            edited[new.slug] = number
    number_of = {story.slug: number for number, story in enumerate(stories)}
    related = dict(previous.related)
    relating: set[int] = set()  # stories whose 'Related stories' show an edited one
    if edited:
        for slug, shown in previous.related.items():
            if any(story.slug in edited for story in shown):
                related[slug] = tuple(stories[number_of[story.slug]] for story in shown)
                relating.add(number_of[slug])
    pages: set[int] = set(relating)
    entities: set[tuple[str, str]] = set()
    months: set[tuple[int, int]] = set()
    days: set[tuple[int, int]] = set()
    for number in edited.values():
        story = stories[number]
        pages.update(n for n in (number - 1, number, number + 1) if 0 <= n < len(stories))  # older, newer
        entities.update(("tag", ident) for ident in story.tags)
        entities.update(("person", ident) for ident in story.people)
        entities.update(("author", ident) for ident in story.author_ids if ident)
        months.add((story.year, story.month))
        days.add((story.month, story.date.day.day))
    indexes = with_edited_stories(previous.indexes, archive, edited.values())
    site = Site(archive, indexes, related, settings)
    selection = Selection(
        frozenset(pages), frozenset(entities), frozenset(months), frozenset(days), frozenset(edited)
    )
    return Replanned(site, selection, len(edited))
