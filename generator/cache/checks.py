"""Check results per story file, kept between runs: an unchanged file is not parsed again.

A story's result (its validated form and its diagnostics) depends on its own bytes, on
both registries and on the generator's code, and on nothing else; those key each entry.
Checks across stories (duplicate slugs, unused entries) always run on the full set.
The record is JSON in the user's cache folder (see cachedir): it is read as data only,
and a pull request cannot plant one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache.folder import cache_folder, code_digest, write_atomically
from generator.content.load import decode, split_front_matter
from generator.diagnostics import Diagnostic
from generator.model import Source, Story, StoryDate

VERSION = 1


def record_path(content_dir: Path) -> Path:
    """One record per content folder, shared by `check` and every build of it."""
    return cache_folder(Path(content_dir).resolve().parent) / "check.json"


def context_key(registry_files: list[Path]) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(code_digest().encode())
    for path in registry_files:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0missing"
        hasher.update(len(data).to_bytes(8, "little") + data)
    return hasher.hexdigest()


@dataclass
class CheckCache:
    path: Path | None
    context: str
    entries: dict[str, list] = field(default_factory=dict)  # relative path -> [digest, story, diagnostics]

    @classmethod
    def load(cls, path: Path | None, context: str, reuse: bool = True) -> CheckCache:
        """The recorded results; with reuse off, none (they are still replaced by this run's)."""
        cache = cls(path, context)
        if path is None or not reuse:
            return cache
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cache
        if isinstance(data, dict) and data.get("version") == VERSION and data.get("context") == context:
            entries = data.get("files")
            cache.entries = entries if isinstance(entries, dict) else {}
        return cache

    def lookup(self, relative: str, digest: str, data: bytes) -> tuple[Story | None, list[Diagnostic]] | None:
        """The recorded result for these exact bytes, with the body (never recorded) taken from them."""
        recorded = self.entries.get(relative)
        if not recorded or recorded[0] != digest:
            return None
        try:
            story = None
            if recorded[1] is not None:
                text, _ = decode(data, relative)
                _, body, _ = split_front_matter(text, relative)
                story = _story_from(recorded[1], body)
            return story, [Diagnostic(*d) for d in recorded[2]]
        except (TypeError, ValueError, IndexError, AttributeError):
            return None  # a damaged entry: the story is checked again

    def save(self, results: dict[str, list]) -> None:
        """Replace the record with this run's results; a cache that cannot be written is not an error."""
        if self.path is None or results == self.entries:
            return
        data = {"version": VERSION, "context": self.context, "files": results}
        try:
            write_atomically(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        except OSError:
            pass


def entry(digest: str, story: Story | None, diagnostics: list[Diagnostic]) -> list:
    record = None
    if story is not None:
        date, source = story.date, story.source
        record = [
            story.source_path,
            story.slug,
            story.title,
            [date.day.isoformat(), date.time, date.offset],
            list(story.authors),
            list(story.tags),
            list(story.people),
            story.summary,
            None
            if source is None
            else [source.name, source.url, source.published.isoformat() if source.published else None],
            story.draft,
        ]
    return [digest, record, [[d.path, d.line, d.col, d.severity, d.code, d.message] for d in diagnostics]]


def _story_from(record: list, body: str) -> Story:
    path, slug, title, (day, time, offset), authors, tags, people, summary, source, draft = record
    if source is not None:
        name, url, published = source
        source = Source(name, url, dt.date.fromisoformat(published) if published else None)
    return Story(
        path,
        slug,
        title,
        StoryDate(dt.date.fromisoformat(day), time, offset),
        tuple(authors),
        tuple(tags),
        tuple(people),
        body,
        summary,
        source,
        bool(draft),
    )
