"""mkdocs.yml made into the archive's Settings: read and validated by MkDocs itself (its `!ENV`
and every option's check included), once, for every command and for the plugin alike."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.diagnostics import BuildFailed
from generator.settings import DEFAULT_MARKDOWN, PLUGIN_OPTIONS, Settings, site_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PLUGIN_NAME = "archive"


def load_settings(config_file: Path, **overrides: Any) -> Settings:
    """The settings mkdocs.yml gives, with `overrides` (from the command line) on top.

    Raises BuildFailed with MkDocs' own words when mkdocs.yml is not valid.
    """
    return load_config_and_settings(config_file, **overrides)[1]


def load_config_and_settings(config_file: Path, **overrides: Any) -> tuple[MkDocsConfig, Settings]:
    """mkdocs.yml as MkDocs validated it, and the settings it gives (as load_settings)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    # A content folder given on the command line stands for docs_dir (MkDocs checks that it exists).
    given = {"docs_dir": str(overrides["content_dir"])} if "content_dir" in overrides else {}
    try:
        config = load_config(str(config_file), **given)
    except (ConfigurationError, Abort) as exc:
        raise BuildFailed(f"{config_file}: {exc}") from None
    plugin = config.plugins.get(PLUGIN_NAME)
    options: Mapping[str, Any] = plugin.config if plugin is not None else {}
    return config, dataclasses.replace(settings_from(config, options), **overrides)


def settings_from(config: MkDocsConfig, options: Mapping[str, Any]) -> Settings:
    """The settings of a validated configuration and the archive plugin's options in it."""
    names = tuple(name for name in config.markdown_extensions if isinstance(name, str))
    configs = {
        name: {key: value for key, value in config.mdx_configs.get(name, {}).items() if _plain(value)}
        for name in names
    }
    theme_dir = getattr(config.theme, "custom_dir", None)
    config_file = Path(config.config_file_path).resolve() if config.config_file_path else None
    # docs_dir as written: the plugin points MkDocs at an empty folder once settings are made.
    content = options.get("content_dir") or config.docs_dir
    return Settings(
        site_name=config.site_name,
        site_url=site_url(config.site_url),
        site_description=config.site_description or "",
        language=str(config.theme.get("language") or "en"),
        content_dir=Path(content),
        site_dir=Path(config.site_dir),
        config_file=config_file,
        theme_dir=Path(theme_dir) if theme_dir else None,
        markdown_extensions=names or DEFAULT_MARKDOWN,
        markdown_configs={name: value for name, value in configs.items() if value},
        **{name: options[name] for name in PLUGIN_OPTIONS if options.get(name) is not None},
    )


def _plain(value: object) -> bool:
    """A setting that can be written back into a configuration (a function of ours cannot)."""
    return isinstance(value, (str, int, float, bool, list, tuple, dict)) or value is None
