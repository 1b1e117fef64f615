"""Archive in, indexes out: who appears where, with whom, and when. Pure functions."""

from __future__ import annotations

import dataclasses
import heapq
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from generator.model import Archive, Story

RELATED_COUNT = 5
# Related stories are looked for among each shared person's and tag's stories
# nearest in time: news relates to news of the same weeks, and the window keeps
# the cost linear in the archive's size instead of quadratic.
RELATED_WINDOW = 24
APPEARS_WITH_COUNT = 12
V = TypeVar("V")
K = TypeVar("K")


@dataclass(frozen=True)
class Neighbours:
    older: Story | None
    newer: Story | None


@dataclass(frozen=True)
class Indexes:
    """Everything the listing pages need; related stories, needed by story pages only, come apart."""

    archive: Archive
    stories_by_tag: dict[str, tuple[Story, ...]]  # newest first
    stories_by_person: dict[str, tuple[Story, ...]]
    stories_by_month: dict[tuple[int, int], tuple[Story, ...]]
    stories_by_author: dict[str, tuple[Story, ...]]  # registered authors only
    stories_by_day: dict[tuple[int, int], tuple[Story, ...]]  # (month, day) in any year, newest first
    neighbours: dict[str, Neighbours]
    appears_with: dict[str, tuple[tuple[str, int], ...]]  # person id -> (person id, shared stories)

    @property
    def years(self) -> list[int]:
        return sorted({year for year, _ in self.stories_by_month}, reverse=True)

    def months_of(self, year: int) -> list[int]:
        return sorted((m for y, m in self.stories_by_month if y == year), reverse=True)


def build_indexes(archive: Archive) -> Indexes:
    stories = archive.stories  # already newest first
    by_tag, by_person = _groups(stories, stories)
    by_month: dict[tuple[int, int], list[Story]] = defaultdict(list)
    for story in stories:
        by_month[(story.year, story.month)].append(story)
    neighbours = {story.slug: neighbours_at(stories, i) for i, story in enumerate(stories)}
    return Indexes(
        archive=archive,
        stories_by_tag={k: tuple(v) for k, v in sorted(by_tag.items())},
        stories_by_person={k: tuple(v) for k, v in sorted(by_person.items())},
        stories_by_month={k: tuple(v) for k, v in sorted(by_month.items(), reverse=True)},
        stories_by_author=_by_author(stories),
        stories_by_day=_by_day(stories),
        neighbours=neighbours,
        appears_with=_appears_with(stories),
    )


def neighbours_at(stories: Sequence[Story], number: int) -> Neighbours:
    """The stories beside the one at this number, in an archive newest first."""
    return Neighbours(
        stories[number + 1] if number + 1 < len(stories) else None,
        stories[number - 1] if number > 0 else None,
    )


def with_edited_stories(indexes: Indexes, archive: Archive, numbers: Iterable[int]) -> Indexes:
    """The indexes of an archive that differs from theirs only in the stories at these numbers,
    each in the same place with the same date, people, tags and bylines: each group that lists
    one of them lists the edited story instead, every other group is kept as it is."""
    stories = archive.stories
    edited = {stories[n].slug: stories[n] for n in numbers}
    by_tag, by_person = dict(indexes.stories_by_tag), dict(indexes.stories_by_person)
    by_month, by_author = dict(indexes.stories_by_month), dict(indexes.stories_by_author)
    by_day, neighbours = dict(indexes.stories_by_day), dict(indexes.neighbours)

    def swap(groups: dict[K, tuple[Story, ...]], key: K) -> None:
        groups[key] = tuple(edited.get(story.slug, story) for story in groups[key])

    for story in edited.values():
        for tag in dict.fromkeys(story.tags):
            swap(by_tag, tag)
        for person in dict.fromkeys(story.people):
            swap(by_person, person)
        for ident in dict.fromkeys(story.author_ids):
            if ident:
                swap(by_author, ident)
        swap(by_month, (story.year, story.month))
        swap(by_day, (story.month, story.date.day.day))
    for number in {n + step for n in numbers for step in (-1, 0, 1) if 0 <= n + step < len(stories)}:
        neighbours[stories[number].slug] = neighbours_at(stories, number)
    return dataclasses.replace(
        indexes,
        archive=archive,
        stories_by_tag=by_tag,
        stories_by_person=by_person,
        stories_by_month=by_month,
        stories_by_author=by_author,
        stories_by_day=by_day,
        neighbours=neighbours,
    )


