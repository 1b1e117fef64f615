"""A site planned again after a save: what `mkdocs serve` rebuilds.

A page is planned again only when something it shows may differ from the last plan; every other
page is the last plan's. What a page shows comes from stories and registry entries, and a story
the check did not read again, or found equal, is the very object of the last plan, so "the same"
is told by identity: a story page is the same when its story, its related stories and its
neighbours are the same objects and name no registry entry that changed; a listing (person,
tag, author, month, day) when it lists the same objects in the same order, none naming such an
entry. The pages of the entries that changed, and the site-wide pages (few, and they count
everything), are always planned.

When every story keeps its place (the same address, date, people, tags and bylines, in the same
order) and no entry changed, the related stories are worked out only near the edited ones: edited
stories are put in their places, and of a long listing only the pages that hold an edited story
are planned. A change to the images or the settings is planned from scratch (None): it can reach
any page.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from generator import urls
from generator.model import Archive, Story
from generator.pages.contexts import PageSpec
from generator.pages.index import Neighbours, RelatedStories, build_indexes, with_edited_stories
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
    if settings != previous.settings or archive.media != before.media:
        return None  # an image can be shown on any page, a setting can change every page
    kept = {spec.path: spec for spec in specs}
    entries = {
        "tag": _changed_entries(before.tags, archive.tags),
        "person": _changed_entries(before.people, archive.people),
        "author": _changed_entries(before.authors, archive.authors),
    }
    in_place = len(archive.stories) == len(before.stories) and all(
        old is new or placement(old) == placement(new)
        for old, new in zip(before.stories, archive.stories, strict=True)
    )
    if in_place and not any(entries.values()):
        return _in_place(previous, archive, kept)
    site = Site(archive, build_indexes(archive), RelatedStories(archive), settings)
    # A story that names an entry that changed shows it on its page; its card, everywhere it is
    # listed, shows only its first tag (the kicker) and its bylines.
    naming = {
        story.slug
        for story in archive.stories
        if any(ident in entries["tag"] for ident in story.tags)
        or any(ident in entries["person"] for ident in story.people)
        or any(ident in entries["author"] for ident in story.author_ids)
    }
    carded = {
        story.slug
        for story in archive.stories
        if any(ident in entries["tag"] for ident in story.tags[:1])
        or any(ident in entries["author"] for ident in story.author_ids)
    }
    said = _counted(before.stories, archive.stories)
    changed = sum(len(found) for found in entries.values())
    if changed:
        said = f"{changed} registry {'entry' if changed == 1 else 'entries'} changed" + (
            f", {said}" if said else ""
        )
    return Replanned(
        site, _differences(previous, site, kept, naming, carded, entries), said or "the order changed"
    )


def _changed_entries(before: Mapping[str, object], after: Mapping[str, object]) -> set[str]:
    if before is after:
        return set()
    return {ident for ident in before.keys() | after.keys() if before.get(ident) != after.get(ident)}


def _in_place(previous: Site, archive: Archive, kept: Mapping[str, PageSpec]) -> Replanned:
    stories = archive.stories
    edited = {
        new.slug: n
        for n, (old, new) in enumerate(zip(previous.archive.stories, stories, strict=True))
        if old is not new
    }
    # In place, every story keeps its number, people and tags: the related stories are the same
    # numbers, and the pages to render again are those whose 'Related stories' show an edited one.
    related = RelatedStories(archive)
    pages: set[int] = set()
    for number in edited.values():
        pages.update(related.showing(number))
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


def _differences(
    previous: Site,
    site: Site,
    kept: Mapping[str, PageSpec],
    naming: set[str],
    carded: set[str],
    entries: Mapping[str, set[str]],
) -> Selection:
    """Every page whose stories are not the last plan's objects or show a registry entry that
    changed (naming: the stories whose pages do, carded: whose cards do), and the pages of those
    entries."""
    old_stories = previous.archive.stories
    old_number = {story.slug: number for number, story in enumerate(old_stories)}
    stories = site.archive.stories

    def same(one: Sequence[Story | None], other: Sequence[Story | None]) -> bool:
        return _same(one, other) and not any(story is not None and story.slug in carded for story in other)

    def changed(before: Mapping[K, Sequence[Story]], after: Mapping[K, Sequence[Story]]) -> set[K]:
        return {
            key for key in before.keys() | after.keys() if not same(before.get(key, ()), after.get(key, ()))
        }

    pages = set()
    for number, story in enumerate(stories):
        was = old_number.get(story.slug)
        if (
            was is None
            or old_stories[was] is not story
            or story.slug in naming
            or not same(previous.related.get(story.slug, ()), site.related.get(story.slug, ()))
            or not _same_neighbours(
                previous.indexes.neighbours[story.slug], site.indexes.neighbours[story.slug]
            )
        ):
            pages.add(number)
    old, new = previous.indexes, site.indexes
    entities = {(kind, ident) for kind, found in entries.items() for ident in found}
    entities.update(("tag", ident) for ident in changed(old.stories_by_tag, new.stories_by_tag))
    entities.update(("person", ident) for ident in changed(old.stories_by_person, new.stories_by_person))
    entities.update(("author", ident) for ident in changed(old.stories_by_author, new.stories_by_author))
    renamed = entries.get("person", set())
    entities.update(
        ("person", ident)  # shows, on its first page, whom the person appears with
        for ident in old.appears_with.keys() | new.appears_with.keys()
        if old.appears_with.get(ident) != new.appears_with.get(ident)
        or any(other in renamed for other, _ in new.appears_with.get(ident, ()))
    )
    months = changed(old.stories_by_month, new.stories_by_month)
    days = changed(old.stories_by_day, new.stories_by_day)
    return Selection(frozenset(pages), frozenset(entities), frozenset(months), frozenset(days), kept=kept)


def _same_neighbours(one: Neighbours, other: Neighbours) -> bool:
    return one.older is other.older and one.newer is other.newer


def _same(one: Sequence[Story | None], other: Sequence[Story | None]) -> bool:
    return len(one) == len(other) and all(a is b for a, b in zip(one, other, strict=True))


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
    return ", ".join(parts)
