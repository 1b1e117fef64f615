"""A site planned again after stories changed: what `mkdocs serve` rebuilds after a save.

A page is planned again only when something it shows may differ from the last plan; every other
page is the last plan's. What a page shows comes from stories, and a story the check did not read
again is the very object of the last plan, so "the same" is told by identity: a story page is
the same when its story, its related stories and its neighbours are the same objects; a listing
(person, tag, author, month, day) when it lists the same objects in the same order. The
site-wide pages are always planned (they are few, and count everything).

When every story keeps its place (the same address, date, people, tags and bylines, in the same
order), the related stories and the groups need no computing: edited stories are put in their
places, and of a long listing only the pages that hold an edited story are planned. A change to
the registries, the images or the settings is planned from scratch (None): it can reach any page.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from generator import urls
from generator.model import Archive, Story
from generator.pages.contexts import PageSpec
from generator.pages.index import build_indexes, related_numbers, stories_by_number, with_edited_stories
from generator.pages.plan import Selection, Site
from generator.settings import Settings

K = TypeVar("K")


@dataclass(frozen=True)
class Replanned:
    site: Site
    selection: Selection  # the pages to plan again; the rest are kept
    said: str  # what changed, for the log: "1 story edited in place", "1 story added"


def placement(story: Story) -> Hashable:
    """Everything of a story that decides which pages list it, where, and what relates to it."""
    return (urls.story(story), story.order_key, story.tags, story.people, story.author_ids)


def replan(
    previous: Site, specs: Sequence[PageSpec], archive: Archive, settings: Settings
) -> Replanned | None:
    """The site of this archive, and which of its pages differ from the last plan's (specs)."""
    before = previous.archive
    same_context = (
        settings == previous.settings
        and archive.people is before.people
        and archive.tags is before.tags
        and archive.authors is before.authors
        and archive.media == before.media
    )
    if not same_context:
        return None
    kept = {spec.path: spec for spec in specs}
    in_place = len(archive.stories) == len(before.stories) and all(
        old is new or placement(old) == placement(new)
        for old, new in zip(before.stories, archive.stories, strict=True)
    )
    if in_place:
        return _in_place(previous, archive, kept)
    site = Site(
        archive, build_indexes(archive), stories_by_number(archive, related_numbers(archive)), settings
    )
    return Replanned(site, _differences(previous, site, kept), _counted(before.stories, archive.stories))


def _in_place(previous: Site, archive: Archive, kept: Mapping[str, PageSpec]) -> Replanned:
    stories = archive.stories
    edited = {
        new.slug: n
        for n, (old, new) in enumerate(zip(previous.archive.stories, stories, strict=True))
        if old is not new
    }
    number_of = {story.slug: number for number, story in enumerate(stories)}
    related = dict(previous.related)
    pages: set[int] = set()
    if edited:
        for slug, shown in previous.related.items():
            if any(story.slug in edited for story in shown):  # its 'Related stories' show an edited one
                related[slug] = tuple(stories[number_of[story.slug]] for story in shown)
                pages.add(number_of[slug])
    entities: set[tuple[str, str]] = set()
    months: set[tuple[int, int]] = set()
    days: set[tuple[int, int]] = set()
    for number in edited.values():
        story = stories[number]
        pages.update(n for n in (number - 1, number, number + 1) if 0 <= n < len(stories))  # older, newer
        entities.update(_entities(story))
        months.add((story.year, story.month))
        days.add((story.month, story.date.day.day))
    indexes = with_edited_stories(previous.indexes, archive, edited.values())
    site = Site(archive, indexes, related, previous.settings)
    selection = Selection(
        frozenset(pages), frozenset(entities), frozenset(months), frozenset(days), frozenset(edited), kept
    )
    count = len(edited)
    return Replanned(site, selection, f"{count} {'story' if count == 1 else 'stories'} edited in place")


def _entities(story: Story) -> Iterable[tuple[str, str]]:
    yield from (("tag", ident) for ident in story.tags)
    yield from (("person", ident) for ident in story.people)
    yield from (("author", ident) for ident in story.author_ids if ident)


def _differences(previous: Site, site: Site, kept: Mapping[str, PageSpec]) -> Selection:
    """Every page whose stories are not the last plan's objects, in the last plan's order."""
    old_stories = previous.archive.stories
    old_number = {story.slug: number for number, story in enumerate(old_stories)}
    stories = site.archive.stories
    pages = set()
    for number, story in enumerate(stories):
        was = old_number.get(story.slug)
        if (
            was is None
            or old_stories[was] is not story
            or not _same(previous.related.get(story.slug, ()), site.related.get(story.slug, ()))
            or not _same(_beside(old_stories, was), _beside(stories, number))
        ):
            pages.add(number)
    old, new = previous.indexes, site.indexes
    entities = {
        (kind, ident)
        for kind, before, after in (
            ("tag", old.stories_by_tag, new.stories_by_tag),
            ("person", old.stories_by_person, new.stories_by_person),
            ("author", old.stories_by_author, new.stories_by_author),
        )
        for ident in _changed_groups(before, after)
    }
    entities.update(
        ("person", ident)
        for ident in old.appears_with.keys() | new.appears_with.keys()
        if old.appears_with.get(ident) != new.appears_with.get(ident)
    )
    months = _changed_groups(old.stories_by_month, new.stories_by_month)
    days = _changed_groups(old.stories_by_day, new.stories_by_day)
    return Selection(frozenset(pages), frozenset(entities), frozenset(months), frozenset(days), kept=kept)


def _beside(stories: Sequence[Story], number: int) -> tuple[Story | None, Story | None]:
    return (
        stories[number + 1] if number + 1 < len(stories) else None,
        stories[number - 1] if number > 0 else None,
    )


def _same(one: Sequence[Story | None], other: Sequence[Story | None]) -> bool:
    return len(one) == len(other) and all(a is b for a, b in zip(one, other, strict=True))


def _changed_groups(before: Mapping[K, Sequence[Story]], after: Mapping[K, Sequence[Story]]) -> set[K]:
    return {key for key in before.keys() | after.keys() if not _same(before.get(key, ()), after.get(key, ()))}


def _counted(before: Sequence[Story], after: Sequence[Story]) -> str:
    old = {story.slug: story for story in before}
    new = {story.slug: story for story in after}
    added, removed = len(new.keys() - old.keys()), len(old.keys() - new.keys())
    changed = sum(1 for slug, story in new.items() if slug in old and old[slug] is not story)
    parts = [
        f"{count} {'story' if count == 1 else 'stories'} {what}"
        for count, what in ((added, "added"), (removed, "removed"), (changed, "changed"))
        if count
    ]
    return ", ".join(parts) or "the stories' order changed"
