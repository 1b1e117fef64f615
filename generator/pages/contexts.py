"""What each kind of page shows, as named, frozen values: the contract between building a page's
context (plan.py) and its template (templates/<kind>.html.j2).

A context holds everything its page shows and nothing else, so a page whose context is unchanged
renders to the same HTML: its fingerprint is the key under which a built page is reused. Text from
contributors is held either as plain text (escaped by the templates) or as `Html`, already made
safe (markup/inline.py); nothing else reaches a template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.model import StoryDate


class Html(str):
    """Text that is already safe HTML (from the inline renderer, or drawn by the generator)."""

    __slots__ = ()

    def __html__(self) -> str:  # Jinja's autoescape leaves such a value as it is
        return str(self)


@dataclass(frozen=True)
class Link:
    name: str
    url: str  # from the site's root; "" for a name without a page


@dataclass(frozen=True)
class Picture:
    """An image of content/media/ as a page shows it (pages/pictures.py makes the markup)."""

    html: Html


@dataclass(frozen=True)
class Card:
    """A story in a listing: every listing shows stories as the same card."""

    url: str
    title: str
    dek: Html  # the summary
    date: StoryDate
    updated: StoryDate | None
    minutes: int
    kicker: Link | None  # the first tag
    bylines: tuple[Link, ...]
    thumbnail: Picture | None


@dataclass(frozen=True)
class Pager:
    """One page of a long listing."""

    number: int
    count: int
    total: int  # items over every page
    newer: str = ""  # the page before, from the root; "" on the first
    older: str = ""
    pages: tuple[str, ...] = ()  # every page's address, for listings numbered in full


@dataclass(frozen=True)
class Head:
    """What a page says about itself to the theme, browsers, feed readers and search engines."""

    title: str  # plain text
    description: str = ""  # plain text
    kind: str = "page"  # story, person, tag, author, listing, home, search, ...
    feed: str = ""  # feeds/tags/russia (without extension), when the page can be followed
    feed_json: bool = False  # the feed is JSON Feed as well as Atom: the archive's own (pages/feeds.py)
    og_type: str = "website"
    jsonld: str = ""  # JSON-LD, with <, > and & escaped
    published: str = ""  # RFC 3339, for articles
    modified: str = ""
    article_tags: tuple[str, ...] = ()
    image: str = ""  # the link-preview picture's address, with its size and text
    image_width: int = 0
    image_height: int = 0
    image_alt: str = ""
    citation: tuple[tuple[str, str], ...] = ()  # (name, value) of citation_* meta tags
    template: str = ""  # a theme template other than main.html
    hide: tuple[str, ...] = ("toc",)  # parts of the theme's page the page does not use


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    published: dt.date | None
    archived: str = ""  # the address of an archived copy
    accessed: dt.date | None = None
    version_date: str = ""  # the archived copy's date (Robust Links' data-versiondate), ISO


@dataclass(frozen=True)
class Cite:
    """ "Cite this story": the citation as a sentence. The reader's browser makes the files to download
    from the page's citation meta tags and this key (theme/assets/archive/cite.js)."""

    text: str  # plain text
    key: str  # archive-2023-putin-kim-summit-vostochny: the files' entry key, and their names' stem


@dataclass(frozen=True)
class Correction:
    date: StoryDate
    text: Html


@dataclass(frozen=True)
class Neighbour:
    url: str
    title: str
    date: StoryDate


@dataclass(frozen=True)
class StoryPage:
    head: Head
    title: str
    dek: Html
    kicker: Link | None
    bylines: tuple[Link, ...]
    date: StoryDate
    updated: StoryDate | None
    minutes: int
    source: Source | None
    tags: tuple[Link, ...]
    people: tuple[Link, ...]
    lead: Picture | None
    caption: Html
    credit: Html
    body: str  # Markdown, as the contributor wrote it: rendered when the page is
    media: tuple[str, ...]  # the media files the body may show, by name: their variants depend on them
    corrections: tuple[Correction, ...]
    related: tuple[Card, ...]
    older: Neighbour | None
    newer: Neighbour | None
    cite: Cite | None = None


