"""The MkDocs plugin: runs the pipeline inside `mkdocs build` and `mkdocs serve`.

Generated pages never touch the disk: they are handed to MkDocs as in-memory files,
so the build cannot write into content/.
"""

from __future__ import annotations

import calendar
import logging
import os
import shutil
import tempfile
from pathlib import Path

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
from generator.pages.render import TEMPLATES
from generator.publish import render_child
from generator.publish.progress import Progress
from generator.publish.sanitize import SafeIdsExtension, SafeSlugify, sanitize_html

log = logging.getLogger("mkdocs.plugins.archive")
_LEVELS = {ERROR: logging.ERROR, WARNING: logging.WARNING}


class ArchiveConfig(Config):
    content_dir = c.Optional(c.Dir(exists=True))  # default: the docs_dir
    drafts = c.Type(bool, default=False)


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    def __init__(self):
        self.generated: pipeline.Generated | None = None
        # Set by `generator build` for a build into a fresh folder beside the previous site.
        self.build_cache: BuildCache | None = None
        self.progress = Progress(enabled=False)
        # `generator build` turns this on: forked processes share the check, search index and rendering.
        self.parallel = False
        self.reuse_checks = True  # off for `generator build --clean`: every story is checked again
        self.serve_dirty = False
        self._child: render_child.ChildRender | None = None
        self._parent_share = 0
        self._present: set[str] = set()
        self._always: set[str] = set()
        self.warned: set[str] = set()
        self.watch: _WarningWatch | None = None
        self.content_dir = Path("content")

    def on_startup(self, *, command, dirty):
        # With on_startup defined, MkDocs keeps this one object for every rebuild of `serve`.
        # `mkdocs serve --dirty` rebuilds into the same folder and keeps what MkDocs skips,
        # so unchanged pages can stay there.
        self.serve_dirty = command == "serve" and dirty

    def end_generator_build(self) -> None:
        """Drop what `generator build` set: the object outlives the build in MkDocs' plugin cache."""
        self.build_cache = None
        self.parallel = False
        self.reuse_checks = True
        self.progress = Progress(enabled=False)

    def on_config(self, config):
        # The agreed URLs end in .html and must work from file://.
        config.use_directory_urls = False
        # MkDocs would walk content/ itself, following symbolic links (forever, for a link to
        # its own folder), and publish every file it finds. It walks an empty folder instead;
        # the pages come from the generator, which reads only what content/ may hold.
        self.content_dir = Path(self.config.content_dir or config.docs_dir)
        config.docs_dir = str(_empty_folder(self.content_dir))
        # Heading ids reach the theme's table of contents before the article is sanitised.
        config.markdown_extensions.append(SafeIdsExtension())
        config.mdx_configs.setdefault("toc", {})["slugify"] = SafeSlugify()
        return config

    def on_pre_build(self, config):
        # Before MkDocs cleans site_dir: bad content aborts with the old site intact.
        content_dir = self.content_dir
        if self.serve_dirty:
            project = Path(config.config_file_path).parent if config.config_file_path else content_dir.parent
            self.build_cache = BuildCache(cache_folder(project) / "serve.json", Path(config.site_dir))
        self.progress.start("checking content")
        checked = pipeline.check(
            content_dir,
            include_drafts=self.config.drafts,
            forked=self.parallel,
            cache=record_path(content_dir),
            reuse=self.reuse_checks,
        )
        for diagnostic in checked.diagnostics:
            log.log(_LEVELS.get(diagnostic.severity, logging.INFO), diagnostic.format())
        if not checked.ok:
            raise PluginError(f"content has problems ({summary(checked.diagnostics)}); nothing was built")
        self.progress.start("generating pages")
        try:
            self.generated = pipeline.generate(checked, forked=self.parallel)
        except StoryFailed as failed:
            log.error(failed.diagnostic.format())
            raise PluginError("generating the site failed (1 error); nothing was built") from None
        seconds = self.generated.seconds
        log.debug(
            f"{len(self.generated.pages)} pages generated in {seconds['pages']:.2f} s, "
            f"the search index ready at {seconds['search index']:.2f} s"
        )
        self._pin_build_date(checked)
        if self.build_cache is not None:
            others = [name for name in config.plugins if not name.endswith("archive")]
            if others:
                self.build_cache.reason = f"plugin {others[0]} reads every page"
                self.build_cache.site = ""
            else:
                self.build_cache.load(site_key(config))
        self.warned = set()
        self.watch = _WarningWatch(config, self.warned)
        logging.getLogger("mkdocs").addHandler(self.watch)

    def _pin_build_date(self, checked) -> None:
        """Dates MkDocs stamps (sitemap) come from the newest story, not the clock: same input, same bytes."""
        self._saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if self._saved_epoch is None and checked.archive.stories:
            newest = max(story.date.day for story in checked.archive.stories)
            os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(newest.timetuple()))

    def on_post_build(self, config):
        self._finish()
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

    def on_build_error(self, error):
        if self._child is not None:
            self._child.stop()
            self._child = None
        self._finish()

    def _finish(self) -> None:
        self.progress.finish()
        self._restore_epoch()
        if self.watch is not None:
            logging.getLogger("mkdocs").removeHandler(self.watch)
            self.watch = None

    def _restore_epoch(self) -> None:
        if getattr(self, "_saved_epoch", "unset") is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)

    def on_files(self, files: Files, config) -> Files:
        generated = self.generated
        # MkDocs walked an empty folder: what it lists are the theme's assets; every other file
        # of the site is the generator's.
        kept = Files([f for f in files if not f.src_uri.endswith(".md")])
        for path, text in generated.pages.items():
            kept.append(File.generated(config, path, content=text))
        for path, data in generated.files.items():
            kept.append(File.generated(config, path, content=data))
        return kept

    def on_nav(self, nav, config, files):
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
                file.is_modified = _unchanged if reused else _changed  # read by MkDocs' dirty build
                if not reused:
                    todo.append(file)
            self._fork_renderer(todo, nav, config, files)
        self.progress.start("rendering pages", len(pages) - (cache.reused if cache else 0))
        return nav

    def _fork_renderer(self, todo, nav, config, files) -> None:
        """Every other page that is not in the navigation goes to a second process."""
        if not self.parallel or not forking.available():
            return
        share = [f for f in todo if f.src_uri not in self._always][1::2]
        if len(share) < 50:
            return  # not worth a process
        for file in share:
            file.is_modified = _unchanged  # the child writes it; the parent's MkDocs skips it
        self._parent_share = len(todo) - len(share)
        self._child = render_child.ChildRender.start(
            [f.page for f in share], list(nav.pages), config, files, nav, self
        )

    def _join_renderer(self, files) -> None:
        child, self._child = self._child, None
        if self.watch is not None:  # replayed records belong to the child's pages, not the current one
            logging.getLogger("mkdocs").removeHandler(self.watch)
            self.watch = None
        report = child.join()
        render_child.replay_logs(report)
        render_child.merge(report, files)
        self.warned |= report.warned
        if self.build_cache is not None:
            self.build_cache.records.update(report.records)
            self.build_cache.rendered += report.rendered
        self.progress.step(report.rendered)

    def on_page_content(self, html, page, config, files):
        # Bodies come from strangers: whatever Markdown let through is cut to an allow-list.
        html = sanitize_html(html)
        file = page.file
        if self.build_cache is not None and self.build_cache.site and file.src_uri not in self._always:
            self.build_cache.record(
                file.src_uri,
                file.dest_uri,
                file.content_bytes,
                link_targets(html, file.dest_uri),
                self._present,
            )
        return html

    def on_post_page(self, output, page, config):
        self.progress.step()
        if self._child is not None:
            self._parent_share -= 1
            if self._parent_share == 0:  # the parent's last page: MkDocs checks anchors next
                self._join_renderer(self._files)
        return output

    def on_serve(self, server, config, builder):
        server.watch(str(TEMPLATES))
        server.watch(str(self.content_dir))  # MkDocs watches its docs_dir, which is now the empty folder
        return server


def _changed() -> bool:
    return True


def _unchanged() -> bool:
    return False


class _WarningWatch(logging.Handler):
    """Notes which page was being built when MkDocs warned: such a page is never reused."""

    def __init__(self, config, warned: set[str]):
        super().__init__(logging.WARNING)
        self.config, self.warned = config, warned

    def emit(self, record):
        page = getattr(self.config, "_current_page", None)
        if page is not None:
            self.warned.add(page.file.dest_uri)


def _empty_folder(content_dir: Path) -> Path:
    """A folder with nothing in it, at a path fixed per project (the build record hashes docs_dir)."""
    folder = cache_folder(content_dir.resolve().parent) / "empty-docs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for leftover in folder.iterdir():  # nothing is ever written here; remove whatever was
            shutil.rmtree(leftover) if leftover.is_dir() and not leftover.is_symlink() else leftover.unlink()
    except OSError:  # an unwritable cache folder costs page reuse, never the build
        folder = Path(tempfile.mkdtemp(prefix="archive-empty-docs-"))
    return folder
