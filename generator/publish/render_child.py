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
from dataclasses import dataclass, field

from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel

from generator.forking import Forked, ForkFailed


@dataclass
class ShareReport:
    """What the child sends back through its pipe."""

    logs: list[tuple[str, int, str]] = field(default_factory=list)  # logger, level, message
    anchors: dict[str, tuple[set, dict[str, dict[str, str]]]] = field(default_factory=dict)
    records: dict = field(default_factory=dict)  # dest_uri -> PageRecord
    warned: set[str] = field(default_factory=set)
    rendered: int = 0
    error: str = ""


class _Collect(logging.Handler):
    def __init__(self, report: ShareReport):
        super().__init__(logging.INFO)
        self.report = report

    def emit(self, record):
        self.report.logs.append((record.name, record.levelno, record.getMessage()))


class ChildRender:
    """The forked renderer, seen from the parent."""

    def __init__(self, child: Forked):
        self.child = child

    @classmethod
    def start(cls, share, nav_pages, config, files, nav, plugin) -> ChildRender:
        return cls(Forked.start(_render_share, share, nav_pages, config, files, nav, plugin))

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


def _render_share(share, nav_pages, config, files, nav, plugin) -> ShareReport:
    report = ShareReport()
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        if handler is not plugin.watch:
            logger.removeHandler(handler)  # the parent prints and counts what the child logs
    logger.addHandler(_Collect(report))
    plugin.progress.enabled = False
    try:
        for page in nav_pages:  # their titles make the navigation every page shows
            mkdocs_build._populate_page(page, config, files)
        for page in share:
            mkdocs_build._populate_page(page, config, files)
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for page in share:
            mkdocs_build._build_page(page, config, doc_files, nav, env)
            report.anchors[page.file.src_uri] = (
                set(page.present_anchor_ids or ()),
                {to.src_uri: dict(links) for to, links in (page.links_to_anchors or {}).items()},
            )
        report.rendered = len(share)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the build
        report.error = f"rendering failed: {exc}"
        if not isinstance(exc, PluginError):
            report.error += "\n" + traceback.format_exc(limit=3)
    if plugin.build_cache is not None:
        report.records = {
            dest: plugin.build_cache.records[dest]
            for dest in (p.file.dest_uri for p in share)
            if dest in plugin.build_cache.records
        }
    report.warned = set(plugin.warned)
    sys.stdout.flush()
    return report


def merge(report: ShareReport, files) -> None:
    """Give the parent's page objects what the child learnt about its pages."""
    for src_uri, (present, links) in report.anchors.items():
        page = files.get_file_from_path(src_uri).page
        page.present_anchor_ids = present
        page.links_to_anchors = {files.get_file_from_path(to): anchors for to, anchors in links.items()}


def replay_logs(report: ShareReport) -> None:
    for name, level, message in report.logs:
        logging.getLogger(name).log(level, message)
