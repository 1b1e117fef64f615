"""Writing the site: every page rendered with the theme, every other output made, shared among
processes.

The work is cut into units (a run of pages, one output of pipeline.OUTPUTS, the pictures), and
each process takes the units that even out the estimated load; forked children see the whole
site as it was planned, make the contexts of their own pages and write their own files, so the
site is the same whatever the number of processes. A page whose context and site-wide inputs are
those of a page the previous build wrote is linked from there instead of rendered (cache/pages.py).
"""

from __future__ import annotations

import html
import os
import shutil
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import collector, forking
from generator.cache.pages import BuildCache, PageRecord
from generator.cache.record import key_digest
from generator.diagnostics import Diagnostic, StoryFailed, error
from generator.markup.body import Heading
from generator.media.encode import make_variants
from generator.pages.contexts import Head, PageSpec
from generator.pages.fingerprint import fingerprint
from generator.pages.plan import Site
from generator.pages.render import PageRenderer
from generator.pipeline import OUTPUTS, Output, locate_failure
from generator.publish import mkdocs_api
from generator.publish.progress import Progress
from generator.publish.shards import Shard

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

PAGES_PER_UNIT = 64
# Seconds of work per story, measured at 10,000 stories on this project's machines: to balance
# processes, not to predict anything.
_COST_PER_STORY = {
    "search terms": 1.1e-4,
    "search phrases": 3.0e-4,
    "search documents": 4e-5,
    "feeds": 7e-5,
    "data": 7e-5,
}
_COST_OTHER = 1e-5
# With the theme's chrome rendered once per folder, a listing page costs about what a story's does.
_COST_PAGE = {"story.html.j2": 5e-3}
_COST_OTHER_PAGE = 4.5e-3


@dataclass(frozen=True)
class Theme:
    """What MkDocs gives every page it renders with the theme."""

    config: MkDocsConfig
    nav: Navigation
    env: Environment
    doc_files: Any  # MkDocs' documentation files (the navigation's pages)
    nav_pages: dict[str, Page]  # page path -> MkDocs' own page object, for pages in the navigation


@dataclass(frozen=True)
class Unit:
    name: str
    cost: float
    pages: tuple[PageSpec, ...] = ()
    output: Output | None = None
    pictures: bool = False


@dataclass
class Report:
    """What one process did: pages rendered and reused, their records, or what failed."""

    rendered: int = 0
    reused: int = 0
    files: int = 0
    kept: int = 0  # of those files, the ones linked from the previous site unchanged
    records: dict[str, PageRecord] = field(default_factory=dict)
    failure: Diagnostic | None = None
    crash: str = ""  # a bug of the generator's, with its traceback
    stopped: bool = False  # asked to stop before the end (`serve`: a new save came)


def units_of(
    site: Site, specs: Sequence[PageSpec], outputs: bool = True, pictures: bool = True
) -> list[Unit]:
    """The pages in runs, and (unless left out) every output and the pictures."""
    units = output_units(site) if outputs else []
    if pictures:
        units.append(Unit("pictures", 0.05 * len(site.archive.media), pictures=True))
    for start in range(0, len(specs), PAGES_PER_UNIT):
        chunk = tuple(specs[start : start + PAGES_PER_UNIT])
        cost = sum(_COST_PAGE.get(spec.template, _COST_OTHER_PAGE) for spec in chunk)
        units.append(Unit(f"pages {start}", cost, pages=chunk))
    return units


def output_units(site: Site) -> list[Unit]:
    stories = len(site.archive.stories)
    return [
        Unit(output.name, _COST_PER_STORY.get(output.name, _COST_OTHER) * stories, output=output)
        for output in OUTPUTS
    ]


def assign(units: Sequence[Unit], jobs: int) -> list[list[Unit]]:
    """Each unit to the process with the least work so far, the costliest first (ties: the lowest)."""
    loads = [0.0] * jobs
    shares: list[list[Unit]] = [[] for _ in range(jobs)]
    for unit in sorted(units, key=lambda u: -u.cost):
        least = min(range(jobs), key=lambda n: (loads[n], n))
        shares[least].append(unit)
        loads[least] += unit.cost
    return shares


