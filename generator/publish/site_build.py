"""One build of the site inside MkDocs, moment by moment: the plugin's hooks call these in order.

start           settings from mkdocs.yml; MkDocs pointed at an empty folder
check_and_plan  content checked (a problem stops the build before MkDocs cleans anything),
                indexes and every page planned
files, navigation  MkDocs told of the pages in its navigation, and that they are done
write           every page rendered with the theme and every file written (publish/writer.py)
finish          the sitemap, the record of what was written

Under `mkdocs serve --dirty` a build starts from the last one, kept in memory (serve_memory.py):
it plans again only what the save changed (pages/replan.py), writes the pages the browser is to
reload, and leaves the rest to a thread started in `finish` (_after_pages): the pages still to
come, each page a request waits for first, then the outputs made from every story.
"""

from __future__ import annotations

import calendar
import dataclasses
import gc
import gzip
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from threading import Event
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator import collector, forking, pipeline, urls
from generator.cache.folder import cache_folder
from generator.cache.pages import BuildCache, site_key
from generator.diagnostics import ERROR, WARNING, Diagnostic, StoryFailed, summary
from generator.pages.contexts import PageSpec
from generator.pages.metadata import last_modified, sitemap_xml
from generator.pages.plan import Selection, Site, page_specs
from generator.pages.replan import replan
from generator.publish import icons, mkdocs_api, palette, scripts, stylesheets
from generator.publish.progress import Progress
from generator.publish.serve_memory import PagesToCome, ServeMemory
from generator.publish.serve_problems import ShownProblems
from generator.publish.settings import settings_from
from generator.publish.writer import Theme, Writer
from generator.settings import Settings

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation

    from generator.publish.plugin import BuildOptions

log = logging.getLogger("mkdocs.plugins.archive")
# Pages a save has rendered before the browser is told to reload; when more must be, the pages of
# stories and listings come after, a page the browser asks for first (`serve` holds the request).
FRESH_NOW = 200
_ONE_OF_MANY = ("story.html.j2", "entity.html.j2", "listing.html.j2")  # the templates of such pages
_LEVELS = {ERROR: logging.ERROR, WARNING: logging.WARNING}


