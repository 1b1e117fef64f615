"""The parts of MkDocs the archive relies on beyond plugin hooks, in one place.

The archive renders its pages itself (publish/writer.py): it makes MkDocs page objects, gives
them their content and table of contents, and renders the theme's template with MkDocs' own
template context. It tells MkDocs' dirty build that those pages are done. Not all of that is
public API: everything goes through this module, and `check()` fails the build with a clear
message (never a wrong site) when a MkDocs release no longer has what it expects; a test runs
the same check against the installed MkDocs.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

import mkdocs
from mkdocs.commands import build as _build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation

# name -> the parameters it must take, in order
_EXPECTED_FUNCTIONS = {
    "_populate_page": ["page", "config", "files", "dirty"],
    "_build_page": ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"],
    "get_context": ["nav", "files", "config", "page"],
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
    from mkdocs.livereload import LiveReloadServer

    if not callable(getattr(LiveReloadServer, "serve_request", None)):
        found.append("LiveReloadServer.serve_request is gone")
    source = inspect.getsource(LiveReloadServer)
    if "self._want_rebuild" not in source or "self._rebuild_cond" not in source:
        found.append("LiveReloadServer no longer rebuilds on _want_rebuild and _rebuild_cond")
    return found


def check() -> None:
    found = problems()
    if found:
        raise PluginError(
            f"this release of MkDocs ({mkdocs.__version__}) changed what the archive's plugin relies on: "
            + "; ".join(found)
            + ". Install the MkDocs version pyproject.toml names."
        )


def new_page(config: MkDocsConfig, path: str) -> Page:
    """A page object for a page of ours that MkDocs itself does not list (it is not in the navigation)."""
    return Page(None, File.generated(config, path[: -len(".html")] + ".md", content=""), config)


def fill_page(
    page: Page, title: str | None, meta: dict[str, Any], content: str, headings: list[dict[str, Any]]
) -> None:
    """Give a page what MkDocs would have read from Markdown: its meta, content and contents, and its
    title (None for a page of the navigation, which keeps the title `nav:` gives it on every page)."""
    page.markdown = ""
    if title is not None:
        page.title = title
    page.meta = {**meta, "contents": get_toc(headings)}  # type: ignore[arg-type]
    page.content = content
    # Material links "Skip to content" to the first heading of `toc`: on a story, past its headline
    # and first paragraphs, and a second skip link beside the header's own (to the article). The
    # theme's sidebar reads the contents from the meta (theme/main.html).
    page.toc = get_toc([])


def render_page(page: Page, config: MkDocsConfig, doc_files: Any, nav: Navigation, env: Environment) -> str:
    """The page rendered with the theme's template, as MkDocs' build renders it (plugins included)."""
    config._current_page = page
    page.active = True
    try:
        context = _build.get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template") or "main.html")
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = template.render(context)
        return config.plugins.on_post_page(output, page=page, config=config) or ""
    finally:
        page.active = False
        config._current_page = None


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


def show_instead_of_pages(
    server: LiveReloadServer,
    page: str,
    showing: Callable[[], bool],
    before: Callable[[str], None] | None = None,
) -> None:
    """While `showing()`, `serve` answers every request for a page with the file `page` of the
    site instead (it injects its live-reload script there too, so the browser reloads on the
    next build); assets and live reload are served as ever. `before(path)`, if given, is called
    with the path of each page asked for (under the site's root) before it is served."""
    serve = server.serve_request
    mount = server.mount_path  # ends with "/"

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = str(environ.get("PATH_INFO", ""))
        last = path.rsplit("/", 1)[-1]
        is_page = not path.startswith("/livereload/") and (last.endswith(".html") or "." not in last)
        if is_page and showing():
            environ = {**environ, "PATH_INFO": mount + page}
        elif is_page and before is not None and path.startswith(mount):
            wanted = path[len(mount) :]
            before(wanted + "index.html" if not wanted or wanted.endswith("/") else wanted)
        return serve(environ, start_response)

    server.set_app(application)


# What a change to a file is; opening and reading one (as the check does) is not.
_CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})


def watch_closely(server: LiveReloadServer, path: str) -> None:
    """`serve` rebuilds as soon as a file below path changes, told by the operating system's file
    events; MkDocs' own watching polls every file twice a second (at 10,000 stories each poll
    takes a third of a second, and a save waited up to 0.8 s to be seen). Where no such events
    can be had (no inotify, too many watches), MkDocs' watching is used."""
    import watchdog.events
    import watchdog.observers

    def changed(event: watchdog.events.FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in _CHANGES:
            return
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = changed  # type: ignore[method-assign]
    observer = watchdog.observers.Observer()
    observer.daemon = True
    try:
        observer.schedule(handler, path, recursive=True)
        observer.start()
    except OSError:
        server.watch(path)
