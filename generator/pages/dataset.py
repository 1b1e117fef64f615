"""The archive as data, for people who take it away: site/data/ holds every story, person, tag and
author as JSON, the stories as CSV too, and a JSON Schema for each JSON file.

The fields are declared once, here, with a type and a sentence each: the records, the CSV's
columns, the schemas and the data page (templates/data.html.j2) are all made from the same list.
Field names are stable; a change that renames or removes one raises VERSION.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from generator import urls
from generator.model import Archive, Author, Person, Story, StoryDate, Tag
from generator.pages.index import Indexes
from generator.settings import Settings

VERSION = 1
FOLDER = "data"
# A spreadsheet reads a cell that starts with one of these as a formula: text from strangers must
# not run as one in a reader's spreadsheet, so such a cell is written with a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class DataField:
    name: str
    schema: dict[str, Any]  # the JSON Schema of its values
    description: str
    value: Callable[[Any, Context], Any]


@dataclass(frozen=True)
class Context:
    archive: Archive
    indexes: Indexes
    settings: Settings


@dataclass(frozen=True)
class DataFile:
    """One JSON file of site/data/: its records, their fields, and what it holds."""

    name: str  # stories, people, tags, authors
    title: str
    fields: tuple[DataField, ...]
    records: Callable[[Context], Sequence[Any]]


_TEXT = {"type": "string"}
_TEXTS = {"type": "array", "items": {"type": "string"}}
_DAY = {"type": "string", "format": "date"}
_OPTIONAL_DAY = {"type": ["string", "null"], "format": "date"}
_WIKIDATA = {"type": "string", "pattern": "^(Q[1-9][0-9]*)?$"}


def _when(date: StoryDate | None) -> str | None:
    return date.iso if date is not None else None


def _page(path: str, context: Context) -> str:
    """A page's address: under site_url when the site has one, else from the site's root."""
    return urls.absolute(context.settings.site_url, path) or path


def _source(story: Story, context: Context) -> dict[str, Any] | None:
    source = story.source
    if source is None:
        return None
    return {
        "name": source.name,
        "url": source.url,
        "published": source.published.isoformat() if source.published else None,
        "archived": source.archived,
        "accessed": source.accessed.isoformat() if source.accessed else None,
    }


_SOURCE_SCHEMA = {
    "type": ["object", "null"],
    "required": ["name", "url", "published", "archived", "accessed"],
    "additionalProperties": False,
    "properties": {
        "name": _TEXT,
        "url": _TEXT,
        "published": _OPTIONAL_DAY,
        "archived": _TEXT,
        "accessed": _OPTIONAL_DAY,
    },
}

STORY_FIELDS = (
    DataField(
        "id",
        _TEXT,
        "The story's slug: unique in the archive, the last part of its address.",
        lambda s, c: s.slug,
    ),
    DataField("title", _TEXT, "The headline.", lambda s, c: s.title),
    DataField(
        "date",
        {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?)?$"},
        "When the story happened, as written: a date, or a date and time with its offset.",
        lambda s, c: s.date.iso,
    ),
    DataField(
        "updated",
        {"type": ["string", "null"]},
        "When the story was last changed in substance, or null.",
        lambda s, c: _when(s.updated),
    ),
    DataField("authors", _TEXTS, "The bylines, as printed.", lambda s, c: list(s.authors)),
    DataField(
        "author_ids",
        _TEXTS,
        "Beside each byline, its id in authors.json, or an empty string for a byline not registered.",
        lambda s, c: list(s.author_ids) or [""] * len(s.authors),
    ),
    DataField(
        "people",
        _TEXTS,
        "The ids of the people the story is about (people.json).",
        lambda s, c: list(s.people),
    ),
    DataField("tags", _TEXTS, "The ids of its tags (tags.json).", lambda s, c: list(s.tags)),
    DataField(
        "summary", _TEXT, "One or two sentences, as written (inline Markdown).", lambda s, c: s.summary
    ),
    DataField(
        "source",
        _SOURCE_SCHEMA,
        "Where the story comes from (name, url, published, archived: an archived copy, accessed), or null.",
        _source,
    ),
    DataField(
        "corrections",
        {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["date", "text"],
                "additionalProperties": False,
                "properties": {"date": _TEXT, "text": _TEXT},
            },
        },
        "Dated corrections, oldest first (text as written, inline Markdown).",
        lambda s, c: [{"date": x.date.iso, "text": x.text} for x in s.corrections],
    ),
    DataField("url", _TEXT, "The story's page on this site.", lambda s, c: _page(urls.story(s), c)),
)


def _entity_fields(kind: str, wikidata: bool) -> tuple[DataField, ...]:
    groups = {"person": "stories_by_person", "tag": "stories_by_tag", "author": "stories_by_author"}

    def stories(entry: Any, context: Context) -> int:
        return len(getattr(context.indexes, groups[kind]).get(entry.id, ()))

    fields = [
        DataField("id", _TEXT, f"The {kind}'s id, as stories list it.", lambda e, c: e.id),
        DataField("name", _TEXT, "The name shown.", lambda e, c: e.name),
        DataField("aliases", _TEXTS, "Other names and spellings.", lambda e, c: list(e.aliases)),
        DataField(
            "description", _TEXT, "A sentence, as written (inline Markdown).", lambda e, c: e.description
        ),
    ]
    if wikidata:
        fields.append(
            DataField(
                "wikidata", _WIKIDATA, "Its Wikidata id (Q…), or an empty string.", lambda e, c: e.wikidata
            )
        )
    fields += [
        DataField(
            "stories", {"type": "integer", "minimum": 0}, "How many published stories list it.", stories
        ),
        DataField("url", _TEXT, "Its page on this site.", lambda e, c: _page(urls.entity(kind, e.id), c)),
    ]
    return tuple(fields)


FILES = (
    DataFile("stories", "Stories", STORY_FIELDS, lambda c: c.archive.stories),
    DataFile("people", "People", _entity_fields("person", True), lambda c: _sorted(c.archive.people)),
    DataFile("tags", "Tags", _entity_fields("tag", True), lambda c: _sorted(c.archive.tags)),
    DataFile("authors", "Authors", _entity_fields("author", False), lambda c: _sorted(c.archive.authors)),
)


def _sorted(entries: dict[str, Person] | dict[str, Tag] | dict[str, Author]) -> list[Any]:
    return [entries[ident] for ident in sorted(entries)]


def json_path(name: str) -> str:
    return f"{FOLDER}/{name}.json"


def schema_path(name: str) -> str:
    return f"{FOLDER}/{name}.schema.json"


CSV_PATH = f"{FOLDER}/stories.csv"


def schema(data: DataFile, settings: Settings) -> dict[str, Any]:
    """The JSON Schema (2020-12) of one data file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": urls.absolute(settings.site_url, schema_path(data.name)) or schema_path(data.name),
        "title": f"{data.title} of {settings.site_name}",
        "type": "object",
        "required": ["version", "archive", data.name],
        "additionalProperties": False,
        "properties": {
            "version": {
                "const": VERSION,
                "description": "The format's version: raised when a field is renamed or removed.",
            },
            "archive": {"type": "string", "description": "The archive's name."},
            data.name: {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": [field.name for field in data.fields],
                    "additionalProperties": False,
                    "properties": {
                        field.name: {**field.schema, "description": field.description}
                        for field in data.fields
                    },
                },
            },
        },
    }