@dataclass(frozen=True)
class Fact:
    """A labelled line about a person, tag or author: aliases, Wikidata, a link."""

    label: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class EntityPage:
    """A person's, tag's or author's page: who or what it is, their coverage, their stories."""

    head: Head
    kind: str  # person, tag or author
    name: str
    description: Html
    facts: tuple[Fact, ...]
    feed: str  # feeds/people/x
    chart: Html  # on the first page only
    cards: tuple[Card, ...]
    pager: Pager
    appears_with: tuple[tuple[Link, int], ...]  # people only, on the first page
    index: Link  # every person, tag or author
    url: str = ""  # their page (the first of several): a card's kicker naming it is left out


@dataclass(frozen=True)
class Entry:
    """One line of an index of people, tags or authors."""

    link: Link
    count: int
    description: Html


@dataclass(frozen=True)
class IndexPage:
    head: Head
    heading: str
    entries: tuple[Entry, ...]
    pager: Pager
    empty: str  # what the page says when there is nothing to list


@dataclass(frozen=True)
class Period:
    """A year or month of the archive, with how many stories it has."""

    link: Link
    count: int
    months: tuple[Period, ...] = ()


@dataclass(frozen=True)
class ArchivePage:
    head: Head
    heading: str
    chart: Html
    periods: tuple[Period, ...]
    up: tuple[Link, ...]  # the pages above it: [2023], [All years]


@dataclass(frozen=True)
class ListingPage:
    """Stories of a month or of a calendar day: a heading, a line about them, the cards."""

    head: Head
    heading: str
    intro: str
    cards: tuple[Card, ...]
    pager: Pager
    up: tuple[Link, ...]
    # Headline and date alone: a calendar day's page lists stories of many years, each one a card of
    # the month's page already, and it is the year, in the date, that tells them apart.
    brief: bool = False


@dataclass(frozen=True)
class Covered:
    """A person or tag among the most covered, with their last twelve months in miniature."""

    link: Link
    count: int
    spark: Html


@dataclass(frozen=True)
class OnThisDay:
    month: int
    day: int
    cards: tuple[Card, ...]  # stories of that calendar day in earlier years
    page: str


@dataclass(frozen=True)
class HomePage:
    head: Head
    heading: str
    feed: str
    lead: Card | None
    lead_picture: Picture | None
    latest: tuple[Card, ...]
    people: tuple[Covered, ...]
    tags: tuple[Covered, ...]
    chart: Html
    chart_span: str  # "October 2023 to September 2024"
    on_this_day: OnThisDay | None


@dataclass(frozen=True)
class CorrectionEntry:
    date: StoryDate
    story: Link
    text: Html


@dataclass(frozen=True)
class CorrectionsPage:
    head: Head
    corrections: tuple[CorrectionEntry, ...]


@dataclass(frozen=True)
class SearchPage:
    head: Head


@dataclass(frozen=True)
class DataColumn:
    name: str
    description: str


@dataclass(frozen=True)
class DataDownload:
    """One file of site/data/ as the data page lists it."""

    title: str
    file: str  # from the site's root
    schema: str
    count: int  # records
    fields: tuple[DataColumn, ...]


@dataclass(frozen=True)
class DataPage:
    head: Head
    version: int
    downloads: tuple[DataDownload, ...]
    csv: str


Context = (
    StoryPage
    | EntityPage
    | IndexPage
    | ArchivePage
    | ListingPage
    | HomePage
    | CorrectionsPage
    | SearchPage
    | DataPage
)


@dataclass(frozen=True)
class PageSpec:
    """One page of the site: where it goes, its template, and how its context is worked out.

    The context is made when the page is rendered, by the process that renders it: a plan of the
    whole site is then a list of small specs, made in a moment, and the contexts (the largest part
    of a page's cost before its template) are made on every core and dropped once written."""

    path: str  # from the site's root: tags/russia.html
    template: str  # under templates/: entity.html.j2
    make: Callable[[], Context] = field(compare=False, repr=False)
    source: str = field(default="")  # the content file a story's page comes from, to name it if it fails

    def context(self) -> Context:
        """Made afresh at each call: the caller keeps it as long as it needs it."""
        return self.make()
