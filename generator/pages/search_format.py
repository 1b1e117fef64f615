"""The offline search index's formats: the contract between the Python that writes the index and
theme/assets/search/*.js that reads it, declared in one place.

Every file is a script that calls `archiveSearch.<call>(...)`: browsers run <script src> from
file:// pages, where fetch() is refused. Records travel as arrays (their field names would repeat
in every one), and the manifest names each record kind's fields, in order, with the format's
version and the path of every kind of file: the script decodes a record by field name through
one decoder, refuses an index of another version, and builds no path of its own.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

FORMAT_VERSION = 3  # 2: named records and paths in the manifest; 3: facets, names and months too
MANIFEST = "search/manifest.js"  # the one path the script knows
# Every kind of file of the index: `{key}` is a shard's key, hex-encoded (it may be any script).
PATHS = {
    "terms": "search/t/{key}.js",
    "documents": "search/d/{shard}.js",
    "entities": "search/e/{key}.js",
    "entityHeads": "search/e/heads.js",
    "facetMeta": "search/f/meta.js",
    "facets": "search/f/{shard}.js",
    "facetNames": "search/f/{kind}-{block}.js",
    "pairs": "search/p/{key}.js",
    "pairMeta": "search/p/meta.js",
}


@dataclass(frozen=True)
class DocumentRecord:
    """What a result shows of a story."""

    url: str  # from the site's root
    title: str
    date: str  # ISO
    people: tuple[str, ...]  # names
    summary: str
    snippet: str  # the body's start, as plain text
    thumbnail: tuple[str, int, int] | None  # [path, width, height] of the lead image's smallest variant


@dataclass(frozen=True)
class EntityRecord:
    """A person, tag or author as an answer to a query."""

    kind: str  # person, tag or author
    url: str
    name: str
    stories: int
    description: str


@dataclass(frozen=True)
class FacetRow:
    """A story's tags and people, as numbers into the name files (the search page's filters)."""

    tags: tuple[int, ...]
    people: tuple[int, ...]


@dataclass(frozen=True)
class NameEntry:
    """A tag's or person's id and name, in the name files."""

    id: str
    name: str


@dataclass(frozen=True)
class MonthRun:
    """Where a month's stories start: stories are numbered newest first, a month is a run."""

    month: str  # YYYY-MM
    first: int  # its newest story's number


Record = DocumentRecord | EntityRecord | FacetRow | NameEntry | MonthRun
RECORDS = {
    "document": DocumentRecord,
    "entity": EntityRecord,
    "facet": FacetRow,
    "name": NameEntry,
    "month": MonthRun,
}


def fields(kind: type) -> list[str]:
    return [item.name for item in dataclasses.fields(kind)]


def row(record: Record) -> list[Any]:
    """A record as it travels: its values, in the order the manifest names its fields."""
    return [getattr(record, name) for name in fields(type(record))]


def path(which: str, **parts: object) -> str:
    """A file of the index: `key`s are hex-encoded."""
    values = {
        name: (str(value).encode("utf-8").hex() if name == "key" else value) for name, value in parts.items()
    }
    return PATHS[which].format(**values)


def js_call(call: str, *args: object, receiver: str = "archiveSearch") -> bytes:
    """A script that hands its data to the page's script: `receiver.call(...)`."""
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":"), sort_keys=True) for a in args)
    return f"{receiver}.{call}({body});\n".encode("utf-8")


def manifest(story_count: int, **index: object) -> dict[str, Any]:
    """What the script reads first: the format, the paths, and the index's own facts."""
    return {
        "version": FORMAT_VERSION,
        "fields": {name: fields(kind) for name, kind in RECORDS.items()},
        "paths": PATHS,
        "count": story_count,
        **index,
    }
