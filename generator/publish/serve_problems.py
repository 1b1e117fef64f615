"""`mkdocs serve` while the content has problems: the build stops before it touches the site, and
the browser shows the problems in place of every page, as `check` words them, until a save fixes
them. The server keeps answering; the page reloads by itself once the site is built again."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.diagnostics import INFO, Diagnostic, sort_diagnostics, summary
from generator.pages.render import environment
from generator.text import printable

PAGE = ".archive-problems.html"  # in the folder `serve` serves; never in a built site


def problems_page(diagnostics: Sequence[Diagnostic], site_name: str) -> bytes:
    """The page, errors first, then warnings (notes are left to the terminal)."""
    listed = sort_diagnostics(d for d in diagnostics if d.severity != INFO)
    shown = sorted(listed, key=lambda d: d.severity != "error")  # errors first, each in file order
    problems = [
        {
            "where": printable(f"{d.path}:{d.line}:{d.col}"),
            "severity": d.severity,
            "code": d.code,
            "message": printable(d.message),
            "hint": printable(d.hint),
        }
        for d in shown
    ]
    headline = f"The content has problems: {summary(shown)}"
    template = environment().get_template("problems.html.j2")
    return template.render(headline=headline, problems=problems, site_name=site_name).encode("utf-8")


class ShownProblems:
    """Whether the served folder's pages are to be replaced by the problems page; kept by the
    plugin across the rebuilds of one `serve`."""

    def __init__(self) -> None:
        self.showing = False

    def show(self, site_dir: Path, diagnostics: Sequence[Diagnostic], site_name: str) -> None:
        (site_dir / PAGE).write_bytes(problems_page(diagnostics, site_name))
        self.showing = True

    def clear(self, site_dir: Path) -> None:
        self.showing = False
        (site_dir / PAGE).unlink(missing_ok=True)
