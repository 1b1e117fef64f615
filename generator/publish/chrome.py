"""The theme's chrome rendered once per folder instead of once per page.

Most of what Material's template writes around a page (stylesheets and scripts, the client's
config, the header's sections, search box and palette toggle, the footer) reads nothing of the
page but the folder it is in, which sets every relative address in it. The theme's overrides
(theme/main.html, theme/partials/header.html) have the first page of a folder render such a
part, and every other page of that folder (with the same key) take the same text: the theme's
time per page fell by about a quarter. A part that reads anything else of the page must name it
in its key, or be rendered for each page; a test builds a site with and without this memo and
compares every file.

Two forms, both of which Zensical's templates accept too (the export builds the same theme
without this plugin, and renders every part for every page):

- `{% call archive_once("name", key) %}…{% endcall %}` for a part the override writes itself;
- `{{ archive_kept("name") or archive_keep("name", super()) }}` for one of Material's blocks,
  since `super()` cannot be called from inside a `call`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

# The names the templates call, each with a fallback of its own in theme/main.html.
ONCE, KEPT, KEEP = "archive_once", "archive_kept", "archive_keep"


class ChromeMemo:
    """One build's rendered parts, by name, folder and key; a new one for every build, since a
    rebuild of `serve` may come with another mkdocs.yml."""

    def __init__(self) -> None:
        self._parts: dict[tuple[Any, ...], str] = {}

    @pass_context
    def once(self, context: Context, name: str, key: str = "", *, caller: Callable[[], str]) -> str:
        index = _index(context, name, key)
        part = self._parts.get(index)
        if part is None:
            part = self._parts[index] = caller()
        return part

    @pass_context
    def kept(self, context: Context, name: str, key: str = "") -> str:
        """The part as the first page of this folder had it; "" before that."""
        return self._parts.get(_index(context, name, key), "")

    @pass_context
    def keep(self, context: Context, name: str, text: str, key: str = "") -> str:
        self._parts[_index(context, name, key)] = text
        return text


def install(env: Any) -> None:
    """Give the theme's templates a fresh memo for this build."""
    memo = ChromeMemo()
    env.globals.update({ONCE: memo.once, KEPT: memo.kept, KEEP: memo.keep})


def _index(context: Context, name: str, key: str) -> tuple[Any, ...]:
    page = context.get("page")
    url = getattr(page, "url", None)
    # A theme page MkDocs renders without a page of its own (404.html) is keyed by its base.
    folder = posixpath.dirname(url) if isinstance(url, str) else None
    return (name, folder, context.get("base_url"), key)
