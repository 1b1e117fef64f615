"""Feeds to follow the archive, a tag or a person: Atom 1.0, and for the archive JSON Feed 1.1 too,
newest first.

Every entry's id is a `tag:` URI made from the story's path, so it never changes when the
story is retitled. With `site_url` set, links are absolute; without it (a build read from
disk) they are relative to the feed, as both formats allow, and nothing else is left out.

What each feed carries is bounded by the size of the site: the archive-wide feed carries each
story's full text, rendered and sanitised; a tag's or a person's feed carries title, summary,
dates, authors and tags, and links to the story (with full text there, feeds for every tag
and person came to several times the site's own size at 10,000 stories), in Atom alone: every
feed reader reads Atom, and the same entries again as JSON Feed were 2,200 more files and a
twentieth of the site's bytes at 10,000 stories.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from generator import urls
from generator.markup.body import BodyRenderer
from generator.markup.inline import inline_html
from generator.model import Archive, Author, Person, Story, Tag
from generator.pages.index import Indexes
from generator.pages.metadata import rfc3339
from generator.pages.pictures import expand_images
from generator.pages.redirects import renamed_entries
from generator.pages.render import long_date
from generator.settings import Settings
from generator.text import slugify

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Feed:
    """One feed: Atom, and JSON Feed with the same entries where `json` says so."""

    path: str  # feeds/tags/russia (without extension): urls.feed
    title: str
    page: str  # the page the feed follows: tags/russia.html
    stories: tuple[Story, ...]
    full_text: bool
    json: bool = False


def feeds_of(indexes: Indexes, settings: Settings) -> list[Feed]:
    archive = indexes.archive
    newest = archive.stories[: settings.feed_size]
    feeds = [Feed(urls.feed(), settings.site_name, urls.HOME, newest, full_text=True, json=True)]
    groups: list[tuple[str, Mapping[str, Tag | Person | Author], Mapping[str, tuple[Story, ...]]]] = [
        ("tag", archive.tags, indexes.stories_by_tag),
        ("author", archive.authors, indexes.stories_by_author),
        ("person", archive.people, indexes.stories_by_person),
    ]
    for kind, entries, stories_of in groups:
        for ident, entry in entries.items():
            stories = stories_of.get(ident, ())[: settings.entity_feed_size]
            title = f"{entry.name} · {settings.site_name}"
            feeds.append(Feed(urls.feed(kind, ident), title, urls.entity(kind, ident), stories, False))
    return feeds


def feed_files(indexes: Indexes, settings: Settings) -> dict[str, bytes]:
    """Every feed as Atom (.xml), and the archive's as JSON Feed (.json) too."""
    archive = indexes.archive
    feeds = feeds_of(indexes, settings)
    full_text = _full_texts([s for s in archive.stories[: settings.feed_size]], archive, settings)
    atom = _atom_template()
    authority = _authority(settings)
    files: dict[str, bytes] = {}
    for feed in feeds:
        links = _Links(settings.site_url, feed.path)
        entries = [
            _entry(story, archive, links, authority, full_text[urls.story(story)] if feed.full_text else None)
            for story in feed.stories
        ]
        updated = max((entry["updated"] for entry in entries), default="1970-01-01T00:00:00Z")
        context = dict(
            feed=feed,
            entries=entries,
            updated=updated,
            id=f"tag:{authority},2000:{feed.path}",
            self_url=links.to(feed.path + ".xml"),
            page_url=links.to(feed.page),
            settings=settings,
        )
        files[feed.path + ".xml"] = atom.render(**context).encode("utf-8")
        if feed.json:
            files[feed.path + ".json"] = _json_feed(feed, entries, links, settings).encode("utf-8")
    for kind, old, ident, _ in renamed_entries(archive):  # subscribers of a renamed entry keep theirs
        files[urls.feed(kind, old) + ".xml"] = files[urls.feed(kind, ident) + ".xml"]
    return files


