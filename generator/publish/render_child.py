"""Rendering pages on a second core: a forked process renders a share of the pages.

MkDocs renders one page after another in one process, and rendering is nearly all of a
large build. After the navigation is known, the archive plugin forks: the child renders
every other page that needs rendering with MkDocs' own page functions and writes it; the
parent tells MkDocs (through its dirty mode) that those pages are done and renders the
rest. What only the parent can do with the child's pages happens when the child reports
back, before MkDocs checks anchors: its log records are replayed (so --strict counts
them), its anchors are handed over, and its build records are merged.

Only `generator build` forks, as a single-threaded process; `mkdocs serve` runs threads
and renders in one process as before.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.cache.pages import BuildCache, PageRecord
from generator.diagnostics import ForkFailed
from generator.forking import Forked
from generator.publish import mkdocs_api
from generator.publish.progress import Progress

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


@dataclass
class ShareReport:
    """What the child sends back through its pipe."""

    logs: list[tuple[str, int, str]] = field(default_factory=list)  # logger, level, message
    # src_uri -> (anchors present, {linked src_uri: {anchor: ...}})
    anchors: dict[str, tuple[set[str], dict[str, dict[str, str]]]] = field(default_factory=dict)
    records: dict[str, PageRecord] = field(default_factory=dict)  # dest_uri -> PageRecord
    warned: set[str] = field(default_factory=set)
    rendered: int = 0
    error: str = ""


class _Collect(logging.Handler):
    def __init__(self, report: ShareReport) -> None:
        super().__init__(logging.INFO)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        self.report.logs.append((record.name, record.levelno, record.getMessage()))


@dataclass(frozen=True)
class Share:
    """What the child renders, and the parent's state it reports back on."""

    pages: list[Page]
    nav_pages: list[Page]  # their titles make the navigation every page shows
    config: MkDocsConfig
    files: Files
    nav: Navigation
    watch: logging.Handler | None  # the parent's note of pages that warned: kept in the child
    warned: set[str]  # filled by `watch`
    build_cache: BuildCache | None
    progress: Progress  # the parent's progress line: silent in the child


class ChildRender:
    """The forked renderer, seen from the parent."""

    def __init__(self, child: Forked) -> None:
        self.child = child

    @classmethod
    def start(cls, share: Share) -> ChildRender:
        return cls(Forked.start(_render_share, share))

    def join(self) -> ShareReport:
        try:
            report: ShareReport = self.child.result()
        except ForkFailed as exc:
            raise PluginError(f"the second rendering process failed: {exc}") from None
        if report.error:
            raise PluginError(report.error)
        return report

    def stop(self) -> None:
        self.child.stop()


def _render_share(share: Share) -> ShareReport:
    report = ShareReport()
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        if handler is not share.watch:
            logger.removeHandler(handler)  # the parent prints and counts what the child logs
    logger.addHandler(_Collect(report))
    share.progress.enabled = False
    config, files = share.config, share.files
    try:
        for page in [*share.nav_pages, *share.pages]:
            mkdocs_api.populate_page(page, config, files)
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for page in share.pages:
            mkdocs_api.build_page(page, config, doc_files, share.nav, env)
            report.anchors[page.file.src_uri] = (
                set(page.present_anchor_ids or ()),
                {to.src_uri: dict(links) for to, links in (page.links_to_anchors or {}).items()},
            )
        report.rendered = len(share.pages)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the build
        report.error = f"rendering failed: {exc}"
        if not isinstance(exc, PluginError):
            report.error += "\n" + traceback.format_exc(limit=3)
    cache = share.build_cache
    if cache is not None:
        destinations = (page.file.dest_uri for page in share.pages)
        report.records = {dest: cache.records[dest] for dest in destinations if dest in cache.records}
    report.warned = set(share.warned)
    sys.stdout.flush()
    return report


def merge(report: ShareReport, files: Files) -> None:
    """Give the parent's page objects what the child learnt about its pages."""
    for src_uri, (present, links) in report.anchors.items():
        page = _page_of(files, src_uri)
        page.present_anchor_ids = present
        page.links_to_anchors = {_file_of(files, to): anchors for to, anchors in links.items()}


def _file_of(files: Files, src_uri: str) -> File:
    file = files.get_file_from_path(src_uri)
    if file is None:
        raise PluginError(f"the second rendering process reported a page the first does not know: {src_uri}")
    return file


def _page_of(files: Files, src_uri: str) -> Page:
    page = _file_of(files, src_uri).page
    if page is None:
        raise PluginError(f"the second rendering process reported a file that is not a page: {src_uri}")
    return page


def replay_logs(report: ShareReport) -> None:
    for name, level, message in report.logs:
        logging.getLogger(name).log(level, message)


def pages_of(files: Sequence[File]) -> list[Page]:
    return [page for page in (file.page for file in files) if page is not None]
