"""The MkDocs plugin: runs the pipeline inside `mkdocs build` and `mkdocs serve`.

Generated pages never touch the disk: they are handed to MkDocs as in-memory files,
so the build cannot write into content/. MkDocs itself reads nothing from content/.
"""

from __future__ import annotations

import calendar
import contextlib
import gzip
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator import forking, pipeline
from generator.cache.checks import record_path
from generator.cache.folder import cache_folder
from generator.cache.pages import BuildCache, link_targets, site_key
from generator.diagnostics import ERROR, WARNING, StoryFailed, summary
from generator.media.encode import make_variants
from generator.media.probe import media_limits
from generator.pages.metadata import last_modified, sitemap_xml
from generator.pages.pictures import expand_images
from generator.pages.render import TEMPLATES
from generator.pages.settings import SiteSettings
from generator.publish import mkdocs_api, render_child
from generator.publish.progress import Progress
from generator.sanitize import SafeIdsExtension, SafeSlugify, sanitize_html

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.archive")
_LEVELS = {ERROR: logging.ERROR, WARNING: logging.WARNING}


class ArchiveConfig(Config):
    content_dir = c.Optional(c.Dir(exists=True))  # default: the docs_dir
    drafts = c.Type(bool, default=False)
    feed_size = c.Type(int, default=50)  # stories in the archive-wide feed, with their full text
    entity_feed_size = c.Type(int, default=20)  # stories in each tag's and person's feed
    max_image_megabytes = c.Type((int, float), default=20)  # one image file in content/media/, at most
    max_image_megapixels = c.Type((int, float), default=50)  # width × height of one image, at most


@dataclass
class BuildOptions:
    """How `generator build` runs the plugin; plain `mkdocs build` and `serve` use the defaults."""

    parallel: bool = False  # forked processes share the check, the search index and the rendering
    reuse_checks: bool = True  # off for `generator build --clean`: every story is checked again
    drafts: bool = False  # publish drafts too, whatever mkdocs.yml says
    build_cache: BuildCache | None = None  # which pages of the previous site can be reused
    progress: Progress = field(default_factory=lambda: Progress(enabled=False))