class Writer:
    def __init__(
        self,
        site: Site,
        specs: Sequence[PageSpec],
        theme: Theme,
        site_dir: Path,
        cache_dir: Path,
        build_cache: BuildCache | None,
        progress: Progress,
        shard: Shard | None = None,
        outputs: bool = True,
        pictures: bool = True,
    ) -> None:
        self.site, self.specs, self.theme = site, specs, theme
        self.shard = shard
        # Off: left to the caller (`serve` makes the outputs after the pages, see write_outputs; a
        # rebuild that keeps every image keeps its pictures).
        self.outputs, self.pictures = outputs, pictures
        self.atomic = False  # each file written aside and renamed into place: the site is being served
        self.site_dir, self.cache_dir = site_dir, cache_dir
        self.build_cache = build_cache if build_cache is not None and build_cache.site else None
        self.progress = progress
        self._made: set[str] = set()

    def write(self, jobs: int) -> Report:
        """Write everything; raises StoryFailed for a page a story made fail, RuntimeError for a bug."""
        units = units_of(self.site, self.specs, self.outputs, self.pictures)
        if self.shard is not None:  # this machine's share, balanced as the processes' shares are
            units = assign(units, self.shard.count)[self.shard.index - 1]
        shares = assign(units, max(1, jobs if forking.can_fork() else 1))
        with collector.kept_aside():  # the planned site lives until the writing ends
            children = [forking.Forked.start(self._work, share, False) for share in shares[1:]]
            try:
                reports = [self._work(shares[0], True), *(child.result() for child in children)]
            except BaseException:
                for child in children:
                    child.stop()
                raise
        total = Report()
        for report in reports:
            if report.crash:
                raise RuntimeError(report.crash)
            if report.failure is not None:
                raise StoryFailed(report.failure)
            total.rendered += report.rendered
            total.reused += report.reused
            total.files += report.files
            total.kept += report.kept
            total.records.update(report.records)
        return total

    def write_asked_first(
        self, asked: Callable[[], str | None], written: Callable[[str], None], stop: threading.Event
    ) -> Report:
        """Every page, in this process, in order, except that the page asked() names is written
        next, until stop is set; each file replaces the one a server may be reading. Raises
        StoryFailed as write does."""
        self.atomic = True
        by_path = {spec.path: spec for spec in self.specs}
        in_order = iter(self.specs)
        renderer = PageRenderer(self.site.settings, self.site.archive.media)
        report = Report()
        while not stop.is_set():
            spec = by_path.pop(asked() or "", None)
            while spec is None:
                following = next(in_order, None)
                if following is None:
                    return report
                spec = by_path.pop(following.path, None)  # None: written already, when it was asked for
            try:
                self._page(spec, renderer, report)
            except Exception as exc:  # noqa: BLE001 - named: the story, or the page, never a traceback
                raise StoryFailed(_failed(spec, exc)) from None
            written(spec.path)
        report.stopped = True
        return report

    def write_outputs(self, stop: threading.Event | None = None) -> Report:
        """Every output, in this process, each file replacing the one a server may be reading,
        until stop is set; raises StoryFailed as write does."""
        self.atomic = True
        report = self._work(output_units(self.site), False, stop)
        if report.crash:
            raise RuntimeError(report.crash)
        if report.failure is not None:
            raise StoryFailed(report.failure)
        return report

    def _work(self, share: list[Unit], shown: bool, stop: threading.Event | None = None) -> Report:
        report = Report()
        renderer = PageRenderer(self.site.settings, self.site.archive.media)
        pages = sum(len(unit.pages) for unit in share)
        if shown:
            self.progress.start("writing pages", pages)
        try:
            for unit in share:
                if stop is not None and stop.is_set():
                    report.stopped = True
                    return report
                if unit.output is not None:
                    try:
                        made = unit.output.make(self.site)
                    except Exception as exc:  # noqa: BLE001 - named: the story that makes it fail, if one does
                        report.failure = locate_failure(unit.output, self.site, exc)
                        return report
                    for path, data in made.items():
                        self._file(path, data, report)
                elif unit.pictures:
                    report.files += self._pictures(report)
                for spec in unit.pages:
                    try:
                        self._page(spec, renderer, report)
                    except Exception as exc:  # noqa: BLE001 - named: the story, or the page, never a traceback
                        report.failure = _failed(spec, exc)
                        return report
                    if shown:
                        self.progress.step()
        except StoryFailed as failed:
            report.failure = failed.diagnostic
        except Exception:  # noqa: BLE001 - a bug: reported with its traceback by the parent
            report.crash = traceback.format_exc(limit=8)
        return report

    def _page(self, spec: PageSpec, renderer: PageRenderer, report: Report) -> None:
        cache = self.build_cache
        context = spec.context()
        key = cache.key(fingerprint((spec.path, spec.template, context))) if cache else ""
        if cache is not None:
            previous = cache.reusable(spec.path, key)
            if previous:
                self._link(previous, spec.path)
                report.records[spec.path] = PageRecord(key)
                report.reused += 1
                return
        rendered = renderer.render(spec, context)
        theme = self.theme
        in_nav = theme.nav_pages.get(spec.path)
        page = in_nav or mkdocs_api.new_page(theme.config, spec.path)
        head = context.head
        title = None if in_nav else head.title
        mkdocs_api.fill_page(page, title, theme_meta(head), rendered.html, toc_tokens(rendered.headings))
        # Minified, its links shortened, by the plugin's on_post_page (publish/plugin.py).
        output = mkdocs_api.render_page(page, theme.config, theme.doc_files, theme.nav, theme.env)
        self._write(spec.path, output.encode("utf-8", errors="xmlcharrefreplace"))
        if cache is not None:
            report.records[spec.path] = PageRecord(key)
        report.rendered += 1

    def _file(self, path: str, data: bytes, report: Report) -> None:
        """A file besides the pages (feed, search shard, data): linked from the previous
        site when its bytes are the same, as a page is, since creating a file costs far more than
        linking one and a one-story edit leaves nearly all of them as they were."""
        report.files += 1
        cache = self.build_cache
        if cache is None:
            self._write(path, data)
            return
        key = cache.key(key_digest(data))
        previous = cache.reusable(path, key)
        if previous:
            self._link(previous, path)
            report.kept += 1
        else:
            self._write(path, data)
        report.records[path] = PageRecord(key)

    def _pictures(self, report: Report) -> int:
        archive = self.site.archive
        variants = make_variants(
            archive.media.values(), self.site.settings.content_dir, self.cache_dir / "media"
        )
        for path, made in variants.items():
            self._link(str(made), path)
            if self.build_cache is not None:  # recorded as made, never reused by key: always linked
                report.records[path] = PageRecord("")
        return len(variants)

    def _target(self, path: str) -> str:
        target = os.path.join(self.site_dir, path)
        folder = os.path.dirname(target)
        if folder not in self._made:
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)
        return target

    def _write(self, path: str, data: bytes) -> None:
        target = self._target(path)
        if not self.atomic:
            with open(target, "wb") as handle:
                handle.write(data)
            return
        aside = f"{target}.{os.getpid()}.writing"
        with open(aside, "wb") as handle:
            handle.write(data)
        os.replace(aside, target)

    def _link(self, source: str, path: str) -> None:
        target = self._target(path)
        if os.path.abspath(source) == os.path.abspath(target):
            return  # in place (`mkdocs serve`): the page stays where it is
        if os.path.lexists(target):  # a folder built into again (`mkdocs serve --dirty`)
            if os.path.samefile(source, target):
                return
            os.unlink(target)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def theme_meta(head: Head) -> dict[str, Any]:
    """A page's meta as the theme reads it: Material prints title and description as they are, so
    they are given escaped; the archive's own templates read `head`, and escape what they print."""
    meta: dict[str, Any] = {
        "title": html.escape(head.title),
        "description": html.escape(head.description),
        "hide": list(head.hide),
        "head": head,
    }
    if head.template:
        meta["template"] = head.template
    return meta


def toc_tokens(headings: Sequence[Heading]) -> list[dict[str, Any]]:
    """Headings as the table-of-contents tokens MkDocs turns into a page's contents."""
    return [
        {"level": h.level, "id": h.id, "name": h.title, "children": toc_tokens(h.children)} for h in headings
    ]


def _failed(spec: PageSpec, exc: Exception) -> Diagnostic:
    failure = f"{type(exc).__name__}: {exc}"
    if spec.source:  # a story's page
        message = f"rendering this story's page failed ({failure}); please report it with the file attached"
        return error(spec.source, 1, 1, "generate-failed", message)
    message = f"rendering {spec.path} failed ({failure}); please report it"
    return error("content", 1, 1, "generate-failed", message)
