"""What a page tells search engines and link previews: Open Graph values and JSON-LD.

The generator works them out from the model and writes them into each page's front matter;
the theme (theme/main.html) only prints them. JSON-LD is escaped so that no story text can
close its script element: every <, > and & is written as a JSON escape.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any

from generator.media.plan import share_image
from generator.model import Archive, Author, Person, Story, StoryDate, Tag
from generator.pages.index import Indexes
from generator.pages.settings import SiteSettings
from generator.text import yaml_string

WIKIDATA = "https://www.wikidata.org/wiki/"
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def rfc3339(date: StoryDate) -> str:
    """A date as an RFC 3339 timestamp: a date alone is midnight UTC."""
    if date.time:
        seconds = date.time if len(date.time) == 8 else date.time + ":00"
        return f"{date.day.isoformat()}T{seconds}{date.offset}"
    return f"{date.day.isoformat()}T00:00:00Z"


def jsonld_text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).translate(_SCRIPT_SAFE)


def front_matter(values: dict[str, Any]) -> str:
    """Extra front matter lines: every value written as a YAML string or list of strings."""
    lines = []
    for key, value in values.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(yaml_string(item) for item in value)}]")
        elif value:
            lines.append(f"{key}: {yaml_string(value)}")
    return "\n".join(lines)


def _breadcrumbs(trail: list[tuple[str, str]], settings: SiteSettings, root: str) -> dict[str, Any]:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": settings.url(path, root)}
            for n, (name, path) in enumerate(trail, 1)
        ],
    }


def _person(person: Person, settings: SiteSettings, root: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Person",
        "name": person.name,
        "url": settings.url(f"people/{person.id}.html", root),
    }
    same_as = ([WIKIDATA + person.wikidata] if person.wikidata else []) + [link.url for link in person.links]
    if same_as:
        data["sameAs"] = same_as
    if person.aliases:
        data["alternateName"] = list(person.aliases)
    if person.description:
        data["description"] = person.description
    return data


def story_metadata(story: Story, archive: Archive, settings: SiteSettings, root: str) -> str:
    page = story.page_path[:-3] + ".html"
    published = rfc3339(story.date)
    modified = rfc3339(story.updated) if story.updated else published
    tags = [archive.tags[tag].name for tag in story.tags]
    article: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": published,
        "dateModified": modified,
        "url": settings.url(page, root),
        "mainEntityOfPage": settings.url(page, root),
        "publisher": {"@type": "Organization", "name": settings.site_name},
        "keywords": tags,
    }
    if story.summary:
        article["description"] = story.summary
    if story.authors:
        ids = story.author_ids or ("",) * len(story.authors)
        article["author"] = [
            {
                "@type": "Person",
                "name": name,
                **({"url": settings.url(f"authors/{ident}.html", root)} if ident else {}),
            }
            for name, ident in zip(story.authors, ids, strict=True)
        ]
    if story.people:  # the people a story lists are whom it is about
        article["about"] = [_person(archive.people[p], settings, root) for p in story.people]
    if story.source and story.source.url:
        article["isBasedOn"] = story.source.url
    if story.corrections:
        article["correction"] = [
            {"@type": "CorrectionComment", "datePublished": rfc3339(c.date), "text": c.text}
            for c in story.corrections
        ]
    shared: dict[str, Any] = {}
    if story.image is not None and story.image.file in archive.media:
        picture = share_image(archive.media[story.image.file])
        address = settings.url(picture.path, root)
        article["image"] = {
            "@type": "ImageObject",
            "url": address,
            "width": picture.width,
            "height": picture.height,
            **({"caption": story.image.caption} if story.image.caption else {}),
            **({"creditText": story.image.credit} if story.image.credit else {}),
        }
        shared = {
            "og_image": address,
            "og_image_width": str(picture.width),
            "og_image_height": str(picture.height),
            "og_image_alt": story.image.alt,
        }
    trail = [
        ("Home", "index.html"),
        ("Archive", "archive/index.html"),
        (str(story.year), f"archive/{story.year:04d}.html"),
        (story.title, page),
    ]
    graph = {"@context": "https://schema.org", "@graph": [article, _breadcrumbs(trail, settings, root)]}
    return front_matter(
        {
            "og_type": "article",
            "published": published,
            "modified": modified,
            "article_tags": tags,
            **shared,
            "jsonld": jsonld_text(graph),
        }
    )


def person_metadata(person: Person, settings: SiteSettings, root: str) -> str:
    page = f"people/{person.id}.html"
    profile = {
        "@type": "ProfilePage",
        "url": settings.url(page, root),
        "mainEntity": _person(person, settings, root),
    }
    trail = [("Home", "index.html"), ("People", "people/index.html"), (person.name, page)]
    graph = {"@context": "https://schema.org", "@graph": [profile, _breadcrumbs(trail, settings, root)]}
    return front_matter({"og_type": "profile", "jsonld": jsonld_text(graph)})


def collection_metadata(
    name: str,
    page: str,
    trail: list[tuple[str, str]],
    settings: SiteSettings,
    root: str,
    description: str = "",
    kind: str = "CollectionPage",
) -> str:
    """Tag, month, year and index pages: a CollectionPage in its place in the site (the search
    page: a SearchResultsPage)."""
    collection: dict[str, Any] = {"@type": kind, "name": name, "url": settings.url(page, root)}
    if description:
        collection["description"] = description
    graph = {
        "@context": "https://schema.org",
        "@graph": [collection, _breadcrumbs([*trail, (name, page)], settings, root)],
    }
    return front_matter({"og_type": "website", "jsonld": jsonld_text(graph)})


def author_metadata(author: Author, settings: SiteSettings, root: str) -> str:
    trail = [("Home", "index.html"), ("Authors", "authors/index.html")]
    return collection_metadata(
        author.name, f"authors/{author.id}.html", trail, settings, root, author.description
    )


def tag_metadata(tag: Tag, settings: SiteSettings, root: str) -> str:
    trail = [("Home", "index.html"), ("Tags", "tags/index.html")]
    return collection_metadata(tag.name, f"tags/{tag.id}.html", trail, settings, root, tag.description)


def last_modified(indexes: Indexes) -> dict[str, str]:
    """Each page's date of last change, for the sitemap: a story's update (or date), and for a
    page that lists stories, the newest of theirs. Pages with nothing dated are left out."""
    archive = indexes.archive

    def newest(stories: Sequence[Story]) -> str:
        return max((s.updated or s.date).day for s in stories).isoformat() if stories else ""

    dates = {
        story.page_path[:-3] + ".html": (story.updated or story.date).day.isoformat()
        for story in archive.stories
    }
    groups_by_kind = (
        ("tags", indexes.stories_by_tag),
        ("people", indexes.stories_by_person),
        ("authors", indexes.stories_by_author),
    )
    for kind, groups in groups_by_kind:
        for ident, stories in groups.items():
            dates[f"{kind}/{ident}.html"] = newest(stories)
    for (year, month), stories in indexes.stories_by_month.items():
        dates[f"archive/{year:04d}/{month:02d}.html"] = newest(stories)
    everything = newest(archive.stories)
    for page in (
        "index.html",
        "archive/index.html",
        "tags/index.html",
        "people/index.html",
        "authors/index.html",
    ):
        dates[page] = everything
    return {page: date for page, date in sorted(dates.items()) if date}


def sitemap_xml(site_url: str, pages: Sequence[str], dates: dict[str, str]) -> str:
    """The sitemap of a site with an address: every page, with its date where it has one."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for page in sorted(pages):
        lastmod = f"<lastmod>{dates[page]}</lastmod>" if page in dates else ""
        lines.append(f"  <url><loc>{html.escape(site_url + page)}</loc>{lastmod}</url>")
    return "\n".join([*lines, "</urlset>", ""])


def robots_txt(site_url: str) -> str:
    """Everything may be indexed; the sitemap is named when the site has an address."""
    return "User-agent: *\nAllow: /\n" + (f"\nSitemap: {site_url}sitemap.xml\n" if site_url else "")
