"""The theme's chrome rendered once per folder instead of once per page.

Most of what Material's template writes around a page (stylesheets and scripts, the client's
config, the header's sections, search box and palette toggle, the footer) reads nothing of the
page but the folder it is in, which sets every relative address in it. The theme's overrides
(theme/main.html, theme/partials/header.html) wrap such a part in
`{% call archive_once("name", key...) %}…{% endcall %}`: the first page of a folder renders it,
every other page of that folder (with the same key) is given the same text. It was two fifths
of the time the theme took per page. A part that reads anything else of the page must name it
in its key, or stay out of the wrapper; a test builds a site with and without this memo and
compares every file.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

GLOBAL = "archive_once"


class ChromeMemo:
    """One build's rendered parts, by name, folder and key; a new one for every build, since a
    rebuild of `serve` may come with another mkdocs.yml."""

    def __init__(self) -> None:
        self._parts: dict[tuple[Any, ...], str] = {}

    @pass_context
    def __call__(self, context: Context, name: str, *key: Any, caller: Callable[[], str]) -> str:
        page = context.get("page")
        url = getattr(page, "url", None)
        # A theme page MkDocs renders without a page of its own (404.html) is keyed by its base.
        folder = posixpath.dirname(url) if isinstance(url, str) else None
        index = (name, folder, context.get("base_url"), *key)
        part = self._parts.get(index)
        if part is None:
            part = self._parts[index] = caller()
        return part


def install(env: Any, memo: Callable[..., str] | None = None) -> None:
    """Give the theme's templates this build's memo (a fresh one unless one is given)."""
    env.globals[GLOBAL] = memo if memo is not None else ChromeMemo()


@pass_context
def render_every_time(context: Context, name: str, *key: Any, caller: Callable[[], str]) -> str:
    """No memo: every part rendered for every page (what the memo must be the same as)."""
    return caller()
