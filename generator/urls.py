"""Every address in the site, made in one place: pages, listings, feeds and the way between them.

Paths are relative to the site's root and end in .html (the site must open from disk, where a
folder does not open its index). A link written into a page goes through `relative` (from that
page) or `absolute` (under site_url, for feeds and metadata): nothing else joins paths by hand.
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from generator.model import Story

HOME = "index.html"
ARCHIVE = "archive/index.html"
CORRECTIONS = "corrections.html"
DATA = "data.html"  # what site/data/ holds, and its files
SEARCH = "search.html"
FEEDS = "feeds"
# The registries' folders: a person's page is people/<id>.html, a tag's tags/<id>.html.
FOLDERS = {"person": "people", "tag": "tags", "author": "authors"}


def source(path: str) -> str:
    """The name MkDocs knows a generated page by: the page's path with .md for .html."""
    return path[: -len(".html")] + ".md"


def story(item: Story) -> str:
    return f"stories/{item.year:04d}/{item.slug}.html"


def entity(kind: str, ident: str) -> str:
    """A person's, tag's or author's page."""
    return f"{FOLDERS[kind]}/{ident}.html"


def index_of(kind: str) -> str:
    """The list of every person, tag or author."""
    return f"{FOLDERS[kind]}/index.html"


def year(number: int) -> str:
    return f"archive/{number:04d}.html"


def month(year_number: int, month_number: int) -> str:
    return f"archive/{year_number:04d}/{month_number:02d}.html"


def day(month_number: int, day_number: int) -> str:
    """The page of one calendar day in every year."""
    return f"archive/on-this-day/{month_number:02d}-{day_number:02d}.html"


def days_index() -> str:
    """Which calendar days have stories: what "On this day" reads in the reader's browser."""
    return "archive/on-this-day/days.js"


def days_of_month(month_number: int) -> str:
    """The stories of each day of one calendar month, in every year."""
    return f"archive/on-this-day/month-{month_number:02d}.js"


def numbered(first: str, number: int) -> str:
    """Page `number` of a listing that starts at `first`: tags/russia.html, tags/russia/page-2.html."""
    return first if number == 1 else f"{first[: -len('.html')]}/page-{number}.html"


def feed(kind: str = "", ident: str = "") -> str:
    """A feed without its extension: feeds/tags/russia, or the archive's own, feeds/index."""
    return f"{FEEDS}/{FOLDERS[kind]}/{ident}" if kind else f"{FEEDS}/index"


def search(**params: str | list[str]) -> str:
    """The search page with these parameters (tag=..., month=..., q=...), in the order given."""
    pairs = [
        (key, item)
        for key, value in params.items()
        for item in ([value] if isinstance(value, str) else value)
    ]
    return SEARCH + ("?" + urlencode(pairs) if pairs else "")


def root_of(path: str) -> str:
    """The way from a page back to the site's root: "" or "../" repeated."""
    return "../" * path.count("/")


def relative(from_page: str, target: str) -> str:
    """`target` (a path from the root) as a link written on `from_page`."""
    return root_of(from_page) + target


def absolute(site_url: str, target: str) -> str:
    """`target` under the site's address; "" when the site has none."""
    return site_url + target if site_url else ""


def shortest_links(page_html: str, page: str) -> str:
    """A page's links, each by the shortest way from the page: written as `root + target`, a link into
    the page's own folder or one above it climbs out only as far as it must ("../2023/x.html"
    rather than "../../stories/2023/x.html" from stories/2019/). At 10,000 stories, the climb out and
    back in was 180 bytes a story. Only an href or src in a tag, and the JSON-LD's "url" in the
    head: the same words in a story's text (a code sample) stay as they are."""
    if "/" not in page:
        return page_html
    root = root_of(page)
    ways = _ways_in(page.rsplit("/", 1)[0])
    head, body_start, body = page_html.partition("<body")
    for way, short in ways:  # the JSON-LD: its quotes are escaped in any text it holds
        head = head.replace('"url":"' + root + way, '"url":"' + short)
    # Every attribute holding a link into the site begins `="` + root; split there (at C speed) and
    # look, before each, for an href or src attribute's name in a tag: a "<" in a page always opens
    # a tag (text has it escaped), and no ">" has closed it since.
    start = '="' + root
    parts = (head + body_start + body).split(start)
    out = [parts[0]]
    for before, part in zip(parts, parts[1:], strict=False):  # each part, and the one before it
        found = next((pair for pair in ways if part.startswith(pair[0])), None)
        if found is not None and _names_a_link(before) and before.rfind("<") > before.rfind(">"):
            out.append('="' + found[1] + part[len(found[0]) :])
        else:
            out.append(start + part)
    return "".join(out)


def _names_a_link(before: str) -> bool:
    """Whether the text before an attribute's `="` ends with the name href or src."""
    for name in ("href", "src"):
        if before.endswith(name) and before[-len(name) - 1 : -len(name)].isspace():
            return True
    return False


@functools.lru_cache(maxsize=256)
def _ways_in(folder: str) -> tuple[tuple[str, str], ...]:
    """For a page in `folder`: each way into the site after the root (the folder, then each one
    above it, deepest first), with the shorter way from the page."""
    folders = folder.split("/")
    return tuple(
        ("/".join(folders[:depth]) + "/", "../" * (len(folders) - depth))
        for depth in range(len(folders), 0, -1)
    )