def _by_day(stories: Sequence[Story]) -> dict[tuple[int, int], tuple[Story, ...]]:
    by_day: dict[tuple[int, int], list[Story]] = defaultdict(list)
    for story in stories:
        by_day[(story.month, story.date.day.day)].append(story)
    return {day: tuple(found) for day, found in sorted(by_day.items())}


def _by_author(stories: Sequence[Story]) -> dict[str, tuple[Story, ...]]:
    by_author: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        for ident in dict.fromkeys(story.author_ids):
            if ident:
                by_author[ident].append(story)
    return {ident: tuple(found) for ident, found in sorted(by_author.items())}


def _groups(stories: Sequence[Story], values: Iterable[V]) -> tuple[dict[str, list[V]], dict[str, list[V]]]:
    """Each tag's and each person's stories, in the archive's order, each given by its value in `values`."""
    by_tag: dict[str, list[V]] = defaultdict(list)
    by_person: dict[str, list[V]] = defaultdict(list)
    for story, value in zip(stories, values, strict=True):
        for tag in story.tags:
            by_tag[tag].append(value)
        for person in story.people:
            by_person[person].append(value)
    return by_tag, by_person


class RelatedStories(Mapping[str, tuple[Story, ...]]):
    """slug -> the stories under 'Related stories' on that story's page, each worked out the first
    time it is asked for: the processes that write the story pages share the work, each for its own
    pages (worked out for the whole archive before the writing, it was a tenth of the time a build
    is not on every core).

    Stories sharing the most people and tags; a shared person counts double, newer wins ties. Stories
    are numbered newest first; each group lists its stories in that order, so a story's place in a
    group is a binary search.
    """

    def __init__(self, archive: Archive) -> None:
        self._stories = archive.stories
        self._made: dict[str, tuple[Story, ...]] = {}
        self._numbers: dict[str, int] | None = None
        self._groups: tuple[dict[str, list[int]], dict[str, list[int]]] | None = None

    def __getitem__(self, slug: str) -> tuple[Story, ...]:
        made = self._made.get(slug)
        if made is None:
            if self._numbers is None:
                self._numbers = {story.slug: n for n, story in enumerate(self._stories)}
            number = self._numbers[slug]
            made = self._made[slug] = tuple(self._stories[n] for n in self.numbers(number))
        return made

    def __iter__(self) -> Iterator[str]:
        return (story.slug for story in self._stories)

    def __len__(self) -> int:
        return len(self._stories)

    def numbers(self, i: int) -> tuple[int, ...]:
        """The related stories of the story numbered i, by their numbers."""
        scores: dict[int, int] = {}
        for near, weight in self._near(i):
            for other in near:
                scores[other] = scores.get(other, 0) + weight
        scores.pop(i, None)
        # Highest score first, then newest (the smaller number).
        best = heapq.nsmallest(RELATED_COUNT, [(-score, other) for other, score in scores.items()])
        return tuple(other for _, other in best)

    def showing(self, i: int) -> set[int]:
        """The numbers of the stories whose related stories include the story numbered i. Nearness
        in a group goes both ways, so they are among the stories near it."""
        near = {other for found, _ in self._near(i) for other in found}
        near.discard(i)
        return {other for other in near if i in self.numbers(other)}

    def _near(self, i: int) -> Iterator[tuple[list[int], int]]:
        """For each of the story's groups (tags weigh 1, people 2), the stories nearest it in time."""
        if self._groups is None:
            self._groups = _groups(self._stories, range(len(self._stories)))
        tag_numbers, person_numbers = self._groups
        story = self._stories[i]
        for keys, groups, weight in ((story.tags, tag_numbers, 1), (story.people, person_numbers, 2)):
            for key in keys:
                group = groups[key]
                here = bisect_left(group, i)
                yield group[max(0, here - RELATED_WINDOW) : here + RELATED_WINDOW + 1], weight


def _appears_with(stories: Sequence[Story]) -> dict[str, tuple[tuple[str, int], ...]]:
    together: dict[str, Counter[str]] = defaultdict(Counter)
    for story in stories:
        for person in story.people:
            for other in story.people:
                if other != person:
                    together[person][other] += 1
    return {
        person: tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:APPEARS_WITH_COUNT])
        for person, counts in sorted(together.items())
    }