class _Links:
    """Links from one feed: absolute under site_url, or relative to the feed's own folder."""

    def __init__(self, site_url: str, feed_path: str) -> None:
        self.base = site_url or "../" * feed_path.count("/")

    def to(self, path: str) -> str:
        return self.base + path


def _authority(settings: Settings) -> str:
    """The `tag:` URI's authority: the site's host, or a name made from the site's name."""
    host = urlsplit(settings.site_url).hostname if settings.site_url else ""
    return host or slugify(settings.site_name, "archive")


def _entry(story: Story, archive: Archive, links: _Links, authority: str, html: str | None) -> dict[str, Any]:
    page = urls.story(story)
    published = rfc3339(story.date)
    return {
        "id": f"tag:{authority},{story.year:04d}:{page[:-5]}",
        "url": links.to(page),
        "title": story.title,
        "summary": story.summary,
        "html": html,
        "published": published,
        "updated": rfc3339(story.updated) if story.updated else published,
        "authors": list(story.authors),
        "tags": [archive.tags[tag].name for tag in story.tags],
    }


def _json_feed(feed: Feed, entries: Sequence[dict[str, Any]], links: _Links, settings: Settings) -> str:
    data: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "language": "en",
        "items": [_json_item(entry) for entry in entries],
    }
    if settings.site_url:  # both must be absolute: left out of a build read from disk
        data["home_page_url"] = links.to(feed.page)
        data["feed_url"] = links.to(feed.path + ".json")
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _json_item(entry: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": entry["id"],
        "url": entry["url"],
        "title": entry["title"],
        "date_published": entry["published"],
        "tags": entry["tags"],
    }
    # Only what adds to the item: a date modified that differs, a summary beside the full text
    # (a tag's or a person's feed has the summary as its text already).
    if entry["updated"] != entry["published"]:
        item["date_modified"] = entry["updated"]
    if entry["html"] is not None:
        item["content_html"] = entry["html"]
        if entry["summary"]:
            item["summary"] = entry["summary"]
    else:
        item["content_text"] = entry["summary"] or entry["title"]
    if entry["authors"]:
        item["authors"] = [{"name": name} for name in entry["authors"]]
    return item


def _full_texts(stories: list[Story], archive: Archive, settings: Settings) -> dict[str, str]:
    """Each story's body, and its corrections, as its page shows them, with every address in it
    made absolute under site_url (or relative to the feed): a feed reader shows it elsewhere."""
    renderer = BodyRenderer(settings)
    texts = {}
    for story in stories:
        page = urls.story(story)
        html = expand_images(renderer.render(story.body).html, page, archive.media)
        html += "".join(
            f"<p><strong>Correction, {long_date(c.date)}:</strong> {inline_html(c.text)}</p>"
            for c in story.corrections
        )
        texts[page] = _addresses_from_feed(html, page, settings.site_url)
    return texts


_ADDRESS = re.compile(r'(\s(?:href|src|srcset)=")([^"]*)"')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _addresses_from_feed(html: str, page: str, site_url: str) -> str:
    """Relative addresses of a page's HTML, made absolute (or relative to the feeds' folder)."""
    base = site_url or "../"  # the archive's feed is feeds/index.xml: one folder down from the root

    def one(url: str) -> str:
        url = url.strip()
        if not url or url.startswith(("#", "//")) or _SCHEME.match(url):
            return url if not url.startswith("#") else base + page + url
        return base + posixpath.normpath(posixpath.join(posixpath.dirname(page), url))

    def attribute(match: re.Match[str]) -> str:
        value = match.group(2)
        if match.group(1).endswith('srcset="'):
            value = ", ".join(
                " ".join([one(part.split()[0]), *part.split()[1:]])
                for part in value.split(",")
                if part.strip()
            )
        else:
            value = one(value)
        return f'{match.group(1)}{value}"'

    return _ADDRESS.sub(attribute, html)


@functools.lru_cache(maxsize=1)
def _atom_template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # XML: every value is text unless marked otherwise
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("feed.atom.j2")
