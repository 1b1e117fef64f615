"""What a page tells search engines and link previews: Open Graph values and JSON-LD.

The generator works them out from the model into each page's Head; the theme (theme/main.html)
only prints them. JSON-LD is escaped so that no story text can close its script element: every
<, > and & is written as a JSON escape.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any

from generator import urls
from generator.media.plan import share_image
from generator.model import Archive, Person, Story, StoryDate
from generator.pages.citations import citation, meta_tags
from generator.pages.contexts import Head
from generator.pages.index import Indexes
from generator.settings import Settings

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


def _described(thing: dict[str, Any]) -> dict[str, Any]:
    """A page's JSON-LD: the one thing it is. No BreadcrumbList: structured data describes what the
    page shows, and no page shows a trail (a listing's "up" link is one step, a story has none); at
    460 bytes a story, it was the largest part of a story page's head."""
    return {"@context": "https://schema.org", **thing}


def _person(person: Person, settings: Settings, page: str, full: bool = True) -> dict[str, Any]:
    """A person in structured data: who they are by name, page and sameAs; `full` (their own page)
    adds their other names and description, which a story's page leaves to that page."""
    data: dict[str, Any] = {
        "@type": "Person",
        "name": person.name,
        "url": _url(settings, urls.entity("person", person.id), page),
    }
    same_as = ([WIKIDATA + person.wikidata] if person.wikidata else []) + [link.url for link in person.links]
    if same_as:
        data["sameAs"] = same_as
    if not full:
        return data
    if person.aliases:
        data["alternateName"] = list(person.aliases)
    if person.description:
        data["description"] = person.description
    return data


def _url(settings: Settings, path: str, page: str) -> str:
    """An address in structured data: absolute under site_url, else relative to the page."""
    return urls.absolute(settings.site_url, path) or urls.relative(page, path)


def story_head(story: Story, archive: Archive, settings: Settings) -> Head:
    page = urls.story(story)
    published = rfc3339(story.date)
    modified = rfc3339(story.updated) if story.updated else published
    tags = tuple(archive.tags[tag].name for tag in story.tags)
    article: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": published,
        "dateModified": modified,
        "url": _url(settings, page, page),  # the page is the article: no mainEntityOfPage to say so again
        "publisher": {"@type": "Organization", "name": settings.site_name},
        "keywords": list(tags),
    }
    cited = citation(story, settings)
    if cited.summary:  # on one line, as the citation's abstract: the page's script reads it from here
        article["description"] = cited.summary
    if story.authors:
        ids = story.author_ids or ("",) * len(story.authors)
        article["author"] = [
            {
                "@type": "Person",
                "name": name,
                **({"url": _url(settings, urls.entity("author", ident), page)} if ident else {}),
            }
            for name, ident in zip(story.authors, ids, strict=True)
        ]
    if story.people:  # the people a story lists are whom it is about
        article["about"] = [_person(archive.people[p], settings, page, full=False) for p in story.people]
    if story.source and story.source.url:
        article["isBasedOn"] = story.source.url
    if story.corrections:
        article["correction"] = [
            {"@type": "CorrectionComment", "datePublished": rfc3339(c.date), "text": c.text}
            for c in story.corrections
        ]
    picture = None
    if story.image is not None and story.image.file in archive.media:
        picture = share_image(archive.media[story.image.file])
        article["image"] = {
            "@type": "ImageObject",
            "url": _url(settings, picture.path, page),
            "width": picture.width,
            "height": picture.height,
            **({"caption": story.image.caption} if story.image.caption else {}),
            **({"creditText": story.image.credit} if story.image.credit else {}),
        }
    return Head(
        title=story.title,
        description=story.summary,
        kind="story",
        og_type="article",
        jsonld=jsonld_text(_described(article)),
        published=published,
        modified=modified,
        article_tags=tags,
        image=_url(settings, picture.path, page) if picture else "",
        image_width=picture.width if picture else 0,
        image_height=picture.height if picture else 0,
        image_alt=story.image.alt if picture and story.image else "",
        citation=meta_tags(cited),
        hide=(),
    )


def person_head(person: Person, settings: Settings, page: str) -> Head:
    profile = {
        "@type": "ProfilePage",
        "url": _url(settings, page, page),
        "mainEntity": _person(person, settings, page),
    }
    return Head(
        title=person.name,
        description=person.description,
        kind="person",
        feed=urls.feed("person", person.id),
        og_type="profile",
        jsonld=jsonld_text(_described(profile)),
    )


def collection_head(
    name: str,
    page: str,
    settings: Settings,
    description: str = "",
    kind: str = "listing",
    schema: str = "CollectionPage",
    feed: str = "",
    **more: Any,
) -> Head:
    """Tag, author, month, year and index pages: a CollectionPage (the search page: a SearchResultsPage)."""
    collection: dict[str, Any] = {"@type": schema, "name": name, "url": _url(settings, page, page)}
    if description:
        collection["description"] = description
    return Head(
        title=name,
        description=description,
        kind=kind,
        feed=feed,
        jsonld=jsonld_text(_described(collection)),
        **more,
    )


def last_modified(indexes: Indexes) -> dict[str, str]:
    """Each page's date of last change, for the sitemap: a story's update (or date), and for a
    page that lists stories, the newest of theirs. Pages with nothing dated are left out."""
    archive = indexes.archive

    def newest(stories: Sequence[Story]) -> str:
        return max((s.updated or s.date).day for s in stories).isoformat() if stories else ""

    dates = {urls.story(story): (story.updated or story.date).day.isoformat() for story in archive.stories}
    groups_by_kind = (
        ("tag", indexes.stories_by_tag),
        ("person", indexes.stories_by_person),
        ("author", indexes.stories_by_author),
    )
    for kind, groups in groups_by_kind:
        for ident, stories in groups.items():
            dates[urls.entity(kind, ident)] = newest(stories)
    for (year, month), stories in indexes.stories_by_month.items():
        dates[urls.month(year, month)] = newest(stories)
    everything = newest(archive.stories)
    for page in (urls.HOME, urls.ARCHIVE, *(urls.index_of(kind) for kind in urls.FOLDERS)):
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
