"""What one `mkdocs serve --dirty` keeps in memory from one rebuild to the next.

The last check (each story file's result, by the file's stamp), the last site planned and its
pages: a save that edits stories in place is then checked, planned and rendered for what it
changed only (pages/replan.py). The search files, feeds and data, made from every story, are
written after the pages, while the browser already shows them; the next rebuild waits for them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import jinja2

from generator.pages.contexts import PageSpec
from generator.pages.plan import Site
from generator.pipeline import CheckMemo


@dataclass
class ServeMemory:
    check: CheckMemo = field(default_factory=CheckMemo)
    site: Site | None = None  # the last site built into the served folder, as planned
    specs: list[PageSpec] = field(default_factory=list)  # its pages
    # The theme's templates, compiled once: MkDocs makes a new template environment for every rebuild.
    templates: jinja2.BytecodeCache = field(default_factory=lambda: _CompiledTemplates())
    _after: threading.Thread | None = None

    def remember(self, site: Site, specs: list[PageSpec]) -> None:
        self.site, self.specs = site, specs

    def forget_site(self) -> None:
        """The served folder is no longer what the last plan made: the next rebuild plans it all."""
        self.site, self.specs = None, []

    def after(self, work: Callable[[], None]) -> None:
        """Run work once this rebuild has handed its pages to the browser."""
        self.settle()
        self._after = threading.Thread(target=work, name="archive-after-pages", daemon=True)
        self._after.start()

    def settle(self) -> None:
        """Wait for what the last rebuild left to do."""
        if self._after is not None:
            self._after.join()
            self._after = None


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
