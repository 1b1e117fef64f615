"""`generator build`: MkDocs run in-process into a fresh folder, swapped in only on success."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path


class BuildFailed(Exception):
    pass


class _Console(logging.Handler):
    """Diagnostics print as they are; MkDocs' own messages keep their level in front."""

    def __init__(self, quiet: bool):
        super().__init__(logging.INFO if not quiet else logging.WARNING)

    def emit(self, record):
        message = record.getMessage()
        if record.name == "mkdocs.plugins.archive" or record.levelno < logging.WARNING:
            text = message if record.name == "mkdocs.plugins.archive" else f"INFO    -  {message}"
        else:
            text = f"{record.levelname:<8}-  {message}"
        print(text, file=sys.stderr)


def build_site(config_file: Path, site_dir: Path | None, *, strict: bool = False, drafts: bool = False, quiet: bool = False) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

    logger = logging.getLogger("mkdocs")
    handler = _Console(quiet)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        try:
            config = load_config(str(config_file), strict=strict)
        except (ConfigurationError, Abort) as exc:
            raise BuildFailed(f"{config_file}: {exc}") from None
        target = Path(site_dir) if site_dir else Path(config.site_dir)
        if drafts:
            for name, plugin in config.plugins.items():
                if name.endswith("archive"):
                    plugin.config.drafts = True
        target = target.resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
        config.site_dir = str(staging)
        try:
            build(config)
        except (MkDocsException, Abort) as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise BuildFailed(f"{exc}; {target} is unchanged") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _swap(staging, target)
        return target
    finally:
        logger.removeHandler(handler)


def _swap(staging: Path, target: Path) -> None:
    """Replace target by staging with two renames: readers never see half a site."""
    os.chmod(staging, 0o755)
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        os.rename(target, old)
        os.rename(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(staging, target)
