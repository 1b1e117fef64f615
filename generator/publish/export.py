"""`generator export DIR`: the archive as a plain docs project any MkDocs-compatible builder can
publish (MkDocs, Zensical), with no plugin of ours.

Every page is written as Markdown whose front matter carries what the theme prints in the page's
head. What the generator makes is HTML already (a raw block); a story's body stays Markdown, so
its headings reach the builder's table of contents. The archive's Markdown extension
(generator.markup.extension) is named in the exported mkdocs.yml: whatever builds the export cuts
every page to the same allow-list, with the same safe ids, as `generator build` does.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load

from generator import pipeline, urls
from generator.cache.folder import cache_folder
from generator.diagnostics import BuildFailed, StoryFailed, format_text
from generator.media.encode import make_variants
from generator.pages.contexts import Head, Html, PageSpec, StoryPage
from generator.pages.plan import page_specs
from generator.pages.render import PageRenderer
from generator.publish.settings import load_config_and_settings
from generator.publish.site_build import navigation_of, theme_assets
from generator.publish.writer import theme_meta

DOCS = "docs"
EXTENSION = "generator.markup.extension"
# Where a story's body goes in its rendered page, to cut the page around it.
_BODY_MARK = "\0body\0"
# Settings of mkdocs.yml carried over as they are: everything a page's look depends on.
_CARRIED = (
    "site_name",
    "site_description",
    "site_author",
    "site_url",
    "copyright",
    "extra",
    "extra_css",
    "extra_javascript",
    "nav",
    "validation",
)


def export(config_file: Path, target: Path) -> int:
    """Write the export; returns the number of pages. Raises BuildFailed with the reason."""
    config, settings = load_config_and_settings(config_file)
    target = target.resolve()
    if target.exists() and any(target.iterdir()):
        raise BuildFailed(f"{target} is not empty; export into a new folder")
    if target.is_relative_to(settings.content_dir.resolve()):
        raise BuildFailed("the export cannot go inside the content folder")
    checked = pipeline.check(settings)
    if not checked.ok:
        raise BuildFailed(
            "content has problems; nothing was exported\n" + format_text(checked.diagnostics).rstrip()
        )
    site = pipeline.plan(checked, settings)
    specs = page_specs(site)
    renderer = PageRenderer(settings, site.archive.media)
    docs = target / DOCS
    for spec in specs:
        _write(docs / urls.source(spec.path), page_markdown(spec, renderer).encode("utf-8"))
    try:
        variants = make_variants(
            site.archive.media.values(), settings.content_dir, cache_folder(settings.project_dir) / "media"
        )
        for output in pipeline.OUTPUTS:
            for path, data in output.make(site).items():
                _write(docs / path, data)
    except StoryFailed as failed:
        raise BuildFailed(failed.diagnostic.format()) from None
    for path, made in variants.items():
        _write(docs / path, made.read_bytes())
    if settings.theme_dir:
        shutil.copytree(settings.theme_dir, target / "theme")
    for path, text in theme_assets(config).items():
        _write(docs / path, text.encode("utf-8"))
    pages = {urls.source(spec.path) for spec in specs}
    exported = _export_config(config_file, settings.theme_dir is not None, pages)
    _write(target / "mkdocs.yml", exported.encode("utf-8"))
    return len(specs)


def page_markdown(spec: PageSpec, renderer: PageRenderer) -> str:
    """A page as the export writes it: front matter, then HTML, with a story's body as Markdown."""
    context = spec.context()
    front = yaml.safe_dump(_front_matter(context.head), allow_unicode=True, sort_keys=False)
    if not isinstance(context, StoryPage):
        html = renderer.render(spec, context).html
        return f'---\n{front}---\n\n<div class="archive-page">\n{html}\n</div>\n'
    marked = renderer.render(spec, dataclasses.replace(context, body=_BODY_MARK))
    before, after = marked.html.split(_BODY_MARK) if _BODY_MARK in marked.html else (marked.html, "")
    # The body's own Markdown, between two blocks of HTML: md_in_html renders what its <div> holds.
    before = before.replace('<div class="story-body">', '<div class="story-body" markdown="1">')
    return f"---\n{front}---\n\n{before.rstrip()}\n\n{context.body.strip()}\n\n{after.lstrip()}"


def _front_matter(head: Head) -> dict[str, Any]:
    meta = theme_meta(head)
    meta["head"] = _plain(dataclasses.asdict(head))
    return {key: value for key, value in meta.items() if value not in ("", [], None)}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return str(value) if isinstance(value, Html) else value


def _export_config(config_file: Path, theme: bool, made: set[str]) -> str:
    """The site's own mkdocs.yml as written (environment values resolved), pointed at the export,
    its navigation less the pages this archive does not make (`made`: the sources of those it does)."""
    with open(config_file, encoding="utf-8") as handle:
        written: dict[str, Any] = yaml_load(handle) or {}
    exported = {name: written[name] for name in _CARRIED if name in written}
    if isinstance(exported.get("nav"), list):
        exported["nav"] = navigation_of(exported["nav"], made)
    exported["docs_dir"] = DOCS
    exported["site_dir"] = "site"
    exported["use_directory_urls"] = False
    # Zensical's classic look is Material's, which the archive's theme overrides build on; MkDocs
    # and Material ignore the key.
    exported["theme"] = {
        "variant": "classic",
        **written.get("theme", {}),
        **({"custom_dir": "theme"} if theme else {}),
    }
    if not theme:
        exported["theme"].pop("custom_dir", None)
    exported["plugins"] = []  # no search plugin: the archive's own search is in docs/search/
    extensions = [e for e in written.get("markdown_extensions", []) if e != EXTENSION]
    exported["markdown_extensions"] = [*extensions, {EXTENSION: {"links": "keep", "scope": "page"}}]
    header = (
        "# Exported by `python -m generator export`: the archive as a plain docs project, no plugin needed.\n"
        f"# The builder needs the story-archive package installed: its Markdown extension ({EXTENSION})\n"
        "# cuts every page to the archive's allow-list, as `generator build` does.\n"
    )
    return header + yaml.safe_dump(exported, allow_unicode=True, sort_keys=False)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
