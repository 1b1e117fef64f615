"""The stages in order: load -> validate -> index -> render. Only load touches the disk."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import forking
from .errors import Diagnostic, error, has_errors, sort_diagnostics
from .index import Indexes, build_indexes
from .checkcache import CheckCache, context_key, entry
from .load import PEOPLE_FILE, TAGS_FILE, display_path, file_digest, list_content, parse_story, read_bytes, read_registries
from .model import Archive
from .validate import assemble, validate_registries, validate_stories


@dataclass(frozen=True)
class Checked:
    archive: Archive
    diagnostics: tuple[Diagnostic, ...]
    assets: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


@dataclass(frozen=True)
class Generated:
    checked: Checked
    indexes: Indexes
    pages: dict[str, str]  # page path under the site -> Markdown
    files: dict[str, bytes]  # other generated files (search index) -> content


@contextmanager
def gc_paused():
    """Loading allocates millions of small objects that stay alive; Python's cycle collector
    rescans them all again and again, which doubled the time of `check` at 10,000 stories."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check(content_dir: Path, include_drafts: bool = False, forked: bool = False, cache: Path | None = None,
          reuse: bool = True) -> Checked:
    """Read and validate content/.

    With `forked`, a child process reads and validates half the stories. With `cache` (a
    file), a story whose bytes, registries and generator are those of the recorded run takes
    its recorded result (unless `reuse` is off; the record is rewritten either way). A story's
    result depends on its own file and the registries only, so neither changes the answer.
    """
    with gc_paused():
        listing = list_content(content_dir)
        people, tags, problems = read_registries(content_dir)
        registries, found = validate_registries(people, tags)
        diagnostics = [*listing.diagnostics, *problems, *found]
        context = context_key([content_dir / PEOPLE_FILE, content_dir / TAGS_FILE]) if cache else ""
        known = CheckCache.load(cache, context, reuse)
        shown_root = display_path(content_dir, content_dir)

        def check_files(relatives: list[str]) -> list:
            results = []
            for relative in relatives:
                shown = f"{shown_root}/{relative}"
                try:
                    data = read_bytes(content_dir, relative)
                except OSError as exc:  # removed or unreadable since the folder was listed
                    results.append((relative, None, None, [error(shown, 1, 1, "unreadable", f"cannot read the file: {exc.strerror}")]))
                    continue
                digest = file_digest(data)
                result = known.lookup(relative, digest, data) or _check_story(data, relative, shown, digest, registries)
                results.append((relative, digest, *result))
            return results

        stories, records = [], {}
        for relative, digest, story, found in forking.map_halves(check_files, list(listing.stories), forked and forking.available()):
            diagnostics.extend(found)
            if story is not None:
                stories.append(story)
            if digest is not None:
                records[relative] = entry(digest, story, found)
        known.save(records)
        archive, found = assemble(stories, registries, include_drafts)
        diagnostics.extend(found)
        return Checked(archive, tuple(sort_diagnostics(diagnostics)), listing.assets)


def _check_story(data: bytes, relative: str, shown: str, digest: str, registries) -> tuple:
    raw, problems = parse_story(data, relative, shown, digest)
    if raw is None:
        return None, problems
    [(story, found)] = validate_stories([raw], registries)
    return story, problems + found


def generate(checked: Checked, forked: bool = False) -> Generated:
    """Indexes, pages and the search index. With `forked`, a child builds the search index
    while this process builds the indexes and renders the pages: both only read the archive."""
    from .render import render_site  # imported here: `check` alone never needs Jinja
    from .search import build_search_files

    with gc_paused():
        archive = checked.archive
        search = forking.Forked.start(build_search_files, archive) if forked and forking.available() else None
        try:
            indexes = build_indexes(archive)
            pages = render_site(indexes)
        except BaseException:
            if search is not None:
                search.stop()
            raise
        files = search.result() if search is not None else build_search_files(archive)
        return Generated(checked, indexes, pages, files)
