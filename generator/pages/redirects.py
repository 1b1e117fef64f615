"""Pages kept at the addresses of renamed entries: `formerly: [old-id]` in a registry makes
people/old-id.html (and the feeds that went with it) lead to the entry as it is now."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import jinja2

from generator import urls
from generator.model import Archive, Author, Person, Tag
from generator.settings import Settings


def renamed_entries(archive: Archive) -> list[tuple[str, str, str, Person | Tag | Author]]:
    """(kind, earlier id, id now, entry) for every earlier id of every person, tag and author."""
    groups: list[tuple[str, Mapping[str, Person | Tag | Author]]] = [
        ("person", archive.people),
        ("tag", archive.tags),
        ("author", archive.authors),
    ]
    return [
        (kind, old, ident, entry)
        for kind, entries in groups
        for ident, entry in entries.items()
        for old in entry.formerly
    ]


def redirect_files(archive: Archive, site: Settings) -> dict[str, bytes]:
    template = _template()
    files = {}
    for kind, old, ident, entry in renamed_entries(archive):
        target = urls.entity(kind, ident).rsplit("/", 1)[1]  # beside the old page
        canonical = urls.absolute(site.site_url, urls.entity(kind, ident)) or target
        text = template.render(name=entry.name, site_name=site.site_name, target=target, canonical=canonical)
        files[urls.entity(kind, old)] = text.encode("utf-8")
    return files


@functools.lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    from generator.pages.render import TEMPLATES

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("redirect.html.j2")
