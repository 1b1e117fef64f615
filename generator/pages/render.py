"""Indexes in, {page path: Markdown text} out. The page layouts are template files in templates/."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import html
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from generator.model import Archive, Correction, LeadImage, Story, StoryDate
from generator.pages.charts import bars, coverage_svg, search_page, sparkline_svg
from generator.pages.index import Indexes
from generator.pages.metadata import (
    author_metadata,
    collection_metadata,
    person_metadata,
    story_metadata,
    tag_metadata,
)
from generator.pages.pictures import LEAD, THUMBNAIL, image_tag
from generator.pages.settings import SiteSettings
from generator.text import yaml_string

TEMPLATES = Path(__file__).parent / "templates"
PAGE_SIZE = 50  # stories per listing page: no page grows with the archive
HOME_LATEST = 10
HOME_TOP = 12
INDEX_PAGE_SIZE = 300  # entries per page of the people and tags indexes
T = TypeVar("T")
Entry = TypeVar("Entry")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|<>&])")
_LINE_START = re.compile(r"^(?:(\d+)\.|([-+#]))")


@functools.lru_cache(maxsize=1 << 16)  # names and tags repeat on thousands of pages
def md_text(value: object) -> str:
    """Untrusted text made inert inside Markdown: no markup, no HTML, one line."""
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\." if m.group(1) else "\\" + m.group(2), text)


_ESCAPES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_INLINE_SPECIAL = re.compile(r"([\\{}|<>&])")


@functools.lru_cache(maxsize=1 << 12)
def md_inline(value: object) -> str:
    """Untrusted inline Markdown kept inline: emphasis, code and links stay; raw HTML, attribute
    lists, tables and block markers at the start are escaped, and lines are joined."""
    text = " ".join(str(value).split())
    text = _INLINE_SPECIAL.sub(lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\." if m.group(1) else "\\" + m.group(2), text)


def html_text(value: object) -> str:
    return html.escape(" ".join(str(value).split()), quote=True)


def md_url(url: str) -> str:
    """An already validated http(s) address, safe inside a Markdown link's angle brackets."""
    return "<" + url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"


@functools.lru_cache(maxsize=1 << 14)
def long_date(date: StoryDate | dt.date) -> str:
    day = date.day if isinstance(date, StoryDate) else date
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def flag_first(items: Iterable[T]) -> list[tuple[bool, T]]:
    """(True, first), (False, second), ...: a separator between items without Jinja's `loop`,
    whose bookkeeping cost more than the rest of a short list."""
    return [(n == 0, item) for n, item in enumerate(items)]


def month_name(month: int) -> str:
    return calendar.month_name[month]


@dataclass(frozen=True)
class Pager:
    """One page of a long listing."""

    number: int
    count: int
    items: tuple
    first_path: str  # tags/russia.md; later pages: tags/russia/page-2.md
    total: int

    def path_of(self, number: int) -> str:
        if number == 1:
            return self.first_path
        return f"{self.first_path[:-3]}/page-{number}.md"

    @property
    def path(self) -> str:
        return self.path_of(self.number)


