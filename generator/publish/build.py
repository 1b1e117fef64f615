"""`generator build`: MkDocs run in-process into a fresh folder, swapped in only on success."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from generator.cache.folder import cache_folder
from generator.diagnostics import BuildFailed
from generator.forking import map_shares
from generator.publish.shards import Shard, build_id, write_manifest


class _Console(logging.Handler):
    """Diagnostics print as they are; MkDocs' own messages keep their level in front."""

    def __init__(self, quiet: bool) -> None:
        super().__init__(logging.INFO if not quiet else logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.name == "mkdocs.plugins.archive" or record.levelno < logging.WARNING:
            text = message if record.name == "mkdocs.plugins.archive" else f"INFO    -  {message}"
        else:
            text = f"{record.levelname:<8}-  {message}"
        print(text, file=sys.stderr)


class _DirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build may leave stale pages; this one starts from an empty
    folder and reuses only pages whose inputs are unchanged, so the warning does not apply."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not message.startswith(
            ("A 'dirty' build is being performed", "The directory contains stale files")
        )


def cache_path(config_file: Path) -> Path:
    return cache_folder(Path(config_file).resolve().parent) / "build.json"


def build_site(
    config_file: Path,
    site_dir: Path | None,
    *,
    strict: bool = False,
    drafts: bool = False,
    quiet: bool = False,
    clean: bool = False,
    jobs: int = 1,
    shard: Shard | None = None,
) -> Path:
    """Build the site into site_dir (default: mkdocs.yml's), replacing it only on success. With a
    shard, only that share of the site is written, with the manifest `generator merge` reads."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

    from generator.cache.pages import BuildCache, site_key
    from generator.publish.plugin import ArchivePlugin, BuildOptions
    from generator.publish.progress import Progress

    logger = logging.getLogger("mkdocs")
    handler = _Console(quiet)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    notice = _DirtyNotice()
    build_logger = logging.getLogger("mkdocs.commands.build")
    build_logger.addFilter(notice)
    started = None
    try:
        try:
            config = load_config(str(config_file), strict=strict)
        except (ConfigurationError, Abort) as exc:
            raise BuildFailed(f"{config_file}: {exc}") from None
        config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
        started = config
        target = (Path(site_dir) if site_dir else Path(config.site_dir)).resolve()
        archive = next((plugin for name, plugin in config.plugins.items() if name.endswith("archive")), None)
        if not isinstance(archive, ArchivePlugin):
            raise BuildFailed(f"{config_file} does not use the archive plugin: add `- archive` under plugins")
        # A shard's folder is one share of a site: no previous site of its own to reuse pages from.
        cache = BuildCache(cache_path(config_file), target, clean=clean) if shard is None else None
        options = BuildOptions(
            jobs=jobs,
            reuse_checks=not clean,
            drafts=drafts,
            build_cache=cache,
            progress=Progress(enabled=None if not quiet else False),
            shard=shard,
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
        config.site_dir = str(staging)
        try:
            # Dirty: MkDocs skips the pages the archive plugin linked in from the previous site.
            with archive.building(options):
                build(config, dirty=True)
        except (MkDocsException, Abort) as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise BuildFailed(f"{exc}; {target} is unchanged") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if shard is not None and archive.build is not None:
            settings = archive.build.settings
            identity = build_id(site_key(config, portable=True), settings.content_dir, settings.drafts)
            write_manifest(staging, shard, identity)
        swap(staging, target, jobs)
        if cache is not None:
            cache.save(target)
        return target
    finally:
        if started is not None:
            started.plugins.on_shutdown()
        logger.removeHandler(handler)
        build_logger.removeFilter(notice)


def swap(staging: Path, target: Path, jobs: int = 1) -> None:
    """Replace target by staging with two renames: readers never see half a site."""
    os.chmod(staging, 0o755)
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        os.rename(target, old)
        os.rename(staging, target)
        remove_tree(old, jobs)
    else:
        os.rename(staging, target)


def remove_tree(folder: Path, jobs: int) -> None:
    """shutil.rmtree, with the files unlinked by `jobs` processes: removing the previous site was
    the last few seconds of every build, nearly all of it in the kernel, one file at a time."""
    if jobs < 2:  # nothing to share out: one walk, not two
        shutil.rmtree(folder, ignore_errors=True)
        return
    files: list[str] = []
    for root, _, names in os.walk(folder):
        files.extend(os.path.join(root, name) for name in names)
    map_shares(_unlink_all, files, jobs)
    shutil.rmtree(folder, ignore_errors=True)  # the folders, and anything the walk could not see


def _unlink_all(paths: list[str]) -> list[None]:
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            pass  # what is left, rmtree takes
    return []
