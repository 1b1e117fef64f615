"""The stages in order: load -> validate -> index -> render. Only load touches the disk."""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from generator import forking
from generator.cache.checks import CheckCache, context_key, entry
from generator.content.images import Media
from generator.content.load import (
    REGISTRY_FILES,
    TooLarge,
    display_path,
    file_digest,
    list_content,
    parse_story,
    read_bytes,
)
from generator.content.registries import Registries, load_registries
from generator.content.validate import assemble, validate_stories
from generator.diagnostics import Diagnostic, StoryFailed, error, has_errors, sort_diagnostics
from generator.media.probe import MediaLimits, media_key, probe_media
from generator.model import Archive, Story
from generator.pages.index import Indexes, build_indexes, related_numbers, stories_by_number
from generator.pages.settings import SiteSettings


@dataclass(frozen=True)
class Counts:
    """What one check read: story files (drafts among them), people and tags."""

    stories: int
    drafts: int
    people: int
    tags: int


@dataclass(frozen=True)
class Checked:
    archive: Archive
    diagnostics: tuple[Diagnostic, ...]
    counts: Counts

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


@dataclass(frozen=True)
class Generated:
    checked: Checked
    indexes: Indexes
    pages: dict[str, str]  # page path under the site -> Markdown
    files: dict[str, bytes]  # other generated files (search index) -> content
    # from the start of generation until "pages" and "search index" were ready; "feeds": their own time
    seconds: dict[str, float]


class FileResult(NamedTuple):
    """One story file checked: its story when valid, its problems, and the digest its record is kept under."""

    relative: str  # under content/: stories/2023/x.md
    digest: str | None  # None when the file could not be read
    story: Story | None
    diagnostics: list[Diagnostic]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Loading allocates millions of small objects that stay alive; Python's cycle collector
    rescans them all again and again, which doubled the time of `check` at 10,000 stories."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check(
    content_dir: Path,
    include_drafts: bool = False,
    forked: bool = False,
    cache: Path | None = None,
    reuse: bool = True,
    limits: MediaLimits | None = None,
) -> Checked:
    """Read and validate content/.

    With `forked`, a child process reads and validates half the stories. With `cache` (a
    file), a story whose bytes, registries and generator are those of the recorded run takes
    its recorded result (unless `reuse` is off; the record is rewritten either way). A story's
    result depends on its own file, the registries and the images only, so neither changes the answer.
    """
    with gc_paused():
        listing = list_content(content_dir)
        registries, problems = load_registries(content_dir)
        diagnostics = [*listing.diagnostics, *problems]
        media_record = cache.with_name("media.json") if cache else None
        media = probe_media(content_dir, listing.media, limits or MediaLimits(), media_record)
        today = today_date()  # read once: every story of one check is judged on the same day
        registry_files = [content_dir / name for name in REGISTRY_FILES]
        context = context_key(registry_files, today, media_key(media)) if cache else ""
        known = CheckCache.load(cache, context, reuse)
        shown_root = display_path(content_dir, content_dir)

        def check_files(relatives: list[str]) -> list[FileResult]:
            return [
                _check_file(
                    content_dir, relative, f"{shown_root}/{relative}", known, registries, today, media
                )
                for relative in relatives
            ]

        stories, records = [], {}
        halves = forking.map_halves(check_files, list(listing.stories), forked and forking.available())
        for result in halves:
            diagnostics.extend(result.diagnostics)
            if result.story is not None:
                stories.append(result.story)
            if result.digest is not None:
                records[result.relative] = entry(result.digest, result.story, result.diagnostics)
        known.save(records)
        # Unused entries are noted only when every story and registry could be read: a story with
        # errors may well list the entry a contributor just added for it.
        every_story_valid = len(stories) == len(listing.stories) and registries.readable
        archive, found = assemble(stories, registries, include_drafts, every_story_valid, media)
        diagnostics.extend(found)
        counts = Counts(
            stories=len(listing.stories),
            drafts=sum(story.draft for story in stories),
            people=len(registries.people.entries),
            tags=len(registries.tags.entries),
        )
        return Checked(archive, tuple(sort_diagnostics(diagnostics)), counts)


def today_date() -> dt.date:
    """The day stories are judged on (a correction dated after it is an error)."""
    return dt.date.today()