def paginate(items: Iterable[Any], first_path: str, size: int) -> list[Pager]:
    items = tuple(items)
    count = max(1, -(-len(items) // size))
    return [
        Pager(n + 1, count, items[n * size : (n + 1) * size], first_path, len(items)) for n in range(count)
    ]


class _ModelEnvironment(jinja2.Environment):
    """Templates read attributes of the model's frozen dataclasses and items of its dicts only.
    Jinja's own lookups try the other kind on a miss; the built-in ones, called from the
    compiled template directly, took a tenth off a story page's time. A misspelt name still fails."""

    # Builtins in place of Environment's methods: same arguments, no Python frame per lookup.
    getattr = staticmethod(getattr)  # type: ignore[assignment]
    getitem = staticmethod(operator.getitem)  # type: ignore[assignment]


class Renderer:
    def __init__(self, templates: Path = TEMPLATES) -> None:
        self.env = _ModelEnvironment(
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=False,  # Markdown, not HTML: filters below escape by context
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # one build, fixed templates: no stat() per page
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            md=md_text,
            md_inline=md_inline,
            html=html_text,
            url=md_url,
            yaml=yaml_string,
            date=long_date,
            month=month_name,
            flag_first=flag_first,
        )
        self.env.globals.update(story_list=self._story_list, image=self._image)
        self._entries = self.env.get_template("story_items.md.j2")
        self._items: dict[str, tuple[str, ...]] = {}  # page path -> the entry split where the root goes
        self.archive: Archive | None = None

    def use_archive(self, archive: Archive) -> None:
        """The archive whose stories the lists show: every entry is rendered now, in one pass."""
        if self.archive is not archive:
            self.archive, self._items = archive, {}
            self.prepare_entries(archive.stories)

    def page(self, template: str, path: str, **context: Any) -> str:
        return self.env.get_template(template).render(root=_root_of(path), **context)

    def pages(
        self, template: str, pages: list[tuple[str, tuple[Any, ...]]], **context: Any
    ) -> list[tuple[str, str]]:
        """Many pages of one kind in one pass of a template that loops over `pages` (each one's
        values) and marks each page's end: a render per page cost a fifth of the pages' time."""
        texts = (
            self.env.get_template(template)
            .render(pages=[values for _, values in pages], end=_PAGE_END, **context)
            .split(_PAGE_END)
        )
        if len(texts) != len(pages) + 1:  # the loader refuses NUL, so this is a bug, never content
            raise ValueError(f"a page from {template} contains the mark that separates pages")
        return [(path, text) for (path, _), text in zip(pages, texts[:-1], strict=True)]

    def prepare_entries(self, stories: Iterable[Story]) -> None:
        """Render the list entries of these stories, all in one pass.

        At 10,000 stories each entry appears on about ten pages; rendering it each time was
        most of the generator's time, and one render per entry still a tenth of it. The one
        thing that differs between pages, the way back to the site's root, is joined in later.
        """
        todo = [story for story in stories if story.page_path not in self._items]
        people = self.archive.people if self.archive is not None else {}
        text = self._entries.render(stories=todo, root=_ROOT_MARK, end=_ENTRY_END, people=people)
        for story, entry in zip(todo, text.split(_ENTRY_END)[: len(todo)], strict=True):
            self._items[story.page_path] = tuple(entry.split(_ROOT_MARK))

    def _image(self, image: LeadImage, role: str, root: str) -> str:
        """A story's lead image as the page's Markdown holds it (pictures.py makes it responsive)."""
        media = self.archive.media if self.archive is not None else {}
        return image_tag(image, media[image.file], LEAD if role == "lead" else THUMBNAIL, root)

    def _story_list(self, stories: Sequence[Story], root: str) -> str:
        items = self._items
        try:
            return "".join([root.join(items[story.page_path]) for story in stories])
        except KeyError:  # a story outside the archive given to use_archive
            self.prepare_entries(stories)
            return "".join([root.join(items[story.page_path]) for story in stories])


# Where a list entry's link meets the root, and where an entry or a story page ends. No story
# can contain these: YAML refuses NUL in fields, and the loader in bodies.
_ROOT_MARK = "\0root\0"
_ENTRY_END = "\0end\0"
_PAGE_END = "\0page\0"


def _root_of(path: str) -> str:
    """From a page to the site's root: MkDocs resolves '../tags/x.md' the same as any other spelling."""
    return "../" * path.count("/")


def join_pages(*parts: dict[str, str]) -> dict[str, str]:
    return _one_writer_each(item for part in parts for item in part.items())


def _one_writer_each(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    pages: dict[str, str] = {}
    for path, text in items:
        if path in pages:  # one path, one writer: a clash is a bug, never a silent overwrite
            raise ValueError(f"two pages would be written to {path}")
        pages[path] = text
    return pages


def render_story_pages(
    indexes: Indexes, related: dict[str, tuple[Story, ...]], renderer: Renderer, site: SiteSettings
) -> dict[str, str]:
    archive = indexes.archive
    renderer.use_archive(archive)
    tags, people, neighbours = archive.tags, archive.people, indexes.neighbours
    return _one_writer_each(
        renderer.pages(
            "story.md.j2",
            [
                (
                    story.page_path,
                    (
                        story,
                        [tags[t] for t in story.tags],
                        [people[p] for p in story.people],
                        related.get(story.slug, ()),
                        neighbours[story.slug],
                        _root_of(story.page_path),
                        story_metadata(story, archive, site, _root_of(story.page_path)),
                        bylines(story),
                    ),
                )
                for story in archive.stories
            ],
            media=archive.media,
        )
    )


def render_listings(indexes: Indexes, renderer: Renderer, site: SiteSettings) -> dict[str, str]:
    """Tag, person and date pages, the indexes of tags and people, and the home page."""
    archive = indexes.archive
    renderer.use_archive(archive)
    common = dict(indexes=indexes, people=archive.people, tags=archive.tags)
    pages: list[tuple[str, str]] = renderer.pages(
        "tag.md.j2",
        [
            (
                pager.path,
                (
                    tag,
                    pager,
                    _root_of(pager.path),
                    tag_metadata(tag, site, _root_of(pager.path)),
                    _chart(
                        indexes.stories_by_tag.get(tag_id, ()), tag.name, pager, search_page("tag", tag_id)
                    ),
                ),
            )
            for tag_id, tag in archive.tags.items()
            for pager in paginate(indexes.stories_by_tag.get(tag_id, ()), f"tags/{tag_id}.md", PAGE_SIZE)
        ],
        **common,
    )
    pages += renderer.pages(
        "person.md.j2",
        [
            (
                pager.path,
                (
                    person,
                    pager,
                    indexes.appears_with.get(person_id, ()),
                    _root_of(pager.path),
                    person_metadata(person, site, _root_of(pager.path)),
                    _chart(
                        indexes.stories_by_person.get(person_id, ()),
                        person.name,
                        pager,
                        search_page("person", person_id),
                    ),
                ),
            )
            for person_id, person in archive.people.items()
            for pager in paginate(
                indexes.stories_by_person.get(person_id, ()), f"people/{person_id}.md", PAGE_SIZE
            )
        ],
        **common,
    )

    pages += renderer.pages(
        "author.md.j2",
        [
            (
                pager.path,
                (author, pager, _root_of(pager.path), author_metadata(author, site, _root_of(pager.path))),
            )
            for author_id, author in archive.authors.items()
            for pager in paginate(
                indexes.stories_by_author.get(author_id, ()), f"authors/{author_id}.md", PAGE_SIZE
            )
        ],
        **common,
    )

    def add(path: str, template: str, name: str, trail: list[tuple[str, str]], **context: Any) -> None:
        meta = collection_metadata(name, path[:-3] + ".html", trail, site, _root_of(path))
        pages.append((path, renderer.page(template, path, meta=meta, **context, **common)))

    home = [("Home", "index.html")]
    archive_trail = [*home, ("Archive", "archive/index.html")]

    tags_sorted = sorted(archive.tags.values(), key=lambda t: (t.name.casefold(), t.id))
    for pager in paginate(tags_sorted, "tags/index.md", INDEX_PAGE_SIZE):
        add(pager.path, "tags_index.md.j2", "Tags", home, pager=pager)
    people_sorted = sorted(archive.people.values(), key=lambda p: (p.name.casefold(), p.id))
    for pager in paginate(people_sorted, "people/index.md", INDEX_PAGE_SIZE):
        add(pager.path, "people_index.md.j2", "People", home, pager=pager)
    authors_sorted = sorted(archive.authors.values(), key=lambda a: (a.name.casefold(), a.id))
    for pager in paginate(authors_sorted, "authors/index.md", INDEX_PAGE_SIZE):
        add(pager.path, "authors_index.md.j2", "Authors", home, pager=pager)
    for year in indexes.years:
        add(f"archive/{year:04d}.md", "year.md.j2", str(year), archive_trail, year=year)
    pages += renderer.pages(
        "month.md.j2",
        [
            (
                pager.path,
                (
                    year,
                    month,
                    pager,
                    _root_of(pager.path),
                    collection_metadata(
                        f"{month_name(month)} {year}",
                        pager.path[:-3] + ".html",
                        [*archive_trail, (str(year), f"archive/{year:04d}.html")],
                        site,
                        _root_of(pager.path),
                    ),
                ),
            )
            for (year, month), stories in indexes.stories_by_month.items()
            for pager in paginate(stories, f"archive/{year:04d}/{month:02d}.md", PAGE_SIZE)
        ],
        **common,
    )
    day_pages = []
    for (month, day), stories in indexes.stories_by_day.items():
        path = _day_page(month, day)
        name = f"On this day: {day} {month_name(month)}"
        meta = collection_metadata(name, path[:-3] + ".html", archive_trail, site, _root_of(path))
        day_pages.append((path, (month, day, stories, _root_of(path), meta)))
    pages += renderer.pages("on_this_day.md.j2", day_pages, **common)
    add(
        "archive/index.md",
        "archive_index.md.j2",
        "Archive",
        home,
        chart=coverage_svg(bars(archive.stories), "the archive", "../", "coverage"),
    )
    add("corrections.md", "corrections.md.j2", "Corrections", home, corrections=all_corrections(archive))
    search_meta = collection_metadata("Search", "search.html", home, site, "", kind="SearchResultsPage")
    pages.append(("search.md", renderer.page("search.md.j2", "search.md", meta=search_meta)))
    add(
        "index.md",
        "home.md.j2",
        site.site_name,
        [],
        lead=archive.stories[0] if archive.stories else None,
        lead_bylines=bylines(archive.stories[0]) if archive.stories else [],
        latest=archive.stories[1 : HOME_LATEST + 1],
        top_people=_most_covered(indexes.stories_by_person, archive.people, "person", archive),
        top_tags=_most_covered(indexes.stories_by_tag, archive.tags, "tag", archive),
        chart=_last_year_chart(archive),
        on_this_day=_on_this_day(indexes),
    )
    return _one_writer_each(pages)


def _chart(
    stories: Sequence[Story], subject: str, pager: Pager, link: Callable[[int, int | None], str]
) -> str:
    """The coverage chart of a tag's or person's stories, on the first page of their listing."""
    if pager.number != 1:
        return ""
    return coverage_svg(bars(stories, link=link), subject, _root_of(pager.path), "coverage")


def _day_page(month: int, day: int) -> str:
    return f"archive/on-this-day/{month:02d}-{day:02d}.md"


@dataclass(frozen=True)
class OnThisDay:
    """The home page's look back: the newest story's calendar day (never the clock's: same input,
    same page), and the stories of that day in earlier years."""

    month: int
    day: int
    earlier: tuple[Story, ...]
    page: str


def _on_this_day(indexes: Indexes) -> OnThisDay | None:
    stories = indexes.archive.stories
    if not stories:
        return None
    newest = stories[0]
    month, day = newest.month, newest.date.day.day
    earlier = tuple(s for s in indexes.stories_by_day[(month, day)] if s.year < newest.year)
    return OnThisDay(month, day, earlier, _day_page(month, day))


def _last_year_chart(archive: Archive) -> str:
    if not archive.stories:
        return ""
    newest = archive.stories[0]
    return coverage_svg(bars(archive.stories, (newest.year, newest.month), 12), "the archive", "", "coverage")


def bylines(story: Story) -> list[tuple[str, str]]:
    """(name, author id or "") for each byline of a story."""
    ids = story.author_ids or ("",) * len(story.authors)
    return list(zip(story.authors, ids, strict=True))


def all_corrections(archive: Archive) -> list[tuple[Story, Correction]]:
    """Every correction with its story, newest first; stories in archive order break ties."""
    found = [(story, correction) for story in archive.stories for correction in story.corrections]
    found.sort(key=lambda item: item[1].date.iso, reverse=True)  # stable: ties keep the archive's order
    return found


def _most_covered(
    groups: Mapping[str, Sequence[Story]], entries: Mapping[str, Entry], kind: str, archive: Archive
) -> list[tuple[Entry, int, str]]:
    """The most covered people or tags, each with its last twelve months in miniature."""
    ranked = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))[:HOME_TOP]
    newest = (archive.stories[0].year, archive.stories[0].month) if archive.stories else None
    return [
        (
            entries[key],
            len(stories),
            sparkline_svg(
                bars(stories, newest, 12), getattr(entries[key], "name", key), f"spark-{kind}-{key}"
            ),
        )
        for key, stories in ranked
        if key in entries
    ]
