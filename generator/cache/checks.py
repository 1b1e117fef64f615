"""Check results per story file, kept between runs: an unchanged file is not parsed again.

A story's result (its validated form and its diagnostics) depends on its own bytes, on
both registries and on the generator's code, and on nothing else; those key each entry.
Checks across stories (duplicate slugs, unused entries) always run on the full set.
The record is JSON in the user's cache folder (see folder.py): it is read as data only,
and a pull request cannot plant one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.cache.folder import cache_folder, code_digest, package_versions
from generator.cache.record import from_record, key_digest, load_record, save_record, to_record
from generator.content.load import decode, split_front_matter
from generator.diagnostics import Diagnostic
from generator.model import Story


def record_path(content_dir: Path) -> Path:
    """One record per content folder, shared by `check` and every build of it."""
    return cache_folder(Path(content_dir).resolve().parent) / "check.json"


# Libraries whose version can change what the check says of a story.
_JUDGING_PACKAGES = ("pyyaml", "pillow", "markdown", "nh3")


def context_key(registry_files: list[Path], today: dt.date, media: bytes = b"", settings: bytes = b"") -> str:
    """What every story's result depends on besides its own bytes: every registry (present or
    not), the generator and the libraries it judges with, the images, and the day (a correction
    dated tomorrow is an error today, and fine tomorrow)."""
    registries = (_read_or_missing(path) for path in registry_files)
    return key_digest(
        code_digest().encode(),
        package_versions(_JUDGING_PACKAGES),
        today.isoformat().encode(),
        media,
        *registries,
    )


def _read_or_missing(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"\0missing"


@dataclass
class CheckCache:
    path: Path | None
    context: str
    # relative path -> [digest, story, diagnostics]
    entries: dict[str, list[Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None, context: str, reuse: bool = True) -> CheckCache:
        """The recorded results; with reuse off, none (they are still replaced by this run's)."""
        cache = cls(path, context)
        if path is None or not reuse:
            return cache
        data = load_record(path, code_digest()).data
        if data is not None and data.get("context") == context:
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
                parts = split_front_matter(text or "", relative)
                if isinstance(parts, Diagnostic):
                    return None
                story = from_record(Story, recorded[1], body=parts[1])
            return story, [from_record(Diagnostic, d) for d in recorded[2]]
        except (TypeError, ValueError, IndexError, AttributeError, KeyError):
            return None  # a damaged entry: the story is checked again

    def save(self, results: dict[str, list[Any]]) -> None:
        """Replace the record with this run's results; a cache that cannot be written is not an error."""
        if self.path is not None and results != self.entries:
            save_record(self.path, code_digest(), {"context": self.context, "files": results})


def entry(digest: str, story: Story | None, diagnostics: list[Diagnostic]) -> list[Any]:
    """What is recorded of one story file: its digest, its story (less the body, which is read
    again from the file) and its diagnostics, each from its fields by name."""
    record = None if story is None else to_record(story, skip=_NOT_RECORDED)
    return [digest, record, [to_record(d) for d in diagnostics]]


_NOT_RECORDED = frozenset({"body"})
