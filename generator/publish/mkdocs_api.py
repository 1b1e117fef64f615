"""The private parts of MkDocs the archive relies on, in one place.

Rendering a share of the pages in a second process needs MkDocs' own page functions, and
reusing pages needs to tell its dirty build which pages are done. None of that is public
API. Everything goes through this module, and `check()` fails the build with a clear
message (never a wrong site) when a MkDocs release no longer has what it expects; a test
runs the same check against the installed MkDocs.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

import mkdocs
from mkdocs.commands import build as _build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

# name -> the parameters it must take, in order
_EXPECTED_FUNCTIONS = {
    "_populate_page": ["page", "config", "files", "dirty"],
    "_build_page": ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"],
}


def problems() -> list[str]:
    """What the installed MkDocs lacks of what this module uses; empty when all is there."""
    found = []
    for name, parameters in _EXPECTED_FUNCTIONS.items():
        function = getattr(_build, name, None)
        if function is None:
            found.append(f"mkdocs.commands.build.{name} is gone")
            continue
        names = list(inspect.signature(function).parameters)
        if names[: len(parameters)] != parameters:
            found.append(
                f"mkdocs.commands.build.{name} takes ({', '.join(names)}), not ({', '.join(parameters)})"
            )
    if "_current_page" not in getattr(MkDocsConfig, "__annotations__", {}) and not hasattr(
        MkDocsConfig, "_current_page"
    ):
        found.append("MkDocsConfig._current_page is gone")
    if not callable(getattr(File, "is_modified", None)):
        found.append("File.is_modified is gone")
    return found


def check() -> None:
    found = problems()
    if found:
        raise PluginError(
            f"this release of MkDocs ({mkdocs.__version__}) changed what the archive's plugin relies on: "
            + "; ".join(found)
            + ". Install the MkDocs version pyproject.toml names."
        )


def populate_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Read a page's Markdown and render it to HTML, as MkDocs' build does for each page."""
    _build._populate_page(page, config, files)


def build_page(page: Page, config: MkDocsConfig, doc_files: Any, nav: Navigation, env: Environment) -> None:
    """Render a populated page with the theme and write it, as MkDocs' build does."""
    _build._build_page(page, config, doc_files, nav, env)


def current_page(config: MkDocsConfig) -> Page | None:
    """The page MkDocs is building now: set by its build, read to tell which page a warning came from."""
    return getattr(config, "_current_page", None)


def mark_done(file: File) -> None:
    """MkDocs' dirty build skips this file: the archive put its page in place already."""
    file.is_modified = _unchanged  # type: ignore[method-assign]


def mark_to_render(file: File) -> None:
    file.is_modified = _changed  # type: ignore[method-assign]


def _changed() -> bool:
    return True


def _unchanged() -> bool:
    return False