class SiteBuild:
    def __init__(
        self,
        settings: Settings,
        options: BuildOptions,
        command: str,
        dirty: bool,
        shown: ShownProblems,
        memory: ServeMemory | None = None,
    ) -> None:
        self.settings, self.options = settings, options
        self.serving = command == "serve"
        self.serving_in_place = self.serving and dirty
        self.shown = shown
        # `serve --dirty` only: the last rebuild, in memory. With it, an edit of stories in place
        # renders only the pages that show them (`fresh`), and every rebuild of a running `serve`
        # writes the outputs (search, feeds, data, sitemap) once the browser has the pages.
        self.memory = memory if self.serving_in_place else None
        self.fresh: list[PageSpec] | None = None
        self.outputs_later = False
        self.said = ""  # with `fresh`: what changed since the last rebuild
        # The first build of `serve`: the site-wide pages now, every other page after (`specs` holds
        # the first ones until then).
        self.first_pages_only = False
        self.later: list[PageSpec] = []  # pages still to come from an earlier rebuild, written after
        self._theme: Theme | None = None
        # `serve` only: what stopped this build. The site is left as it was, and the browser shows these.
        self.failure: tuple[Diagnostic, ...] = ()
        self.site: Site | None = None
        self.specs: list[PageSpec] = []
        self.cache: BuildCache | None = None
        self._pinned_epoch = False
        self._collecting = False  # the cycle collector is paused by this build, to be resumed
        self.scripts: str | None = None  # the theme's page scripts joined (publish/scripts.py)
        self.stylesheet: str | None = None  # the pages' stylesheets joined (publish/stylesheets.py)
        self.joined: set[str] = set()  # the files those two hold, which no page names any more
        self.assets: dict[str, str] = {}  # what the theme's pages need that the build makes (theme_assets)

    @classmethod
    def start(
        cls,
        config: MkDocsConfig,
        plugin_options: dict[str, Any],
        options: BuildOptions,
        command: str,
        dirty: bool,
        shown: ShownProblems,
        memory: ServeMemory | None = None,
    ) -> SiteBuild:
        mkdocs_api.check()
        settings = settings_from(config, plugin_options)
        if options.drafts:
            settings = dataclasses.replace(settings, drafts=True)
        # The agreed URLs end in .html and must work from file://.
        config.use_directory_urls = False
        # MkDocs would walk content/ itself, following symbolic links (forever, for a link to its
        # own folder), and publish every file it finds. It walks an empty folder instead.
        config.docs_dir = str(_empty_folder(settings.project_dir))
        build = cls(settings, options, command, dirty, shown, memory)
        paths = scripts.bundled(config.extra_javascript)
        build.scripts = scripts.joined(paths, [Path(folder) for folder in config.theme.dirs])
        build.joined.update(scripts.HEADER_PARTS)  # always joined, into the header's script
        if build.scripts is not None:
            config.extra_javascript = scripts.with_bundle(config.extra_javascript, paths)
            build.joined.update(paths)
        build.assets = theme_assets(config)
        sheets = _joined_stylesheet(config, build.assets)
        if sheets is not None:
            build.stylesheet, sources = sheets
            build.joined.update(sources)
        return build

    def check_and_plan(self, config: MkDocsConfig) -> None:
        options, progress, memory = self.options, self.options.progress, self.memory
        if memory is not None:
            memory.settle(stop=True)  # what the last rebuild left to do stops: this save outdates it
            # Until the browser reloads, no pass of the cycle collector over the whole site kept in
            # memory (it doubled the time of a rebuild at 10,000 stories); it runs after.
            self._collecting = gc.isenabled()
            gc.disable()
        progress.start("checking content")
        check_options = pipeline.CheckOptions(
            drafts=self.settings.drafts,
            jobs=options.jobs,
            reuse=options.reuse_checks,
            # The record on disk is for the next run; within one `serve`, the memory is faster.
            record=memory is None or not memory.check.context,
        )
        checked = pipeline.check(self.settings, check_options, memory.check if memory else None)
        for diagnostic in checked.diagnostics:
            log.log(_LEVELS.get(diagnostic.severity, logging.INFO), diagnostic.format())
        if not checked.ok:
            if self.serving:  # the server goes on answering: with the problems, until they are fixed
                self._fail(config, checked.diagnostics)
                return
            raise PluginError(f"content has problems ({summary(checked.diagnostics)}); nothing was built")
        progress.start("planning pages")
        with collector.paused():  # the site's pages planned: hundreds of thousands of lasting objects
            self._plan(checked)
        assert self.site is not None
        self._pin_build_date(self.site)
        _leave_out_of_navigation(config, {urls.source(spec.path) for spec in self.specs})
        self.cache = options.build_cache
        if self.serving_in_place:
            self.cache = BuildCache(
                cache_folder(self.settings.project_dir) / "serve.json", Path(config.site_dir)
            )
        if self.cache is not None:
            others = [name for name in config.plugins if not name.endswith("archive")]
            if others:  # another plugin may act on every page: render them all
                self.cache.reason, self.cache.site = f"plugin {others[0]} acts on every page", ""
            else:
                self.cache.load(site_key(config))
        # Only over a folder as the last rebuild left it (same templates, settings and code).
        same_site = self.memory is not None and self.cache is not None and bool(self.cache.previous)
        if not same_site:
            self.fresh, self.later = None, []  # every page now
        self.outputs_later = self.first_pages_only or (
            same_site and self.memory is not None and bool(self.memory.specs)
        )

    def _plan(self, checked: pipeline.Checked) -> None:
        """Every page planned; under `serve --dirty`, after stories edited in place, only the pages
        that show them are planned again, the rest kept from the last rebuild; for its first build
        into a folder with no pages yet, only the site-wide pages (the others are planned after them)."""
        memory = self.memory
        if memory is not None and memory.site is None and not memory.wrote_pages:
            self.site = pipeline.plan(checked, self.settings)
            self.specs = page_specs(self.site, Selection())
            self.first_pages_only = True
            return
        replanned = (
            replan(memory.site, memory.specs, checked.archive, self.settings)
            if memory and memory.site
            else None
        )
        if memory is not None and replanned is not None:
            kept, self.site = replanned.selection.kept, replanned.site
            planned = page_specs(self.site, replanned.selection)
            changed = {spec.path for spec in planned if kept.get(spec.path) is not spec}
            # Every spec made again from this site (a moment's work: contexts are made when rendered);
            # a kept one would hold the last site, and each one before it, as long as `serve` runs.
            self.specs = page_specs(self.site)
            fresh = [spec for spec in self.specs if spec.path in changed]
            if len(fresh) > FRESH_NOW:  # a change shown on many pages (a person renamed): the site-wide
                later = {spec.path for spec in fresh if spec.template in _ONE_OF_MANY}  # ones now
                fresh = [spec for spec in fresh if spec.path not in later]
            else:
                later = set()
            now = {spec.path for spec in fresh}
            self.fresh = fresh
            self.later = [
                spec
                for spec in self.specs
                if (spec.path in memory.unwritten or spec.path in later) and spec.path not in now
            ]
            self.said = replanned.said
            return
        self.site = pipeline.plan(checked, self.settings)
        self.specs = page_specs(self.site)

    def files(self, files: Files, config: MkDocsConfig) -> Files:
        """The theme's assets, and the pages the navigation names (MkDocs renders them in every page)."""
        named = set(_nav_sources(config.nav or []))
        unused = _unused_theme_files(config, self.joined)
        kept = Files([f for f in files if not f.src_uri.endswith(".md") and not unused(f.src_uri)])
        for path, text in self.assets.items():
            if not unused(path):
                kept.append(File.generated(config, path, content=text))
        if self.scripts is not None:
            kept.append(File.generated(config, scripts.BUNDLE, content=self.scripts))
        if self.stylesheet is not None:
            kept.append(File.generated(config, stylesheets.SHEET, content=self.stylesheet))
        for spec in self.specs:
            source = urls.source(spec.path)
            if source in named:
                kept.append(File.generated(config, source, content=""))
        return kept

    def navigation(self, nav: Navigation, files: Files) -> None:
        self._nav, self._doc_files = nav, files.documentation_pages()
        for file in self._doc_files:
            mkdocs_api.mark_done(file)  # the archive renders it; MkDocs' build skips it

    def write(self, env: Environment, config: MkDocsConfig) -> None:
        if self.failure:
            return
        assert self.site is not None
        # One build, fixed templates: Jinja need not stat every template file again at each of the
        # tens of thousands of includes the theme makes (a tenth of a build's time).
        env.auto_reload = False
        if self.memory is not None:
            env.bytecode_cache = self.memory.templates
        nav_pages = {file.dest_uri: file.page for file in self._doc_files if file.page is not None}
        theme = Theme(config, self._nav, env, self._doc_files, nav_pages)
        self._theme = theme
        writer = Writer(
            self.site,
            self.specs if self.fresh is None else self.fresh,
            theme,
            Path(config.site_dir),
            cache_folder(self.settings.project_dir),
            self.cache,
            self.options.progress,
            self.options.shard,
            outputs=not self.outputs_later,
            pictures=self.fresh is None,
        )
        jobs = self.options.jobs if forking.can_fork() else 1
        if self.memory is not None:
            self.memory.wrote_pages = True
        try:
            report = writer.write(jobs)
        except StoryFailed as failed:
            log.error(failed.diagnostic.format())
            if self.serving:
                self._fail(config, (failed.diagnostic,), pages_written=True)
                return
            raise PluginError("generating the site failed (1 error); nothing was built") from None
        if self.cache is not None:
            if self.fresh is not None and self.memory is not None:  # the other pages stay as they are
                report.reused = len(self.specs) - report.rendered - len(self.later)
                were_pages = {spec.path for spec in self.memory.specs}
                are_pages = {spec.path for spec in self.specs}
                self.cache.records.update(
                    (path, record)
                    for path, record in self.cache.previous.items()
                    if path in are_pages or path not in were_pages  # a page gone is removed, files are kept
                )
            elif self.outputs_later and self.memory is not None:  # the outputs stay until they are made
                pages = {spec.path for spec in self.memory.specs}
                self.cache.records.update(
                    (path, record)
                    for path, record in self.cache.previous.items()
                    if record.key and path not in pages
                )
            self.cache.records.update(report.records)
            self.cache.rendered, self.cache.reused = report.rendered, report.reused
        self.options.progress.finish()
        if self.first_pages_only:
            log.info(
                f"{report.rendered} site-wide pages rendered first; the other pages follow, "
                "each page the browser asks for next, then search, feeds and data"
            )
            return
        log.info(
            (f"{self.said}: " if self.fresh is not None else "")
            + f"{report.rendered} pages rendered, {report.reused} reused from the previous build, "
            + (
                f"{report.files} other files written"
                if not self.outputs_later
                else "search, feeds and data follow in a moment"
            )
            + (f", {report.kept} of them linked unchanged" if report.kept else "")
            + (f" ({self.cache.reason})" if self.cache and self.cache.reason and not report.reused else "")
            + (
                f"; {len(self.later)} more pages follow, a page the browser asks for first"
                if self.later
                else ""
            )
        )

    def _fail(
        self, config: MkDocsConfig, diagnostics: tuple[Diagnostic, ...], pages_written: bool = False
    ) -> None:
        """`serve` only: the rest of this build leaves the site alone, and the browser is told why."""
        self.failure = diagnostics
        self.site, self.specs = None, []
        if self.memory is not None and pages_written:  # a page failed: others may be half rebuilt
            self.memory.forget_site()
        _leave_out_of_navigation(config, set())  # no page is made: MkDocs looks for none
        log.error(
            f"content has problems ({summary(diagnostics)}); the browser shows them until a save fixes them"
        )

    def finish(self, config: MkDocsConfig) -> None:
        self._resume_collector()
        site_dir = Path(config.site_dir)
        if self.failure:
            self.shown.show(site_dir, self.failure, config.site_name)
            self.abandon()
            return
        if self.serving:
            self.shown.clear(site_dir)
        if not self.outputs_later:
            self._write_sitemap(config)
        if self.serving_in_place and self.cache is not None:
            # Built into the folder it serves: what the previous build made and this one did not
            # (a deleted story's page, a renamed tag's feed) would still be served.
            for path in sorted(self.cache.previous_paths - self.cache.records.keys()):
                _remove_inside(site_dir, path)
            self.cache.save(site_dir)  # `generator build` saves its own, once the site is in place
        memory = self.memory
        if memory is not None and self.site is not None and self.cache is not None:
            if not self.first_pages_only:
                memory.remember(self.site, self.specs)
                memory.unwritten = {spec.path for spec in self.later}
            if self.first_pages_only or self.outputs_later:
                memory.to_come = PagesToCome()  # before this build ends: the server asks it first
                if not self.first_pages_only:  # and a page still to come is held until it is written
                    memory.to_come.planned(spec.path for spec in self.later)
                memory.after(self._after_pages(config, memory, self.cache))
                self.options.progress.finish()
                return  # the build date stays pinned until the work after the pages ends
        self.abandon()

    def _after_pages(
        self, config: MkDocsConfig, memory: ServeMemory, cache: BuildCache
    ) -> Callable[[Event], None]:
        """What `serve` writes once the browser has this rebuild's pages: the pages still to come
        (every page but the site-wide ones, after the first build), a page the browser asks for
        first, then the search files, feeds, data and sitemap, made from every story, and what of
        the last rebuild's outputs they replace removed. Stops between two files when a new save
        comes: the pages not written stay to come, the outputs are made again."""
        site, theme, site_dir, to_come = self.site, self._theme, Path(config.site_dir), memory.to_come
        assert site is not None and theme is not None and to_come is not None

        def written(path: str) -> None:
            memory.unwritten.discard(path)
            to_come.written(path)

        def work(stop: Event) -> None:
            try:
                if self.first_pages_only:
                    first = {spec.path for spec in self.specs}
                    self.specs = page_specs(site)
                    later = [spec for spec in self.specs if spec.path not in first]
                    memory.remember(site, self.specs)
                    memory.unwritten = {spec.path for spec in later}
                    to_come.planned(spec.path for spec in later)
                else:
                    later = self.later
                writer = Writer(
                    site,
                    later,
                    theme,
                    site_dir,
                    cache_folder(self.settings.project_dir),
                    cache,
                    Progress(enabled=False),
                    outputs=False,
                    pictures=False,
                )
                pages = writer.write_asked_first(to_come.asked, written, stop)
                cache.records.update(pages.records)
                outputs = writer.write_outputs(stop) if not pages.stopped else pages
                if outputs.stopped:
                    cache.save(site_dir)  # what was written; the rest is for the next rebuild
                    log.info(f"a new save: stopped after {pages.rendered} more pages, the rest follows it")
                    return
                page_paths = {spec.path for spec in self.specs}
                for path, record in list(cache.records.items()):
                    if path not in page_paths and record.key and path not in outputs.records:  # not made now
                        _remove_inside(site_dir, path)
                        del cache.records[path]
                cache.records.update(outputs.records)
                self._write_sitemap(config)
                cache.save(site_dir)
                log.info(
                    (f"{pages.rendered} more pages rendered; " if later else "")
                    + f"search, feeds and data written ({outputs.kept} of {outputs.files} files unchanged)"
                )
            except StoryFailed as failed:
                log.error(failed.diagnostic.format())
                self.shown.show(site_dir, (failed.diagnostic,), config.site_name)
                memory.forget_site()  # the next save builds it all, and shows the problem if it stays
            except Exception as exc:  # noqa: BLE001 - a bug: said, and the next save builds it all
                log.error(f"writing the site after its first pages failed ({exc}); please report it")
                memory.forget_site()
            finally:
                to_come.over()
                memory.to_come = None
                self.abandon()

        return work

    def _resume_collector(self) -> None:
        if self._collecting:
            gc.enable()
            self._collecting = False

    def abandon(self) -> None:
        self._resume_collector()
        self.options.progress.finish()
        if self._pinned_epoch:  # a date the caller gave stays
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self._pinned_epoch = False

    def _pin_build_date(self, site: Site) -> None:
        """Dates MkDocs stamps come from the newest story, not the clock: same input, same bytes."""
        if "SOURCE_DATE_EPOCH" not in os.environ and site.archive.stories:
            newest = max(story.date.day for story in site.archive.stories)
            os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(newest.timetuple()))
            self._pinned_epoch = True

    def _write_sitemap(self, config: MkDocsConfig) -> None:
        """MkDocs dates every page of its sitemap with the build, and knows only the pages in the
        navigation; the archive knows every page and when each last changed. Without site_url a
        sitemap cannot be written (it needs addresses): MkDocs' own is removed."""
        site_dir = Path(config.site_dir)
        if not self.settings.site_url or self.site is None:
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                (site_dir / name).unlink(missing_ok=True)
            return
        pages = [spec.path for spec in self.specs]
        text = sitemap_xml(self.settings.site_url, pages, last_modified(self.site.indexes)).encode("utf-8")
        (site_dir / "sitemap.xml").write_bytes(text)
        with (
            open(site_dir / "sitemap.xml.gz", "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed,
        ):
            packed.write(text)  # mtime 0: the same site gives the same bytes


def _nav_sources(items: Iterable[Any]) -> Iterable[str]:
    """Every page a `nav:` of mkdocs.yml names, however nested."""
    for item in items:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for value in item.values():
                yield from _nav_sources([value] if isinstance(value, str) else value)


def _leave_out_of_navigation(config: MkDocsConfig, made: set[str]) -> None:
    if config.nav:
        config.nav = navigation_of(list(config.nav), made)


def theme_assets(config: MkDocsConfig) -> dict[str, str]:
    """What the theme's pages need that the build makes from mkdocs.yml, by its path in the site:
    the header's icons, and its scripts with the palette options. The export writes the same."""
    folders = [Path(folder) for folder in config.theme.dirs]
    return {
        icons.STYLESHEET: icons.for_config(config),
        scripts.HEADER: scripts.header(palette.for_config(config), folders),
    }


def _joined_stylesheet(config: MkDocsConfig, assets: dict[str, str]) -> tuple[str, list[str]] | None:
    """Material's sheets, the icons' and extra_css's local ones as one (publish/stylesheets.py), and
    the sheets it holds, with extra_css naming it instead; None, and mkdocs.yml's as they are, where
    they cannot be joined."""
    folders = [Path(folder) for folder in config.theme.dirs]
    material = stylesheets.material_sheets(folders, bool(config.theme.get("palette")))
    if material is None:
        return None
    local = stylesheets.plain(config.extra_css)
    sources = [*material, icons.STYLESHEET, *local]
    sheet = stylesheets.joined(sources, folders, assets)
    if sheet is None:
        return None
    config.extra_css = stylesheets.with_sheet(config.extra_css, local)
    return sheet, sources


# Material's search, which this site replaces with its own (a web worker cannot start from disk).
_MATERIAL_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


def _unused_theme_files(config: MkDocsConfig, joined: set[str]) -> Callable[[str], bool]:
    """What of the theme no page of this site asks for, by its path: the files joined into one
    (which pages name instead), Material's search unless mkdocs.yml turns it on, and source maps (for
    a browser's developer tools alone). At 10,000 stories they were 240 bytes a story."""
    material_search = any(name in ("search", "material/search") for name in config.plugins)

    def unused(path: str) -> bool:
        return (
            path in joined
            or path.endswith(".map")
            or (not material_search and path.startswith(_MATERIAL_SEARCH))
        )

    return unused


def navigation_of(items: list[Any], made: set[str]) -> list[Any]:
    """`nav:` less its entries for pages the archive does not make this time (no authors
    registered: no Authors page), rather than links to nothing; `made` holds their sources."""
    out = []
    for item in items:
        if isinstance(item, str) and item.endswith(".md") and item not in made:
            continue
        if isinstance(item, dict):
            item = {
                k: v
                for k, v in item.items()
                if not (isinstance(v, str) and v.endswith(".md") and v not in made)
            }
            item = {k: navigation_of(v, made) if isinstance(v, list) else v for k, v in item.items()}
            if not item:
                continue
        out.append(item)
    return out


def _remove_inside(site_dir: Path, path: str) -> None:
    """A file the build record names, removed: only inside the site's folder (the record is read
    back from the cache folder, and a path in it could point anywhere)."""
    if not os.path.isabs(path) and ".." not in Path(path).parts:
        (site_dir / path).unlink(missing_ok=True)


def _empty_folder(project: Path) -> Path:
    """A folder with nothing in it, at a path fixed per project (the build record hashes docs_dir)."""
    folder = cache_folder(project) / "empty-docs"
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
