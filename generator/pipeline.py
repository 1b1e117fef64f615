"""The stages in order: load -> validate -> index -> render. Only load touches the disk."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic, has_errors, sort_diagnostics
from .index import Indexes, build_indexes
from .load import load_content
from .model import Archive
from .render import render_site
from .search import build_search_files
from .validate import validate_content


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


def check(content_dir: Path, include_drafts: bool = False) -> Checked:
    with gc_paused():
        raw = load_content(content_dir)
        archive, diagnostics = validate_content(raw, include_drafts)
        return Checked(archive, tuple(sort_diagnostics(diagnostics)), raw.assets)


def generate(checked: Checked) -> Generated:
    with gc_paused():
        indexes = build_indexes(checked.archive)
        pages = render_site(indexes)
        return Generated(checked, indexes, pages, build_search_files(indexes))
