"""The MkDocs plugin: runs the pipeline inside `mkdocs build` and `mkdocs serve`.

Generated pages never touch the disk: they are handed to MkDocs as in-memory files,
so the build cannot write into content/.
"""

from __future__ import annotations

import calendar
import logging
import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import pipeline
from .errors import ERROR, WARNING, summary
from .load import PEOPLE_FILE, STORIES_DIR, TAGS_FILE
from .render import TEMPLATES
from .sanitize import sanitize_html

log = logging.getLogger("mkdocs.plugins.archive")
_LEVELS = {ERROR: logging.ERROR, WARNING: logging.WARNING}


class ArchiveConfig(Config):
    content_dir = c.Optional(c.Dir(exists=True))  # default: the docs_dir
    drafts = c.Type(bool, default=False)


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    def __init__(self):
        self.generated: pipeline.Generated | None = None

    def on_config(self, config):
        # The agreed URLs end in .html and must work from file://.
        config.use_directory_urls = False
        return config

    def on_pre_build(self, config):
        # Before MkDocs cleans site_dir: bad content aborts with the old site intact.
        content_dir = Path(self.config.content_dir or config.docs_dir)
        checked = pipeline.check(content_dir, include_drafts=self.config.drafts)
        for diagnostic in checked.diagnostics:
            log.log(_LEVELS.get(diagnostic.severity, logging.INFO), diagnostic.format())
        if not checked.ok:
            raise PluginError(f"content has problems ({summary(checked.diagnostics)}); nothing was built")
        self.generated = pipeline.generate(checked)
        self._pin_build_date(checked)

    def _pin_build_date(self, checked) -> None:
        """Dates MkDocs stamps (sitemap) come from the newest story, not the clock: same input, same bytes."""
        self._saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if self._saved_epoch is None and checked.archive.stories:
            newest = max(story.date.day for story in checked.archive.stories)
            os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(newest.timetuple()))

    def on_post_build(self, config):
        self._restore_epoch()

    def on_build_error(self, error):
        self._restore_epoch()

    def _restore_epoch(self) -> None:
        if getattr(self, "_saved_epoch", "unset") is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)

    def on_files(self, files: Files, config) -> Files:
        generated = self.generated
        kept = Files([f for f in files if not _is_source(f.src_uri)])
        clashes = sorted(p for p in generated.pages if kept.get_file_from_path(p) is not None)
        if clashes:
            raise PluginError("these files in content/ would overwrite generated pages: " + ", ".join(clashes))
        for path, text in generated.pages.items():
            kept.append(File.generated(config, path, content=text))
        for path, data in generated.files.items():
            kept.append(File.generated(config, path, content=data))
        return kept

    def on_page_content(self, html, page, config, files):
        # Bodies come from strangers: whatever Markdown let through is cut to an allow-list.
        return sanitize_html(html)

    def on_serve(self, server, config, builder):
        server.watch(str(TEMPLATES))
        return server


def _is_source(src_uri: str) -> bool:
    if src_uri in (PEOPLE_FILE, TAGS_FILE):
        return True
    return src_uri.startswith(STORIES_DIR + "/") and src_uri.endswith(".md")
