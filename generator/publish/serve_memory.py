"""What one `mkdocs serve --dirty` keeps in memory from one rebuild to the next.

The last check (each story file's result, by the file's stamp), the last site planned and its
pages: a save is then checked, planned and rendered for what it changed only (pages/replan.py).

A rebuild hands the browser the pages it changed (of a change shown on hundreds of pages, the
site-wide ones), and leaves the rest to a thread: the pages still to come, and the search files,
feeds, data and sitemap, made from every story. A request for a page still to come is held until
it is written, and that page is written next. The first
build writes the site-wide pages (home, indexes, archive) and leaves every other page to come,
in the order of the archive, except that a page the browser asks for is written next
(PagesToCome): its first page is there within seconds whatever the archive's size. The next
save stops that work between two files; the pages not written yet stay to come, and the
outputs are made again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import jinja2

from generator.pages.contexts import PageSpec
from generator.pages.plan import Site
from generator.pipeline import CheckMemo


@dataclass
class ServeMemory:
    check: CheckMemo = field(default_factory=CheckMemo)
    site: Site | None = None  # the last site planned for the served folder
    specs: list[PageSpec] = field(default_factory=list)  # its pages
    unwritten: set[str] = field(default_factory=set)  # of those, the pages not written yet
    wrote_pages: bool = False  # whether any build of this `serve` wrote pages into its folder
    # The theme's templates, compiled once: MkDocs makes a new template environment for every rebuild.
    templates: jinja2.BytecodeCache = field(default_factory=lambda: _CompiledTemplates())
    to_come: PagesToCome | None = None  # while pages are being written after a rebuild
    _after: threading.Thread | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    def remember(self, site: Site, specs: list[PageSpec]) -> None:
        self.site, self.specs = site, specs

    def forget_site(self) -> None:
        """The served folder is no longer what the last plan made: the next rebuild plans it all."""
        self.site, self.specs, self.unwritten = None, [], set()

    def after(self, work: Callable[[threading.Event], None]) -> None:
        """Run work once this rebuild has handed its pages to the browser; work(stop) returns early
        once stop is set."""
        self.settle(stop=True)
        self._stop.clear()
        self._after = threading.Thread(
            target=work, args=(self._stop,), name="archive-after-pages", daemon=True
        )
        self._after.start()

    def wait_for_page(self, site_dir: str, path: str) -> None:
        """A request for a page: held until the page is written, if it is still to come (before
        the pages to come are known, only the first build's are, and none of them is there yet)."""
        to_come = self.to_come
        if to_come is not None and (
            to_come.is_pending(path)
            or (not to_come.is_planned() and not os.path.exists(os.path.join(site_dir, path)))
        ):
            to_come.wait_for(path)

    def settle(self, stop: bool) -> None:
        """Wait for what the last rebuild left to do: all of it, or (stop) until it stops between
        two files (a new save makes it out of date)."""
        if self._after is not None:
            if stop:
                self._stop.set()
            self._after.join()
            self._after = None


class PagesToCome:
    """The pages a build writes after the browser has its first ones, and the requests waiting for
    them: the writer takes each asked-for page next, and tells when each is written."""

    PATIENCE_S = 300.0  # a request is never held longer: it gets whatever is there then

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._asked: list[str] = []
        self._pending: set[str] | None = None  # None: not planned yet
        self._over = False

    def wait_for(self, path: str) -> None:
        """Called by a request: returns once the page is written (or was never to come)."""
        with self._changed:
            self._asked.append(path)
            self._changed.wait_for(
                lambda: self._over or (self._pending is not None and path not in self._pending),
                timeout=self.PATIENCE_S,
            )

    def planned(self, paths: Iterable[str]) -> None:
        with self._changed:
            self._pending = set(paths)
            self._changed.notify_all()

    def is_planned(self) -> bool:
        with self._changed:
            return self._pending is not None

    def is_pending(self, path: str) -> bool:
        with self._changed:
            return self._pending is not None and path in self._pending

    def asked(self) -> str | None:
        """The page a request waits for, if any is still to come."""
        with self._changed:
            while self._asked and self._pending is not None:
                path = self._asked.pop(0)
                if path in self._pending:
                    return path
            return None

    def written(self, path: str) -> None:
        with self._changed:
            if self._pending is not None:
                self._pending.discard(path)
            self._changed.notify_all()

    def over(self) -> None:
        with self._changed:
            self._over = True
            self._changed.notify_all()


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory, by name; Jinja takes one only while its source's checksum is
    the one it was compiled from, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
