"""The MkDocs plugin `archive`: runs the pipeline inside `mkdocs build`, `mkdocs serve` and
`generator build`. Each hook hands its moment to the build (publish/site_build.py).

MkDocs itself reads nothing from content/ (it is pointed at an empty folder) and renders none of
the archive's pages: the build renders them with the theme and writes them, so the build cannot
write into content/, and a failed check leaves the previous site as it was.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from generator import forking, urls
from generator.cache.pages import BuildCache
from generator.pages.render import TEMPLATES
from generator.publish import chrome, mkdocs_api
from generator.publish.minify import minified
from generator.publish.progress import Progress
from generator.publish.serve_memory import ServeMemory
from generator.publish.serve_problems import PAGE as PROBLEMS_PAGE
from generator.publish.serve_problems import ShownProblems
from generator.publish.shards import Shard
from generator.publish.site_build import SiteBuild
from generator.settings import DEFAULTS

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


class ArchiveConfig(Config):
    """The plugin's options in mkdocs.yml; their defaults are the settings' (generator/settings.py)."""

    content_dir = c.Optional(c.Dir(exists=True))  # default: the docs_dir
    drafts = c.Type(bool, default=DEFAULTS.drafts)
    feed_size = c.Type(int, default=DEFAULTS.feed_size)
    entity_feed_size = c.Type(int, default=DEFAULTS.entity_feed_size)
    max_image_megabytes = c.Type((int, float), default=DEFAULTS.max_image_megabytes)
    max_image_megapixels = c.Type((int, float), default=DEFAULTS.max_image_megapixels)


@dataclass
class BuildOptions:
    """How `generator build` runs the plugin; plain `mkdocs build` and `serve` use the defaults."""

    jobs: int = 1  # processes that check, render and write
    reuse_checks: bool = True  # off for `generator build --clean`: every story is checked again
    drafts: bool = False  # publish drafts too, whatever mkdocs.yml says
    build_cache: BuildCache | None = None  # which pages of the previous site can be reused
    shard: Shard | None = None  # write only this share of the site (`generator build --shard K/N`)
    progress: Progress = field(default_factory=lambda: Progress(enabled=False))


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    def __init__(self) -> None:
        self.options = BuildOptions()
        self.command = "build"
        self.dirty = False
        self.build: SiteBuild | None = None
        self.shown = ShownProblems()  # `serve`: whether the browser is shown the content's problems
        self.memory: ServeMemory | None = None  # `serve --dirty`: the last rebuild, for the next

    @contextlib.contextmanager
    def building(self, options: BuildOptions) -> Iterator[None]:
        """Run one build with these options; MkDocs keeps the plugin object, so they end with it."""
        self.options = options
        try:
            yield
        finally:
            self.options = BuildOptions()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # With on_startup defined, MkDocs keeps this one object for every rebuild of `serve`.
        self.command, self.dirty = command, dirty
        self.memory = ServeMemory() if command == "serve" and dirty else None
        if command == "serve":
            # Its first build runs before the server starts any thread: it can share the work among
            # every core. Rebuilds, with the server's threads about, run in this process alone.
            self.options = BuildOptions(jobs=forking.usable_cores())

    def on_shutdown(self) -> None:
        if self.memory is not None:
            self.memory.settle(stop=False)  # what follows the last save's pages, written before it ends

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.build = SiteBuild.start(
            config, dict(self.config), self.options, self.command, self.dirty, self.shown, self.memory
        )
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self._build.check_and_plan(config)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        return self._build.files(files, config)

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self._build.navigation(nav, files)
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        chrome.install(env)  # before any page, the theme's own (404.html) included
        self._build.write(env, config)
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # Every page as it is written: each link by its shortest way, then minified. The archive's
        # writer renders its pages through this hook, and a build that is not dirty (a plain
        # `mkdocs build`) writes the pages the navigation names once more through it.
        return minified(urls.shortest_links(output, page.file.dest_uri))

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        # The theme's own pages (404.html), written by MkDocs, are minified as the archive's are.
        return minified(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, config: MkDocsConfig) -> None:
        self._build.finish(config)

    def on_build_error(self, error: Exception) -> None:
        if self.build is not None:
            self.build.abandon()

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(TEMPLATES))
        mkdocs_api.watch_closely(server, str(self._build.settings.content_dir))  # MkDocs' docs_dir is empty
        memory, site_dir = self.memory, config.site_dir
        mkdocs_api.show_instead_of_pages(
            server,
            PROBLEMS_PAGE,
            lambda: self.shown.showing,
            (lambda path: memory.wait_for_page(site_dir, path)) if memory is not None else None,
        )
        return server

    @property
    def _build(self) -> SiteBuild:
        if self.build is None:
            raise RuntimeError("the archive plugin was used before MkDocs configured it")
        return self.build
