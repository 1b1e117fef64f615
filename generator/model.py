"""The archive's model: frozen values, built once by validation, read by every later stage."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, order=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    wikidata: str = ""
    links: tuple[Link, ...] = ()
    formerly: tuple[str, ...] = ()  # earlier ids: their pages take readers to this one


@dataclass(frozen=True, order=True)
class Tag:
    id: str
    name: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    formerly: tuple[str, ...] = ()
    wikidata: str = ""


@dataclass(frozen=True, order=True)
class Author:
    """A byline the archive keeps a page for (content/authors.yml)."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    links: tuple[Link, ...] = ()
    formerly: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    name: str = ""
    url: str = ""
    published: dt.date | None = None
    archived: str = ""  # an archived copy of the source (a Wayback Machine snapshot, for example)
    accessed: dt.date | None = None  # when the source was read


@dataclass(frozen=True)
class StoryDate:
    """A date as the story wrote it: filed under its own year and month, never shifted."""

    day: dt.date
    time: str = ""  # "14:00" when the story gave a time
    offset: str = ""  # "+09:00" when it gave one

    @property
    def iso(self) -> str:
        if not self.time:
            return self.day.isoformat()
        return f"{self.day.isoformat()}T{self.time}{self.offset}"


@dataclass(frozen=True)
class Correction:
    """A dated correction to a published story; its text is inline Markdown."""

    date: StoryDate
    text: str
    line: int = 0  # where its date stands in the story file, for diagnostics
    col: int = 0


@dataclass(frozen=True)
class MediaFile:
    """An image under content/media/, as the check read it: published only as re-encoded variants."""

    name: str  # under content/media/: route-map.png or 2023/route-map.png
    digest: str  # of the file's bytes: variant names and the variant cache are keyed by it
    width: int  # after the orientation the file asks for
    height: int
    alpha: bool  # has transparency: its fallback variants are PNG, not JPEG


@dataclass(frozen=True)
class LeadImage:
    """A story's lead image: shown above the story, in listings, search results and link previews."""

    file: str  # a MediaFile's name
    alt: str  # "" only when the image is marked decorative
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True)
class StoryLink:
    """A link from a story's body to another story, checked once every story is read."""

    target: str  # the linked file under content/: stories/2023/x.md
    line: int
    col: int
    written: str  # as the body has it: ../2023/x.md#part


READING_WORDS_PER_MINUTE = 230  # an adult reading news prose


@dataclass(frozen=True)
class Story:
    source_path: str  # as shown in diagnostics: content/stories/2023/x.md
    slug: str
    title: str
    date: StoryDate
    authors: tuple[str, ...]  # bylines as shown: a registered author's name, else as written
    tags: tuple[str, ...]
    people: tuple[str, ...]
    body: str
    summary: str = ""
    source: Source | None = None
    draft: bool = False
    updated: StoryDate | None = None  # when the story was last changed in substance
    corrections: tuple[Correction, ...] = ()  # oldest first, as written
    author_ids: tuple[str, ...] = ()  # beside `authors`: each byline's id in authors.yml, or ""
    image: LeadImage | None = None
    media: tuple[str, ...] = ()  # every media file the story shows (lead and body), in order
    links: tuple[StoryLink, ...] = ()  # the body's links to other stories

    @property
    def year(self) -> int:
        return self.date.day.year

    @property
    def month(self) -> int:
        return self.date.day.month

    @functools.cached_property
    def reading_minutes(self) -> int:
        """Minutes to read the body at 230 words a minute, at least one."""
        return max(1, round(len(self.body.split()) / READING_WORDS_PER_MINUTE))

    @property
    def order_key(self) -> tuple[str, str]:
        """Newest first when sorted descending; the slug breaks ties deterministically."""
        return (self.date.iso, self.slug)


@dataclass(frozen=True)
class Archive:
    stories: tuple[Story, ...]  # newest first
    people: dict[str, Person] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    authors: dict[str, Author] = field(default_factory=dict)
    media: dict[str, MediaFile] = field(default_factory=dict)  # the media files published stories show
