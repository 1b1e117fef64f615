"""The stages in order, and the list of what a build makes.

    check:    content/ -> Listing -> RawStory -> Story -> Archive, and every problem   (content/)
    plan:     Archive -> Indexes -> Site (related stories: as each story page is made)  (pages/)
    outputs:  Site -> every page (PageSpec), and the files below                       (pages/)

Reading content/ (content/load.py, media/probe.py) and the check record are the only disk work
here; publish/ renders the pages and writes everything, over as many processes as it has.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from generator import collector, forking
from generator.cache.checks import CheckCache, context_key, entry, record_path
from generator.content.complexity import suspicion
from generator.content.images import Media
from generator.content.load import (
    REGISTRY_FILES,
    RawStory,
    TooLarge,
    display_path,
    file_digest,
    list_content,
    parse_story,
    read_bytes,
)
from generator.content.registries import Registries, load_registries
from generator.content.validate import assemble, validate_stories
from generator.diagnostics import Diagnostic, error, has_errors, sort_diagnostics
from generator.media.probe import media_key, probe_media
from generator.model import Archive, Story
from generator.pages.index import RelatedStories, build_indexes
from generator.pages.plan import Site
from generator.pages.render import RenderedPage
from generator.settings import Settings


@dataclass(frozen=True)
class CheckOptions:
    drafts: bool = False  # check (and publish) drafts as if published
    jobs: int = 1  # processes that read and check stories
    reuse: bool = True  # take an unchanged story's result from the last run
    record: bool = False  # keep this run's results for the next (in the user's cache folder)


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


class FileResult(NamedTuple):
    """One story file checked: its story when valid, its problems, and the digest its record is kept under."""

    relative: str  # under content/: stories/2023/x.md
    digest: str | None  # None when the file could not be read
    story: Story | None
    diagnostics: list[Diagnostic]
    suspect: RawStory | None = None  # a body to render under the time budget before the result holds
    # The file as parsed, with the parser's problems: kept for `serve` (CheckMemo), which validates
    # it again, without reading it, when the registries, the images or the day change.
    parsed: tuple[RawStory, list[Diagnostic]] | None = None

    def tried(self, found: list[Diagnostic]) -> FileResult:
        """The result once the suspect body has been rendered (found: what that showed)."""
        diagnostics = self.diagnostics + found
        story = None if has_errors(diagnostics) else self.story
        return FileResult(self.relative, self.digest, story, diagnostics, None, self.parsed)


def today_date() -> dt.date:
    """The day stories are judged on (a correction dated after it is an error)."""
    return dt.date.today()


@dataclass
class CheckMemo:
    """What `mkdocs serve` keeps of its last check in memory, for the next one.

    A story file whose size, times and inode are those it had then was not written since (an
    editor's save changes its ctime, which no tool can set back): it keeps its result, the very
    same objects, so what is planned from it can be told unchanged by identity. When the context
    (registries, images, day, settings) changed, such a file is validated again from the form
    it was parsed into, without being read; a story found equal to the last is that object.
    """

    context: str = ""
    files: dict[str, tuple[tuple[int, ...], FileResult]] = dataclasses.field(default_factory=dict)
    registries: tuple[Registries, list[Diagnostic]] | None = None


def check(
    settings: Settings, options: CheckOptions = CheckOptions(), memo: CheckMemo | None = None
) -> Checked:
    """Read and validate content/: every problem, and the archive of what is published.

    A story's result depends on its own bytes, the registries, the images, the settings that
    judge it, the generator and the day: with `options.record`, a story whose bytes and all the
    rest are those of the recorded run takes its recorded result (unless `options.reuse` is off;
    the record is rewritten either way), so the record never changes an answer. With a memo,
    what it holds of an untouched file is taken, and the memo is updated.
    """
    content_dir = settings.content_dir
    record = record_path(content_dir) if options.record else None
    with collector.paused():
        listing = list_content(content_dir)
        remembering = record is not None or memo is not None
        media_record = record_path(content_dir).with_name("media.json") if remembering else None
        media = probe_media(content_dir, listing.media, settings.media_limits, media_record)
        today = today_date()  # read once: every story of one check is judged on the same day
        registry_files = [content_dir / name for name in REGISTRY_FILES]
        context = (
            context_key(registry_files, today, media_key(media), _judging(settings)) if remembering else ""
        )
        kept = memo.registries if memo is not None and memo.context == context else None
        if kept is not None:
            registries, problems = kept
        else:
            registries, problems = load_registries(content_dir)
        diagnostics = [*listing.diagnostics, *problems]
        known = CheckCache.load(record, context, options.reuse)
        shown_root = display_path(content_dir, content_dir)

        def check_files(relatives: list[str]) -> list[FileResult]:
            results = [
                _check_file(
                    content_dir,
                    relative,
                    f"{shown_root}/{relative}",
                    known,
                    registries,
                    today,
                    media,
                    settings,
                    memo is not None,
                )
                for relative in relatives
            ]
            return _try_suspects(results, settings)

        root = str(content_dir)
        stamps = (  # taken before the files are read: a save after this is seen by the next check
            {relative: _stamp(os.path.join(root, relative)) for relative in listing.stories}
            if memo is not None
            else {}
        )
        remembered: dict[str, FileResult] = {}
        for relative, stamp in stamps.items():
            previous = memo.files.get(relative) if memo is not None else None
            if not stamp or previous is None or previous[0] != stamp:
                continue
            if kept is not None:
                remembered[relative] = previous[1]
            elif previous[1].parsed is not None and previous[1].digest is not None:
                # The file is as it was, the context is not: validated again, never read again.
                raw, parse_problems = previous[1].parsed
                remembered[relative] = _validated(
                    relative,
                    previous[1].digest,
                    raw.path,
                    raw,
                    parse_problems,
                    registries,
                    today,
                    media,
                    True,
                )
        touched = [relative for relative in listing.stories if relative not in remembered]
        fresh = iter(forking.map_shares(check_files, touched, options.jobs))
        results = [remembered.get(relative) or next(fresh) for relative in listing.stories]
        results = _try_suspects(results, settings)  # those validated again; the others were tried
        if memo is not None:
            results = [_same_story_kept(result, memo.files.get(result.relative)) for result in results]
            memo.context, memo.registries = context, (registries, problems)
            memo.files = {
                result.relative: (stamps[result.relative], result)
                for result in results
                if stamps[result.relative] and result.digest is not None
            }
        stories, records = [], {}
        for result in results:
            diagnostics.extend(result.diagnostics)
            if result.story is not None:
                stories.append(result.story)
            if record is not None and result.digest is not None:
                records[result.relative] = entry(result.digest, result.story, result.diagnostics)
        known.save(records)
        # Unused entries are noted only when every story and registry could be read: a story with
        # errors may well list the entry a contributor just added for it.
        every_story_valid = len(stories) == len(listing.stories) and registries.readable
        archive, found = assemble(
            stories, registries, options.drafts or settings.drafts, every_story_valid, media
        )
        diagnostics.extend(found)
        counts = Counts(
            stories=len(listing.stories),
            drafts=sum(story.draft for story in stories),
            people=len(registries.people.entries),
            tags=len(registries.tags.entries),
        )
        return Checked(archive, tuple(sort_diagnostics(diagnostics)), counts)


def _same_story_kept(result: FileResult, previous: tuple[tuple[int, ...], FileResult] | None) -> FileResult:
    """A story checked again and found equal to the last one is that very object: the pages made
    from it are then known to be unchanged (pages/replan.py)."""
    if previous is None or result.story is None or previous[1].story is None:
        return result
    if result.story is not previous[1].story and result.story == previous[1].story:
        return result._replace(story=previous[1].story)
    return result


def _stamp(path: str) -> tuple[int, ...]:
    """What tells a file untouched: its size, inode and times; () when it cannot be read."""
    try:
        found = os.stat(path)
    except OSError:
        return ()
    return (found.st_size, found.st_ino, found.st_mtime_ns, found.st_ctime_ns)


def _judging(settings: Settings) -> bytes:
    """The settings a story's result depends on: how its body is rendered when it is tried."""
    return repr((settings.markdown_extensions, sorted(settings.markdown_configs.items()))).encode()


def _check_file(
    content_dir: Path,
    relative: str,
    shown: str,
    known: CheckCache,
    registries: Registries,
    today: dt.date,
    media: Media,
    settings: Settings,
    keep: bool = False,
) -> FileResult:
    """One story file read and checked, or its recorded result taken; a failure is a located error.
    keep: the result keeps the file as parsed."""
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
        raw, problems = parse_story(data, relative, shown, digest)
        if raw is None:
            return FileResult(relative, digest, None, problems)
    except Exception as exc:  # noqa: BLE001 - should the checker itself fail on a file, that file is named
        return _check_failed(relative, digest, shown, exc)
    return _validated(relative, digest, shown, raw, problems, registries, today, media, keep)


def _validated(
    relative: str,
    digest: str,
    shown: str,
    raw: RawStory,
    problems: list[Diagnostic],
    registries: Registries,
    today: dt.date,
    media: Media,
    keep: bool,
) -> FileResult:
    """A parsed story file validated against the registries, the day and the images."""
    try:
        [(story, found)] = validate_stories([raw], registries, today, media)
        found = problems + found
        suspect = raw if suspicion(raw.body) is not None else None
        parsed = (raw, problems) if keep else None
        return FileResult(relative, digest, None if has_errors(found) else story, found, suspect, parsed)
    except Exception as exc:  # noqa: BLE001 - should the checker itself fail on a file, that file is named
        return _check_failed(relative, digest, shown, exc)


def _check_failed(relative: str, digest: str, shown: str, exc: Exception) -> FileResult:
    failure = f"{type(exc).__name__}: {exc}"
    message = f"the check failed on this file ({failure}); please report it with the file attached"
    return FileResult(relative, digest, None, [error(shown, 1, 1, "check-failed", message)])


def _try_suspects(results: list[FileResult], settings: Settings) -> list[FileResult]:
    """Each suspect body rendered under the time budget, as many at once as there are cores: each
    render is a process of its own, so a few pathological stories cost seconds, not their sum."""
    suspects = [n for n, result in enumerate(results) if result.suspect is not None]
    if not suspects:
        return results
    tried = list(results)

    def attempt(n: int) -> list[Diagnostic]:
        raw = results[n].suspect
        try:
            return _render_problems(raw, settings)
        except Exception as exc:  # noqa: BLE001 - as in _check_file: the file is named, nothing stops
            failure = f"{type(exc).__name__}: {exc}"
            message = f"the check failed on this file ({failure}); please report it with the file attached"
            return [error(raw.path if raw else results[n].relative, 1, 1, "check-failed", message)]

    with ThreadPoolExecutor(max_workers=min(len(suspects), forking.usable_cores())) as pool:
        found = pool.map(attempt, suspects)
        for n, problems in zip(suspects, found, strict=True):
            tried[n] = results[n].tried(problems)
    return tried


def _render_problems(raw: RawStory | None, settings: Settings) -> list[Diagnostic]:
    """A body whose markup could make Markdown slow is rendered now, under the build's time budget."""
    from generator.markup.trial import render_problem  # Markdown is loaded only when a body needs it

    suspected = suspicion(raw.body) if raw is not None else None
    if raw is None or suspected is None:
        return []
    problem = render_problem(raw.body, settings)
    if not problem:
        return []
    message = (
        f"{problem} ({suspected.reason} from here); split it into shorter paragraphs, "
        "and remove unmatched brackets, backticks and angle brackets or markers nested this deep"
    )
    return [error(raw.path, raw.body_line + suspected.line, 1, "too-complex", message)]


# ---- what a build makes ------------------------------------------------------------------------


def plan(checked: Checked, settings: Settings) -> Site:
    """The indexes every page is made from; a story's related stories are worked out as its page is."""
    archive = checked.archive
    with collector.paused():
        return Site(archive, build_indexes(archive), RelatedStories(archive), settings)


@dataclass(frozen=True)
class Output:
    """Files a build makes besides its pages, from the whole site: a name (for timing and for
    sharing work between processes) and the function that makes them."""

    name: str
    make: Callable[[Site], dict[str, bytes]]


def locate_failure(output: Output, site: Site, failure: Exception) -> Diagnostic:
    """Which story made an output fail: each is put through it on its own.

    Outputs work on every story at once, so an exception names none; this runs only after one,
    and points the contributor at the file (or at the generator, if no story fails alone).
    """
    for story in site.archive.stories:
        alone = dataclasses.replace(site.archive, stories=(story,))
        try:
            output.make(dataclasses.replace(site, archive=alone, indexes=build_indexes(alone), related={}))
        except Exception as exc:  # noqa: BLE001 - turned into the diagnostic the user sees
            message = (
                f"making the site's {output.name} failed on this story ({type(exc).__name__}: {exc}); "
                "please report it with the file attached"
            )
            return error(story.source_path, 1, 1, "generate-failed", message)
    message = (
        f"making the site's {output.name} failed ({type(failure).__name__}: {failure}); please report it"
    )
    return error("content", 1, 1, "generate-failed", message)


def _feeds(site: Site) -> dict[str, bytes]:
    from generator.pages.feeds import feed_files

    return feed_files(site.indexes, site.settings)


def _search_terms(site: Site) -> dict[str, bytes]:
    from generator.pages.search import term_files

    return term_files(site.archive)


def _search_phrases(site: Site) -> dict[str, bytes]:
    from generator.pages.search_phrases import phrase_files

    return phrase_files(site.archive)


def _search_documents(site: Site) -> dict[str, bytes]:
    from generator.pages.search import document_files

    return document_files(site.archive)


def _search_entities(site: Site) -> dict[str, bytes]:
    from generator.pages.search import entity_files

    return entity_files(site.indexes)


def _search_facets(site: Site) -> dict[str, bytes]:
    from generator.pages.search_facets import facet_files

    return facet_files(site.archive)


def _days(site: Site) -> dict[str, bytes]:
    from generator.pages.on_this_day import day_files

    return day_files(site.indexes)


def _data(site: Site) -> dict[str, bytes]:
    from generator.pages.dataset import data_files

    return data_files(site.archive, site.indexes, site.settings)


def _redirects(site: Site) -> dict[str, bytes]:
    from generator.pages.redirects import redirect_files

    return redirect_files(site.archive, site.settings)


def _robots(site: Site) -> dict[str, bytes]:
    from generator.pages.metadata import robots_txt

    return {"robots.txt": robots_txt(site.settings.site_url).encode("utf-8")}


# Every file a build makes besides the pages (pages/plan.py) and the pictures (media/), in the
# order they are made: the longest first, so that processes sharing them finish together.
OUTPUTS = (
    Output("search terms", _search_terms),
    Output("search phrases", _search_phrases),
    Output("search documents", _search_documents),
    Output("feeds", _feeds),
    Output("search facets", _search_facets),
    Output("search entities", _search_entities),
    Output("on this day", _days),
    Output("data", _data),
    Output("redirects", _redirects),
    Output("robots.txt", _robots),
)


@dataclass(frozen=True)
class Generated:
    """Everything a build makes, made in this process and kept in memory (for tests and timing):
    each page's content as its template renders it (the theme is publish/'s), and every file."""

    site: Site
    pages: dict[str, RenderedPage]
    files: dict[str, bytes]
    seconds: dict[str, float]  # by step: "plan", "pages", and each output's name


def generate(checked: Checked, settings: Settings) -> Generated:
    from generator.pages.plan import page_specs
    from generator.pages.render import PageRenderer

    timings: dict[str, float] = {}
    started = time.perf_counter()
    site = plan(checked, settings)
    specs = page_specs(site)
    timings["plan"] = time.perf_counter() - started
    renderer = PageRenderer(settings, site.archive.media)
    started = time.perf_counter()
    pages = {spec.path: renderer.render(spec, spec.context()) for spec in specs}
    timings["pages"] = time.perf_counter() - started
    files: dict[str, bytes] = {}
    for output in OUTPUTS:
        started = time.perf_counter()
        files.update(output.make(site))
        timings[output.name] = time.perf_counter() - started
    return Generated(site, pages, files, timings)
