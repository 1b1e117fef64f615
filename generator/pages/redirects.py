"""Pages kept at the addresses of renamed entries: `formerly: [old-id]` in a registry makes
people/old-id.html (and the feeds that went with it) lead to the entry as it is now."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import jinja2

from generator.model import Archive, Author, Person, Tag
from generator.pages.settings import SiteSettings


def renamed_entries(archive: Archive) -> list[tuple[str, str, str, Person | Tag | Author]]:
    """(folder, earlier id, id now, entry) for every earlier id of every person, tag and author."""
    groups: list[tuple[str, Mapping[str, Person | Tag | Author]]] = [
        ("people", archive.people),
        ("tags", archive.tags),
        ("authors", archive.authors),
    ]
    return [
        (folder, old, ident, entry)
        for folder, entries in groups
        for ident, entry in entries.items()
        for old in entry.formerly
    ]


def redirect_files(archive: Archive, site: SiteSettings) -> dict[str, bytes]:
    template = _template()
    files = {}
    for folder, old, ident, entry in renamed_entries(archive):
        target = f"{ident}.html"  # beside the old page
        canonical = site.url(f"{folder}/{target}", "") if site.site_url else target
        text = template.render(name=entry.name, site_name=site.site_name, target=target, canonical=canonical)
        files[f"{folder}/{old}.html"] = text.encode("utf-8")
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