def _check_file(
    content_dir: Path,
    relative: str,
    shown: str,
    known: CheckCache,
    registries: Registries,
    today: dt.date,
    media: Media,
) -> FileResult:
    """One story file read and checked, or its recorded result taken; a failure is a located error."""
    try:
        data = read_bytes(content_dir, relative)
    except TooLarge as exc:
        return FileResult(relative, None, None, [error(shown, 1, 1, "too-large", str(exc))])
    except OSError as exc:  # removed or unreadable since the folder was listed
        return FileResult(
            relative, None, None, [error(shown, 1, 1, "unreadable", f"cannot read the file: {exc.strerror}")]
        )
    digest = file_digest(data)
    recorded = known.lookup(relative, digest, data)
    if recorded is not None:
        return FileResult(relative, digest, *recorded)
    try:
        checked = _check_story(data, relative, shown, digest, registries, today, media)
        return FileResult(relative, digest, *checked)
    except Exception as exc:  # noqa: BLE001 - should the checker itself fail on a file, that file is named
        failure = f"{type(exc).__name__}: {exc}"
        message = f"the check failed on this file ({failure}); please report it with the file attached"
        return FileResult(relative, digest, None, [error(shown, 1, 1, "check-failed", message)])


def _check_story(
    data: bytes, relative: str, shown: str, digest: str, registries: Registries, today: dt.date, media: Media
) -> tuple[Story | None, list[Diagnostic]]:
    raw, problems = parse_story(data, relative, shown, digest)
    if raw is None:
        return None, problems
    [(story, found)] = validate_stories([raw], registries, today, media)
    return story, problems + found


def generate(checked: Checked, forked: bool = False, site: SiteSettings | None = None) -> Generated:
    """Indexes, pages, feeds and the search index.

    With `forked`, a child process works out the related stories, sends them, and goes on to
    the search index's terms; meanwhile this process builds the other indexes and renders the
    listing pages, then, with the related stories in hand, the story pages, then the search
    index's documents. The halves take about as long. Both only read the archive.
    """
    started = time.perf_counter()  # before the imports: a build pays for them too
    from generator.pages.feeds import feed_files
    from generator.pages.metadata import robots_txt
    from generator.pages.redirects import redirect_files
    from generator.pages.render import (  # `check` alone never needs Jinja
        Renderer,
        join_pages,
        render_listings,
        render_story_pages,
    )
    from generator.pages.search import document_files, entity_files
    from generator.pages.search_facets import facet_files

    with gc_paused():
        archive = checked.archive
        second = forking.Forked.stream(_second_core, archive) if forked and forking.available() else None
        try:
            indexes = build_indexes(archive)
            renderer = Renderer()
            site = site or SiteSettings()
            listings = render_listings(indexes, renderer, site)
            related = stories_by_number(archive, second.receive() if second else related_numbers(archive))
            pages = join_pages(render_story_pages(indexes, related, renderer, site), listings)
            pages_ready = time.perf_counter() - started
            files = document_files(archive)
            feeds_started = time.perf_counter()
            files.update(feed_files(indexes, site))
            files.update(entity_files(indexes))
            files.update(facet_files(archive))
            files["robots.txt"] = robots_txt(site.site_url).encode("utf-8")
            files.update(redirect_files(archive, site))
            feeds_s = time.perf_counter() - feeds_started
            files.update(second.result() if second is not None else search_index_files(archive))
        except BaseException as exc:
            if second is not None:
                second.stop()
            if isinstance(exc, Exception) and not isinstance(exc, StoryFailed):
                raise locate_failure(archive, exc) from exc
            raise
        seconds = {"pages": pages_ready, "search index": time.perf_counter() - started, "feeds": feeds_s}
        return Generated(checked, indexes, pages, files, seconds)


def locate_failure(archive: Archive, failure: Exception) -> StoryFailed:
    """Which story made generation fail: each is put through the per-story steps on its own.

    Generation works on many stories per step, so an exception names none; this runs only
    after one, and points the contributor at the file (or at the generator, if no story fails alone).
    """
    from generator.pages.render import Renderer, render_story_pages
    from generator.pages.search import document_files, term_files

    for story in archive.stories:
        alone = Archive((story,), archive.people, archive.tags, archive.authors, archive.media)
        try:
            render_story_pages(build_indexes(alone), {}, Renderer(), SiteSettings())
            term_files(alone)
            document_files(alone)
        except Exception as exc:  # noqa: BLE001 - turned into the diagnostic the user sees
            return StoryFailed(
                error(
                    story.source_path,
                    1,
                    1,
                    "generate-failed",
                    f"generating this story's pages failed ({type(exc).__name__}: {exc}); "
                    "please report it with the file attached",
                )
            )
    return StoryFailed(
        error(
            "content",
            1,
            1,
            "generate-failed",
            f"generating the site failed ({type(failure).__name__}: {failure}); please report it",
        )
    )


def search_index_files(archive: Archive) -> dict[str, bytes]:
    """The search index's words and phrases (documents and entities are written beside them)."""
    from generator.pages.search import term_files
    from generator.pages.search_phrases import phrase_files

    return {**term_files(archive), **phrase_files(archive)}


def _second_core(archive: Archive) -> Iterator[Any]:
    """The work `generate` hands to a child, in the order the parent needs it."""
    yield related_numbers(archive)
    yield search_index_files(archive)
