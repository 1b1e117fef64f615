"""The index stage: who appears where, with whom and when, and which stories are related."""

from __future__ import annotations

import datetime as dt

from generator.model import Archive, Story, StoryDate
from generator.pages.index import RELATED_COUNT, RELATED_WINDOW, RelatedStories, build_indexes


def _story(slug, day, tags=(), people=(), month=9):
    return Story(
        source_path=f"content/stories/2023/{slug}.md",
        slug=slug,
        title=slug.title(),
        date=StoryDate(dt.date(2023, month, day)),
        authors=(),
        tags=tags,
        people=people,
        body="Body.",
    )


def _archive(*stories):
    """Newest first, as validation orders the stories."""
    return Archive(stories=tuple(sorted(stories, key=lambda s: s.order_key, reverse=True)))


def _related(archive):
    return {slug: [s.slug for s in found] for slug, found in RelatedStories(archive).items()}


def test_groups_list_stories_newest_first_and_months_newest_first():
    archive = _archive(
        _story("a", 1, tags=("russia",), people=("peskov",)),
        _story("b", 2, tags=("russia",)),
        _story("c", 3, tags=("korea",), people=("peskov", "kim"), month=10),
    )
    indexes = build_indexes(archive)
    assert [s.slug for s in indexes.stories_by_tag["russia"]] == ["b", "a"]
    assert [s.slug for s in indexes.stories_by_person["peskov"]] == ["c", "a"]
    assert list(indexes.stories_by_month) == [(2023, 10), (2023, 9)]
    assert indexes.years == [2023] and indexes.months_of(2023) == [10, 9]
    assert (indexes.neighbours["b"].older.slug, indexes.neighbours["b"].newer.slug) == ("a", "c")
    assert indexes.neighbours["c"].newer is None and indexes.neighbours["a"].older is None


def test_appears_with_counts_shared_stories_most_first():
    archive = _archive(
        _story("a", 1, people=("peskov", "kim")),
        _story("b", 2, people=("peskov", "kim", "putin")),
        _story("c", 3, people=("peskov", "putin", "kim")),
        _story("d", 4, people=("peskov", "lavrov")),
    )
    assert build_indexes(archive).appears_with["peskov"] == (("kim", 3), ("putin", 2), ("lavrov", 1))


def test_a_shared_person_counts_double_and_newer_wins_a_tie():
    archive = _archive(
        _story("here", 10, tags=("russia", "energy"), people=("peskov",)),
        _story("two-tags", 1, tags=("russia", "energy")),  # score 2, older
        _story("person", 2, people=("peskov",)),  # score 2, newer: first
        _story("person-and-tag", 3, tags=("russia",), people=("peskov",)),  # score 3
        _story("one-tag", 4, tags=("energy",)),  # score 1
        _story("nothing", 5, tags=("korea",)),  # shares nothing: never related
    )
    assert _related(archive)["here"] == ["person-and-tag", "person", "two-tags", "one-tag"]


def test_at_most_a_few_and_only_near_in_time_within_a_group():
    # One tag, many stories: a story relates to those next to it in the tag's list, not the far ones.
    count = 2 * RELATED_WINDOW + 10
    archive = _archive(
        *[_story(f"s{n:03d}", 1 + n % 28, tags=("russia",), month=1 + n // 28) for n in range(count)]
    )
    related = [RelatedStories(archive).numbers(i) for i in range(count)]
    assert all(len(found) == RELATED_COUNT for found in related)
    assert all(i not in found for i, found in enumerate(related))
    # Equal scores everywhere, so the newest within the window come first.
    assert related[0] == tuple(range(1, RELATED_COUNT + 1))
    assert related[count - 1] == tuple(
        range(count - 1 - RELATED_WINDOW, count - 1 - RELATED_WINDOW + RELATED_COUNT)
    )


def test_the_stories_that_show_a_story_as_related_are_found_from_it_alone():
    # What `serve` renders again after an edit in place: every page whose related stories show it.
    count = 3 * RELATED_WINDOW
    archive = _archive(
        *[
            _story(f"s{n:03d}", 1 + n % 28, ("russia", f"t{n % 3}"), (f"p{n % 4}",), month=1 + n // 28)
            for n in range(count)
        ]
    )
    related = RelatedStories(archive)
    for i in (0, RELATED_WINDOW, count - 1):
        assert related.showing(i) == {other for other in range(count) if i in related.numbers(other)}
        assert related.showing(i)  # not trivially empty
