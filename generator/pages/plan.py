"""Every page of the site, planned: its path, its template and how its context is worked out from
the archive and its indexes. Nothing is rendered here; render.py turns a PageSpec into HTML.

One function per kind of page, each a loop over what it lists, and one function that makes the
context of a page of that kind; `page_specs` is the whole site. A context is made only when its page
is rendered, in the process that renders it, so the plan itself is small and quick to make.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from generator import model, urls
from generator.markup.inline import inline_html
from generator.model import Archive, Author, Person, Story, Tag
from generator.pages import citations, dataset
from generator.pages.cards import Cards, bylines
from generator.pages.charts import bars, coverage_svg, search_link, sparkline_svg
from generator.pages.contexts import (
    ArchivePage,
    Cite,
    Correction,
    CorrectionEntry,
    CorrectionsPage,
    Covered,
    DataColumn,
    DataDownload,
    DataPage,
    EntityPage,
    Entry,
    Fact,
    HomePage,
    Html,
    IndexPage,
    Link,
    ListingPage,
    Neighbour,
    OnThisDay,
    Pager,
    PageSpec,
    Period,
    Picture,
    SearchPage,
    Source,
    StoryPage,
)
from generator.pages.index import Indexes
from generator.pages.metadata import collection_head, person_head, story_head
from generator.pages.pictures import LEAD, picture_html
from generator.settings import Settings

PAGE_SIZE = 50  # stories per listing page: no page grows with the archive
INDEX_PAGE_SIZE = 300  # entries per page of the people, tags and authors indexes
HOME_LATEST = 10
HOME_TOP = 12
WIKIDATA = "https://www.wikidata.org/wiki/"
# A Wayback Machine snapshot's address carries its time: web.archive.org/web/20231012093000/…
_WAYBACK_TIME = re.compile(r"^https?://web\.archive\.org/web/(\d{4})(\d{2})(\d{2})\d{0,8}[a-z_]*/")
T = TypeVar("T")
_INDEX_NAMES = {"tag": "All tags", "person": "Everyone", "author": "All authors"}


@dataclass(frozen=True)
class Site:
    """What every page is made from."""

    archive: Archive
    indexes: Indexes
    related: Mapping[str, tuple[Story, ...]]  # slug -> the stories under 'Related stories'
    settings: Settings


@dataclass(frozen=True)
class Selection:
    """Some of a site's pages, by what they show: the story pages by the stories' numbers, the pages
    of people, tags and authors, the month and day listings (the site-wide pages are cheap and
    always planned). Pages not selected are left out, or, when `kept` is given, taken from there:
    the pages of the last plan, by path, which a page not selected is the same as."""

    stories: frozenset[int] = frozenset()
    entities: frozenset[tuple[str, str]] = frozenset()  # (kind, id)
    months: frozenset[tuple[int, int]] = frozenset()  # (year, month)
    days: frozenset[tuple[int, int]] = frozenset()  # (month, day)
    # Of those listings, only the pages that list one of these stories (by slug); empty: every page.
    listing: frozenset[str] = frozenset()
    kept: Mapping[str, PageSpec] = field(default_factory=dict)

    def lists(self, chunk: Sequence[Story]) -> bool:
        return not self.listing or any(story.slug in self.listing for story in chunk)

    def settle(self, selected: bool, path: str) -> PageSpec | None:
        """None: plan this page. Otherwise what stands for it: the kept page, or LEFT_OUT (not
        selected, nothing kept). With pages kept, a page the last plan did not have is planned."""
        if selected:
            return None
        kept = self.kept.get(path)
        if kept is not None:
            return kept
        return None if self.kept else LEFT_OUT


LEFT_OUT = PageSpec("", "", lambda: None)  # type: ignore[arg-type,return-value]


def page_specs(site: Site, only: Selection | None = None) -> list[PageSpec]:
    """Every page of the site (or only those selected), in a fixed order; a path is never planned twice."""
    cards = Cards(site.archive)
    specs = [
        *story_pages(site, cards, only),
        *entity_pages(site, cards, only),
        *index_pages(site),
        *archive_pages(site),
        *month_pages(site, cards, only),
        *day_pages(site, cards, only),
        PageSpec(urls.CORRECTIONS, "corrections.html.j2", partial(_corrections, site)),
        PageSpec(urls.DATA, "data.html.j2", partial(_data, site)),
        PageSpec(urls.SEARCH, "search.html.j2", partial(_search, site)),
        PageSpec(urls.HOME, "home.html.j2", partial(_home, site, cards)),
    ]
    seen: set[str] = set()
    for spec in specs:
        if spec.path in seen:  # one path, one page: a clash is a bug, never a silent overwrite
            raise ValueError(f"two pages would be written to {spec.path}")
        seen.add(spec.path)
    return specs


def paginate(items: Sequence[T], first: str, size: int) -> list[tuple[str, tuple[T, ...], Pager]]:
    """(path, items, pager) of each page of a listing that starts at `first`."""
    count = max(1, -(-len(items) // size))
    paths = tuple(urls.numbered(first, n) for n in range(1, count + 1))
    return [
        (
            paths[n],
            tuple(items[n * size : (n + 1) * size]),
            Pager(
                number=n + 1,
                count=count,
                total=len(items),
                newer=paths[n - 1] if n > 0 else "",
                older=paths[n + 1] if n + 1 < count else "",
                pages=paths,
            ),
        )
        for n in range(count)
    ]


# ---- stories ------------------------------------------------------------------------------------


def story_pages(site: Site, cards: Cards, only: Selection | None = None) -> Iterable[PageSpec]:
    stories = site.archive.stories
    for number, story in enumerate(stories):
        path = urls.story(story)
        if only is not None and (settled := only.settle(number in only.stories, path)) is not None:
            if settled is not LEFT_OUT:
                yield settled
            continue
        yield PageSpec(
            path, "story.html.j2", partial(_story_page, site, cards, number, path), source=story.source_path
        )


def _story_page(site: Site, cards: Cards, number: int, path: str) -> StoryPage:
    archive = site.archive
    stories = archive.stories
    story = stories[number]
    image = story.image
    media = archive.media.get(image.file) if image else None
    source = story.source
    return StoryPage(
        head=story_head(story, archive, site.settings),
        title=story.title,
        dek=Html(inline_html(story.summary)),
        kicker=cards.tags(story)[0] if story.tags else None,
        bylines=bylines(story),
        date=story.date,
        updated=story.updated,
        minutes=story.reading_minutes,
        source=_source(source) if source else None,
        tags=cards.tags(story),
        people=cards.people(story),
        lead=Picture(picture_html(media, image.alt, LEAD, urls.root_of(path))) if media and image else None,
        caption=Html(inline_html(image.caption)) if image else Html(""),
        credit=Html(inline_html(image.credit)) if image else Html(""),
        body=story.body,
        media=tuple(f"{name}:{archive.media[name].digest}" for name in story.media if name in archive.media),
        corrections=tuple(Correction(c.date, Html(inline_html(c.text))) for c in story.corrections),
        related=cards.of(site.related.get(story.slug, ())),
        older=_neighbour(stories[number + 1]) if number + 1 < len(stories) else None,
        newer=_neighbour(stories[number - 1]) if number > 0 else None,
        cite=_cite(story, site.settings),
    )


def _source(source: model.Source) -> Source:
    """The source as the story page shows it: with its archived copy, dated for Robust Links."""
    snapshot = _WAYBACK_TIME.search(source.archived)
    if snapshot:
        version = f"{snapshot[1]}-{snapshot[2]}-{snapshot[3]}"
    else:
        version = source.accessed.isoformat() if source.archived and source.accessed else ""
    return Source(source.name, source.url, source.published, source.archived, source.accessed, version)


def _cite(story: Story, settings: Settings) -> Cite:
    item = citations.citation(story, settings)
    return Cite(citations.readable(item), item.key)


def _neighbour(story: Story) -> Neighbour:
    return Neighbour(urls.story(story), story.title, story.date)


# ---- people, tags, authors ----------------------------------------------------------------------


def entity_pages(site: Site, cards: Cards, only: Selection | None = None) -> Iterable[PageSpec]:
    archive, indexes = site.archive, site.indexes
    groups: list[tuple[str, Mapping[str, Person | Tag | Author], Mapping[str, tuple[Story, ...]]]] = [
        ("tag", archive.tags, indexes.stories_by_tag),
        ("person", archive.people, indexes.stories_by_person),
        ("author", archive.authors, indexes.stories_by_author),
    ]
    for kind, entries, stories_of in groups:
        for ident, entry in entries.items():
            if only is not None and (kind, ident) not in only.entities and not only.kept:
                continue  # none of its pages
            stories = stories_of.get(ident, ())
            first = urls.entity(kind, ident)
            for path, chunk, pager in paginate(stories, first, PAGE_SIZE):
                selected = only is None or ((kind, ident) in only.entities and only.lists(chunk))
                if only is not None and (settled := only.settle(selected, path)) is not None:
                    if settled is not LEFT_OUT:
                        yield settled
                    continue
                make = partial(_entity_page, site, cards, kind, entry, stories, path, chunk, pager)
                yield PageSpec(path, "entity.html.j2", make)


def _entity_page(
    site: Site,
    cards: Cards,
    kind: str,
    entry: Person | Tag | Author,
    stories: tuple[Story, ...],
    path: str,
    chunk: tuple[Story, ...],
    pager: Pager,
) -> EntityPage:
    chart = ""
    if pager.number == 1 and stories and kind != "author":
        series = bars(stories, link=search_link(kind, entry.id))
        chart = coverage_svg(series, entry.name, urls.root_of(path), "coverage")
    appears_with: tuple[tuple[Link, int], ...] = ()
    if kind == "person" and pager.number == 1:
        people = site.archive.people
        appears_with = tuple(
            (Link(people[other].name, urls.entity("person", other)), count)
            for other, count in site.indexes.appears_with.get(entry.id, ())
        )
    return EntityPage(
        head=_entity_head(kind, entry, path, pager, site.settings),
        kind=kind,
        name=entry.name,
        description=Html(inline_html(entry.description)),
        facts=_facts(kind, entry),
        feed=urls.feed(kind, entry.id),
        chart=Html(chart),
        cards=cards.of(chunk),
        pager=pager,
        appears_with=appears_with,
        index=Link(_INDEX_NAMES[kind], urls.index_of(kind)),
        url=urls.entity(kind, entry.id),
    )


def _entity_head(kind: str, entry: Person | Tag | Author, path: str, pager: Pager, settings: Settings) -> Any:
    if kind == "person" and isinstance(entry, Person):
        return person_head(entry, settings, path)
    title = entry.name if pager.number == 1 else f"{entry.name}, page {pager.number}"
    feed = urls.feed(kind, entry.id)
    return collection_head(title, path, settings, entry.description, kind=kind, feed=feed)


def _facts(kind: str, entry: Person | Tag | Author) -> tuple[Fact, ...]:
    facts = []
    if entry.aliases:
        label = "Also filed as" if kind == "tag" else "Also known as"
        facts.append(Fact(label, tuple(Link(alias, "") for alias in entry.aliases)))
    wikidata = getattr(entry, "wikidata", "")
    if wikidata:
        facts.append(Fact("Wikidata", (Link(wikidata, WIKIDATA + wikidata),)))
    links = getattr(entry, "links", ())
    if links:
        facts.append(Fact("Links", tuple(Link(link.title, link.url) for link in links)))
    return tuple(facts)


def index_pages(site: Site) -> Iterable[PageSpec]:
    archive, indexes = site.archive, site.indexes
    groups: list[tuple[str, str, Mapping[str, Person | Tag | Author], Mapping[str, tuple[Story, ...]]]] = [
        ("tag", "Tags", archive.tags, indexes.stories_by_tag),
        ("person", "People", archive.people, indexes.stories_by_person),
        ("author", "Authors", archive.authors, indexes.stories_by_author),
    ]
    for kind, heading, entries, stories_of in groups:
        if kind == "author" and not entries:
            continue  # no registry of bylines: no page about it (the navigation leaves it out too)
        ordered = sorted(entries.values(), key=lambda entry: (entry.name.casefold(), entry.id))
        listed = [
            Entry(
                Link(entry.name, urls.entity(kind, entry.id)),
                len(stories_of.get(entry.id, ())),
                Html(inline_html(entry.description)),
            )
            for entry in ordered
        ]
        for path, chunk, pager in paginate(listed, urls.index_of(kind), INDEX_PAGE_SIZE):
            yield PageSpec(path, "index.html.j2", partial(_index_page, site, heading, path, chunk, pager))


def _index_page(site: Site, heading: str, path: str, chunk: tuple[Entry, ...], pager: Pager) -> IndexPage:
    head = collection_head(heading, path, site.settings)
    return IndexPage(head, heading, chunk, pager, f"No {heading.lower()} yet.")


# ---- the archive by date ------------------------------------------------------------------------


def archive_pages(site: Site) -> Iterable[PageSpec]:
    indexes = site.indexes

    def months_of(year: int) -> tuple[Period, ...]:
        return tuple(
            Period(
                Link(f"{calendar.month_name[month]} {year}", urls.month(year, month)),
                len(indexes.stories_by_month[(year, month)]),
            )
            for month in indexes.months_of(year)
        )

    years = tuple(
        Period(Link(str(year), urls.year(year)), sum(p.count for p in months_of(year)), months_of(year))
        for year in indexes.years
    )
    yield PageSpec(urls.ARCHIVE, "archive.html.j2", partial(_archive_page, site, years))
    for period in years:
        yield PageSpec(period.link.url, "archive.html.j2", partial(_year_page, site, period))


def _archive_page(site: Site, years: tuple[Period, ...]) -> ArchivePage:
    chart = coverage_svg(bars(site.archive.stories), "the archive", urls.root_of(urls.ARCHIVE), "coverage")
    head = collection_head("Archive", urls.ARCHIVE, site.settings)
    return ArchivePage(head, "Archive", Html(chart), years, ())


def _year_page(site: Site, period: Period) -> ArchivePage:
    path = period.link.url
    head = collection_head(f"Archive {period.link.name}", path, site.settings)
    up = (Link("All years", urls.ARCHIVE),)
    return ArchivePage(head, period.link.name, Html(""), period.months, up)


def month_pages(site: Site, cards: Cards, only: Selection | None = None) -> Iterable[PageSpec]:
    for (year, month), stories in site.indexes.stories_by_month.items():
        if only is not None and (year, month) not in only.months and not only.kept:
            continue  # none of its pages
        for path, chunk, pager in paginate(stories, urls.month(year, month), PAGE_SIZE):
            selected = only is None or ((year, month) in only.months and only.lists(chunk))
            if only is not None and (settled := only.settle(selected, path)) is not None:
                if settled is not LEFT_OUT:
                    yield settled
                continue
            make = partial(_month_page, site, cards, year, month, path, chunk, pager)
            yield PageSpec(path, "listing.html.j2", make)


def _month_page(
    site: Site, cards: Cards, year: int, month: int, path: str, chunk: tuple[Story, ...], pager: Pager
) -> ListingPage:
    name = f"{calendar.month_name[month]} {year}"
    head = collection_head(name, path, site.settings)
    up = (Link(str(year), urls.year(year)), Link("All years", urls.ARCHIVE))
    return ListingPage(head, name, "", cards.of(chunk), pager, up)


def day_pages(site: Site, cards: Cards, only: Selection | None = None) -> Iterable[PageSpec]:
    for (month, day), stories in site.indexes.stories_by_day.items():
        path = urls.day(month, day)
        if only is not None and (settled := only.settle((month, day) in only.days, path)) is not None:
            if settled is not LEFT_OUT:
                yield settled
            continue
        yield PageSpec(path, "listing.html.j2", partial(_day_page, site, cards, month, day, stories))


def _day_page(site: Site, cards: Cards, month: int, day: int, stories: tuple[Story, ...]) -> ListingPage:
    path = urls.day(month, day)
    name = f"On this day: {day} {calendar.month_name[month]}"
    count = "1 story" if len(stories) == 1 else f"{len(stories)} stories"
    intro = f"{count} from {day} {calendar.month_name[month]}, in every year of the archive, newest first."
    head = collection_head(name, path, site.settings)
    [(_, chunk, pager)] = paginate(stories, path, max(1, len(stories)))
    up = (Link("The whole archive, by month", urls.ARCHIVE),)
    return ListingPage(head, name, intro, cards.of(chunk), pager, up, brief=True)


# ---- single pages -------------------------------------------------------------------------------


def _corrections(site: Site) -> CorrectionsPage:
    found = [(story, correction) for story in site.archive.stories for correction in story.corrections]
    found.sort(key=lambda item: item[1].date.iso, reverse=True)  # stable: ties keep the archive's order
    entries = tuple(
        CorrectionEntry(c.date, Link(story.title, urls.story(story)), Html(inline_html(c.text)))
        for story, c in found
    )
    description = "Every correction made to a story in the archive, newest first."
    head = collection_head("Corrections", urls.CORRECTIONS, site.settings, description)
    return CorrectionsPage(head, entries)


def _data(site: Site) -> DataPage:
    """What site/data/ holds, field by field: the same declarations the files are written from."""
    context = dataset.Context(site.archive, site.indexes, site.settings)
    downloads = tuple(
        DataDownload(
            data.title,
            dataset.json_path(data.name),
            dataset.schema_path(data.name),
            len(data.records(context)),
            tuple(DataColumn(field.name, field.description) for field in data.fields),
        )
        for data in dataset.FILES
    )
    description = "Every story, person, tag and author of the archive as JSON and CSV, with their schemas."
    head = collection_head("The archive as data", urls.DATA, site.settings, description)
    return DataPage(head, dataset.VERSION, downloads, dataset.CSV_PATH)


def _search(site: Site) -> SearchPage:
    description = (
        "Search every story, narrowed by year, tag and person, newest, oldest or most relevant first."
    )
    head = collection_head(
        "Search",
        urls.SEARCH,
        site.settings,
        description,
        kind="search",
        schema="SearchResultsPage",
        template="search-page.html",
    )
    return SearchPage(head)


def _home(site: Site, cards: Cards) -> HomePage:
    archive, indexes = site.archive, site.indexes
    stories = archive.stories
    lead = stories[0] if stories else None
    image = archive.media.get(lead.image.file) if lead and lead.image else None
    newest = (lead.year, lead.month) if lead else None
    count = len(stories)
    heading = f"{count} {'story' if count == 1 else 'stories'}, curated"
    head = collection_head(
        site.settings.site_name, urls.HOME, site.settings, kind="home", feed=urls.feed(), feed_json=True
    )
    chart, span = "", ""
    if lead is not None:
        series = bars(stories, newest, 12)
        chart = coverage_svg(series, "the archive", "", "coverage")
        first_year, first_month = divmod(lead.year * 12 + lead.month - 12, 12)  # eleven months earlier
        first = f"{calendar.month_name[first_month + 1]} {first_year}"
        span = f"{first} to {calendar.month_name[lead.month]} {lead.year}"
    return HomePage(
        head=head,
        heading=heading,
        feed=urls.feed(),
        lead=cards.card(lead) if lead else None,
        lead_picture=Picture(picture_html(image, lead.image.alt, LEAD, ""))
        if image and lead and lead.image
        else None,
        latest=cards.of(stories[1 : HOME_LATEST + 1]),
        people=_most_covered(indexes.stories_by_person, archive.people, "person", newest),
        tags=_most_covered(indexes.stories_by_tag, archive.tags, "tag", newest),
        chart=Html(chart),
        chart_span=span,
        on_this_day=_on_this_day(indexes, cards),
    )


def _most_covered(
    groups: Mapping[str, Sequence[Story]],
    entries: Mapping[str, Person | Tag],
    kind: str,
    newest: tuple[int, int] | None,
) -> tuple[Covered, ...]:
    """The most covered people or tags, each with its last twelve months in miniature."""
    ranked = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))[:HOME_TOP]
    return tuple(
        Covered(
            Link(entries[key].name, urls.entity(kind, key)),
            len(stories),
            Html(sparkline_svg(bars(stories, newest, 12), entries[key].name, f"spark-{kind}-{key}")),
        )
        for key, stories in ranked
        if key in entries
    )


def _on_this_day(indexes: Indexes, cards: Cards) -> OnThisDay | None:
    """What the home page shows before its script picks the reader's own day (and without script):
    the newest story's calendar day, never the clock's (same input, same page), with its stories in
    every year, so the section is never empty."""
    stories = indexes.archive.stories
    if not stories:
        return None
    newest = stories[0]
    month, day = newest.month, newest.date.day.day
    return OnThisDay(month, day, cards.of(indexes.stories_by_day[(month, day)]), urls.day(month, day))