def records(data: DataFile, context: Context) -> list[dict[str, Any]]:
    return [
        {field.name: field.value(item, context) for field in data.fields} for item in data.records(context)
    ]


def data_files(archive: Archive, indexes: Indexes, settings: Settings) -> dict[str, bytes]:
    context = Context(archive, indexes, settings)
    files = {}
    for data in FILES:
        written = records(data, context)
        files[json_path(data.name)] = _records_json(VERSION, settings.site_name, data.name, written)
        files[schema_path(data.name)] = _json(schema(data, settings))
        if data.name == "stories":
            files[CSV_PATH] = stories_csv(written)
    return files


def stories_csv(stories: list[dict[str, Any]]) -> bytes:
    """One row per story; a list is joined with "; ", the source is spread over source_* columns."""
    columns = [f.name for f in STORY_FIELDS if f.name not in ("source", "corrections")]
    source_columns = ["source_name", "source_url", "source_published", "source_archived", "source_accessed"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*columns, *source_columns, "corrections"])
    for story in stories:
        source = story["source"] or {}
        row = [_cell(story[column]) for column in columns]
        row += [_cell(source.get(column.removeprefix("source_"))) for column in source_columns]
        row.append(str(len(story["corrections"])))
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _json(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def _records_json(version: int, archive: str, name: str, written: list[dict[str, Any]]) -> bytes:
    """A data file: one record a line, compact, so a file reads and diffs record by record; indented,
    a record took a third more (stories.json at 100,000 stories: 45 MiB, over a host's file limit)."""

    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    head = f'{{"version":{compact(version)},"archive":{compact(archive)},{compact(name)}:['
    lines = ",\n".join(compact(record) for record in written)
    return f"{head}\n{lines}\n]}}\n".encode() if written else f"{head}]}}\n".encode()
