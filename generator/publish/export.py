"""`generator export DIR`: the archive as a plain docs project any MkDocs-compatible builder can publish.

The generated pages, the search index and the theme overrides are written under DIR with
a mkdocs.yml that needs no plugin of ours. Nothing there sanitises HTML, so each story
body is exported already rendered and sanitised, as an HTML block inside its page: a
builder that runs no plugin publishes exactly what `generator build` would let through.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import markdown
import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.utils.yaml import yaml_load

from generator import pipeline
from generator.cache.folder import cache_folder
from generator.diagnostics import BuildFailed, StoryFailed, format_text
from generator.media.encode import make_variants
from generator.media.probe import media_limits
from generator.model import Archive
from generator.pages.pictures import expand_images
from generator.pages.settings import SiteSettings
from generator.publish.plugin import site_settings
from generator.sanitize import SafeIdsExtension, SafeSlugify, sanitize_html

DOCS = "docs"
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
    try:
        config = load_config(str(config_file))
    except (ConfigurationError, Abort) as exc:
        raise BuildFailed(f"{config_file}: {exc}") from None
    plugin = config.plugins.get("archive")
    content_dir = Path((plugin.config.get("content_dir") if plugin else None) or config.docs_dir)
    target = target.resolve()
    if target.exists() and any(target.iterdir()):
        raise BuildFailed(f"{target} is not empty; export into a new folder")
    if target.is_relative_to(content_dir.resolve()):
        raise BuildFailed("the export cannot go inside the content folder")
    checked = pipeline.check(content_dir, limits=media_limits(plugin.config if plugin else {}))
    if not checked.ok:
        raise BuildFailed(
            "content has problems; nothing was exported\n" + format_text(checked.diagnostics).rstrip()
        )
    extensions, extension_configs = _markdown_settings(config)
    archive = _with_rendered_bodies(checked.archive, extensions, extension_configs)
    try:
        site = site_settings(config, plugin.config) if plugin else SiteSettings(site_name=config.site_name)
        generated = pipeline.generate(dataclasses.replace(checked, archive=archive), site=site)
    except StoryFailed as failed:
        raise BuildFailed(failed.diagnostic.format()) from None
    docs = target / DOCS
    media = checked.archive.media
    for path, text in generated.pages.items():
        # The plugin makes pictures responsive once a page is rendered; here, in its Markdown.
        _write(docs / path, expand_images(text, path[:-3] + ".html", media).encode("utf-8"))
    try:
        variants = make_variants(
            media.values(), content_dir, cache_folder(content_dir.resolve().parent) / "media"
        )
    except StoryFailed as failed:
        raise BuildFailed(failed.diagnostic.format()) from None
    for path, made in variants.items():
        _write(docs / path, made.read_bytes())
    for path, data in generated.files.items():
        _write(docs / path, data)
    theme_dir = getattr(config.theme, "custom_dir", None)
    if theme_dir:
        shutil.copytree(theme_dir, target / "theme")
    _write(target / "mkdocs.yml", _export_config(config_file, bool(theme_dir)).encode("utf-8"))
    return len(generated.pages)


def _markdown_settings(config: Any) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The site's Markdown extensions by name, with their settings (plain values only)."""
    names = [name for name in config.markdown_extensions if isinstance(name, str)]
    settings = {
        name: dict(config.mdx_configs.get(name, {})) for name in names if config.mdx_configs.get(name)
    }
    settings.get("toc", {}).pop("slugify", None)  # a function of ours: the exported config cannot name it
    return names, settings


def _with_rendered_bodies(
    archive: Archive, extensions: list[str], settings: dict[str, dict[str, Any]]
) -> Archive:
    """Each story's body as sanitised HTML in one block: safe whatever builds the export."""
    md = markdown.Markdown(
        extensions=[*extensions, SafeIdsExtension()],
        extension_configs={**settings, "toc": {**settings.get("toc", {}), "slugify": SafeSlugify()}},
    )
    stories = []
    for story in archive.stories:
        html = sanitize_html(md.reset().convert(story.body))
        stories.append(
            dataclasses.replace(story, body=f'<div class="story-body" markdown="0">\n{html}\n</div>')
        )
    return dataclasses.replace(archive, stories=tuple(stories))


def _export_config(config_file: Path, theme: bool) -> str:
    """The site's own mkdocs.yml as written (environment values resolved), pointed at the export."""
    with open(config_file, encoding="utf-8") as handle:
        written: dict[str, Any] = yaml_load(handle) or {}
    exported = {name: written[name] for name in _CARRIED if name in written}
    exported["docs_dir"] = DOCS
    exported["site_dir"] = "site"
    exported["use_directory_urls"] = False
    exported["theme"] = {**written.get("theme", {}), **({"custom_dir": "theme"} if theme else {})}
    if not theme:
        exported["theme"].pop("custom_dir", None)
    exported["plugins"] = []  # no search plugin: the archive's own search is in docs/search/
    exported["markdown_extensions"] = written.get("markdown_extensions", [])
    header = (
        "# Exported by `python -m generator export`: the archive as a plain docs project, no plugin needed.\n"
    )
    return header + yaml.safe_dump(exported, allow_unicode=True, sort_keys=False)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