def site_settings(config: MkDocsConfig, archive: ArchiveConfig) -> SiteSettings:
    """What the pages stage needs from mkdocs.yml: for `generator build`, `mkdocs` and the export alike."""
    site_url = config.site_url or ""
    # As the site renders bodies, less the permalinks toc adds: a feed reader shows no headings menu.
    names = tuple(name for name in config.markdown_extensions if isinstance(name, str) and name != "toc")
    settings = {
        name: {k: v for k, v in config.mdx_configs.get(name, {}).items() if k != "slugify"} for name in names
    }
    return SiteSettings(
        site_name=config.site_name,
        site_url=site_url if not site_url or site_url.endswith("/") else site_url + "/",
        feed_size=archive.feed_size,
        entity_feed_size=archive.entity_feed_size,
        markdown_extensions=names,
        markdown_configs={name: value for name, value in settings.items() if value},
    )


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    def __init__(self) -> None:
        self.options = BuildOptions()
        self.content_dir = Path("content")
        self.serve_dirty = False  # `mkdocs serve --dirty`: unchanged pages stay in the served folder
        self.serve_cache: BuildCache | None = None
        self.generated: pipeline.Generated | None = None
        self.warned: set[str] = set()  # pages that logged a warning: never reused
        self.watch: _WarningWatch | None = None
        self._pinned_epoch = False  # SOURCE_DATE_EPOCH was set by this build, to be removed after it
        self._files: Files | None = None
        self._child: render_child.ChildRender | None = None
        self._parent_share = 0
        self._present: set[str] = set()
        self._always: set[str] = set()

    @contextlib.contextmanager
    def building(self, options: BuildOptions) -> Iterator[None]:
        """Run one build with these options; MkDocs keeps the plugin object, so they end with it."""
        self.options = options
        try:
            yield
        finally:
            self.options = BuildOptions()

    @property
    def build_cache(self) -> BuildCache | None:
        return self.options.build_cache or self.serve_cache

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # With on_startup defined, MkDocs keeps this one object for every rebuild of `serve`.
        # `mkdocs serve --dirty` rebuilds into the same folder and keeps what MkDocs skips,
        # so unchanged pages can stay there.
        self.serve_dirty = command == "serve" and dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        mkdocs_api.check()
        # The agreed URLs end in .html and must work from file://.
        config.use_directory_urls = False
        # MkDocs would walk content/ itself, following symbolic links (forever, for a link to
        # its own folder), and publish every file it finds. It walks an empty folder instead;
        # the pages come from the generator, which reads only what content/ may hold.
        self.content_dir = Path(self.config.content_dir or config.docs_dir)
        config.docs_dir = str(_empty_folder(self.content_dir))
        # Heading ids reach the theme's table of contents before the article is sanitised.
        config.markdown_extensions.append(SafeIdsExtension())  # type: ignore[arg-type]
        config.mdx_configs.setdefault("toc", {})["slugify"] = SafeSlugify()
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        # Before MkDocs cleans site_dir: bad content aborts with the old site intact.
        options, content_dir = self.options, self.content_dir
        if self.serve_dirty:
            project = Path(config.config_file_path).parent if config.config_file_path else content_dir.parent
            self.serve_cache = BuildCache(cache_folder(project) / "serve.json", Path(config.site_dir))
        options.progress.start("checking content")
        checked = pipeline.check(
            content_dir,
            include_drafts=self.config.drafts or options.drafts,
            forked=options.parallel,
            cache=record_path(content_dir),
            reuse=options.reuse_checks,
            limits=media_limits(self.config),
        )
        for diagnostic in checked.diagnostics:
            log.log(_LEVELS.get(diagnostic.severity, logging.INFO), diagnostic.format())
        if not checked.ok:
            raise PluginError(f"content has problems ({summary(checked.diagnostics)}); nothing was built")
        options.progress.start("generating pages")
        try:
            generated = self.generated = pipeline.generate(
                checked, options.parallel, site_settings(config, self.config)
            )
        except StoryFailed as failed:
            log.error(failed.diagnostic.format())
            raise PluginError("generating the site failed (1 error); nothing was built") from None
        seconds = generated.seconds
        log.debug(
            f"{len(generated.pages)} pages generated in {seconds['pages']:.2f} s, "
            f"the search index ready at {seconds['search index']:.2f} s"
        )
        self._pin_build_date(checked)
        cache = self.build_cache
        if cache is not None:
            others = [name for name in config.plugins if not name.endswith("archive")]
            if others:
                cache.reason = f"plugin {others[0]} reads every page"
                cache.site = ""
            else:
                cache.load(site_key(config))
        self.warned = set()
        self.watch = _WarningWatch(config, self.warned)
        logging.getLogger("mkdocs").addHandler(self.watch)

    def _pin_build_date(self, checked: pipeline.Checked) -> None:
        """Dates MkDocs stamps (sitemap) come from the newest story, not the clock: same input, same bytes."""
        if "SOURCE_DATE_EPOCH" not in os.environ and checked.archive.stories:
            newest = max(story.date.day for story in checked.archive.stories)
            os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(newest.timetuple()))
            self._pinned_epoch = True

    def on_post_build(self, config: MkDocsConfig) -> None:
        self._finish()
        self._write_sitemap(config)
        cache = self.build_cache
        if cache is not None:
            for dest in self.warned:
                cache.forget(dest)
            if self.serve_dirty:  # `generator build` saves its own, once the new site is in place
                cache.save(Path(config.site_dir))
            log.info(
                f"{cache.rendered} pages rendered, {cache.reused} reused from the previous build"
                + (f" ({cache.reason})" if cache.reason and not cache.reused else "")
            )

    def _write_sitemap(self, config: MkDocsConfig) -> None:
        """MkDocs dates every page of its sitemap with the build; the archive knows when each
        page last changed. Without site_url a sitemap cannot be written (it needs addresses)."""
        if not config.site_url or self.generated is None or self._files is None:
            return
        site_url = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        pages = [file.dest_uri for file in self._files.documentation_pages()]
        text = sitemap_xml(site_url, pages, last_modified(self.generated.indexes)).encode("utf-8")
        site_dir = Path(config.site_dir)
        (site_dir / "sitemap.xml").write_bytes(text)
        with (
            open(site_dir / "sitemap.xml.gz", "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed,
        ):
            packed.write(text)  # mtime 0: the same site gives the same bytes

    def on_build_error(self, error: Exception) -> None:
        if self._child is not None:
            self._child.stop()
            self._child = None
        self._finish()

    def _finish(self) -> None:
        self.options.progress.finish()
        if self._pinned_epoch:  # a date the caller gave stays
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self._pinned_epoch = False
        if self.watch is not None:
            logging.getLogger("mkdocs").removeHandler(self.watch)
            self.watch = None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        generated = self.generated
        if generated is None:
            raise PluginError("the archive's pages were not generated before MkDocs listed its files")
        # MkDocs walked an empty folder: what it lists are the theme's assets; every other file
        # of the site is the generator's.
        kept = Files([f for f in files if not f.src_uri.endswith(".md")])
        for path, text in generated.pages.items():
            kept.append(File.generated(config, path, content=text))
        for path, data in generated.files.items():
            kept.append(File.generated(config, path, content=data))
        self.options.progress.start("making image variants")
        images = cache_folder(self.content_dir.resolve().parent) / "media"
        try:
            variants = make_variants(generated.checked.archive.media.values(), self.content_dir, images)
        except StoryFailed as failed:
            log.error(failed.diagnostic.format())
            raise PluginError("making the pictures failed (1 error); nothing was built") from None
        for path, made in variants.items():
            kept.append(File.generated(config, path, abs_src_path=str(made)))
        return kept

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self._files = files
        pages = files.documentation_pages()
        cache = self.build_cache
        # Pages in the navigation carry every page's titles: always render them.
        self._always = {page.file.src_uri for page in nav.pages}
        if cache is not None and cache.site:
            self._present = {f.dest_uri for f in files} | {f.src_uri for f in files}
            staging = Path(config.site_dir)
            todo = []
            for file in pages:
                reused = file.src_uri not in self._always and cache.try_reuse(
                    file.src_uri, file.dest_uri, file.content_bytes, self._present, staging
                )
                if reused:
                    mkdocs_api.mark_done(file)
                else:
                    mkdocs_api.mark_to_render(file)
                    todo.append(file)
            self._fork_renderer(todo, nav, config, files)
        self.options.progress.start("rendering pages", len(pages) - (cache.reused if cache else 0))
        return nav

    def _fork_renderer(self, todo: list[File], nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        """Every other page that is not in the navigation goes to a second process."""
        if not self.options.parallel or not forking.available():
            return
        share = [f for f in todo if f.src_uri not in self._always][1::2]
        if len(share) < 50:
            return  # not worth a process
        for file in share:
            mkdocs_api.mark_done(file)  # the child writes it; the parent's MkDocs skips it
        self._parent_share = len(todo) - len(share)
        self._child = render_child.ChildRender.start(
            render_child.Share(
                pages=render_child.pages_of(share),
                nav_pages=list(nav.pages),
                config=config,
                files=files,
                nav=nav,
                watch=self.watch,
                warned=self.warned,
                build_cache=self.build_cache,
                progress=self.options.progress,
            )
        )

    def _join_renderer(self, child: render_child.ChildRender, files: Files) -> None:
        if self.watch is not None:  # replayed records belong to the child's pages, not the current one
            logging.getLogger("mkdocs").removeHandler(self.watch)
            self.watch = None
        report = child.join()
        render_child.replay_logs(report)
        render_child.merge(report, files)
        self.warned |= report.warned
        cache = self.build_cache
        if cache is not None:
            cache.records.update(report.records)
            cache.rendered += report.rendered
        self.options.progress.step(report.rendered)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Bodies come from strangers: whatever Markdown let through is cut to an allow-list.
        # Charts are the generator's own SVG, on pages that hold no contributor HTML; never on stories.
        html = sanitize_html(html, charts=not page.file.src_uri.startswith("stories/"))
        if self.generated is not None:  # images of content/media/ become responsive, after sanitising
            html = expand_images(html, page.file.dest_uri, self.generated.checked.archive.media)
        file, cache = page.file, self.build_cache
        if cache is not None and cache.site and file.src_uri not in self._always:
            links = link_targets(html, file.dest_uri)
            cache.record(file.src_uri, file.dest_uri, file.content_bytes, links, self._present)
        return html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        self.options.progress.step()
        child = self._child
        if child is not None:
            self._parent_share -= 1
            if self._parent_share == 0 and self._files is not None:  # the parent's last page: anchors next
                self._child = None
                self._join_renderer(child, self._files)
        return output

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(TEMPLATES))
        server.watch(str(self.content_dir))  # MkDocs watches its docs_dir, which is now the empty folder
        return server


class _WarningWatch(logging.Handler):
    """Notes which page was being built when MkDocs warned: such a page is never reused."""

    def __init__(self, config: MkDocsConfig, warned: set[str]) -> None:
        super().__init__(logging.WARNING)
        self.config, self.warned = config, warned

    def emit(self, record: logging.LogRecord) -> None:
        page = mkdocs_api.current_page(self.config)
        if page is not None:
            self.warned.add(page.file.dest_uri)


def _empty_folder(content_dir: Path) -> Path:
    """A folder with nothing in it, at a path fixed per project (the build record hashes docs_dir)."""
    folder = cache_folder(content_dir.resolve().parent) / "empty-docs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for leftover in folder.iterdir():  # nothing is ever written here; remove whatever was
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()
    except OSError:  # an unwritable cache folder costs page reuse, never the build
        folder = Path(tempfile.mkdtemp(prefix="archive-empty-docs-"))
    return folder
